import type { SourceFile } from './discover.js';
import { nameFromBytes, splitNulNames, unquote, type FileName } from './file-names.js';
import { BlobReader } from './git-objects.js';
import { realpathSync } from 'node:fs';
import { DIFF_HARDENING, git, gitTopLevel, looksLikeWorkTreeTop } from './git.js';

/** What a commit is about to record: staged blobs and the lines the commit adds to each. */
export interface StagedChanges {
  files: SourceFile[];
  /**
   * Unchanged files read from the index only so repository rules see the commit whole: a GitHub
   * Agentic Workflow's source and its compiled lock file (with the markdown it may import) as they
   * will be committed, when the commit touches either. No finding is ever kept in them.
   */
  context: SourceFile[];
  /** 1-based line numbers added or changed, per path (every line, for a file git takes for binary). */
  addedLines: Map<string, Set<number>>;
}

export class StagedError extends Error {
  override name = 'StagedError';
}

/**
 * The top level of the work tree containing `cwd` and what its index stages; undefined outside a
 * work tree. A hook runs at the top level: there the index is read while git confirms that it is
 * the top level, not after (a commit waits on every git in turn). Anywhere else, or if git names
 * another top level, the index is read from the one git names.
 */
export async function readStagedFrom(cwd: string): Promise<{ top: string; staged: StagedChanges } | undefined> {
  const early = looksLikeWorkTreeTop(cwd) ? readStaged(cwd) : undefined;
  // Handled here too, so that an early read nobody uses is not an unhandled rejection.
  early?.catch(() => undefined);
  const top = await gitTopLevel(cwd);
  if (!top) return undefined;
  if (early && top === realpathSync(cwd)) return { top, staged: await early };
  return { top, staged: await readStaged(top) };
}

/**
 * Reads the staged state from the index (never the working tree), so a partially staged file is
 * judged by exactly what will be committed. Honours `GIT_INDEX_FILE` (inherited by git), which
 * `git commit -a` and `git commit <path>` point at a temporary index. `top` must be the work
 * tree's top level, because that variable may hold a path relative to it.
 */
export async function readStaged(top: string): Promise<StagedChanges> {
  // One git for what a hook needs to know before reading a blob: each change with its index
  // object (--raw), which files git takes for binary (--numstat), and the added lines (-U0).
  // The reader of the blobs starts with the diff, not after it: a commit waits on each git in turn.
  // Until a blob is asked for it does not keep this process running (see BlobReader).
  const blobs = new StagedBlobs(new BlobReader(top));
  let diff: ReturnType<typeof splitStagedDiff>;
  try {
    diff = splitStagedDiff(await git(['diff', '--cached', '-M', '--raw', '--no-abbrev', '--numstat', '-p', '-U0', '-z', ...DIFF_HARDENING], top));
    if (diff.changes.some((change) => change.status === 'U')) {
      throw new StagedError('the index has unmerged paths; resolve the merge conflicts before committing');
    }
  } catch (error) {
    blobs.close();
    throw error;
  }
  // Deleted paths commit nothing; submodules (gitlinks) are another repository's commits, not files.
  const entries: IndexEntry[] = diff.changes
    .filter((change) => change.status !== 'D' && change.mode !== GITLINK_MODE)
    .map((change) => ({ path: change.path, object: change.object }));
  if (!entries.length) {
    blobs.close();
    return { files: [], context: [], addedLines: new Map() };
  }

  const staged = new Set(entries.map((e) => e.path));
  const companions = entries.some((e) => isAgenticPart(e.path)) ? (await agenticEntries(top)).filter((e) => !staged.has(e.path)) : [];
  // Each blob's size comes with its bytes, from the one `git cat-file --batch` that reads them.
  const source = (entry: IndexEntry): SourceFile => {
    const file: SourceFile = { path: entry.path, read: (limit) => blobs.read(entry.object, limit, (size) => (file.size = size)) };
    return file;
  };
  const files = entries.map(source);
  const context = companions.map(source);
  const addedLines = parseAddedLines(diff.patch);
  // Git shows no lines for a file it takes for binary (UTF-16 text, a NUL byte): nhiscan may
  // still read it as text, so every line of it counts as added.
  for (const path of diff.binary) addedLines.set(path, EVERY_LINE);
  return { files, context, addedLines };
}

const GITLINK_MODE = '160000';

/** One change of `git diff --raw`: its status letter and the index side (new path, mode and object). */
interface StagedChange {
  status: string;
  path: string;
  mode: string;
  object: string;
}

/**
 * Splits the output of `git diff --raw --numstat -p -z`: NUL-separated raw records
 * (`:<old mode> <new mode> <old id> <new id> <status>`, then the path, or the old and the new path
 * for a rename or copy), then numstat records (`<added>\t<deleted>\t<path>`, or for a rename
 * `<added>\t<deleted>\t` and both paths), then an empty field, then the patch as text. Every
 * record's field count is known from its first field, and no name is empty, so names with any
 * byte in them cannot shift the fields.
 */
function splitStagedDiff(output: Buffer): { changes: StagedChange[]; binary: string[]; patch: Buffer } {
  const changes: StagedChange[] = [];
  const binary: string[] = [];
  let start = 0;
  const next = (): FileName | undefined => {
    const end = output.indexOf(0, start);
    if (end === -1) return undefined;
    const field = output.subarray(start, end);
    start = end + 1;
    return field.length ? nameFromBytes(field) : { path: '' };
  };
  for (let field = next(); field !== undefined; field = next()) {
    if (field.path === '') return { changes, binary, patch: output.subarray(start) };
    const raw = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(field.path);
    if (raw) {
      const status = raw[5]!;
      const first = next();
      const path = status === 'R' || status === 'C' ? next() : first;
      if (!path) break;
      changes.push({ status, path: path.path, mode: raw[2]!, object: raw[4]! });
      continue;
    }
    const stat = /^(-|\d+)\t(-|\d+)\t([\s\S]*)$/.exec(field.path);
    if (!stat) throw new StagedError('could not read the output of git diff --cached');
    // A rename or copy ends its stat with a tab and gives the old and new names as the next two fields.
    const path = stat[3] === '' ? (next(), next()?.path) : stat[3];
    if (stat[1] === '-' && path !== undefined) binary.push(path);
  }
  // No separator: git printed no patch (nothing staged).
  return { changes, binary, patch: Buffer.alloc(0) };
}

/**
 * A path a GitHub Agentic Workflow is built from: a workflow's markdown source, its `.lock.yml`,
 * or markdown under `.github/` that a source may import. Whether a lock is stale depends on all of them.
 */
function isAgenticPart(path: string): boolean {
  return /^\.github\/.+\.md$/i.test(path) || /^\.github\/workflows\/.+\.lock\.yml$/i.test(path);
}

/** Index entries of every gh-aw source, import candidate and lock file (markdown and `.lock.yml` under `.github/`). */
async function agenticEntries(top: string): Promise<IndexEntry[]> {
  const out = splitNulNames(await git(['ls-files', '--stage', '-z', '--', ':(glob).github/**/*.md', ':(glob).github/workflows/**/*.lock.yml'], top));
  const entries: IndexEntry[] = [];
  for (const line of out.map(stageLine)) {
    const match = /^(\d+) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(line);
    if (!match || match[3] !== '0' || match[1] === '160000' || !isAgenticPart(match[4]!)) continue;
    entries.push({ path: match[4]!, object: match[2]! });
  }
  return entries;
}

/**
 * The line filter of `--all-lines`: every line of every staged file, and none of the context
 * files (they are read for repository rules, never reported on).
 */
export function everyStagedLine(staged: StagedChanges): Map<string, Set<number>> {
  return new Map(staged.files.map((file) => [file.path, EVERY_LINE]));
}

/** The line set of a file whose changed lines git does not show: every line. */
const EVERY_LINE: Set<number> = new (class extends Set<number> {
  override has(): boolean {
    return true;
  }
})();

/**
 * Staged blobs, read one request at a time from one `git cat-file --batch`: memory holds the blobs
 * being scanned (each cut at the size limit), not everything staged. The reader holds this
 * process open only while a read waits (see BlobReader), so it can stay until the process ends.
 */
class StagedBlobs {
  constructor(private readonly reader: BlobReader) {}

  async read(object: string, limit?: number, onSize?: (size: number) => void): Promise<Buffer> {
    const blob = await this.reader.read(object, limit, onSize);
    if (!blob) throw new StagedError(`could not read the staged blob ${object}`);
    return blob;
  }

  close(): void {
    this.reader.close();
  }
}

interface IndexEntry {
  path: string;
  object: string;
}

/** An `ls-files --stage` line with its name as `nameFromBytes` gives it (the fields before it are ASCII). */
function stageLine(name: FileName): string {
  if (!name.raw) return name.path;
  const tab = name.raw.indexOf(9);
  return name.raw.subarray(0, tab + 1).toString('latin1') + nameFromBytes(name.raw.subarray(tab + 1)).path;
}

/** Added line numbers per new path, from a `-U0` patch. */
export function parseAddedLines(patch: Buffer): Map<string, Set<number>> {
  const result = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of patch.toString('utf8').split('\n')) {
    if (line.startsWith('+++ ')) {
      // git appends a tab to names with spaces (for GNU patch)
      const name = line.slice(4).replace(/\t$/, '');
      current = undefined;
      if (name === '/dev/null') continue;
      const path = unquote(name).replace(/^b\//, '');
      current = new Set();
      result.set(path, current);
    } else if (line.startsWith('@@ ') && current) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!match) continue;
      const start = Number(match[1]);
      const count = match[2] === undefined ? 1 : Number(match[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return result;
}
