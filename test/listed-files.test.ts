import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/cli.js';

/**
 * `--files` (the pre-commit hook's entry, lint-staged, `--files $(git diff --name-only …)` in CI)
 * gets the same checks as a tree walk: a FIFO or a device is not read (report probe F4: a FIFO
 * hung, /dev/zero grew to 8 GB), a link out of the repository is not followed, and a file over
 * the size limit is read only up to the limit (probe F5: a 1.9 GB file was read whole first).
 */

const TOKEN = 'ghp_' + 'iK2ZWeqhFWCEPyYngFb51yBMWXaSCr1R1Q1J'; // format-valid (CRC-32 checksum), not a live token

describe('--files with special files', () => {
  it('skips a FIFO, a link to /dev/zero and a link out of the repository with notes; scans the head of a huge file', () => {
    const base = mkdtempSync(join(tmpdir(), 'nhiscan-listed-'));
    const dir = join(base, 'repo');
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('/dev/zero', join(dir, 'zero'));
    writeFileSync(join(base, 'outside.env'), `token = ${TOKEN}\n`);
    symlinkSync(join(base, 'outside.env'), join(dir, 'link.env'));
    // A sparse 3 GiB file whose first line holds a token: only its first megabyte is read.
    writeFileSync(join(dir, 'big.env'), `token = ${TOKEN}\n`);
    execFileSync('truncate', ['-s', '3G', join(dir, 'big.env')]);

    // The timeout only ends a hang, which the test then reports; it measures nothing.
    const run = spawnSync(process.execPath, [BIN, 'scan', '--format', 'json', '--files', '--', 'pipe', 'zero', 'link.env', 'big.env'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { location: { path: string } }[]; notes: { level: string; code: string; path?: string }[] };
    expect(report.findings.map((f) => f.location.path)).toEqual(['big.env']);
    const notes = report.notes.map((n) => `${n.level} ${n.code}:${n.path}`);
    expect(notes).toEqual(
      expect.arrayContaining(['warning not-a-file:pipe', 'info symlink-outside-root:zero', 'info symlink-outside-root:link.env', 'warning too-large:big.env']),
    );
  });
});
