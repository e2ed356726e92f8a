import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

/** The smaller CLI problems of the new-user report (D21), each through the real CLI. */

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-wording-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

const LEAK = 'DB_PASSWORD=Gz8!rT2q#Wm5xV\n';

describe('help', () => {
  it('names what each option takes, never a bare VALUE', () => {
    for (const command of ['scan', 'baseline', 'inventory', 'rules', 'init']) {
      const help = runCli([command, '--help']).stdout;
      expect(help, command).not.toContain('VALUE');
    }
    const scan = runCli(['scan', '--help']).stdout;
    expect(scan).toMatch(/-o, --output FILE\s/);
    expect(scan).toMatch(/--include GLOB\s/);
    expect(scan).toMatch(/--fail-on SEVERITY\s/);
    expect(scan).toMatch(/--max-file-size SIZE\s/);
    expect(scan).toMatch(/--range BASE\.\.HEAD\s/);
    expect(scan).toMatch(/--since REF\s/);
    expect(runCli(['init', '--help']).stdout).toMatch(/--agent AGENT\s/);
  });

  it('baseline --help says where the baseline goes, not "instead of stdout"', () => {
    const help = runCli(['baseline', '--help']).stdout;
    expect(help).toMatch(/-o, --output FILE\s+write the baseline to FILE \(default \.nhiscan-baseline\.json/);
    expect(help).not.toContain('the report to FILE instead of stdout');
  });
});

describe('output', () => {
  it('-o - is stdout for scan, baseline, inventory and rules; no file named "-"', () => {
    const dir = tree({ '.env': LEAK });
    for (const args of [
      ['scan', '.', '-o', '-', '--fail-on', 'none'],
      ['baseline', '.', '-o', '-'],
      ['inventory', '.', '-o', '-'],
      ['rules', '-o', '-'],
    ]) {
      const run = runCli(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout.length, args.join(' ')).toBeGreaterThan(10);
      expect(existsSync(join(dir, '-')), args.join(' ')).toBe(false);
    }
    expect(JSON.parse(runCli(['baseline', '.', '-o', '-'], { cwd: dir }).stdout).findings).toHaveLength(1);
    expect(existsSync(join(dir, '.nhiscan-baseline.json'))).toBe(false);
  });

  it('rules takes -o, for the catalog and for one rule', () => {
    const dir = tree({});
    expect(runCli(['rules', '--format', 'markdown', '-o', join(dir, 'rules.md')]).code).toBe(0);
    expect(readFileSync(join(dir, 'rules.md'), 'utf8')).toContain('secret/github-token');
    expect(runCli(['rules', 'secret/github-token', '-o', join(dir, 'one.txt')]).code).toBe(0);
    expect(readFileSync(join(dir, 'one.txt'), 'utf8')).toContain('secret/github-token');
  });

  it('the github format counts the files that hold findings, and says "1 more finding"', () => {
    const run = runCli(['scan', 'fixtures/demo', '--format', 'github', '--fail-on', 'none']);
    const json = JSON.parse(runCli(['scan', 'fixtures/demo', '--format', 'json', '--fail-on', 'none']).stdout) as {
      findings: { location: { path: string } }[];
      summary: { filesScanned: number };
    };
    const files = new Set(json.findings.map((f) => f.location.path)).size;
    expect(run.stdout).toContain(`nhiscan: ${json.findings.length} findings in ${files} files (${json.summary.filesScanned} files scanned)`);
    // Eleven high findings: ten are annotated, one is counted.
    const lines = Array.from({ length: 11 }, (_, i) => `KEY_${i}_PASSWORD=Gz8!rT2q#Wm5x${String.fromCharCode(65 + i)}\n`).join('');
    const eleven = runCli(['scan', tree({ '.env': lines }), '--format', 'github', '--fail-on', 'none']);
    expect(eleven.stdout).toContain('::notice title=nhiscan::1 more finding is not annotated');
  });
});

describe('the summary symbol matches the exit code', () => {
  it('✖ only when the scan fails; ⚠ with findings below --fail-on; ✔ with none', () => {
    const dir = tree({ '.env': LEAK });
    const failing = runCli(['scan', dir]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/✖ 1 finding \(1 high\) in 1 file/);
    const below = runCli(['scan', dir, '--fail-on', 'critical']);
    expect(below.code).toBe(0);
    expect(below.stdout).not.toContain('✖');
    expect(below.stdout).toMatch(/⚠ 1 finding \(1 high\) in 1 file, none at or above critical \(failOn\)/);
    const none = runCli(['scan', dir, '--fail-on', 'none', '-f', 'sarif', '-o', join(dir, 'x.sarif')]);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/⚠ 1 finding \(1 high\) in 1 file, not failing \(failOn none\)/);
    const clean = runCli(['scan', tree({ 'a.txt': 'hello\n' })]);
    expect(clean.stdout).toMatch(/✔ no findings/);
  });
});

describe('documentation', () => {
  it('CONTRIBUTING points only at files in the repository', () => {
    const text = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)) expect(existsSync(join(ROOT, target!)), target).toBe(true);
    expect(text).not.toContain('DESIGN.md');
  });
});
