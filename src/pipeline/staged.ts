import type { SourceFile } from './discover.js';
import { DIFF_HARDENING, git, splitNul } from './git.js';

/** What a commit is about to record: staged blobs and the lines the commit adds to each. */
export interface StagedChanges {
  files: SourceFile[];
  /** 1-based line numbers added or changed, per path. */
  addedLines: Map<string, Set<number>>;
}

export class StagedError extends Error {
  override name = 'StagedError';
}

/**
 * Reads the staged state from the index (never the working tree), so a partially staged file is
 * judged by exactly what will be committed. Honours `GIT_INDEX_FILE` (inherited by git), which
 * `git commit -a` and `git commit <path>` point at a temporary index. `top` must be the work
 * tree's top level, because that variable may hold a path relative to it.
 */
export async function readStaged(top: string): Promise<StagedChanges> {
  // The name list and the patch are independent: ask for both at once (a hook waits on every spawn).
  const [statusOut, patch] = await Promise.all([
    git(['diff', '--cached', '--name-status', '-z', '-M', ...DIFF_HARDENING], top),
    git(['diff', '--cached', '-U0', '-M', ...DIFF_HARDENING, '--diff-filter=ACMRT'], top),
  ]);
  const status = splitNul(statusOut);
  const paths: string[] = [];
  for (let i = 0; i < status.length; ) {
    const code = status[i++] ?? '';
    if (code.startsWith('U')) throw new StagedError('the index has unmerged paths; resolve the merge conflicts before committing');
    if (code.startsWith('R') || code.startsWith('C')) {
      i++; // the old path
      paths.push(status[i++]!);
    } else if (code.startsWith('D')) {
      i++; // deleted: nothing will be committed there
    } else {
      paths.push(status[i++]!);
    }
  }
  if (!paths.length) return { files: [], addedLines: new Map() };

  const entries = await indexEntries(top, paths);
  const blobs = await readBlobs(top, entries.map((e) => e.object));
  const files: SourceFile[] = entries.map((entry, i) => {
    const blob = blobs[i]!;
    return { path: entry.path, size: blob.length, read: async () => blob };
  });
  return { files, addedLines: parseAddedLines(patch) };
}

interface IndexEntry {
  path: string;
  object: string;
}

/** Object ids of stage-0 entries; submodules (gitlinks) are skipped. */
async function indexEntries(top: string, paths: string[]): Promise<IndexEntry[]> {
  const wanted = new Set(paths);
  // Long path lists would overflow the command line: list the whole index instead.
  const pathspecs = paths.length <= 500 ? ['--', ...paths.map(literalPathspec)] : [];
  const out = splitNul(await git(['ls-files', '--stage', '-z', ...pathspecs], top));
  const entries: IndexEntry[] = [];
  for (const line of out) {
    const match = /^(\d+) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(line);
    if (!match || match[3] !== '0' || match[1] === '160000' || !wanted.has(match[4]!)) continue;
    entries.push({ path: match[4]!, object: match[2]! });
  }
  return entries;
}

/** A pathspec that matches the path literally, whatever characters it holds. */
function literalPathspec(path: string): string {
  return `:(literal)${path}`;
}

/** Reads blobs through one `git cat-file --batch` process. */
async function readBlobs(top: string, objects: string[]): Promise<Buffer[]> {
  const out = await git(['cat-file', '--batch'], top, objects.join('\n') + '\n');
  const blobs: Buffer[] = [];
  let at = 0;
  for (const object of objects) {
    const headerEnd = out.indexOf(10, at);
    const header = out.subarray(at, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!header.startsWith(object) || !Number.isFinite(size)) throw new StagedError(`could not read the staged blob ${object}`);
    blobs.push(out.subarray(headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
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

/** Decodes git's C-style quoted path (`"b/a\"b\303\251"`); unquoted names pass through. */
export function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
