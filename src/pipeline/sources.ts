import { closeSync, openSync, readSync } from 'node:fs';
import type { ScannedSources } from '../rule/types.js';
import type { SourceFile } from './discover.js';

/**
 * The scan's own files, readable by path from a file rule (read only, synchronously, bounded).
 * A rule that must see how one file uses another (a pipeline adding a stage class or helper an
 * imported module defines) asks here: it gets only files this scan discovered (include, exclude
 * and .gitignore applied, symlinks out of the tree already refused), never anything else on
 * disk. Files that exist only in memory or in git objects (`--staged`, history) are not readable:
 * `read` answers undefined and the rule falls back to what the file says alone.
 */
export class DiscoveredSources implements ScannedSources {
  private readonly byPath: ReadonlyMap<string, string | Buffer | Uint8Array>;
  private readonly inMemory: ReadonlyMap<string, () => Buffer>;

  constructor(files: Iterable<Pick<SourceFile, 'path' | 'readSync'> & { absolute?: string | Buffer | Uint8Array }>) {
    const byPath = new Map<string, string | Buffer | Uint8Array>();
    const inMemory = new Map<string, () => Buffer>();
    for (const file of files) {
      if (!READABLE.test(file.path)) continue;
      if (file.absolute !== undefined) byPath.set(file.path, file.absolute);
      else if (file.readSync) inMemory.set(file.path, file.readSync.bind(file));
    }
    this.byPath = byPath;
    this.inMemory = inMemory;
  }

  /** The readable files on disk: what a worker thread needs to build the same view. */
  entries(): [string, string | Buffer | Uint8Array][] {
    return [...this.byPath];
  }

  paths(): Iterable<string> {
    return [...this.byPath.keys(), ...this.inMemory.keys()];
  }

  has(path: string): boolean {
    return this.byPath.has(path) || this.inMemory.has(path);
  }

  read(path: string, maxBytes: number): string | undefined {
    const held = this.inMemory.get(path)?.();
    if (held) return held.length > maxBytes || held.includes(0) ? undefined : held.toString('utf8');
    const absolute = this.byPath.get(path);
    if (absolute === undefined) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(typeof absolute === 'string' || Buffer.isBuffer(absolute) ? absolute : Buffer.from(absolute), 'r');
      const buffer = Buffer.alloc(maxBytes + 1);
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      // Over the limit, or binary: not source code a rule should follow.
      if (length > maxBytes || buffer.subarray(0, length).includes(0)) return undefined;
      return buffer.toString('utf8', 0, length);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** What cross-file analysis reads: code modules and the manifests that say how imports resolve. */
const READABLE = /\.(?:[cm]?[jt]sx?)$|(?:^|\/)(?:package\.json|tsconfig[^/]*\.json|pnpm-workspace\.ya?ml)$/;

/** No file of the scan is readable (in-memory and git-object scans). */
export const NO_SOURCES: ScannedSources = {
  paths: () => [],
  has: () => false,
  read: () => undefined,
};
