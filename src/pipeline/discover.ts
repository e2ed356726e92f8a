import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { globMatcher } from '../detect/linear-glob.js';
import type { Note } from '../rule/types.js';
import { joinName, nameFromBytes, splitNulNames, type FileName } from './file-names.js';
import { git, gitTopLevel } from './git.js';

/** A file to scan: its path relative to the scan root and a way to read its bytes. */
export interface SourceFile {
  /** POSIX path relative to the scan root. */
  path: string;
  /**
   * Size in bytes, when known before reading; a source that learns it only as it reads (a staged
   * blob) sets it before `read` resolves.
   */
  size?: number;
  /**
   * Absolute path on disk, for files read from the work tree (lets worker threads read them):
   * bytes for a name that is not valid UTF-8 (`path` then holds its escaped form).
   */
  absolute?: string | Buffer;
  /**
   * The file's bytes; with `limit`, a source may stop after that many (a file over the size
   * limit is scanned up to it), so memory stays bounded by the limit, not by the file.
   */
  read(limit?: number): Promise<Buffer>;
  /**
   * The bytes at once, for a file held in memory: lets a rule read it while following an import
   * (see sources.ts). Files on disk are read through `absolute`; git objects are not readable so.
   */
  readSync?(): Buffer;
}

/**
 * At most `limit` bytes from the start of a file on disk (the whole file when it is smaller).
 *
 * Read synchronously, like the rest of the tree's file system calls: a scan is bound by the CPU,
 * and on a local disk the promise API's thread-pool round trips (open, stat, read, close) cost
 * more than the reads themselves (7,200 files of node_modules: 150 ms synchronously, 340-600 ms
 * of CPU through fs/promises).
 */
export async function readHead(name: string | Buffer | Uint8Array, limit?: number): Promise<Buffer> {
  // A name in bytes arrives from a worker message as a plain Uint8Array.
  const absolute = typeof name === 'string' || Buffer.isBuffer(name) ? name : Buffer.from(name);
  if (limit === undefined) return readFileSync(absolute);
  const fd = openSync(absolute, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(limit, fstatSync(fd).size));
    let filled = 0;
    while (filled < buffer.length) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (!bytesRead) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

export interface DiscoverOptions {
  /** Absolute scan root. */
  root: string;
  /** Files or directories under the root to limit the scan to (relative POSIX paths). */
  targets?: readonly string[];
  include: readonly string[];
  exclude: readonly string[];
  /** Honour .gitignore (git's own listing in a work tree, a .gitignore-aware walk elsewhere). */
  gitignore: boolean;
}

/** Directories never descended into, whatever the ignore files say. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn']);

/**
 * Lists the files to scan. In a git work tree (and with `gitignore` on) it asks git for tracked
 * and untracked-but-not-ignored files; elsewhere it walks the tree honouring `.gitignore` files.
 * Symlinks that lead outside the root are skipped with a note.
 */
export async function discoverFiles(options: DiscoverOptions, notes: Note[]): Promise<SourceFile[]> {
  const names = options.gitignore && (await gitTopLevel(options.root)) ? await listWithGit(options.root) : await walk(options, notes);
  const keep = pathFilter(options);
  const selected = names.filter((name) => keep(name.path));
  const realRoot = await realpath(options.root);
  const files: SourceFile[] = [];
  for (const name of selected) {
    // git lists no path below a linked directory, and the walk does not follow one
    const file = regularFile(name.path, joinName(options.root, name), realRoot, notes, false);
    if (file) files.push(file);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The files named on the command line (`--files`): the same checks as a tree walk, so a listed
 * FIFO, device or link out of the repository is skipped with a note instead of being read, and
 * the size is known before reading. Names that do not exist were deleted or renamed away.
 */
export async function listedFiles(root: string, absolutePaths: readonly string[], notes: Note[]): Promise<SourceFile[]> {
  const realRoot = await realpath(root);
  const files: SourceFile[] = [];
  for (const absolute of absolutePaths) {
    const file = regularFile(toPosix(relative(root, absolute)), absolute, realRoot, notes, true);
    if (file) files.push(file);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A regular file inside the root, or undefined (with a note when something is left unread). Synchronous: see `readHead`. */
function regularFile(path: string, absolute: string | Buffer, realRoot: string, notes: Note[], checkParents: boolean): SourceFile | undefined {
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot + sep);
  let info;
  try {
    info = lstatSync(absolute);
    if (info.isSymbolicLink()) {
      const target = realpathSync(absolute);
      if (!inside(target)) {
        notes.push({ level: 'info', code: 'symlink-outside-root', message: 'symbolic link leads outside the scan root; skipped', path });
        return undefined;
      }
      info = statSync(absolute);
    } else if (checkParents && typeof absolute === 'string' && !inside(realpathSync(dirname(absolute)))) {
      // a parent directory is a link out of the root
      notes.push({ level: 'info', code: 'symlink-outside-root', message: 'symbolic link leads outside the scan root; skipped', path });
      return undefined;
    }
  } catch {
    // Node decodes command-line arguments as UTF-8: a listed name that is not valid UTF-8 arrives
    // with U+FFFD in place of its bad bytes and names no file. Say so rather than skip it.
    if (checkParents && path.includes('\ufffd')) {
      notes.push({
        level: 'warning',
        code: 'unreadable',
        message: 'file name is not valid UTF-8 and cannot be passed as an argument; not scanned (nhiscan scan --staged or a tree scan reads it)',
        path,
      });
    }
    return undefined; // listed by git but deleted from the work tree, or a dangling link: nothing to scan
  }
  if (info.isDirectory()) return undefined;
  if (!info.isFile()) {
    notes.push({ level: 'warning', code: 'not-a-file', message: 'not a regular file (FIFO, socket or device); skipped', path });
    return undefined;
  }
  return { path, size: info.size, absolute, read: (limit) => readHead(absolute, limit !== undefined && info.size > limit ? limit : undefined) };
}

/** Targets, include and exclude globs (picomatch with `dot: true`) as a predicate on relative paths, compiled once. */
export function pathFilter(options: Pick<DiscoverOptions, 'targets' | 'include' | 'exclude'>): (path: string) => boolean {
  const include = options.include.length ? globMatcher(options.include) : undefined;
  const exclude = options.exclude.length ? globMatcher(options.exclude) : undefined;
  const targets = (options.targets ?? []).map((t) => t.replace(/\/+$/, '')).filter((t) => t && t !== '.');
  return (path) => {
    if (targets.length && !targets.some((t) => path === t || path.startsWith(t + '/'))) return false;
    if (include && !include(path)) return false;
    if (exclude && (exclude(path) || excludedDirectory(path, exclude))) return false;
    return true;
  };
}

/** `exclude: ["vendor"]` or `["dist/"]` also excludes everything below that directory. */
function excludedDirectory(path: string, exclude: (path: string) => boolean): boolean {
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    if (exclude(path.slice(0, i)) || exclude(path.slice(0, i + 1))) return true;
  }
  return false;
}

/** Tracked and untracked-but-not-ignored files, by their names relative to the root (raw bytes kept). */
async function listWithGit(root: string): Promise<FileName[]> {
  const out = await git(['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--full-name', '--', '.'], root);
  const top = (await gitTopLevel(root)) ?? root;
  const prefix = toPosix(relative(await realpath(top), await realpath(root)));
  const below = Buffer.from(prefix ? prefix + '/' : '');
  const listed = new Map<string, FileName>();
  for (const name of splitNulNames(out)) {
    const bytes = name.raw ?? Buffer.from(name.path);
    if (!bytes.subarray(0, below.length).equals(below) || bytes.length === below.length) continue;
    const local = below.length ? nameFromBytes(bytes.subarray(below.length)) : name;
    listed.set(local.path, local);
  }
  return [...listed.values()];
}

interface IgnoreLayer {
  base: string;
  ignores: (path: string) => boolean;
}

/**
 * Walks the tree, honouring `.gitignore` files. Names are read as bytes, so a name that is not
 * valid UTF-8 is listed (by its escaped form, with its bytes) rather than lost.
 */
async function walk(options: DiscoverOptions, notes: Note[]): Promise<FileName[]> {
  const ignoreModule = options.gitignore ? (await import('ignore')).default : undefined;
  const found: FileName[] = [];
  /** `dir` is the directory's path as reports show it; `rawDir` its bytes when some part is not UTF-8. */
  const visit = async (dir: string, rawDir: Buffer | undefined, layers: IgnoreLayer[]): Promise<void> => {
    let entries;
    try {
      entries = readdirSync(rawDir ? joinName(options.root, { path: dir, raw: rawDir }) : join(options.root, dir), {
        withFileTypes: true,
        encoding: 'buffer',
      });
    } catch {
      notes.push({ level: 'warning', code: 'unreadable', message: 'directory could not be read; skipped', path: dir || '.' });
      return;
    }
    let active = layers;
    if (ignoreModule && entries.some((e) => e.name.toString('latin1') === '.gitignore' && e.isFile())) {
      try {
        const rules = ignoreModule().add(
          await readFile(joinName(rawDir ? joinName(options.root, { path: dir, raw: rawDir }) : join(options.root, dir), '.gitignore'), 'utf8'),
        );
        active = [...layers, { base: dir, ignores: (path) => rules.ignores(path) }];
      } catch {
        notes.push({ level: 'warning', code: 'unreadable', message: '.gitignore could not be read', path: join(dir, '.gitignore') });
      }
    }
    const subdirs: FileName[] = [];
    for (const entry of entries) {
      const name = nameFromBytes(entry.name);
      if (ALWAYS_SKIPPED.has(name.path)) continue;
      const path = dir ? `${dir}/${name.path}` : name.path;
      const raw = rawDir || name.raw ? Buffer.concat([...(dir ? [rawDir ?? Buffer.from(dir), Buffer.from('/')] : []), entry.name]) : undefined;
      const isDir = entry.isDirectory();
      if (active.some((layer) => layer.ignores(relativeTo(layer.base, path) + (isDir ? '/' : '')))) continue;
      if (isDir) subdirs.push({ path, raw });
      else if (entry.isFile() || entry.isSymbolicLink()) found.push({ path, raw });
    }
    for (const sub of subdirs) await visit(sub.path, sub.raw, active);
  };
  await visit('', undefined, []);
  return found;
}

function relativeTo(base: string, path: string): string {
  return base ? path.slice(base.length + 1) : path;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
