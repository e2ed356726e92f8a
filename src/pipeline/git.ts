import type * as ChildProcesses from 'node:child_process';
import type * as Readline from 'node:readline';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, isAbsolute, join, sep } from 'node:path';

const load = createRequire(import.meta.url);

/**
 * node:child_process, loaded on first use, not imported: a scan outside git never needs it
 * (start-up, issue 15). By require, which every supported Node has (`process.getBuiltinModule`
 * came in 20.16 and 22.3).
 */
export function childProcesses(): typeof ChildProcesses {
  return load('node:child_process') as typeof ChildProcesses;
}

/** node:readline, loaded on first use (only history audits read git output line by line). */
export function readline(): typeof Readline {
  return load('node:readline') as typeof Readline;
}

/**
 * Settings that win over every configuration file git reads, including the scanned repository's
 * own `.git/config` and whatever it includes: nothing the repository configures may run.
 * `core.fsmonitor` names a command git runs while reading the index; hooks never run for the
 * read-only commands used here, but pointing `core.hooksPath` at nothing makes that certain.
 * Diff drivers (`textconv`, external diff) are turned off per command with `--no-textconv` and
 * `--no-ext-diff`, and the pager is off because stdout is a pipe and `--no-pager` says so.
 * `core.quotePath` makes patch headers quote every byte over 0x7f, so names are parsed as bytes.
 */
const HARDENING = [
  '--no-pager',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.quotePath=true',
];

/**
 * Options every `git diff` here must carry: no repository-configured program runs, and patch
 * headers name files as `a/<path>` and `b/<path>` whatever the configuration says
 * (`diff.noprefix`, `diff.mnemonicPrefix` would otherwise file added lines under other names,
 * and a staged secret would count as on no added line).
 */
export const DIFF_HARDENING = ['--no-ext-diff', '--no-textconv', '--no-color', '--src-prefix=a/', '--dst-prefix=b/'] as const;

/**
 * A PATH without the directories a scanned repository can plant programs in: relative entries
 * (the current directory), any `node_modules` directory (`npx` and `npm exec` put
 * `<cwd>/node_modules/.bin` first) and anything inside the scanned directory or its work tree
 * (a CI step may have added a checkout's `bin/` to PATH).
 */
function trustedPath(untrustedDirs: readonly string[], path = process.env['PATH'] ?? ''): string[] {
  const untrusted = untrustedDirs.map(real);
  return path.split(delimiter).filter((entry) => {
    if (!entry || !isAbsolute(entry)) return false;
    if (entry.split(/[\\/]/).includes('node_modules')) return false;
    const resolved = real(entry);
    return !untrusted.some((dir) => resolved === dir || resolved.startsWith(dir + sep));
  });
}

const gitPrograms = new Map<string, { program: string; path: string } | undefined>();

/** The git executable found on the trusted PATH for a scan of `cwd` (looked up once per directory). */
export function trustedGit(cwd: string): { program: string; path: string } | undefined {
  if (gitPrograms.has(cwd)) return gitPrograms.get(cwd);
  const entries = trustedPath([cwd, ...enclosingWorkTree(cwd)]);
  let found: { program: string; path: string } | undefined;
  const names = process.platform === 'win32' ? ['git.exe', 'git.cmd'] : ['git'];
  search: for (const dir of entries) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        found = { program: candidate, path: entries.join(delimiter) };
        break search;
      } catch {
        // not here
      }
    }
  }
  gitPrograms.set(cwd, found);
  return found;
}

/**
 * Runs git from the trusted PATH with the repository's commands disabled and returns stdout as a
 * Buffer; rejects with git's first stderr line on failure.
 */
export function git(args: readonly string[], cwd: string, input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const trusted = trustedGit(cwd);
    if (!trusted) {
      reject(new Error('git was not found on PATH (outside the scanned directory and node_modules)'));
      return;
    }
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: trusted.path, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
    delete env['GIT_EXTERNAL_DIFF'];
    const child = childProcesses().spawn(trusted.program, [...HARDENING, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
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

/**
 * The top level of the git work tree containing `dir`, or undefined outside one (asked once per
 * dir). A repository owned by another user, which git refuses unless `safe.directory` in the
 * user's or system configuration allows it, counts as no work tree: its files are walked instead.
 */
export function gitTopLevel(dir: string): Promise<string | undefined> {
  let top = topLevels.get(dir);
  // With no `.git` here or above and no GIT_DIR/GIT_WORK_TREE, git would find no work tree
  // either: do not start it (a scan outside git, an empty folder).
  if (!top && !process.env['GIT_DIR'] && !process.env['GIT_WORK_TREE'] && enclosingWorkTree(dir).length === 0) {
    top = Promise.resolve(undefined);
    topLevels.set(dir, top);
  }
  if (!top) {
    top = git(['rev-parse', '--show-toplevel'], dir).then(
      (out) => out.toString('utf8').trim() || undefined,
      () => undefined,
    );
    topLevels.set(dir, top);
  }
  return top;
}

/**
 * Whether `dir` is, as far as can be told without running git, the top level of a work tree:
 * it holds `.git`, and no GIT_DIR or GIT_WORK_TREE points git elsewhere. Git hooks run there.
 * A guess, for starting work early: callers confirm it with `gitTopLevel`.
 */
export function looksLikeWorkTreeTop(dir: string): boolean {
  return !process.env['GIT_DIR'] && !process.env['GIT_WORK_TREE'] && enclosingWorkTree(dir)[0] === real(dir);
}

/** The nearest directory at or above `dir` holding `.git` (found without running git). */
function enclosingWorkTree(dir: string): string[] {
  for (let current = real(dir); ;) {
    try {
      statSync(join(current, '.git'));
      return [current];
    } catch {
      const parent = dirname(current);
      if (parent === current) return [];
      current = parent;
    }
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Clones a repository for `nhiscan org scan` with nothing from it running: no templates (so no
 * hooks), no submodules, no LFS download (pointers are checked out as they are), hooks off, symbolic links checked
 * out as small files holding their target (so none can point the scan out of the clone). A tree
 * scan takes only the default branch's last commit (`--depth 1`); a history audit takes every
 * branch and tag. Credentials in the URL are the caller's; git's error text is returned as is,
 * so callers strip credentials before showing it.
 */
export async function cloneRepository(url: string, destination: string, options: { history: boolean }): Promise<void> {
  const shallow = options.history ? [] : ['--depth', '1', '--single-branch', '--no-tags'];
  const noFilters = ['-c', 'filter.lfs.smudge=', '-c', 'filter.lfs.process=', '-c', 'filter.lfs.required=false', '-c', 'core.symlinks=false'];
  await git(['clone', '--quiet', '--template=', '--no-recurse-submodules', ...noFilters, ...shallow, '--', url, destination], dirname(destination));
}
