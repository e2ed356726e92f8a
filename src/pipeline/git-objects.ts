import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { childProcesses, readline, trustedGit } from './git.js';
import { unquote } from './file-names.js';

/** A stream's lines (node:readline is loaded on first use). */
function lines(options: { input: NodeJS.ReadableStream; crlfDelay: number }): AsyncIterable<string> {
  return readline().createInterface(options);
}

/**
 * Reading git objects of a repository nobody reviewed: history audits and commit ranges.
 *
 * Every git process here runs with repository-supplied commands and network access switched off:
 * no fsmonitor, hooks, external diff or textconv, no replace refs that could hide objects, and no
 * transport at all (`protocol.allow=never`), so a partial clone's missing blob is reported as
 * missing instead of fetched. `GIT_NO_LAZY_FETCH` says the same to gits newer than 2.44.
 */
const HARDENING = [
  '--no-pager',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'protocol.allow=never',
  '-c',
  'diff.external=',
  '-c',
  'core.quotePath=true',
  '-c',
  'log.showSignature=false',
  '-c',
  'log.showRoot=true',
  '-c',
  'i18n.logOutputEncoding=UTF-8',
  '-c',
  'color.ui=false',
];

function gitEnv(path: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: path,
    GIT_NO_LAZY_FETCH: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    LC_ALL: 'C',
  };
  delete env['GIT_EXTERNAL_DIFF'];
  return env;
}

export class GitObjectsError extends Error {
  override name = 'GitObjectsError';
}

/** Starts a hardened git, found on the trusted PATH (never in the scanned tree), whose stdout is read as a stream. */
function spawnGit(args: readonly string[], cwd: string): ChildProcessWithoutNullStreams {
  const trusted = trustedGit(cwd);
  if (!trusted) throw new GitObjectsError('git was not found on PATH (outside the scanned directory and node_modules)');
  return childProcesses().spawn(trusted.program, [...HARDENING, ...args], { cwd, env: gitEnv(trusted.path), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs a hardened git command to completion; resolves stdout, or undefined when git fails. */
function gitOutput(args: readonly string[], cwd: string, input?: string): Promise<{ ok: boolean; stdout: Buffer; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawnGit(args, cwd);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', () => resolvePromise({ ok: false, stdout: Buffer.alloc(0), stderr: 'git could not be started' }));
    child.on('close', (code) => resolvePromise({ ok: code === 0, stdout: Buffer.concat(out), stderr: firstLine(Buffer.concat(err).toString('utf8')) }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? '').trim();
}

/** Lines of a git command's stdout as they arrive; rejects at the end if git failed. */
async function* gitLines(args: readonly string[], cwd: string, input?: string): AsyncGenerator<string> {
  const child = spawnGit(args, cwd);
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exited = new Promise<number | null>((resolvePromise) => {
    child.on('error', () => resolvePromise(-1));
    child.on('close', (code) => resolvePromise(code));
  });
  try {
    for await (const line of lines({ input: child.stdout, crlfDelay: Infinity })) yield line;
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0) throw new GitObjectsError(`git ${args[0] ?? ''} failed: ${firstLine(Buffer.concat(err).toString('utf8')) || `exit ${code}`}`);
}

export const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
export const ZERO_ID = /^0+$/;

/** One blob the history holds: its id, size and the first path git saw it under. */
export type ReachableBlob = { kind: 'blob'; id: string; size: number; path: string } | { kind: 'missing'; id: string; path: string };

/**
 * Every blob reachable from `revs`, each once, streamed: `rev-list --objects` names the blobs
 * (with the path of the first tree that holds each), `cat-file --batch-check` adds sizes so that
 * oversized blobs are never read. Missing objects (partial clones, pruned mirrors) are listed as
 * such, never fetched.
 */
export async function* reachableBlobs(cwd: string, revs: readonly string[]): AsyncGenerator<ReachableBlob> {
  const list = spawnGit(['rev-list', '--objects', '--filter=object:type=blob', '--filter-provided-objects', '--missing=print', '--stdin'], cwd);
  list.stdin.on('error', () => undefined);
  list.stdin.end(revs.join('\n') + '\n');
  const check = spawnGit(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)'], cwd);
  check.stdin.on('error', () => undefined);
  const listErr: Buffer[] = [];
  list.stderr.on('data', (chunk: Buffer) => listErr.push(chunk));
  const listExit = new Promise<number | null>((r) => list.on('close', r));
  const checkExit = new Promise<number | null>((r) => check.on('close', r));
  const missing: ReachableBlob[] = [];
  // rev-list → cat-file, except the missing ones (asking cat-file about them could fetch them).
  const feeder = (async () => {
    for await (const line of lines({ input: list.stdout, crlfDelay: Infinity })) {
      if (line.startsWith('?')) {
        const id = line.slice(1).split(' ')[0] ?? '';
        if (OBJECT_ID.test(id)) missing.push({ kind: 'missing', id, path: '' });
        continue;
      }
      if (!check.stdin.write(line + '\n')) await new Promise((r) => check.stdin.once('drain', r));
    }
    check.stdin.end();
  })();
  try {
    for await (const line of lines({ input: check.stdout, crlfDelay: Infinity })) {
      const match = /^([0-9a-f]+) (\S+) (\d+)(?: (.*))?$/.exec(line);
      if (match) {
        if (match[2] === 'blob') yield { kind: 'blob', id: match[1]!, size: Number(match[3]), path: match[4] ?? '' };
        continue;
      }
      const gone = /^([0-9a-f]+) missing$/.exec(line);
      if (gone) yield { kind: 'missing', id: gone[1]!, path: '' };
    }
    await feeder;
    yield* missing;
  } finally {
    if (list.exitCode === null) list.kill();
    if (check.exitCode === null) check.kill();
  }
  const [listCode] = await Promise.all([listExit, checkExit]);
  if (listCode !== 0) throw new GitObjectsError(`git rev-list failed: ${firstLine(Buffer.concat(listErr).toString('utf8')) || `exit ${listCode}`}`);
}

/**
 * One long-lived `git cat-file --batch` process: blobs are asked for by id and answered in
 * order, so callers may have several requests in flight. Answers are read as a stream: a request
 * with a limit keeps at most that many bytes of its blob and lets the rest go by, so memory is
 * bounded by the limit, not by the blob (a 2 GB staged file costs its first megabyte).
 */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: {
    id: string;
    limit: number;
    onSize?: (size: number) => void;
    resolve: (data: Buffer | undefined) => void;
    reject: (error: Error) => void;
  }[] = [];
  /** The start of an answer's header line, when a chunk ended inside it. */
  private header = Buffer.alloc(0);
  /** The answer being received: its content still to come, and the part kept so far. */
  private current?: { blob: boolean; remaining: number; limit: number; parts: Buffer[]; kept: number };
  /** Requests not yet written: flushed together, one write for many ids. */
  private unsent: string[] = [];
  private failed?: Error;

  constructor(cwd: string) {
    this.child = spawnGit(['cat-file', '--batch'], cwd);
    this.child.stdin.on('error', () => undefined);
    this.child.stderr.resume();
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.on('close', () => this.fail(new GitObjectsError('git cat-file ended early')));
    this.child.on('error', () => this.fail(new GitObjectsError('git cat-file could not be started')));
    this.holdProcess(false);
  }

  /**
   * Whether git keeps this process running: only while a request waits for its answer. A reader
   * started early (before anyone asks) or left idle never holds the process open; when the
   * process ends, git reads the end of its input and ends too.
   */
  private holdProcess(hold: boolean): void {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as { ref?(): void; unref?(): void }[]) {
      if (hold) handle.ref?.();
      else handle.unref?.();
    }
  }

  /**
   * The blob's bytes (at most `limit` of them), or undefined when the object is missing.
   * `onSize` learns the blob's whole size, before the bytes arrive.
   */
  read(id: string, limit = Infinity, onSize?: (size: number) => void): Promise<Buffer | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      if (!this.waiting.length) this.holdProcess(true);
      this.waiting.push({ id, limit, onSize, resolve, reject });
      if (this.unsent.push(id) === 1) setImmediate(() => this.flush());
    });
  }

  /** Requests not yet answered. */
  get pending(): number {
    return this.waiting.length;
  }

  close(): void {
    this.child.stdin.end();
    if (this.child.exitCode === null) this.child.kill();
  }

  private flush(): void {
    const ids = this.unsent;
    this.unsent = [];
    if (ids.length) this.child.stdin.write(ids.join('\n') + '\n');
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const request of this.waiting.splice(0)) request.reject(error);
    this.holdProcess(false);
  }

  /** Hands the oldest request its answer. */
  private answer(data: Buffer | undefined): void {
    this.waiting.shift()!.resolve(data);
    if (!this.waiting.length) this.holdProcess(false);
  }

  private receive(chunk: Buffer): void {
    let data = chunk;
    while (data.length && !this.failed) {
      const current = this.current;
      if (!current) {
        const end = data.indexOf(10);
        if (end === -1) {
          this.header = Buffer.concat([this.header, data]);
          if (this.header.length > 4096) this.fail(new GitObjectsError('git cat-file answered in an unexpected format'));
          return;
        }
        const header = Buffer.concat([this.header, data.subarray(0, end)]).toString('latin1');
        this.header = Buffer.alloc(0);
        data = data.subarray(end + 1);
        const request = this.waiting[0];
        if (!request) {
          this.fail(new GitObjectsError('git cat-file answered a question nobody asked'));
          return;
        }
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          this.answer(undefined);
          continue;
        }
        const [, type, sizeText] = header.split(' ');
        const size = Number(sizeText);
        if (!Number.isInteger(size) || size < 0) {
          this.fail(new GitObjectsError('git cat-file answered in an unexpected format'));
          return;
        }
        // Only blobs are asked for; anything else (a stray commit id) reads as empty, never as text.
        request.onSize?.(type === 'blob' ? size : 0);
        this.current = { blob: type === 'blob', remaining: size + 1, limit: request.limit, parts: [], kept: 0 };
        continue;
      }
      const take = Math.min(current.remaining, data.length);
      // The content, then the line feed git ends each answer with (never kept).
      const content = Math.min(take, current.remaining - 1);
      const room = Math.min(content, current.limit - current.kept);
      if (current.blob && room > 0) {
        current.parts.push(Buffer.from(data.subarray(0, room)));
        current.kept += room;
      }
      current.remaining -= take;
      data = data.subarray(take);
      if (current.remaining === 0) {
        this.current = undefined;
        this.answer(Buffer.concat(current.parts, current.kept));
      }
    }
  }
}

/** A commit as the attribution walk sees it. */
export interface CommitInfo {
  id: string;
  parents: string[];
  author: string;
  /** Author date, ISO 8601. */
  date: string;
}

/** One changed path of a commit (`--raw`); merges list one source per parent (`-c`). */
export interface RawChange {
  /** Whether the new entry is a submodule commit (a gitlink), not a blob. */
  gitlink: boolean;
  sources: string[];
  target: string;
  path: string;
}

const COMMIT_MARK = '\u0001';

/**
 * Walks the commits of `revs` newest first with their raw changes, one git process streaming.
 * Merges show only paths that differ from every parent (a conflict resolution or an evil merge),
 * so content arriving through a merge is attributed to the branch commit that brought it.
 */
export async function walkCommits(cwd: string, revs: readonly string[], visit: (commit: CommitInfo, changes: RawChange[]) => void): Promise<void> {
  // Revisions go through stdin: thousands of refs would overflow a command line.
  const args = [
    'log',
    '--raw',
    '-c',
    '--no-renames',
    '--no-abbrev',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '--no-mailmap',
    `--format=${COMMIT_MARK}%H%x09%P%x09%aI%x09%an`,
    '--stdin',
    '--',
  ];
  let commit: CommitInfo | undefined;
  let changes: RawChange[] = [];
  for await (const line of gitLines(args, cwd, revs.join('\n') + '\n')) {
    if (line.startsWith(COMMIT_MARK)) {
      if (commit) visit(commit, changes);
      const [id = '', parents = '', date = '', ...author] = line.slice(1).split('\t');
      commit = { id, parents: parents ? parents.split(' ') : [], date, author: printable(author.join('\t')) };
      changes = [];
    } else if (line.startsWith(':') && commit) {
      const change = parseRaw(line);
      if (change) changes.push(change);
    }
  }
  if (commit) visit(commit, changes);
}

/** Author names come from commits nobody reviewed: no control characters reach a report. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 200);
}

/** `:100644 100644 <src> <dst> M\tpath` or, for merges, `::<modes…> <src…> <dst> MM\tpath`. */
function parseRaw(line: string): RawChange | undefined {
  const tab = line.indexOf('\t');
  if (tab === -1) return undefined;
  const colons = /^:+/.exec(line)![0].length;
  const fields = line.slice(colons, tab).split(' ');
  const parents = colons;
  // modes: parents + 1, ids: parents + 1, status
  const ids = fields.slice(parents + 1, parents + 1 + parents + 1);
  if (ids.length !== parents + 1 || !ids.every((id) => OBJECT_ID.test(id))) return undefined;
  const target = ids[parents]!;
  const gitlink = fields[parents] === '160000';
  // A submodule entry (mode 160000) names a commit of another repository, not a blob here.
  const sources = ids.slice(0, parents).map((id, i) => (fields[i] === '160000' ? '0'.repeat(id.length) : id));
  return { gitlink, sources, target, path: unquote(line.slice(tab + 1)) };
}

/** Commit messages of `revs`, streamed. */
export async function* commitMessages(cwd: string, revs: readonly string[]): AsyncGenerator<{ id: string; message: string }> {
  const child = spawnGit(['log', '-z', '--no-color', '--format=%H%x00%B', '--stdin', '--'], cwd);
  child.stdin.on('error', () => undefined);
  child.stdin.end(revs.join('\n') + '\n');
  child.stderr.resume();
  let pending = '';
  const parts: string[] = [];
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending += decoder.decode(chunk, { stream: true });
      const pieces = pending.split('\0');
      pending = pieces.pop() ?? '';
      parts.push(...pieces);
      while (parts.length >= 2) {
        const id = parts.shift()!;
        if (!OBJECT_ID.test(id)) continue; // resynchronise after a message that held a NUL
        yield { id, message: parts.shift()! };
      }
    }
    if (pending) parts.push(pending);
    if (parts.length >= 2 && OBJECT_ID.test(parts[0]!)) yield { id: parts[0]!, message: parts[1]! };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/** Author and date of one commit. */
export async function describeCommit(cwd: string, id: string): Promise<Omit<CommitInfo, 'parents'>> {
  const result = await gitOutput(['log', '-1', '--no-mailmap', '--format=%aI%x09%an', id, '--'], cwd);
  const [date = '', ...author] = result.ok ? result.stdout.toString('utf8').trim().split('\t') : [];
  return { id, date, author: printable(author.join('\t')) };
}

/** Every ref with the object it points at (`refs/heads/…`, `refs/tags/…`, notes, stash …). */
export async function listRefs(cwd: string): Promise<{ name: string; id: string }[]> {
  const result = await gitOutput(['for-each-ref', '--format=%(objectname) %(refname)'], cwd);
  if (!result.ok) throw new GitObjectsError(`git for-each-ref failed: ${result.stderr}`);
  return result.stdout
    .toString('utf8')
    .split('\n')
    .map((line) => /^([0-9a-f]+) (.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1]!, name: m[2]! }));
}

/** Every ref that leads to a commit (annotated tags peeled), with that commit. */
export async function commitRefs(cwd: string): Promise<{ name: string; commit: string }[]> {
  const result = await gitOutput(['for-each-ref', '--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname) %(refname)'], cwd);
  if (!result.ok) throw new GitObjectsError(`git for-each-ref failed: ${result.stderr}`);
  const refs: { name: string; commit: string }[] = [];
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const match = /^(\w+) ([0-9a-f]+) (\w*) ([0-9a-f]*) (.+)$/.exec(line);
    if (!match) continue;
    if (match[1] === 'commit') refs.push({ name: match[5]!, commit: match[2]! });
    else if (match[3] === 'commit') refs.push({ name: match[5]!, commit: match[4]! });
  }
  return refs;
}

/**
 * Which refs reach each of `targets`, in one topological walk (`rev-list --topo-order` shows
 * every child before its parents). Each commit on the walk's frontier holds the set of refs that
 * reach it as an interned bitset, so memory follows the width of the graph and the number of
 * distinct ref sets, not the number of commits. One `for-each-ref --contains` per commit would
 * walk the graph once per ref, for every finding.
 */
export async function refsReaching(
  cwd: string,
  refs: readonly { name: string; commit: string }[],
  targets: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (!targets.size || !refs.length) return found;
  const words = Math.ceil(refs.length / 32);
  const sets: Uint32Array[] = [new Uint32Array(words)];
  const interned = new Map<string, number>([[sets[0]!.join(','), 0]]);
  const intern = (bits: Uint32Array): number => {
    const key = bits.join(',');
    let id = interned.get(key);
    if (id === undefined) {
      id = sets.length;
      sets.push(bits);
      interned.set(key, id);
    }
    return id;
  };
  const unions = new Map<string, number>();
  const union = (a: number, b: number): number => {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let id = unions.get(key);
    if (id === undefined) {
      const bits = new Uint32Array(words);
      for (let i = 0; i < words; i++) bits[i] = sets[a]![i]! | sets[b]![i]!;
      unions.set(key, (id = intern(bits)));
    }
    return id;
  };
  const tipsAt = new Map<string, number>();
  refs.forEach((ref, index) => {
    const bits = new Uint32Array(words);
    bits[index >>> 5] = 1 << (index & 31);
    tipsAt.set(ref.commit, union(tipsAt.get(ref.commit) ?? 0, intern(bits)));
  });
  const pending = new Map<string, number>();
  let left = targets.size;
  const tips = [...new Set(refs.map((ref) => ref.commit))];
  for await (const line of gitLines(['rev-list', '--topo-order', '--parents', '--stdin'], cwd, tips.join('\n') + '\n')) {
    const [commit = '', ...parents] = line.split(' ');
    const set = union(pending.get(commit) ?? 0, tipsAt.get(commit) ?? 0);
    pending.delete(commit);
    if (targets.has(commit)) {
      const bits = sets[set]!;
      found.set(
        commit,
        refs.filter((_, index) => (bits[index >>> 5]! >>> (index & 31)) & 1).map((ref) => ref.name),
      );
      if (--left === 0) break;
    }
    for (const parent of parents) pending.set(parent, union(pending.get(parent) ?? 0, set));
  }
  return found;
}

/** Resolves a revision to a commit id, or undefined when it names none here. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | undefined> {
  const result = await gitOutput(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], cwd);
  const id = result.stdout.toString('utf8').trim();
  return result.ok && OBJECT_ID.test(id) ? id : undefined;
}

/** Blob id → path of every file in a commit's tree. */
export async function treeBlobs(cwd: string, commit: string): Promise<Map<string, string>> {
  const result = await gitOutput(['ls-tree', '-r', '-z', '--full-tree', commit], cwd);
  const blobs = new Map<string, string>();
  if (!result.ok) return blobs;
  for (const entry of result.stdout.toString('utf8').split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t([\s\S]+)$/.exec(entry);
    if (match && !blobs.has(match[1]!)) blobs.set(match[1]!, match[2]!);
  }
  return blobs;
}

/** What kind of repository `cwd` is in. */
export interface RepositoryInfo {
  /** Directory git commands run in (the work tree's top, or the git dir of a bare repository). */
  cwd: string;
  bare: boolean;
  shallow: boolean;
  /** The commit HEAD points at, if HEAD is born. */
  head?: string;
}

export async function repositoryInfo(dir: string): Promise<RepositoryInfo | undefined> {
  const result = await gitOutput(['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--show-toplevel'], dir);
  const lines = result.stdout.toString('utf8').split('\n');
  if (!result.ok && lines[0] !== 'true') {
    // A bare repository has no top level; rev-parse reports that as an error after the answers.
    const bare = await gitOutput(['rev-parse', '--is-bare-repository', '--is-shallow-repository'], dir);
    const answers = bare.stdout.toString('utf8').split('\n');
    if (!bare.ok || answers[0] !== 'true') return undefined;
    return { cwd: dir, bare: true, shallow: answers[1] === 'true', head: await resolveCommit(dir, 'HEAD') };
  }
  const bare = lines[0] === 'true';
  const cwd = bare ? dir : (lines[2] ?? dir);
  return { cwd, bare, shallow: lines[1] === 'true', head: await resolveCommit(cwd, 'HEAD') };
}

/** The origin remote as a URI without credentials (for SARIF's versionControlProvenance). */
export async function originUri(cwd: string): Promise<string | undefined> {
  const result = await gitOutput(['config', '--get', 'remote.origin.url'], cwd);
  const url = result.ok ? result.stdout.toString('utf8').trim() : '';
  if (!url) return undefined;
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/.exec(url);
  if (scp) return `https://${scp[1]}/${scp[2]!.replace(/^\/+/, '')}`;
  try {
    const parsed = new URL(url);
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return undefined;
  }
}
