/**
 * The install paths the README gives, run for real: a tarball from `npm pack` installed into a
 * fresh project (local and global), a git URL at a commit, the husky recipe in an `npm init -y`
 * project, and the pre-commit framework installing the hook from a clone of this repository.
 * npm resolves nhiscan's runtime dependencies from its cache (`--prefer-offline`), falling back
 * to the registry.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const SLOW = { timeout: 600_000 };
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const LEAK = 'DB_PASSWORD=Gz8!rT2q#Wm5xV\n';

function env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
    CI: 'true',
    NO_COLOR: '1',
    ...extra,
  };
  for (const key of ['HUSKY', 'npm_config_prefix', 'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_json', 'INIT_CWD']) delete base[key];
  for (const [key, value] of Object.entries(base)) if (value === undefined) delete base[key];
  return base;
}

function run(command: string, args: string[], cwd: string, extra: Record<string, string | undefined> = {}) {
  const result = spawnSync(command, args, { cwd, env: env(extra), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}\n${result.stderr}` };
}

function ok(command: string, args: string[], cwd: string, extra: Record<string, string | undefined> = {}): string {
  const result = run(command, args, cwd, extra);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.all}`);
  return result.stdout;
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-install-'));
  ok('git', ['init', '-q'], dir);
  ok('npm', ['init', '-y'], dir);
  return dir;
}

let tarball: string;

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'nhiscan-pack-'));
  // A run of the built CLI leaves its compiled-code cache beside the bundle (on Node 20): the pack must leave it out.
  ok(process.execPath, [join(ROOT, 'bin', 'nhiscan.js'), 'rules', '--format', 'json'], ROOT);
  const printed = ok('npm', ['pack', '--pack-destination', out], ROOT).trim();
  // the pre-commit framework reads exactly this line as the tarball's name
  expect(printed).toMatch(/^nhiscan-\d+\.\d+\.\d+\.tgz$/);
  tarball = join(out, printed);
}, 120_000);

describe('install from a tarball', () => {
  it('ships the built CLI, the schema and the licence, but no sources or tests', () => {
    const listing = ok('tar', ['-tzf', tarball], ROOT).split('\n');
    expect(listing).toContain('package/dist/src/cli/main.js');
    expect(listing).toContain('package/dist/src/cli/main.bundle.cjs');
    // The V8 code cache is machine- and V8-specific, and written by whoever ran the CLI last.
    expect(listing.filter((p) => p.endsWith('.cache') || p.includes('.cache.'))).toEqual([]);
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/schema/nhiscan.schema.json');
    expect(listing.filter((p) => p.startsWith('package/src/') || p.startsWith('package/test/'))).toEqual([]);
  });

  it('installs as a dev dependency of another project and runs with npx and from PATH', SLOW, () => {
    const dir = project();
    ok('npm', ['install', '--save-dev', ...NPM_FLAGS, tarball], dir);
    expect(readdirSync(join(dir, 'node_modules'))).not.toContain('typescript'); // no dev dependencies pulled in
    writeFileSync(join(dir, '.env'), LEAK);
    const scan = run('npx', ['--no-install', 'nhiscan', 'scan', '.'], dir);
    expect(scan.code, scan.all).toBe(1);
    expect(scan.stdout).toContain('secret/generic-credential');
    expect(scan.stdout).not.toContain('Gz8!rT2q#Wm5xV');
    expect(ok(join(dir, 'node_modules', '.bin', 'nhiscan'), ['--version'], dir).trim()).toBe(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    );
  });

  it('installs globally', SLOW, () => {
    const prefix = mkdtempSync(join(tmpdir(), 'nhiscan-global-'));
    ok('npm', ['install', '-g', '--prefix', prefix, ...NPM_FLAGS, tarball], prefix);
    const dir = project();
    const scan = run(join(prefix, 'bin', 'nhiscan'), ['scan', '.'], dir);
    expect(scan.code, scan.all).toBe(0);
    expect(scan.stdout).toContain('no findings');
  });
});

describe('install from a git URL at a commit', () => {
  it('builds on install (npm installs the dev dependencies of a git dependency) and runs', SLOW, () => {
    const head = ok('git', ['rev-parse', 'HEAD'], ROOT).trim();
    const dir = project();
    ok('npm', ['install', '--save-dev', ...NPM_FLAGS, `git+file://${ROOT}#${head}`], dir);
    writeFileSync(join(dir, '.env'), LEAK);
    const scan = run(join(dir, 'node_modules', '.bin', 'nhiscan'), ['scan', '.'], dir);
    expect(scan.code, scan.all).toBe(1);
    expect(scan.stdout).toContain('secret/generic-credential');
  });
});

describe('husky recipe in a fresh npm init -y project', () => {
  it('lets a clean commit through and blocks a secret, saying how to suppress or bypass', SLOW, () => {
    const dir = project();
    ok(
      'npm',
      [
        'install',
        '--save-dev',
        ...NPM_FLAGS,
        `husky@${JSON.parse(readFileSync(join(ROOT, 'node_modules', 'husky', 'package.json'), 'utf8')).version}`,
        tarball,
      ],
      dir,
    );
    ok('npx', ['--no-install', 'husky', 'init'], dir);
    const init = ok('npx', ['--no-install', 'nhiscan', 'init'], dir);
    expect(init).toContain('replaced husky\'s default "npm test"');
    const hook = readFileSync(join(dir, '.husky', 'pre-commit'), 'utf8');
    expect(hook).not.toContain('npm test');
    expect(hook).toContain('nhiscan scan --staged');
    expect(readFileSync(join(dir, '.nhiscanrc.yml'), 'utf8')).toContain('$schema=./node_modules/nhiscan/schema/nhiscan.schema.json');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');

    ok('git', ['add', '-A'], dir);
    const clean = run('git', ['commit', '-m', 'set up nhiscan'], dir);
    expect(clean.code, clean.all).toBe(0);

    writeFileSync(join(dir, '.env'), LEAK);
    ok('git', ['add', '.env'], dir);
    const blocked = run('git', ['commit', '-m', 'add env'], dir);
    expect(blocked.code, blocked.all).not.toBe(0);
    expect(blocked.all).toContain('nhiscan blocked this commit');
    expect(blocked.all).toContain('nhiscan-ignore secret/generic-credential -- ');
    expect(blocked.all).toContain('nhiscan baseline');
    expect(blocked.all).toContain('git commit --no-verify');
    expect(blocked.all).toContain('HUSKY=0 git commit');
    expect(blocked.all).not.toContain('Gz8!rT2q#Wm5xV');
    expect(ok('git', ['log', '--oneline'], dir).trim().split('\n')).toHaveLength(1);

    // the suppression the message offers works
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=Gz8!rT2q#Wm5xV # nhiscan-ignore secret/generic-credential -- local emulator password\n');
    ok('git', ['add', '.env'], dir);
    const suppressed = run('git', ['commit', '-m', 'add env'], dir);
    expect(suppressed.code, suppressed.all).toBe(0);
  });
});

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });

// Never skipped: without the pre-commit framework these tests fail and say what to install (`.ci/run` installs it).
describe(`pre-commit framework (${preCommit.stdout?.trim() ?? 'not installed'})`, () => {
  beforeAll(() => {
    expect(preCommit.status, 'these tests run the real pre-commit framework: apt-get install pre-commit').toBe(0);
  });
  it('installs the hooks from this repository at a commit and blocks a staged secret', SLOW, () => {
    const head = ok('git', ['rev-parse', 'HEAD'], ROOT).trim();
    const home = mkdtempSync(join(tmpdir(), 'nhiscan-pre-commit-home-'));
    const dir = project();
    writeFileSync(
      join(dir, '.pre-commit-config.yaml'),
      ['repos:', `  - repo: ${ROOT}`, `    rev: ${head}`, '    hooks:', '      - id: nhiscan', '      - id: nhiscan-files', ''].join('\n'),
    );
    ok('pre-commit', ['install'], dir, { PRE_COMMIT_HOME: home });
    ok('git', ['add', '-A'], dir);
    const clean = run('git', ['commit', '-m', 'config'], dir, { PRE_COMMIT_HOME: home });
    expect(clean.code, clean.all).toBe(0);
    expect(clean.all).toMatch(/nhiscan \(staged changes\)\.+Passed/);

    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', '.env'), LEAK);
    writeFileSync(join(dir, '-n.txt'), 'a file named like an option\n'); // reaches nhiscan after --
    ok('git', ['add', '-A'], dir);
    const blocked = run('git', ['commit', '-m', 'leak'], dir, { PRE_COMMIT_HOME: home });
    expect(blocked.code, blocked.all).not.toBe(0);
    expect(blocked.all).toMatch(/nhiscan \(staged changes\)\.+Failed/);
    expect(blocked.all).toMatch(/nhiscan \(listed files\)\.+Failed/);
    expect(blocked.all).toContain('config/.env');
    expect(blocked.all).toContain('SKIP=nhiscan git commit');
    expect(blocked.all).not.toContain('Gz8!rT2q#Wm5xV');

    const skipped = run('git', ['commit', '-m', 'leak'], dir, { PRE_COMMIT_HOME: home, SKIP: 'nhiscan,nhiscan-files' });
    expect(skipped.code, skipped.all).toBe(0);
  });
});
