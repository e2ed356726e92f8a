import { execFile, spawn } from 'node:child_process';

/** Runs git and returns stdout as a Buffer; rejects with git's first stderr line on failure. */
export function git(args: readonly string[], cwd: string, input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out));
      else reject(new Error(`git ${args[0] ?? ''} failed: ${(Buffer.concat(err).toString('utf8').split('\n')[0] ?? '').trim()}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

const topLevels = new Map<string, Promise<string | undefined>>();

/** The top level of the git work tree containing `dir`, or undefined outside one (asked once per dir). */
export function gitTopLevel(dir: string): Promise<string | undefined> {
  let top = topLevels.get(dir);
  if (!top) {
    top = new Promise((resolvePromise) => {
      execFile('git', ['rev-parse', '--show-toplevel'], { cwd: dir }, (error, stdout) => {
        resolvePromise(error ? undefined : stdout.trim() || undefined);
      });
    });
    topLevels.set(dir, top);
  }
  return top;
}

/** Splits NUL-separated git output into strings (dropping the trailing empty one). */
export function splitNul(buffer: Buffer): string[] {
  const text = buffer.toString('utf8');
  const parts = text.split('\0');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
