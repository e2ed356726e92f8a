import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../src/document/kinds.js';
import { readText } from '../src/pipeline/read.js';
import { loadBuiltinRules } from '../src/rule/registry.js';
import { isFileRule, ruleKey, type Note, type Rule } from '../src/rule/types.js';
import { loadConfig } from '../src/config/load.js';
import { scan } from '../src/pipeline/scan.js';
import { runCli } from './helpers/cli.js';
import { textFile } from './helpers/scan.js';

const SECRET = 'DB_PASSWORD=Gz8!rT2q#Wm5xV';

describe('bad input gives notes, never a crash', () => {
  it('survives binaries, invalid UTF-8, huge lines, malformed data, alias bombs and odd names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-bad-'));
    const write = (path: string, data: string | Buffer) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), data);
    };
    write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    write('latin1.env', Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(`${SECRET}\n`)]));
    write('huge.min.js', 'a'.repeat(10 * 1024 * 1024));
    write('broken.json', '{ "password": "Gz8!rT2q#Wm5xV", "a": [1, 2,, }');
    write('broken.yml', 'key: [unclosed\n  password: "Hk8#vQ3z!Lp2"\n: :\n');
    write('.codex/config.toml', '[mcp_servers.x\ncommand = "npx"\n');
    write(
      'bomb.yml',
      [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`),
        'kind: Secret',
        'apiVersion: v1',
        'data:',
        '  k: *j',
        '',
      ].join('\n'),
    );
    write('we ird\nname ü.env', `${SECRET}\n`);
    write('.github/workflows/bad.yml', 'on: [push\njobs: {{{{\n');
    symlinkSync('/etc/passwd', join(dir, 'outside-link'));

    const run = runCli(['scan', dir, '--format', 'json', '--no-gitignore']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    const notes = report.notes.map((n: Note) => `${n.code}:${n.path}`);
    expect(notes).toEqual(
      expect.arrayContaining(['binary:image.png', 'too-large:huge.min.js', 'invalid-utf8:latin1.env', 'symlink-outside-root:outside-link']),
    );
    // One value is one finding: the files sharing the password are its related locations.
    type Place = { path: string; startLine: number };
    const found = report.findings.flatMap((f: { location: Place; related: { location: Place }[] }) =>
      [f.location, ...f.related.map((r) => r.location)].map((l) => `${l.path}:${l.startLine}`),
    );
    expect(found).toEqual(expect.arrayContaining(['latin1.env:2', 'we ird\nname ü.env:1', 'broken.json:1', 'broken.yml:2']));
    expect(report.summary.complete).toBe(true);
  });

  it('scans a 10 MB single-line file when the limit allows, without a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-huge-'));
    writeFileSync(join(dir, 'bundle.js'), 'var x="' + 'ab'.repeat(5 * 1024 * 1024) + `";${SECRET.replace('=', '="')}";`);
    const run = runCli(['scan', dir, '--max-file-size', '20MiB', '--format', 'json']);
    expect(run.code, run.stderr).not.toBe(2);
  });

  it('turns an unreadable file into a note', async () => {
    const notes: Note[] = [];
    const text = await readText(
      { path: 'locked.env', size: 10, read: () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) },
      1024,
      notes,
    );
    expect(text).toBeUndefined();
    expect(notes).toEqual([expect.objectContaining({ code: 'unreadable', path: 'locked.env' })]);
  });
});

/** A pull-request workflow two structural rules report, to which each case adds a crafted part. */
const STEERABLE_WORKFLOW = [
  'on: pull_request_target',
  'permissions: write-all',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '        with:',
  '          ref: ${{ github.event.pull_request.head.sha }}',
  '      - run: npm ci && npm test',
].join('\n');

const CRAFTED_YAML: Record<string, { text: string; note: string }> = {
  'an anchor whose sequence holds its own alias': { text: 'x: &a\n  - b: *a\n', note: 'recursive-alias' },
  'an anchor whose map holds its own alias': { text: 'x: &a\n  y:\n    z: *a\n', note: 'recursive-alias' },
  'a merge key that merges the map it sits in': { text: 'x: &a\n  k: v\n  <<: *a\n', note: 'recursive-alias' },
  'a flow collection holding its own alias': { text: 'x: &a [1, [2, *a]]\n', note: 'recursive-alias' },
  'an alias bomb': {
    text: [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
      'bomb: *i',
      '',
    ].join('\n'),
    note: 'alias-expansion-limit',
  },
  'flow brackets nested thousands deep': { text: `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, note: 'nesting-limit' },
  'block maps nested hundreds deep': { text: Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n', note: 'nesting-limit' },
};

describe('a crafted data file never breaks a run', () => {
  for (const [shape, { text, note }] of Object.entries(CRAFTED_YAML)) {
    for (const where of ['before', 'after'] as const) {
      it(`${shape} (${where} the jobs): a note, and the workflow's findings`, () => {
        const dir = mkdtempSync(join(tmpdir(), 'nhiscan-crafted-'));
        mkdirSync(join(dir, '.github/workflows'), { recursive: true });
        const crafted = `${text.replace(/\n$/, '')}\n`;
        writeFileSync(join(dir, '.github/workflows/ci.yml'), where === 'before' ? `${crafted}${STEERABLE_WORKFLOW}\n` : `${STEERABLE_WORKFLOW}\n${crafted}`);
        const run = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
        expect(run.code, run.stderr).toBe(0);
        const report = JSON.parse(run.stdout);
        expect(report.summary.complete).toBe(true);
        expect(report.notes.filter((n: Note) => n.level === 'error')).toEqual([]);
        expect(report.notes.map((n: Note) => n.code)).toContain(note);
        const rules = report.findings.map((f: { ruleId: string }) => f.ruleId);
        expect(rules).toEqual(expect.arrayContaining(['identity/overprivileged-token', 'deploy/untrusted-trigger']));
      });
    }
  }

  it('JSON nested thousands deep: a note, and the file is still read as text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-crafted-'));
    mkdirSync(join(dir, '.claude'), { recursive: true });
    const deep = `${'['.repeat(400)}${']'.repeat(400)}`;
    writeFileSync(join(dir, '.claude/settings.json'), `{"deep": ${deep}, "permissions": {"allow": ["Bash(*)"]}}\n`);
    const run = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary.complete).toBe(true);
    expect(report.notes.map((n: Note) => n.code)).toContain('nesting-limit');
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('assistant/wildcard-command-allow');
  });

  it('an ordinary anchor used many times is expanded as before, with no note', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-crafted-'));
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    const shared = ['x-checkout: &checkout', '  uses: actions/checkout@v4', '  with:', '    ref: ${{ github.event.pull_request.head.sha }}'].join('\n');
    const workflow = STEERABLE_WORKFLOW.replace(/      - uses: actions\/checkout@v4\n {8}with:\n.*\n/, '      - *checkout\n');
    writeFileSync(join(dir, '.github/workflows/ci.yml'), `${shared}\n${workflow}\n`);
    const run = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(run.stdout);
    expect(report.notes.map((n: Note) => n.code)).toEqual([]);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('deploy/untrusted-trigger');
  });
});

/** A path that classifies as the kind, so each rule is timed on the files it really reads. */
const SAMPLE_PATHS: Partial<Record<FileKind, string>> = {
  'github-workflow': '.github/workflows/ci.yml',
  'github-action': 'action.yml',
  'gitlab-ci': '.gitlab-ci.yml',
  'azure-pipelines': 'azure-pipelines.yml',
  circleci: '.circleci/config.yml',
  'bitbucket-pipelines': 'bitbucket-pipelines.yml',
  jenkinsfile: 'Jenkinsfile',
  buildkite: '.buildkite/pipeline.yml',
  cloudbuild: 'cloudbuild.yaml',
  buildspec: 'buildspec.yml',
  travis: '.travis.yml',
  drone: '.drone.yml',
  kubernetes: 'k8s/deploy.yaml',
  'docker-compose': 'docker-compose.yml',
  dockerfile: 'Dockerfile',
  dotenv: '.env',
  npmrc: '.npmrc',
  pypirc: '.pypirc',
  netrc: '.netrc',
  'docker-config': '.docker/config.json',
  'claude-settings': '.claude/settings.json',
  'mcp-config': '.mcp.json',
  'codex-config': '.codex/config.toml',
  javascript: 'src/app.js',
  typescript: 'src/app.ts',
  json: 'config.json',
  yaml: 'config.yml',
  toml: 'config.toml',
  xml: 'settings.xml',
  python: 'app.py',
  java: 'src/main/java/App.java',
  php: 'index.php',
  go: 'main.go',
  'credential-store': '.git-credentials',
  kubeconfig: '.kube/config',
  'terraform-state': 'terraform.tfstate',
  terraform: 'prod.tfvars',
};

const MB = 1024 * 1024 - 4096;
const ADVERSARIAL: Record<string, string> = {
  'a run': 'a'.repeat(MB),
  '= run': '='.repeat(MB),
  'quote run': '"'.repeat(MB),
  'space run': ' '.repeat(MB),
  'colon-space pairs': ': '.repeat(MB / 2),
  'password= repeated': 'password='.repeat(MB / 9),
  'key: " repeated': 'api_key: "'.repeat(MB / 10),
  'pem headers': '-----BEGIN RSA PRIVATE KEY-----'.repeat(MB / 31),
  'url credentials': 'https://a:b'.repeat(MB / 11),
  'token prefixes': 'ghp_sk_live_xoxb-AKIAglpat-'.repeat(MB / 26),
  'nested brackets': '[{'.repeat(MB / 2),
  'mixed junk': 'x=\'a\\"b${{c}}:d@e/f#g\n'.repeat(MB / 22),
};
/**
 * Linear, not fast: a run this long on a megabyte is compared with the same input cut to a
 * quarter, and may take at most GROWTH times as long (linear work takes about four times as long,
 * quadratic sixteen). The runs happen back to back, so a busy machine slows them alike; speed
 * itself is measured by `npm run bench`, never here.
 */
const COMPARE_FROM_MS = 400;
const GROWTH = 8;
/** Timer noise on the quarter-size run. */
const SLACK_MS = 60;

const rules = (await loadBuiltinRules()).filter(isFileRule);

// Every rule's own keywords on one megabyte-long line, each followed by an assignment and a
// separator: many matches on a single huge line is where per-match line scans turn quadratic.
const keywordSoup = [...new Set(rules.flatMap((r) => r.keywords ?? []))].map((k) => `${k}=a1b2c3d4;`).join(' ');
ADVERSARIAL['keyword soup on one line'] = keywordSoup.repeat(Math.ceil(MB / keywordSoup.length)).slice(0, MB);
ADVERSARIAL['connection string pieces'] = 'database.windows.net;Password='.repeat(MB / 30);
ADVERSARIAL['unclosed login calls'] = '.login("a'.repeat(MB / 9);
ADVERSARIAL['query passwords'] = 'jdbc:x?password=a'.repeat(MB / 17);
ADVERSARIAL['joined token literals'] = '"ghp_ab12" + "cd34" + '.repeat(MB / 22);

/** Each rule is timed on up to three of the kinds it reads (any kind: text, YAML and JavaScript). */
const rulesByPath = new Map<string, Rule[]>();
for (const rule of rules) {
  const kinds = rule.kinds === '*' ? (['text', 'yaml', 'javascript'] as FileKind[]) : rule.kinds.filter((k) => SAMPLE_PATHS[k]).slice(0, 3);
  for (const kind of kinds.length ? kinds : (['text'] as FileKind[])) {
    const path = SAMPLE_PATHS[kind] ?? 'notes.txt';
    rulesByPath.set(path, [...(rulesByPath.get(path) ?? []), rule]);
  }
}

/**
 * The rules, each timed on its own: every `scan` and visitor call adds to its rule's total. One
 * scan then runs all the rules of a path over a megabyte (reading and parsing it once, not once
 * per rule), and each rule must fit the budget together with the scan's shared work (reading,
 * parsing, fact extraction, dedup) — the same bound as a scan with that rule alone.
 */
const ruleTime = new Map<string, number>();
function timed<A extends unknown[]>(key: string, run: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    const started = performance.now();
    try {
      run(...args);
    } finally {
      ruleTime.set(key, (ruleTime.get(key) ?? 0) + performance.now() - started);
    }
  };
}
const timedRules = new Map(
  rules.map((rule) => {
    const key = ruleKey(rule);
    if ('scan' in rule) return [key, { ...rule, scan: timed(key, rule.scan.bind(rule)) } as Rule];
    if ('visit' in rule)
      return [key, { ...rule, visit: Object.fromEntries(Object.entries(rule.visit).map(([type, visit]) => [type, timed(key, visit)])) } as Rule];
    return [key, rule];
  }),
);

describe.each([...rulesByPath].map(([path, group]) => [path, group.length, group] as const))(
  'rules reading %s (%i) on adversarial input',
  (path, _count, group) => {
    it.each(Object.keys(ADVERSARIAL))('stay linear on %s', async (name) => {
      const keys = group.map(ruleKey);
      const config = {
        ...(await loadConfig({ cwd: '.', none: true })),
        rules: { '*': 'off' as const, ...Object.fromEntries(keys.map((key) => [key, { enabled: true }])) },
      };
      /** Each rule's time on the input, with the scan's shared work (reading, parsing, facts) added: what a scan with that rule alone costs. */
      const timeRules = async (text: string): Promise<Map<string, number>> => {
        ruleTime.clear();
        const started = performance.now();
        const result = await scan({
          root: '/nonexistent',
          config,
          catalog: keys.map((key) => timedRules.get(key)!),
          files: [textFile(path, text)],
          keepFacts: true,
        });
        const elapsed = performance.now() - started;
        expect(
          result.notes.filter((n) => n.code === 'rule-error').map((n) => n.message),
          `crashed on ${name} in ${path}`,
        ).toEqual([]);
        const shared = elapsed - keys.reduce((sum, key) => sum + (ruleTime.get(key) ?? 0), 0);
        return new Map(keys.map((key) => [key, shared + (ruleTime.get(key) ?? 0)]));
      };
      const input = ADVERSARIAL[name]!;
      const whole = await timeRules(input);
      const long = keys.filter((key) => whole.get(key)! >= COMPARE_FROM_MS);
      if (!long.length) return;
      // The first run may pay for loading parsers and compiling code: time the whole input again once warm.
      const quarter = await timeRules(input.slice(0, input.length / 4));
      const again = await timeRules(input);
      const superlinear = long
        .map((key) => ({ key, ms: Math.round(Math.min(whole.get(key)!, again.get(key)!)), quarterMs: Math.round(quarter.get(key)!) }))
        .filter(({ ms, quarterMs }) => ms > GROWTH * quarterMs + SLACK_MS);
      expect(superlinear, `rules whose time on ${name} in ${path} grows faster than the input`).toEqual([]);
    });
  },
);

/**
 * A whole scan, every rule on, of one file built at `size` and at a quarter of it: linear in the
 * size, as above (at most GROWTH times as long for four times the input), when it takes long
 * enough to tell.
 */
async function expectLinearScan(path: string, build: (size: number) => string, size: number, minFindings: (size: number) => number): Promise<void> {
  const config = await loadConfig({ cwd: '.', none: true });
  const catalog = await loadBuiltinRules();
  const time = async (n: number) => {
    const started = performance.now();
    const result = await scan({ root: '/nonexistent', config, catalog, files: [textFile(path, build(n))] });
    expect(result.findings.length).toBeGreaterThan(minFindings(n));
    return performance.now() - started;
  };
  await time(200); // warm: parsers, compiled rules
  const whole = await time(size);
  if (whole < COMPARE_FROM_MS) return;
  const quarter = await time(size / 4);
  const again = await time(size);
  expect(Math.min(whole, again), `${size} against ${size / 4} (${Math.round(quarter)} ms) in ${path}`).toBeLessThanOrEqual(GROWTH * quarter + SLACK_MS);
}

/**
 * Size in structure, not characters: a workflow of thousands of jobs, each needing the one before
 * and using one secret. Answers per job that walked every job before it (its gates, the duties of
 * every other use) made a megabyte of these take seven seconds.
 */
describe('a workflow of thousands of chained jobs', () => {
  const workflow = (jobs: number) =>
    [
      'on: [push, pull_request_target]',
      'jobs:',
      '  job0:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo start',
      ...Array.from({ length: jobs - 1 }, (_, n) =>
        [
          `  job${n + 1}:`,
          '    runs-on: ubuntu-latest',
          `    needs: [job${n}]`,
          `    environment: prod${n % 7}`,
          '    steps:',
          '      - run: kubectl apply -f prod.yaml --namespace production',
          '        env:',
          '          TOKEN: ${{ secrets.DEPLOY_TOKEN }}',
        ].join('\n'),
      ),
      '',
    ].join('\n');

  it('is scanned in time that grows with the jobs', () => expectLinearScan('.github/workflows/chain.yml', workflow, 4000, (jobs) => jobs));
});

/**
 * Size in findings: a file where every line is a secret (a dumped `.env`), each value its own.
 * Comparing every pair of a file's secrets made 40,000 lines take twelve seconds.
 */
describe('a file of tens of thousands of secrets', () => {
  const dotenv = (lines: number) => Array.from({ length: lines }, (_, n) => `SERVICE_${n}_TOKEN=Ab${String(n).padStart(6, '0')}Xq7pL2v9TzR4mWbK\n`).join('');

  it('is scanned in time that grows with the secrets', () => expectLinearScan('.env', dotenv, 24_000, (lines) => lines / 2));
});
