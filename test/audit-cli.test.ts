/** The CLI for an audit, and GitLab's report formats, through the real CLI and real git. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const SECRET = 'Gz8!rT2q#Wm5xV';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-audit-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const tree = () =>
  repo({
    'services/api/.env': `DB_PASSWORD=${SECRET}\n`,
    'docs/setup.md': `# Setup\n\n\`\`\`\nexport DB_PASSWORD=Q7v!mR3x#Lp9Zt\n\`\`\`\n`, // another value: one value is one finding
    'README.md': '# app\n',
  });

const ids = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string; severity: string; location: { path: string } }[] }).findings;

describe('display filters', () => {
  it('--min-severity, --family, --rule and --path narrow the report and the exit code', () => {
    const dir = tree();
    expect(ids(runCli(['scan', '.', '-f', 'json', '--fail-on', 'none'], { cwd: dir }).stdout)).toHaveLength(2);
    const high = runCli(['scan', '.', '-f', 'json', '--min-severity', 'high'], { cwd: dir });
    expect(ids(high.stdout).map((f) => f.severity)).toEqual(['high']);
    expect(ids(runCli(['scan', '.', '-f', 'json', '--fail-on', 'none', '--path', 'docs/**'], { cwd: dir }).stdout).map((f) => f.location.path)).toEqual([
      'docs/setup.md',
    ]);
    expect(ids(runCli(['scan', '.', '-f', 'json', '--fail-on', 'none', '--family', 'deploy'], { cwd: dir }).stdout)).toEqual([]);
    expect(ids(runCli(['scan', '.', '-f', 'json', '--fail-on', 'none', '--rule', 'secret/*'], { cwd: dir }).stdout)).toHaveLength(2);
    expect(runCli(['scan', '.', '--path', 'docs/**'], { cwd: dir }).code).toBe(0); // only a low finding is reported
    expect(runCli(['scan', '.', '--rule', 'secret/no-such-rule'], { cwd: dir }).stderr).toContain('no rule "secret/no-such-rule"');
    expect(runCli(['scan', '.', '--min-severity', 'severe'], { cwd: dir }).code).toBe(2);
  });

  it('the text summary counts findings per family and per rule', () => {
    const run = runCli(['scan', '.', '--fail-on', 'none'], { cwd: tree() });
    expect(run.stdout).toContain('by family: secret 2 · by rule: secret/generic-credential 2');
  });
});

describe('nhiscan rules ID', () => {
  it('explains one rule: what, why and fix, how to suppress', () => {
    const run = runCli(['rules', 'secret/generic-credential']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^secret\/generic-credential — /);
    expect(run.stdout).toContain('What: ');
    expect(run.stdout).toContain('Why and how to fix:');
    expect(run.stdout).toContain('nhiscan-ignore secret/generic-credential -- <why this is safe>');
    expect(run.stdout).toContain('rules: { secret/generic-credential: off }');
    expect(JSON.parse(runCli(['rules', 'generic-credential', '--format', 'json']).stdout).id).toBe('secret/generic-credential');
  });

  it('rejects an unknown rule with a suggestion', () => {
    const run = runCli(['rules', 'generic-credentials']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean "secret/generic-credential"');
  });
});

describe('a scan that covered nothing is not a pass', () => {
  it('names an ignored directory, an --include that matches nothing, an empty directory: exit 2, no ✔', () => {
    const dir = repo({ '.gitignore': 'vendor/\n', 'vendor/lib.env': `DB_PASSWORD=${SECRET}\n`, 'src/app.js': 'export {}\n' });
    mkdirSync(join(dir, 'empty'));
    for (const args of [
      ['scan', 'vendor'],
      ['scan', '.', '--include', 'nothing/**'],
      ['scan', 'empty'],
    ]) {
      const run = runCli(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).not.toContain('✔');
      expect(run.stderr).toContain('nothing was scanned (0 files)');
    }
  });
});

describe('unknown flags', () => {
  it('get a "did you mean"', () => {
    expect(runCli(['scan', '--formt', 'json']).stderr).toContain('(did you mean --format?)');
    expect(runCli(['--versoin']).stderr).toContain('(did you mean --version?)');
    expect(runCli(['rules', '--staged']).stderr).toContain('--staged belongs to "nhiscan scan"');
  });
});

describe('GitLab reports', () => {
  // The documented shape of the secret-detection report (schema 15.x), written from GitLab's
  // report-format documentation: what the importer requires.
  const secretDetectionSchema = {
    type: 'object',
    required: ['version', 'vulnerabilities', 'scan'],
    properties: {
      version: { type: 'string', pattern: '^15\\.\\d+\\.\\d+$' },
      vulnerabilities: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'identifiers', 'location'],
          properties: {
            id: { type: 'string', minLength: 1 },
            name: { type: 'string', maxLength: 255 },
            description: { type: 'string', maxLength: 1048576 },
            severity: { enum: ['Info', 'Unknown', 'Low', 'Medium', 'High', 'Critical'] },
            identifiers: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['type', 'name', 'value'],
                properties: { type: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } },
              },
            },
            location: {
              type: 'object',
              required: ['commit'],
              properties: {
                file: { type: 'string', minLength: 1 },
                start_line: { type: 'integer', minimum: 1 },
                end_line: { type: 'integer', minimum: 1 },
                commit: { type: 'object', required: ['sha'], properties: { sha: { type: 'string', minLength: 1 } } },
              },
            },
          },
        },
      },
      scan: {
        type: 'object',
        required: ['analyzer', 'scanner', 'type', 'start_time', 'end_time', 'status'],
        properties: {
          analyzer: { $ref: '#/$defs/component' },
          scanner: { $ref: '#/$defs/component' },
          type: { const: 'secret_detection' },
          start_time: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' },
          end_time: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' },
          status: { enum: ['success', 'failure'] },
        },
      },
    },
    $defs: { component: { type: 'object', required: ['id', 'name', 'version', 'vendor'], properties: { vendor: { type: 'object', required: ['name'] } } } },
  };
  // GitLab's Code Quality fields: description, check_name, fingerprint, severity, location.path, location.lines.begin.
  const codeQualitySchema = {
    type: 'array',
    items: {
      type: 'object',
      required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
      properties: {
        description: { type: 'string', minLength: 1 },
        check_name: { type: 'string', minLength: 1 },
        fingerprint: { type: 'string', minLength: 1 },
        severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
        location: {
          type: 'object',
          required: ['path', 'lines'],
          properties: {
            path: { type: 'string', minLength: 1 },
            lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
          },
        },
      },
    },
  };

  it('--format gitlab writes a secret-detection report GitLab accepts, paths from the repository root, the HEAD commit', () => {
    const dir = tree();
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'x'], { cwd: dir });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const run = runCli(['scan', 'services', '-f', 'gitlab', '--fail-on', 'none'], { cwd: dir, env: { CI_COMMIT_SHA: undefined } });
    expect(run.stdout).not.toContain(SECRET);
    const report = JSON.parse(run.stdout);
    const validate = new Ajv2020.default({ strict: false, allErrors: true }).compile(secretDetectionSchema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.vulnerabilities).toHaveLength(1);
    expect(report.vulnerabilities[0].location).toEqual({ file: 'services/api/.env', start_line: 1, end_line: 1, commit: { sha: head } });
    expect(report.vulnerabilities[0].severity).toBe('High');
  });

  it('--format codequality writes a Code Quality report with one fingerprint per issue', () => {
    const run = runCli(['scan', '.', '-f', 'codequality', '--fail-on', 'none'], { cwd: tree() });
    expect(run.stdout).not.toContain(SECRET);
    const issues = JSON.parse(run.stdout);
    const validate = new Ajv2020.default({ strict: false, allErrors: true }).compile(codeQualitySchema);
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues.map((i: { severity: string }) => i.severity).sort()).toEqual(['critical', 'minor']);
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(issues.length);
  });

  it('ships a CI/CD component whose scan commands run as written', () => {
    const [specText, jobText] = readFileSync(join(ROOT, 'templates', 'nhiscan.yml'), 'utf8').split(/^---$/m);
    const inputs = parse(specText!).spec.inputs as Record<string, { default?: string }>;
    const job = parse(jobText!).nhiscan;
    expect(job.artifacts.reports).toEqual({ secret_detection: 'gl-secret-detection-report.json', codequality: 'gl-code-quality-report.json' });
    const dir = tree();
    for (const line of (job.script as string[]).filter((l) => l.startsWith('nhiscan '))) {
      const command = line.replace(/\$\[\[ inputs\.([\w-]+) \]\]/g, (_, name: string) => inputs[name]!.default!);
      const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1);
      const run = runCli(args, { cwd: dir });
      expect(run.code, command).toBe(args.includes('none') ? 0 : 1);
    }
    expect(JSON.parse(readFileSync(join(dir, 'gl-secret-detection-report.json'), 'utf8')).scan.type).toBe('secret_detection');
    expect(JSON.parse(readFileSync(join(dir, 'gl-code-quality-report.json'), 'utf8')).length).toBe(2);
  });
});

describe('baselines', () => {
  it('survive a file move, still report a copy, and say what each entry accepted', () => {
    const dir = repo({ 'src/client.js': `const password = "${SECRET}";\nexport default password;\n`, 'README.md': '# app\n' });
    expect(runCli(['baseline'], { cwd: dir }).code).toBe(0);
    const text = readFileSync(join(dir, '.nhiscan-baseline.json'), 'utf8');
    expect(text).not.toContain(SECRET);
    const entries = JSON.parse(text).findings as { accepted: string; path: string }[];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.accepted).toMatch(/^(critical|high|medium|low|info): /);
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'client.js'), readFileSync(join(dir, 'src', 'client.js')));
    execFileSync('rm', [join(dir, 'src', 'client.js')]);
    const moved = runCli(['scan', '.', '-b', '.nhiscan-baseline.json', '-f', 'json'], { cwd: dir });
    expect(moved.code, moved.stdout).toBe(0);
    const reasons = JSON.parse(moved.stdout).findings.map((f: { suppressed?: { reason: string } }) => f.suppressed?.reason);
    expect(reasons).toContain('in the baseline (at src/client.js when recorded)');
  });
});
