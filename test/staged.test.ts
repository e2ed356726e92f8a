import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const SECRET_LINE = 'DB_PASSWORD=Gz8!rT2q#Wm5xV';
const OTHER_SECRET = 'API_TOKEN=q8Zt3Lw9Xv2Nm7Pk4Rb6Hc1Jd5';

function repo(): { dir: string; git: (...args: string[]) => string; write: (path: string, text: string | Buffer) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  const write = (path: string, text: string | Buffer) => writeFileSync(join(dir, path), text);
  return { dir, git, write };
}

function staged(dir: string, ...extra: string[]) {
  const run = runCli(['scan', '--staged', '--format', 'json', ...extra], { cwd: dir });
  return { ...run, report: run.stdout ? JSON.parse(run.stdout) : undefined };
}

const lines = (report: { findings: { location: { path: string; startLine: number } }[] }) =>
  report.findings.map((f) => `${f.location.path}:${f.location.startLine}`);

describe('nhiscan scan --staged', () => {
  it('works in a repository with no commits yet', () => {
    const { dir, git, write } = repo();
    write('.env', `${SECRET_LINE}\n`);
    git('add', '.env');
    const run = staged(dir);
    expect(run.code).toBe(1);
    expect(lines(run.report)).toEqual(['.env:1']);
  });

  it('judges a partially staged file by what is staged, never the working tree', () => {
    const { dir, git, write } = repo();
    write('.env', 'PORT=8080\n');
    git('add', '.env');
    git('commit', '-qm', 'init');
    write('.env', `PORT=8080\n${SECRET_LINE}\n`);
    git('add', '.env');
    write('.env', `PORT=8080\n${SECRET_LINE}\n${OTHER_SECRET}\n`); // unstaged addition
    expect(lines(staged(dir).report)).toEqual(['.env:2']);
    // the staged copy is clean, the working tree is not: nothing to report
    git('reset', '-q', '.env');
    expect(staged(dir).report.findings).toEqual([]);
  });

  it('keeps findings on added lines only, unless --all-lines', () => {
    const { dir, git, write } = repo();
    write('.env', `${SECRET_LINE}\nPORT=8080\n`);
    git('add', '.env');
    git('commit', '-qm', 'init', '--no-verify');
    write('.env', `${SECRET_LINE}\nPORT=8081\n${OTHER_SECRET}\n`);
    git('add', '.env');
    expect(lines(staged(dir).report)).toEqual(['.env:3']);
    expect(lines(staged(dir, '--all-lines').report)).toEqual(['.env:1', '.env:3']);
  });

  it('follows renames, ignores deletions and skips binaries with a note', () => {
    const { dir, git, write } = repo();
    write('a.env', `${SECRET_LINE}\n`);
    write('gone.env', `${OTHER_SECRET}\n`);
    git('add', '.');
    git('commit', '-qm', 'init', '--no-verify');
    renameSync(join(dir, 'a.env'), join(dir, 'b.env'));
    rmSync(join(dir, 'gone.env'));
    write('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    git('add', '-A');
    const run = staged(dir, '--all-lines');
    expect(lines(run.report)).toEqual(['b.env:1']);
    expect(run.report.notes.map((n: { code: string; path: string }) => `${n.code}:${n.path}`)).toContain('binary:image.bin');
    // a pure rename adds no lines: nothing to report without --all-lines
    expect(staged(dir).report.findings).toEqual([]);
  });

  it('handles odd file names', () => {
    const { dir, git, write } = repo();
    write('we ird\nname ü.env', `${SECRET_LINE}\n`);
    git('add', '.');
    expect(lines(staged(dir).report)).toEqual(['we ird\nname ü.env:1']);
  });

  it('files added lines under the right names whatever prefixes the diff configuration sets, and skips submodules', () => {
    const { dir, git, write } = repo();
    // A folder named `b`: a name the default prefix `b/` could be confused with.
    mkdirSync(join(dir, 'b'));
    write('b/nested.env', `${SECRET_LINE}\n`);
    writeFileSync(Buffer.from(join(dir, 'caf\xe9.env'), 'latin1'), `${OTHER_SECRET}\n`);
    git('add', '.');
    // A submodule (gitlink) staged with the files: another repository's commit, not a file here.
    git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/lib`);
    for (const setting of ['diff.mnemonicPrefix', 'diff.noprefix']) {
      git('config', setting, 'true');
      expect(lines(staged(dir).report), setting).toEqual(['b/nested.env:1', 'caf\\xe9.env:1']);
      git('config', '--unset', setting);
    }
    // Run from a folder below the top level: the same commit, the same paths.
    expect(lines(staged(join(dir, 'b')).report)).toEqual(['b/nested.env:1', 'caf\\xe9.env:1']);
  });

  it('knows the size of a staged blob over --max-file-size: a text file is scanned up to the limit, a key store skipped, each with a note', () => {
    const { dir, git, write } = repo();
    write('big.env', `${'# ordinary configuration line\n'.repeat(300)}${SECRET_LINE}\n`);
    write('signing.p12', Buffer.alloc(6000, 0x82));
    git('add', '.');
    const run = staged(dir, '--max-file-size', '4096');
    const notes = run.report.notes.map((n: { code: string; path: string; message: string }) => `${n.code}:${n.path}:${/\((\d+) bytes\)/.exec(n.message)?.[1]}`);
    expect(notes).toEqual(expect.arrayContaining([`too-large:big.env:${300 * 30 + SECRET_LINE.length + 1}`, 'too-large:signing.p12:6000']));
    expect(run.report.findings).toEqual([]);
  });

  it('reads the temporary index of `git commit -a` through GIT_INDEX_FILE, as a real hook', () => {
    const { dir, git, write } = repo();
    write('.env', 'PORT=8080\n');
    git('add', '.env');
    git('commit', '-qm', 'init');
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" scan --staged --no-progress\n`);
    chmodSync(hook, 0o755);
    write('.env', `PORT=8080\n${SECRET_LINE}\n`); // modified but not added: only `commit -a` stages it
    let failed = false;
    try {
      git('commit', '-a', '-qm', 'leak');
    } catch (error) {
      failed = true;
      // git runs hooks with their stdout sent to stderr
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      expect(`${stdout}${stderr}`).toContain('DB_PASSWORD');
    }
    expect(failed, 'the hook must block the commit').toBe(true);
    expect(git('log', '--oneline').trim().split('\n')).toHaveLength(1);
  });

  it('fails closed on unmerged paths', () => {
    const { dir, git, write } = repo();
    write('app.env', 'PORT=1\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'other');
    write('app.env', 'PORT=2\n');
    git('commit', '-qam', 'other');
    git('checkout', '-q', 'main');
    write('app.env', 'PORT=3\n');
    git('commit', '-qam', 'main');
    try {
      git('merge', '-q', 'other');
    } catch {
      // the conflict is the point
    }
    const run = runCli(['scan', '--staged'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unmerged');
  });

  it('refuses to run outside a git work tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-nogit-'));
    const run = runCli(['scan', '--staged'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs a git work tree');
  });
});

describe('nhiscan scan --files', () => {
  it('scans exactly the listed files and skips deleted ones', () => {
    const { dir, write } = repo();
    write('a.env', `${SECRET_LINE}\n`);
    write('b.env', `${OTHER_SECRET}\n`);
    const run = runCli(['scan', '--format', 'json', '--files', 'a.env', 'missing.env'], { cwd: dir });
    expect(lines(JSON.parse(run.stdout))).toEqual(['a.env:1']);
  });
});

describe('repository findings in staged mode', () => {
  it('reports a shared identity only when the commit adds one of its uses', () => {
    const { dir, git, write } = repo();
    const compose = (services: string[], comment = '') =>
      [
        comment,
        'services:',
        ...services.flatMap((name) => [`  ${name}:`, `    image: ghcr.io/acme/${name}:1`, '    environment:', '      DATABASE_PASSWORD: Vq7mZ2pX9kLr']),
      ].join('\n') + '\n';
    write('docker-compose.yml', compose(['orders', 'billing']));
    git('add', '.');
    git('commit', '-qm', 'two services share a password', '--no-verify');
    const sharedFindings = () => staged(dir).report.findings.filter((f: { ruleId: string }) => f.ruleId === 'identity/shared-credential');
    // an unrelated edit to the same file: the old sharing is not this commit's doing
    write('docker-compose.yml', compose(['orders', 'billing'], '# local stack'));
    git('add', '.');
    expect(sharedFindings()).toEqual([]);
    expect(runCli(['scan', '--staged', '--all-lines', '--format', 'json'], { cwd: dir }).stdout).toContain('identity/shared-credential');
    // a new service joins the shared password: reported
    write('docker-compose.yml', compose(['orders', 'billing', 'audit'], '# local stack'));
    git('add', '.');
    expect(sharedFindings()).toHaveLength(1);
  });
});

describe('a GitHub Agentic Workflow in staged mode', () => {
  it('compares a staged source with its lock file as the index holds it, staged or not', () => {
    const { dir, git, write } = repo();
    // A current source, import and lock, committed together.
    cpSync(join(ROOT, 'fixtures/assistant/stale-agentic-lock/negative/current/.github'), join(dir, '.github'), { recursive: true });
    git('add', '.');
    git('commit', '-qm', 'triage workflow', '--no-verify');
    const source = join(dir, '.github/workflows/triage.md');
    const original = readFileSync(source, 'utf8');
    const stale = () =>
      staged(dir)
        .report.findings.filter((f: { ruleId: string }) => f.ruleId === 'assistant/stale-agentic-lock')
        .map((f: { location: { path: string } }) => f.location.path);
    const lock = join(dir, '.github/workflows/triage.lock.yml');
    const compiled = readFileSync(lock, 'utf8');
    // The frontmatter is edited and staged; the lock is not recompiled: stale, though the lock was never staged.
    write('.github/workflows/triage.md', original.replace('  issues: read\n', '  issues: read\n  pull-requests: read\n'));
    git('add', '.github/workflows/triage.md');
    expect(stale()).toEqual(['.github/workflows/triage.md']);
    // A recompiled lock in the working tree does not count until it is staged (here: a lock recording the new hash is faked by keeping the old one staged).
    write('.github/workflows/triage.lock.yml', compiled.replace(/"frontmatter_hash":"[0-9a-f]{64}"/, `"frontmatter_hash":"${'1'.repeat(64)}"`));
    expect(stale()).toEqual(['.github/workflows/triage.md']);
    // Only the body changes: no recompile needed, nothing reported.
    git('checkout', '--', '.');
    git('reset', '-q');
    write('.github/workflows/triage.md', original + 'One more line of instructions.\n');
    git('add', '.github/workflows/triage.md');
    expect(stale()).toEqual([]);
    // The imported file's frontmatter changes and is staged: the unstaged source and lock are read from the index.
    git('checkout', '--', '.');
    git('reset', '-q');
    write(
      '.github/workflows/shared/reporting.md',
      readFileSync(join(dir, '.github/workflows/shared/reporting.md'), 'utf8').replace('toolsets: [issues]', 'toolsets: [issues, pull_requests]'),
    );
    git('add', '.github/workflows/shared/reporting.md');
    const run = staged(dir, '--all-lines');
    expect(run.report.findings.map((f: { ruleId: string; location: { path: string } }) => `${f.ruleId} ${f.location.path}`)).toEqual([
      'assistant/stale-agentic-lock .github/workflows/triage.md',
    ]);
  });
});
