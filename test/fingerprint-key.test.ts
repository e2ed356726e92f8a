import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base62, crc32 } from '../src/detect/checksum.js';
import { runCli } from './helpers/cli.js';

/** Keyed secret hashes: baselines match on any machine, reports give no guessing oracle, caps hide nothing new. */

function githubToken(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = seed * 7919 + 17;
  let body = '';
  for (let i = 0; i < 30; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    body += alphabet[state % alphabet.length];
  }
  return 'gh' + 'p_' + body + base62(crc32(body), 6);
}

function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-key-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  return { dir, git };
}

const json = (stdout: string) => JSON.parse(stdout) as { findings: { fingerprint: string; location: { path: string; startLine: number } }[] };

describe('the finding cap never hides a new secret', () => {
  it('reports a token added after hundreds of baselined ones, in scan --baseline and --staged', () => {
    const { dir, git } = repo();
    const fixtures = Array.from({ length: 300 }, (_, i) => `sample${i} = ${githubToken(i + 1)}\n`).join('');
    writeFileSync(join(dir, 'fixtures.env'), fixtures);
    git('add', '-A');
    git('commit', '-qm', 'fixtures');
    expect(runCli(['baseline'], { cwd: dir }).code).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'baseline');
    expect(runCli(['scan', '--baseline', '.nhiscan-baseline.json'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'fixtures.env'), fixtures + `real = ${githubToken(999)}\n`);
    const scan = runCli(['scan', '--baseline', '.nhiscan-baseline.json', '--format', 'json'], { cwd: dir });
    expect(scan.code).toBe(1);
    expect(
      json(scan.stdout)
        .findings.filter((f) => !('suppressed' in f) || !(f as { suppressed?: unknown }).suppressed)
        .map((f) => f.location.startLine),
    ).toContain(301);
    git('add', 'fixtures.env');
    const staged = runCli(['scan', '--staged', '--format', 'json'], { cwd: dir });
    expect(staged.code).toBe(1);
    expect(json(staged.stdout).findings.map((f) => f.location.startLine)).toEqual([301]);
  });
});

describe('the secret hash is keyed', () => {
  it('a baseline matches on another machine and checkout; its key is in no report', () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'app.env'), `TOKEN=${githubToken(5)}\nDB_PASSWORD=Gz8!rT2q#Wm5xV\n`);
    git('add', '-A');
    git('commit', '-qm', 'i');
    expect(runCli(['baseline'], { cwd: dir }).code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, '.nhiscan-baseline.json'), 'utf8')) as { key: string; version: number };
    expect(baseline.version).toBe(2);
    expect(baseline.key).toMatch(/^[0-9a-f]{64}$/);
    // another checkout, another user's home: same verdict
    const elsewhere = mkdtempSync(join(tmpdir(), 'nhiscan-key-copy-'));
    cpSync(dir, elsewhere, { recursive: true });
    const other = runCli(['scan', '--baseline', '.nhiscan-baseline.json', '--format', 'json'], {
      cwd: elsewhere,
      env: { HOME: elsewhere, XDG_CONFIG_HOME: elsewhere },
    });
    expect(other.code).toBe(0);
    for (const format of ['json', 'sarif', 'text', 'github']) {
      expect(runCli(['scan', '--baseline', '.nhiscan-baseline.json', '--format', format], { cwd: dir }).stdout).not.toContain(baseline.key);
    }
    // regenerating keeps the key (and so every unchanged entry)
    const before = readFileSync(join(dir, '.nhiscan-baseline.json'), 'utf8');
    runCli(['baseline'], { cwd: dir });
    expect(readFileSync(join(dir, '.nhiscan-baseline.json'), 'utf8')).toBe(before);
  });

  it('without a key, each report hashes with its own: fingerprints cannot be checked against guesses', () => {
    const { dir } = repo();
    writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\ncurl -u admin:Summer2024! https://example.com/deploy\n');
    const first = json(runCli(['scan', '--format', 'json'], { cwd: dir }).stdout).findings;
    const second = json(runCli(['scan', '--format', 'json'], { cwd: dir }).stdout).findings;
    expect(first.length).toBeGreaterThan(0);
    expect(first.map((f) => f.fingerprint)).not.toEqual(second.map((f) => f.fingerprint));
    // a shared key (a CI secret) makes them stable
    const env = { NHISCAN_FINGERPRINT_KEY: 'a'.repeat(64) };
    expect(json(runCli(['scan', '--format', 'json'], { cwd: dir, env }).stdout).findings.map((f) => f.fingerprint)).toEqual(
      json(runCli(['scan', '--format', 'json'], { cwd: dir, env }).stdout).findings.map((f) => f.fingerprint),
    );
  });

  it('refuses an old unkeyed baseline with a clear message', () => {
    const { dir } = repo();
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ tool: 'nhiscan', version: 1, findings: [] }));
    const run = runCli(['scan', '--baseline', 'old.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nhiscan baseline');
  });

  it('a configured baseline that is a FIFO or a device is an error, not a hang', () => {
    const { dir } = repo();
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    for (const target of ['fifo.json', '/dev/zero']) {
      writeFileSync(join(dir, '.nhiscanrc.yml'), `baseline: ${target}\n`);
      const run = runCli(['scan'], { cwd: dir });
      expect(run.code, target).toBe(2);
      expect(run.stderr).toContain('not a regular file');
    }
  });
});
