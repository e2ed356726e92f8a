import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

describe('nhiscan init', () => {
  it('writes a starter config and a husky hook that blocks a commit with a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-init-'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', HUSKY: undefined };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
    git('init', '-q');
    // husky's own installer, as `npx husky init` runs it
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'husky', 'bin.js')], { cwd: dir, stdio: 'ignore', env });
    const run = runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, '.nhiscanrc.yml'), 'utf8')).toContain('failOn: high');
    const hook = readFileSync(join(dir, '.husky', 'pre-commit'), 'utf8');
    expect(hook).toContain('nhiscan scan --staged');
    // point the hook at this checkout's CLI instead of an installed package
    writeFileSync(join(dir, '.husky', 'pre-commit'), `"${process.execPath}" "${BIN}" scan --staged --no-progress\n`);

    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=Gz8!rT2q#Wm5xV\n');
    git('add', '.');
    expect(() => git('commit', '-qm', 'leak')).toThrow();
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=${DB_PASSWORD}\n');
    git('add', '.');
    git('commit', '-qm', 'clean');
    expect(git('log', '--oneline').trim().split('\n')).toHaveLength(1);

    // a second run keeps the config and does not add the hook twice
    runCli(['init'], { cwd: dir });
    expect(existsSync(join(dir, '.nhiscanrc.yml'))).toBe(true);
  });

  it('prints the pre-commit framework snippet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-init-'));
    const run = runCli(['init', '--pre-commit'], { cwd: dir });
    expect(run.stdout).toContain('id: nhiscan');
    expect(run.stdout).not.toContain('rev: v0.1.0'); // no such tag exists
    expect(existsSync(join(dir, '.nhiscanrc.yml'))).toBe(false); // it only prints
  });

  it('ships a pre-commit hook manifest whose entries are real commands', () => {
    const manifest = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    expect(manifest).toContain('entry: nhiscan scan --staged --no-progress');
    expect(manifest).toContain('entry: nhiscan scan --no-progress --files --');
    // only stage names every pre-commit accepts (3.0.4 rejects pre-commit/pre-push; 4.x maps push)
    for (const line of manifest.split('\n').filter((l) => /^\s*stages:/.test(l))) expect(line.trim()).toBe('stages: [push]');
    expect(manifest).toContain('entry: nhiscan scan --pre-push --no-progress');
  });

  it('writes a husky pre-push hook that blocks pushing a secret committed with --no-verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-init-'));
    const remote = mkdtempSync(join(tmpdir(), 'nhiscan-init-remote-'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', HUSKY: undefined };
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
    git(remote, 'init', '-q', '--bare');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'remote', 'add', 'origin', remote);
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'husky', 'bin.js')], { cwd: dir, stdio: 'ignore', env });
    expect(runCli(['init'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, '.husky', 'pre-push'), 'utf8')).toContain('nhiscan scan --pre-push');
    writeFileSync(join(dir, '.husky', 'pre-push'), `"${process.execPath}" "${BIN}" scan --pre-push --no-progress\n`);
    writeFileSync(join(dir, '.husky', 'pre-commit'), 'true\n');

    writeFileSync(join(dir, 'README.md'), 'hello\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    git(dir, 'push', '-q', 'origin', 'main');
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=Kd2&uP7s*Xf3hV\n');
    git(dir, 'add', '.env');
    git(dir, 'commit', '-q', '--no-verify', '-m', 'leak');
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=${DB_PASSWORD}\n');
    git(dir, 'commit', '-q', '--no-verify', '-am', 'hide it again');
    expect(() => git(dir, 'push', '-q', 'origin', 'main')).toThrow();
    expect(git(remote, 'log', '--oneline', 'main').trim().split('\n')).toHaveLength(1);
  });
});
