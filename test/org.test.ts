/** `nhiscan org scan` and `nhiscan org merge` through the real CLI, real git and separate processes. */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';
import { parseRepositoryList, shardOf } from '../src/pipeline/org-records.js';

const KEY = 'org-test-key-0123456789abcdef0123456789abcdef';
/** Format-valid, fake: one token shared by two unrelated repositories (and a fork of one). */
const SHARED_TOKEN = 'ghp_' + 'cqAmZIm7mPWUL9l0e4yjmLRDD7LoeX0ocJUp';
const SHARED_PASSWORD = 'Gz8!rT2q#Wm5xV';
const SHARED_ROLE = 'arn:aws:iam::123456789012:role/shared-deployer';

function git(dir: string, ...args: string[]) {
  execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
}

function repository(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

const deployWorkflow = (role: string, secret: string) => `name: release
on:
  push:
    branches: [main]
permissions:
  id-token: write
  contents: read
jobs:
  release:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: ${role}
          aws-region: eu-west-1
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: \${{ secrets.${secret} }}
`;

/**
 * Twelve repositories: a password, a token, a cloud role and an organisation secret each shared by
 * unrelated repositories; a fork and a companion infrastructure repository that do not count as
 * unrelated; and repositories with only their own credentials.
 */
function organisation(): { root: string; list: string } {
  const root = mkdtempSync(join(tmpdir(), 'nhiscan-org-'));
  const at = (name: string) => join(root, 'acme', name);
  repository(at('billing'), {
    'services/api/.env': `DB_PASSWORD=${SHARED_PASSWORD}\n`,
    '.github/workflows/release.yml': deployWorkflow(SHARED_ROLE, 'NPM_TOKEN'),
  });
  repository(at('search'), { 'deploy/.env': `DB_PASSWORD=${SHARED_PASSWORD}\n`, '.github/workflows/release.yml': deployWorkflow(SHARED_ROLE, 'NPM_TOKEN') });
  repository(at('billing-infra'), { '.github/workflows/release.yml': deployWorkflow(SHARED_ROLE, 'INFRA_ONLY_TOKEN') });
  repository(at('web'), { 'src/client.js': `export const token = "${SHARED_TOKEN}";\n` });
  repository(at('mobile'), { 'scripts/upload.sh': `#!/bin/sh\ncurl -H "Authorization: token ${SHARED_TOKEN}" https://api.github.com/user\n` });
  execFileSync('git', ['clone', '-q', at('web'), at('web-copy')], { stdio: 'pipe' }); // shares web's root commit
  repository(at('docs'), { 'README.md': '# docs\n', '.env': 'API_PASSWORD=Lq3#vN8!pZ2wXr\n' });
  repository(at('payments'), { '.github/workflows/release.yml': deployWorkflow('arn:aws:iam::123456789012:role/payments-deployer', 'PAYMENTS_NPM_TOKEN') });
  repository(at('ledger'), { '.env': 'DB_PASSWORD=Tk4$mW9!qR7zBn\n' });
  repository(at('notifier'), { 'README.md': '# notifier\n' });
  repository(at('portal'), { 'config/app.yml': 'name: portal\n' });
  const remote = repository(join(root, 'remote', 'gateway'), { '.env': `DB_PASSWORD=${SHARED_PASSWORD}\n` });
  const lines = [
    '# acme repositories',
    'acme/billing',
    'acme/search',
    'acme/billing-infra',
    'acme/web',
    'acme/mobile',
    'acme/web-copy',
    'acme/docs',
    'acme/payments',
    'acme/ledger',
    'acme/notifier',
    'acme/portal',
    `file://${remote}`,
    '',
  ];
  const list = join(root, 'repos.txt');
  writeFileSync(list, lines.join('\n'));
  return { root, list };
}

/** Runs the CLI as a separate process without blocking, so several run at once. */
function runAsync(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CI: 'true', ...env };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: merged as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

interface OrgJson {
  summary: { repositories: number; scanned: number; failed: number; missing: number; complete: boolean };
  findings: {
    ruleId: string;
    severity: string;
    repository: string;
    related: { repository: string }[];
    properties: { sharing: string; repositories: string[]; identity: string };
  }[];
  repositories: { id: string; status: string; error?: string; findings: unknown[] }[];
  identities: { id: string; scope: string; repositories: { repository: string }[] }[];
  notes: { code: string }[];
}

const FORMATS = ['json', 'text', 'markdown', 'sarif'] as const;

function merge(cwd: string, dirs: string[], format: (typeof FORMATS)[number] = 'json', env: Record<string, string | undefined> = {}) {
  return runCli(['org', 'merge', ...dirs, '--format', format, '--fail-on', 'none'], { cwd, env });
}

describe('nhiscan org', () => {
  const org = organisation();
  const env = { NHISCAN_FINGERPRINT_KEY: KEY };

  it('splits the list by a stable hash of each id: every repository in exactly one shard', () => {
    const { entries } = parseRepositoryList(readFileSync(org.list, 'utf8'));
    expect(entries).toHaveLength(12);
    for (const count of [1, 2, 3, 5, 7]) {
      const owners = entries.map((e) => shardOf(e.id, count));
      expect(owners.every((o) => o >= 0 && o < count)).toBe(true);
    }
    // The same repository written as https, ssh and scp-like URLs (with credentials) is one id.
    const same = parseRepositoryList('https://tok:x@GitHub.com/acme/api.git\nssh://git@github.com/acme/api\ngit@github.com:acme/api.git\n');
    expect(same.entries.map((e) => e.id)).toEqual(['github.com/acme/api']);
    expect(same.duplicates).toHaveLength(2);
    expect(same.entries[0]!.display).not.toContain('tok');
    expect(() => parseRepositoryList('-evil.example.com:acme/api\n')).toThrow(/cannot start with "-"/);
    expect(() => parseRepositoryList('ssh://-oProxyCommand=x.sh/acme/api\n')).toThrow(/cannot start with "-"/);
  });

  it('merges 3 shards run in parallel into exactly what one shard gives', async () => {
    const single = join(org.root, 'single');
    const one = runCli(['org', 'scan', '--repos', org.list, '--out', single, '-q'], { cwd: org.root, env });
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    const shards = await Promise.all(
      [0, 1, 2].map((i) => runAsync(['org', 'scan', '--repos', 'repos.txt', '--shard', `${i}/3`, '--out', `out-${i}`], org.root, env)),
    );
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    const results = [0, 1, 2].map((i) => readdirSync(join(org.root, `out-${i}`, 'repositories')).length);
    expect(results.reduce((a, b) => a + b, 0)).toBe(12);

    for (const format of FORMATS) {
      const whole = merge(org.root, ['single'], format);
      const parts = merge(org.root, ['out-2', 'out-0', 'out-1'], format);
      expect(whole.code, whole.stderr).toBe(0);
      expect(parts.stdout, `${format} of 3 shards`).toBe(whole.stdout);
    }

    const report = JSON.parse(merge(org.root, ['single']).stdout) as OrgJson;
    expect(report.summary).toMatchObject({ repositories: 12, scanned: 12, failed: 0, missing: 0, complete: true });
    const shared = report.findings.filter((f) => f.ruleId === 'identity/shared-across-repositories');
    const by = (sharing: string) => shared.filter((f) => f.properties.sharing === sharing).map((f) => f.properties.repositories);
    const remote = `file://${join(org.root, 'remote', 'gateway')}`;
    // The password in billing, search and the remote gateway; the token in web and mobile (web-copy is web's fork).
    expect(by('secret-value')).toContainEqual(['acme/billing', 'acme/search', remote]);
    expect(by('secret-value')).toContainEqual(['acme/mobile', 'acme/web', 'acme/web-copy']);
    expect(by('secret-value')).toHaveLength(2);
    // billing-infra is billing's companion, and search is unrelated: the role is shared.
    expect(by('cloud-identity')).toEqual([['acme/billing', 'acme/billing-infra', 'acme/search']]);
    expect(by('ci-secret')).toEqual([['acme/billing', 'acme/search']]);
    expect(shared.find((f) => f.properties.sharing === 'ci-secret')!.severity).toBe('medium');
    // The inventory lists the shared role once, with its three repositories.
    const role = report.identities.find((i) => i.id === `cloud-role:${SHARED_ROLE}`)!;
    expect(role.scope).toBe('organisation');
    expect(role.repositories.map((r) => r.repository)).toEqual(['acme/billing', 'acme/billing-infra', 'acme/search']);

    // Nothing written or printed holds a value: not the result files, not any report.
    const everything = [
      ...FORMATS.map((f) => merge(org.root, ['single'], f).stdout),
      ...readdirSync(join(single, 'repositories')).map((name) => readFileSync(join(single, 'repositories', name), 'utf8')),
    ].join('\n');
    for (const value of [SHARED_TOKEN, SHARED_PASSWORD, 'Lq3#vN8!pZ2wXr', 'Tk4$mW9!qR7zBn']) expect(everything).not.toContain(value);
    expect(existsSync(join(single, 'org.key')), 'the environment key is used, no key file').toBe(false);
    expect(existsSync(join(single, '.work')) ? readdirSync(join(single, '.work')) : [], 'clones are deleted').toEqual([]);
  });

  it('writes SARIF that passes the schema and the SARIF Multitool with GitHub rules', () => {
    const sarif = merge(org.root, ['single'], 'sarif').stdout;
    const log = JSON.parse(sarif) as {
      runs: {
        results: { locations: { physicalLocation: { artifactLocation: { uriBaseId: string } } }[] }[];
        originalUriBaseIds: Record<string, { description: { text: string } }>;
      }[];
    };
    const bases = log.runs[0]!.originalUriBaseIds;
    expect(Object.values(bases).map((b) => b.description.text)).toHaveLength(12);
    for (const result of log.runs[0]!.results) expect(bases[result.locations[0]!.physicalLocation.artifactLocation.uriBaseId]).toBeDefined();
    const multitool = join(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-linux/package.json'), '..');
    const schema = JSON.parse(readFileSync(join(multitool, 'sarif-2.1.0.json'), 'utf8'));
    const validate = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-org-sarif-'));
    writeFileSync(join(dir, 'org.sarif'), sarif);
    execFileSync(
      join(multitool, 'Sarif.Multitool'),
      [
        'validate',
        join(dir, 'org.sarif'),
        '--rule-kind',
        'Sarif;Gh;Ghas',
        '--config',
        join(ROOT, 'test', 'sarif-github.policy.xml'),
        '--level',
        'Error;Warning',
        '--output',
        join(dir, 'validation.sarif'),
        '--log',
        'ForceOverwrite',
      ],
      {
        stdio: 'pipe',
        env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      },
    );
    // The Multitool's exit code is 0 even for invalid logs: judge by its output file.
    const validation = JSON.parse(readFileSync(join(dir, 'validation.sarif'), 'utf8')) as { runs: { results?: { level?: string; ruleId: string }[] }[] };
    expect(validation.runs.flatMap((r) => r.results ?? []).map((r) => `${r.level} ${r.ruleId}`)).toEqual([]);
  }, 120_000);

  it('shards sharing one folder without NHISCAN_FINGERPRINT_KEY make one org.key and match secrets', async () => {
    const runs = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        runAsync(['org', 'scan', '--repos', 'repos.txt', '--shard', `${i}/4`, '--out', 'shared-out', '-q'], org.root, { NHISCAN_FINGERPRINT_KEY: undefined }),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(org.root, 'shared-out', 'org.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const report = JSON.parse(merge(org.root, ['shared-out'], 'json', { NHISCAN_FINGERPRINT_KEY: undefined }).stdout) as OrgJson;
    expect(report.findings.filter((f) => f.properties.sharing === 'secret-value')).toHaveLength(2);
    // Results made with another key cannot be correlated with these: the merge refuses.
    const mixed = runCli(['org', 'merge', 'shared-out', 'single'], { cwd: org.root });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('different keys');
  });

  it('resumes: finished repositories are skipped, a missing result is scanned again', () => {
    const out = join(org.root, 'resume');
    expect(runCli(['org', 'scan', '--repos', org.list, '--out', out], { cwd: org.root, env }).code).toBe(0);
    const files = readdirSync(join(out, 'repositories')).sort();
    const before = readFileSync(join(out, 'repositories', files[0]!), 'utf8');
    rmSync(join(out, 'repositories', files[1]!));
    const again = runCli(['org', 'scan', '--repos', org.list, '--out', out], { cwd: org.root, env });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('(1 scanned, 11 skipped as done, 0 failed)');
    expect(readdirSync(join(out, 'repositories')).sort()).toEqual(files);
    expect(readFileSync(join(out, 'repositories', files[0]!), 'utf8')).toBe(before);
    // --history is another way of scanning: nothing is skipped.
    const history = runCli(['org', 'scan', '--repos', org.list, '--out', out, '--history'], { cwd: org.root, env });
    expect(history.code, history.stderr).toBe(0);
    expect(history.stderr).toContain('(12 scanned, 0 skipped as done, 0 failed)');
  });

  it('records a failed repository, goes on, and the merge says the run is incomplete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-org-fail-'));
    cpSync(join(org.root, 'acme', 'docs'), join(dir, 'docs'), { recursive: true });
    writeFileSync(
      join(dir, 'repos.txt'),
      ['docs', 'no-such-folder', 'https://builder:hunter2-token@127.0.0.1:1/acme/private.git', `file://${dir}/missing.git`].join('\n'),
    );
    const scan = runCli(['org', 'scan', '--repos', 'repos.txt', '--out', 'out'], { cwd: dir, env });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('(1 scanned, 0 skipped as done, 3 failed)');
    const written = readdirSync(join(dir, 'out', 'repositories')).map((f) => readFileSync(join(dir, 'out', 'repositories', f), 'utf8'));
    expect(written).toHaveLength(4);
    expect(written.join('\n') + scan.stderr).not.toContain('hunter2');
    const merged = merge(dir, ['out']);
    expect(merged.code).toBe(2);
    const report = JSON.parse(merged.stdout) as OrgJson;
    expect(report.repositories.filter((r) => r.status === 'error').map((r) => r.id)).toEqual([
      '127.0.0.1:1/acme/private',
      `file://${dir}/missing`,
      'no-such-folder',
    ]);
    expect(report.repositories.find((r) => r.id === '127.0.0.1:1/acme/private')!.error).toMatch(/^clone failed/);
    expect(report.notes.map((n) => n.code)).toContain('repository-failed');
    expect(merged.stdout).not.toContain('hunter2');
  });

  it('a merge with a shard missing fails with exit code 2 and names the shard', () => {
    const dir = join(org.root, 'partial');
    runCli(['org', 'scan', '--repos', org.list, '--shard', '1/3', '--out', dir], { cwd: org.root, env });
    const merged = merge(org.root, [dir]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('shards 0/3, 2/3 of a list of 12 repositories are missing');
  });

  it('rejects bad arguments with a usage error', () => {
    expect(runCli(['org', 'scan', '--repos', org.list], { cwd: org.root }).stderr).toContain('--out DIR');
    expect(runCli(['org', 'scan', '--repos', org.list, '--out', 'x', '--shard', '3/3'], { cwd: org.root }).stderr).toContain('0 ≤ I < N');
    expect(runCli(['org', 'merge', '--repos', 'x'], { cwd: org.root }).stderr).toContain('belongs to "nhiscan org scan"');
    expect(runCli(['org', 'launch'], { cwd: org.root }).code).toBe(2);
    writeFileSync(join(org.root, 'evil.txt'), 'ext::sh -c touch% /tmp/pwned\n');
    const evil = runCli(['org', 'scan', '--repos', 'evil.txt', '--out', 'evil-out'], { cwd: org.root });
    expect(evil.code).toBe(2);
    expect(evil.stderr).toContain('remote helpers');
  });

  it('the README documents every org flag', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Organisation scale'));
    expect(section.length).toBeGreaterThan(1000);
    const args = readFileSync(join(ROOT, 'src', 'cli', 'args.ts'), 'utf8');
    const accepts = /const ORG_ACCEPTS[^=]*= \{([\s\S]*?)\n\};/.exec(args)![1]!;
    const flags = [...new Set([...accepts.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!))].filter((f) => f !== 'help');
    expect(flags.length).toBeGreaterThan(12);
    for (const flag of flags) expect(section, `the org section mentions --${flag}`).toContain(`--${flag}`);
  });
});
