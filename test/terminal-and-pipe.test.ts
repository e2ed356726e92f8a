import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './helpers/cli.js';
import { FIXTURES } from './helpers/fixtures.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-tty-'));
  cpSync(join(FIXTURES, 'demo'), join(dir, 'demo'), { recursive: true });
  return dir;
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs a shell command inside a real pseudo-terminal (util-linux `script`), capturing the terminal's output. */
function inPty(dir: string, command: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
  delete env['CI'];
  delete env['NO_COLOR'];
  delete env['FORCE_COLOR'];
  const typescript = join(dir, 'typescript.out');
  // The timeout only ends a hang that the test then reports; it measures nothing.
  const run = spawnSync('script', ['-qec', command, typescript], { cwd: dir, env, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
  return { status: run.status, signal: run.signal, size: statSync(typescript).size, text: readFileSync(typescript, 'utf8') };
}

// Never skipped: without script(1) these tests fail and say what to install (`.ci/run` installs it).
describe('a real pseudo-terminal', () => {
  beforeAll(() => {
    expect(hasScript, 'these tests use a real pseudo-terminal through script(1): apt-get install bsdutils').toBe(true);
  });
  it('finishes on a terminal that reports zero columns, without painting a spinner', () => {
    const dir = demoCopy();
    const run = inPty(dir, `stty cols 0 rows 0; ${quote(process.execPath)} ${quote(BIN)} scan demo --fail-on none > report.txt`);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(run.size).toBeLessThan(4096);
    expect(run.text).not.toContain('\u001b[1A');
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toContain('k8s/orders-secret.yaml');
  });

  it('shows the spinner on a normal terminal and clears it', () => {
    const dir = demoCopy();
    const run = inPty(dir, `stty cols 100 rows 30; ${quote(process.execPath)} ${quote(BIN)} scan demo --fail-on none > report.txt`);
    expect(run.status).toBe(0);
    expect(run.text).toContain('scanning');
  });
});

describe('a real pipe', () => {
  function throughShell(command: string) {
    const run = spawnSync('bash', ['-c', `set -o pipefail; ${command}`], {
      cwd: demoCopy(),
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      encoding: 'utf8',
    });
    return { status: run.status, stderr: run.stderr, stdout: run.stdout };
  }
  const nhiscan = `${quote(process.execPath)} ${quote(BIN)}`;

  it('ends cleanly when the reader closes the pipe early, keeping the scan exit code', () => {
    // `true` exits before nhiscan writes, so every write meets a closed pipe (EPIPE).
    for (const [args, code] of [
      ['scan demo', 1],
      ['scan demo --fail-on none -f sarif', 0],
      ['inventory demo', 0],
      ['rules --format markdown', 0],
    ] as const) {
      const run = throughShell(`${nhiscan} ${args} | true`);
      expect(run.stderr, args).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
      expect(run.status, args).toBe(code);
    }
    const head = throughShell(`${nhiscan} rules --format markdown | head -1`);
    expect(head.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(head.stderr).toBe('');
    expect(head.status).toBe(0);
  });

  it('reports other write errors in one line with exit code 2', () => {
    const run = throughShell(`${nhiscan} scan demo -f json > /dev/full`);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('nhiscan: cannot write to standard output: ENOSPC');
  });
});
