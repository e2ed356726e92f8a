import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const LEAK = 'DB_PASSWORD=Gz8!rT2q#Wm5xV\n';

describe('exit codes', () => {
  it('is 0 on a clean tree', () => {
    const dir = tempRepo({ 'README.md': '# hello\n' });
    const run = runCli(['scan', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no findings');
  });

  it('is 1 with findings at or above --fail-on, whatever the format or output', () => {
    const dir = tempRepo({ '.env': LEAK });
    for (const format of ['text', 'json', 'sarif', 'github']) expect(runCli(['scan', dir, '--format', format]).code).toBe(1);
    expect(runCli(['scan', dir, '--output', join(dir, 'report.txt')]).code).toBe(1);
    expect(runCli(['scan', dir, '--fail-on', 'critical']).code).toBe(0);
    expect(runCli(['scan', dir, '--fail-on', 'none']).code).toBe(0);
  });

  it('is 2 for usage errors, with a message and no stack', () => {
    for (const args of [['scan', '--bogus'], ['scan', '--format', 'xml'], ['scan', '/no/such/path'], ['scan', '--fail-on', 'severe'], ['sacn']]) {
      const run = runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^nhiscan: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('is 2 for configuration errors, naming the key and suggesting the fix', () => {
    const dir = tempRepo({ '.nhiscanrc.yml': 'exclud: ["x"]\nrules:\n  secret/generic-credentials: off\n', 'a.txt': 'hi\n' });
    const run = runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown key "exclud" (did you mean "exclude"?)');
    const rules = tempRepo({ '.nhiscanrc.yml': 'rules:\n  secret/generic-credentials: off\n', 'a.txt': 'hi\n' });
    const second = runCli(['scan', rules]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('did you mean "secret/generic-credential"');
  });
});

describe('configuration', () => {
  it('applies rules, severities, excludes and allowlists from .nhiscanrc.yml', () => {
    const dir = tempRepo({
      '.env': LEAK,
      'vendor/.env': LEAK,
      'config/.env.prod': 'API_TOKEN=q8Zt3Lw9Xv2Nm7Pk4Rb6Hc1Jd5\n',
      '.nhiscanrc.yml': [
        'exclude: ["vendor/**"]',
        'rules:',
        '  secret/generic-credential: medium',
        'allowlist:',
        '  - reason: staging token for the local emulator',
        '    paths: ["config/**"]',
        '',
      ].join('\n'),
    });
    const run = runCli(['scan', dir, '--format', 'json']);
    const report = JSON.parse(run.stdout);
    const active = report.findings.filter((f: { suppressed?: unknown }) => !f.suppressed);
    expect(active.map((f: { location: { path: string } }) => f.location.path)).toEqual(['.env']);
    expect(active[0].severity).toBe('medium');
    expect(report.findings.find((f: { location: { path: string } }) => f.location.path === 'config/.env.prod').suppressed).toEqual({
      kind: 'config',
      reason: 'staging token for the local emulator',
    });
    expect(run.code).toBe(0); // medium is below the default --fail-on high
  });

  it('never runs a JS config it finds by search, and loads one named with --config', () => {
    const dir = tempRepo({ 'nhiscan.config.js': 'throw new Error("executed")\n', '.env': LEAK });
    const run = runCli(['scan', dir]);
    expect(run.stderr).not.toContain('executed');
    expect(run.code).toBe(1);
    const named = tempRepo({ 'cfg.mjs': 'export default { failOn: "none" };\n', '.env': LEAK });
    expect(runCli(['scan', named, '--config', join(named, 'cfg.mjs')]).code).toBe(0);
    expect(runCli(['scan', named, '--no-config', '--fail-on', 'high']).code).toBe(1);
  });

  it('adds custom secret patterns', () => {
    const dir = tempRepo({
      '.nhiscanrc.json': JSON.stringify({ secrets: { patterns: [{ id: 'acme-internal-token', regex: 'acme_tok_([a-z0-9]{24})', keywords: ['acme_tok_'] }] } }),
      'app.cfg': 'client = acme_tok_a8k2m9x7q3z5w1r6t4y8u2i0\n',
    });
    const report = JSON.parse(runCli(['scan', dir, '--format', 'json']).stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['secret/acme-internal-token']);
  });
});

describe('output', () => {
  it('writes the report to --output and keeps stdout empty', () => {
    const dir = tempRepo({ '.env': LEAK });
    const out = join(dir, 'out', 'report.sarif');
    const run = runCli(['scan', dir, '--format', 'sarif', '--output', out]);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('prints GitHub annotations with escaped properties', () => {
    const dir = tempRepo({ 'a,b/.env': LEAK });
    const run = runCli(['scan', dir, '--format', 'github']);
    expect(run.stdout).toMatch(/^::error file=a%2Cb\/\.env,line=1,endLine=1,col=13,endColumn=\d+,title=secret\/generic-credential \(high\)::/m);
  });

  it('uses no colour when NO_COLOR is set or stdout is not a terminal, and colour with --color', () => {
    const dir = tempRepo({ '.env': LEAK });
    expect(runCli(['scan', dir]).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(['scan', dir, '--color'], { env: { NO_COLOR: undefined } }).stdout).toMatch(/\x1b\[/);
  });

  it('--quiet prints only findings', () => {
    const clean = tempRepo({ 'a.txt': 'hello\n' });
    expect(runCli(['scan', clean, '--quiet']).stdout).toBe('');
    const dir = tempRepo({ '.env': LEAK });
    const run = runCli(['scan', dir, '--quiet']);
    expect(run.stdout).toContain('.env');
    expect(run.stdout).not.toContain('scanned');
  });

  it('lists the rule catalog', () => {
    const run = runCli(['rules']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('secret/github-token');
    const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout);
    expect(json.find((r: { id: string }) => r.id === 'secret/private-key').severity).toBe('critical');
  });
});

describe('baseline', () => {
  it('hides recorded findings, survives moved lines, and reports new ones', () => {
    const dir = tempRepo({ '.env': LEAK });
    expect(runCli(['baseline', dir]).code).toBe(0);
    const baseline = readFileSync(join(dir, '.nhiscan-baseline.json'), 'utf8');
    expect(baseline).not.toContain('Gz8!rT2q');
    expect(baseline).not.toMatch(/"line"|"startLine"|"date"|"time"/);
    expect(runCli(['scan', dir, '--baseline', join(dir, '.nhiscan-baseline.json')]).code).toBe(0);
    writeFileSync(join(dir, '.env'), '# moved down\n\n' + LEAK);
    expect(runCli(['scan', dir, '--baseline', join(dir, '.nhiscan-baseline.json')]).code).toBe(0);
    writeFileSync(join(dir, '.env'), LEAK + 'API_TOKEN=q8Zt3Lw9Xv2Nm7Pk4Rb6Hc1Jd5\n');
    const run = runCli(['scan', dir, '--baseline', join(dir, '.nhiscan-baseline.json'), '--format', 'json']);
    expect(run.code).toBe(1);
    const active = JSON.parse(run.stdout).findings.filter((f: { suppressed?: unknown }) => !f.suppressed);
    expect(active).toHaveLength(1);
    expect(active[0].location.startLine).toBe(2);
  });
});

describe('inline suppressions', () => {
  it('suppresses with a reason, reports a missing reason and unused directives', () => {
    const dir = tempRepo({
      '.env': [
        '# nhiscan-ignore-next-line secret/generic-credential -- local emulator password',
        'DB_PASSWORD=Gz8!rT2q#Wm5xV',
        'API_TOKEN=q8Zt3Lw9Xv2Nm7Pk4Rb6Hc1Jd5 # nhiscan-ignore generic-credential',
        '# nhiscan-ignore-next-line secret/private-key -- nothing here',
        'PORT=8080',
        '',
      ].join('\n'),
    });
    const report = JSON.parse(runCli(['scan', dir, '--format', 'json']).stdout);
    const byLine = Object.fromEntries(report.findings.map((f: { location: { startLine: number } }) => [f.location.startLine, f]));
    expect(byLine[2].suppressed).toEqual({ kind: 'inline', reason: 'local emulator password' });
    expect(byLine[3].suppressed).toBeUndefined();
    const codes = report.notes.map((n: { code: string }) => n.code);
    expect(codes).toContain('suppression-without-reason');
    expect(codes).toContain('unused-suppression');
  });
});

describe('worker threads', () => {
  it('give the same report as a single-threaded scan on a big tree', () => {
    const files: Record<string, string> = {};
    const filler = 'const value = compute(1, 2, 3); // ordinary code line without secrets\n'.repeat(600);
    for (let i = 0; i < 240; i++) files[`pkg${i % 12}/module${i}.js`] = filler + (i % 40 === 0 ? `const password = "Gz8!rT2q#Wm5x${i}";\n` : '');
    const dir = tempRepo(files);
    // one secret-hash key for both runs, as a CI secret would give (otherwise each run makes its own)
    const key = 'f'.repeat(64);
    const single = runCli(['scan', dir, '--format', 'json'], { env: { NHISCAN_WORKERS: '0', NHISCAN_FINGERPRINT_KEY: key } });
    const parallel = runCli(['scan', dir, '--format', 'json'], { env: { NHISCAN_WORKERS: '2', NHISCAN_FINGERPRINT_KEY: key } });
    const strip = (stdout: string) => {
      const report = JSON.parse(stdout);
      delete report.summary.durationMs;
      return report;
    };
    expect(strip(parallel.stdout)).toEqual(strip(single.stdout));
    expect(strip(single.stdout).findings).toHaveLength(6);
    expect(parallel.code).toBe(1);

    // The CLI's workers run bin/nhiscan.js from the bundle; a scan from the unbundled build (the
    // library, the benchmark's probe) starts dist/src/pipeline/worker-entry.js instead.
    const probe = `
      const { scan } = await import(${JSON.stringify(join(ROOT, 'dist/src/pipeline/scan.js'))});
      const { loadConfig } = await import(${JSON.stringify(join(ROOT, 'dist/src/config/load.js'))});
      const { loadBuiltinRules } = await import(${JSON.stringify(join(ROOT, 'dist/src/rule/registry.js'))});
      const config = await loadConfig({ cwd: ${JSON.stringify(dir)}, none: true });
      const result = await scan({ root: ${JSON.stringify(dir)}, config, catalog: await loadBuiltinRules(), workers: 2, parallelMinBytes: 0, secretKey: '${key}' });
      console.log(JSON.stringify(result.findings.map((f) => [f.ruleId, f.location.path, f.fingerprint, f.severity])));
    `;
    // A file, not `-e`: worker threads inherit the parent's flags and reject --input-type.
    const script = join(mkdtempSync(join(tmpdir(), 'nhiscan-probe-')), 'probe.mjs');
    writeFileSync(script, probe);
    const unbundled = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(unbundled.stderr).toBe('');
    const findings = strip(single.stdout).findings.map((f: { ruleId: string; location: { path: string }; fingerprint: string; severity: string }) => [
      f.ruleId,
      f.location.path,
      f.fingerprint,
      f.severity,
    ]);
    expect(JSON.parse(unbundled.stdout)).toEqual(findings);
  });
});
