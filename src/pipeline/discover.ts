import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Note } from '../rule/types.js';
import { git, gitTopLevel, splitNul } from './git.js';

/** A file to scan: its path relative to the scan root and a way to read its bytes. */
export interface SourceFile {
  /** POSIX path relative to the scan root. */
  path: string;
  /** Size in bytes, when known before reading. */
  size?: number;
  /** Absolute path on disk, for files read from the work tree (lets worker threads read them). */
  absolute?: string;
  read(): Promise<Buffer>;
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
  const paths = options.gitignore && (await gitTopLevel(options.root)) ? await listWithGit(options.root) : await walk(options, notes);
  const selected = filterPaths(paths, options);
  const realRoot = await realpath(options.root);
  const files: SourceFile[] = [];
  await forEachLimit(selected, 64, async (path) => {
    // git lists no path below a linked directory, and the walk does not follow one
    const file = await regularFile(path, join(options.root, path), realRoot, notes, false);
    if (file) files.push(file);
  });
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
  await forEachLimit(absolutePaths, 64, async (absolute) => {
    const file = await regularFile(toPosix(relative(root, absolute)), absolute, realRoot, notes, true);
    if (file) files.push(file);
  });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A regular file inside the root, or undefined (with a note when something is left unread). */
async function regularFile(path: string, absolute: string, realRoot: string, notes: Note[], checkParents: boolean): Promise<SourceFile | undefined> {
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot + sep);
  let info;
  try {
    info = await lstat(absolute);
    if (info.isSymbolicLink()) {
      const target = await realpath(absolute);
      if (!inside(target)) {
        notes.push({ level: 'info', code: 'symlink-outside-root', message: 'symbolic link leads outside the scan root; skipped', path });
        return undefined;
      }
      info = await stat(absolute);
    } else if (checkParents && !inside(await realpath(dirname(absolute)))) {
      // a parent directory is a link out of the root
      notes.push({ level: 'info', code: 'symlink-outside-root', message: 'symbolic link leads outside the scan root; skipped', path });
      return undefined;
    }
  } catch {
    return undefined; // listed by git but deleted from the work tree, or a dangling link: nothing to scan
  }
  if (info.isDirectory()) return undefined;
  if (!info.isFile()) {
    notes.push({ level: 'warning', code: 'not-a-file', message: 'not a regular file (FIFO, socket or device); skipped', path });
    return undefined;
  }
  return { path, size: info.size, absolute, read: () => readFile(absolute) };
}

/** Applies targets, include and exclude globs (picomatch with `dot: true`) to relative paths. */
export function filterPaths(paths: readonly string[], options: Pick<DiscoverOptions, 'targets' | 'include' | 'exclude'>): string[] {
  return paths.filter(pathFilter(options));
}

/** The same filter as a predicate, compiled once (history scans test one path per blob). */
export function pathFilter(options: Pick<DiscoverOptions, 'targets' | 'include' | 'exclude'>): (path: string) => boolean {
  const include = options.include.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
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

async function listWithGit(root: string): Promise<string[]> {
  const out = await git(['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--full-name', '--', '.'], root);
  const top = (await gitTopLevel(root)) ?? root;
  const prefix = toPosix(relative(await realpath(top), await realpath(root)));
  const listed = new Set<string>();
  for (const path of splitNul(out)) {
    const local = prefix ? (path.startsWith(prefix + '/') ? path.slice(prefix.length + 1) : undefined) : path;
    if (local) listed.add(local);
  }
  return [...listed];
}

interface IgnoreLayer {
  base: string;
  ignores: (path: string) => boolean;
}

async function walk(options: DiscoverOptions, notes: Note[]): Promise<string[]> {
  const ignoreModule = options.gitignore ? (await import('ignore')).default : undefined;
  const found: string[] = [];
  const visit = async (dir: string, layers: IgnoreLayer[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(options.root, dir), { withFileTypes: true });
    } catch {
      notes.push({ level: 'warning', code: 'unreadable', message: 'directory could not be read; skipped', path: dir || '.' });
      return;
    }
    let active = layers;
    if (ignoreModule && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const rules = ignoreModule().add(await readFile(join(options.root, dir, '.gitignore'), 'utf8'));
        active = [...layers, { base: dir, ignores: (path) => rules.ignores(path) }];
      } catch {
        notes.push({ level: 'warning', code: 'unreadable', message: '.gitignore could not be read', path: join(dir, '.gitignore') });
      }
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (active.some((layer) => layer.ignores(relativeTo(layer.base, path) + (isDir ? '/' : '')))) continue;
      if (isDir) subdirs.push(path);
      else if (entry.isFile() || entry.isSymbolicLink()) found.push(path);
    }
    for (const sub of subdirs) await visit(sub, active);
  };
  await visit('', []);
  return found;
}

function relativeTo(base: string, path: string): string {
  return base ? path.slice(base.length + 1) : path;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
