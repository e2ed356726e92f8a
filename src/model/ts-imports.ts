import { posix } from 'node:path';
import picomatch from 'picomatch';
import { parserModule } from '../document/parsers.js';
import type { ScannedSources } from '../rule/types.js';

/**
 * Where a TypeScript module's imports lead inside the scanned repository: relative paths, the
 * repository's tsconfig `paths`/`baseUrl`, and its own workspace packages (package.json
 * `workspaces`, pnpm-workspace.yaml) through their `types`/`main`/`exports`. Only files of the
 * scan are considered: nothing is resolved from node_modules, nothing outside the tree is read.
 */

/** One file of the import closure. */
export interface ImportedFile {
  path: string;
  text: string;
}

/** Why the closure stopped short of every import. */
export type ClosureLimit = 'files' | 'bytes' | 'depth';

export interface ImportClosure {
  /** The entry module first, then what it imports (breadth first). */
  files: ImportedFile[];
  /** How each `(importing file, specifier)` resolved, for the type checker's module resolution. */
  resolved: Map<string, string>;
  /** Set when a cap cut the closure short. */
  limit?: ClosureLimit;
}

/** At most this many files, this much text and this many import hops per closure. */
export const CLOSURE_LIMITS = { files: 48, bytes: 2 * 1024 * 1024, depth: 5, fileBytes: 512 * 1024 } as const;

const CODE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

/** The import closure of one module: the module and every repository module it reaches, bounded. */
export function importClosure(entry: ImportedFile, sources: ScannedSources, specifiersOf: (text: string, path: string) => string[]): ImportClosure {
  const resolver = new ImportResolver(sources);
  const files: ImportedFile[] = [entry];
  const resolved = new Map<string, string>();
  const seen = new Set([entry.path]);
  let bytes = entry.text.length;
  let limit: ClosureLimit | undefined;
  let frontier = [entry];
  for (let depth = 0; frontier.length; depth++) {
    const next: ImportedFile[] = [];
    for (const file of frontier) {
      for (const specifier of specifiersOf(file.text, file.path)) {
        const target = resolver.resolve(file.path, specifier);
        if (!target) continue;
        resolved.set(resolutionKey(file.path, specifier), target);
        if (seen.has(target)) continue;
        if (depth >= CLOSURE_LIMITS.depth) {
          limit ??= 'depth';
          continue;
        }
        if (files.length >= CLOSURE_LIMITS.files) {
          limit ??= 'files';
          continue;
        }
        const text = sources.read(target, CLOSURE_LIMITS.fileBytes);
        if (text === undefined) continue;
        if (bytes + text.length > CLOSURE_LIMITS.bytes) {
          limit ??= 'bytes';
          continue;
        }
        seen.add(target);
        bytes += text.length;
        const imported = { path: target, text };
        files.push(imported);
        next.push(imported);
      }
    }
    frontier = next;
  }
  return { files, resolved, limit };
}

export function resolutionKey(from: string, specifier: string): string {
  return `${from}\0${specifier}`;
}

interface TsconfigPaths {
  /** The directory `paths` are relative to. */
  base: string;
  /** `baseUrl` is set: bare specifiers may name files under it. */
  baseUrl: boolean;
  paths: [pattern: string, targets: string[]][];
}

/** Resolves import specifiers to files of the scan. */
class ImportResolver {
  private workspacePackages: Map<string, string> | undefined;
  private readonly tsconfigs = new Map<string, TsconfigPaths | undefined>();

  constructor(private readonly sources: ScannedSources) {}

  resolve(from: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return this.file(posix.join(posix.dirname(from), specifier));
    if (specifier.startsWith('/')) return undefined;
    const mapped = this.throughTsconfig(from, specifier);
    if (mapped) return mapped;
    return this.throughWorkspace(specifier);
  }

  /** A module path as TypeScript would complete it: `./x.js` → `x.ts`, `./dir` → `dir/index.ts`. */
  private file(path: string): string | undefined {
    const normal = posix.normalize(path);
    if (normal.startsWith('..')) return undefined;
    if (CODE.test(normal) && !normal.endsWith('.d.ts') && this.sources.has(normal)) {
      // `./stage.js` in ESM TypeScript names `stage.ts`.
      const typed = normal.replace(/\.([cm]?)jsx?$/, '.$1ts');
      return typed !== normal && this.sources.has(typed) ? typed : normal;
    }
    const stem = normal.replace(/\.(?:[cm]?jsx?|d\.ts)$/, '');
    for (const base of [stem, `${stem}/index`]) for (const extension of EXTENSIONS) if (this.sources.has(base + extension)) return base + extension;
    return undefined;
  }

  /** `compilerOptions.paths` (with `baseUrl`) of the nearest tsconfig.json above the importing file. */
  private throughTsconfig(from: string, specifier: string): string | undefined {
    const config = this.nearestTsconfig(posix.dirname(from));
    if (!config) return undefined;
    for (const [pattern, targets] of config.paths) {
      const star = pattern.indexOf('*');
      let rest: string | undefined;
      if (star < 0) rest = pattern === specifier ? '' : undefined;
      else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1)
        rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
      if (rest === undefined) continue;
      for (const target of targets) {
        const found = this.file(posix.join(config.base, target.replace('*', rest)));
        if (found) return found;
      }
    }
    // With `baseUrl`, a bare specifier may name a file under it.
    return config.baseUrl ? this.file(posix.join(config.base, specifier)) : undefined;
  }

  private nearestTsconfig(dir: string): TsconfigPaths | undefined {
    if (this.tsconfigs.has(dir)) return this.tsconfigs.get(dir);
    const here = posix.join(dir, 'tsconfig.json');
    const found = this.sources.has(here)
      ? readTsconfig(here, this.sources, 0)
      : dir === '.' || dir === ''
        ? undefined
        : this.nearestTsconfig(posix.dirname(dir));
    this.tsconfigs.set(dir, found);
    return found;
  }

  /** A package of this repository's workspaces, by name (`@acme/infra`, `@acme/infra/stages`). */
  private throughWorkspace(specifier: string): string | undefined {
    this.workspacePackages ??= workspacePackages(this.sources);
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const dir = this.workspacePackages.get(name);
    if (dir === undefined) return undefined;
    const subpath = specifier.slice(name.length).replace(/^\//, '');
    const manifest = readJson(this.sources, posix.join(dir, 'package.json'));
    for (const candidate of packageEntries(manifest, subpath)) {
      const found = this.sourceOf(posix.join(dir, candidate));
      if (found) return found;
    }
    return undefined;
  }

  /** The TypeScript source of a package entry: `lib/index.d.ts` or `dist/index.js` → `src/index.ts`. */
  private sourceOf(path: string): string | undefined {
    const direct = this.file(path);
    if (direct) return direct;
    const dir = posix.dirname(path);
    const top = dir.split('/');
    for (const output of ['dist', 'lib', 'build', 'out']) {
      const at = top.lastIndexOf(output);
      if (at < 0) continue;
      const swapped = [...top.slice(0, at), 'src', ...top.slice(at + 1)].join('/');
      const found = this.file(posix.join(swapped, posix.basename(path)));
      if (found) return found;
    }
    return undefined;
  }
}

/** `types`, `typings`, `exports` (conditions `types`, `import`, `default`, `require`), `main`, then `src/index`/`index`. */
function packageEntries(manifest: Record<string, unknown> | undefined, subpath: string): string[] {
  const entries: string[] = [];
  const exported = manifest?.exports;
  const key = subpath ? `./${subpath}` : '.';
  const fromExports = (value: unknown, depth = 0): void => {
    if (typeof value === 'string') entries.push(value);
    else if (value && typeof value === 'object' && depth < 4) {
      const conditions = value as Record<string, unknown>;
      for (const condition of ['types', 'import', 'default', 'require', 'node']) if (condition in conditions) fromExports(conditions[condition], depth + 1);
    }
  };
  if (typeof exported === 'string' && !subpath) entries.push(exported);
  else if (exported && typeof exported === 'object') {
    const map = exported as Record<string, unknown>;
    if (key in map) fromExports(map[key]);
    else if (!subpath && !Object.keys(map).some((k) => k.startsWith('.'))) fromExports(map);
  }
  if (subpath) return [...entries, subpath, `src/${subpath}`, `lib/${subpath}`];
  for (const field of ['types', 'typings', 'module', 'main']) if (typeof manifest?.[field] === 'string') entries.push(manifest[field] as string);
  return [...entries, 'src/index.ts', 'index.ts', 'lib/index.ts'];
}

/** Package name → folder, for the packages the repository's workspaces declare. */
function workspacePackages(sources: ScannedSources): Map<string, string> {
  const packages = new Map<string, string>();
  const globs: string[] = [];
  const root = readJson(sources, 'package.json');
  const workspaces = root?.workspaces;
  if (Array.isArray(workspaces)) globs.push(...workspaces.filter((w): w is string => typeof w === 'string'));
  else if (workspaces && typeof workspaces === 'object' && Array.isArray((workspaces as { packages?: unknown }).packages))
    globs.push(...(workspaces as { packages: unknown[] }).packages.filter((w): w is string => typeof w === 'string'));
  for (const name of ['pnpm-workspace.yaml', 'pnpm-workspace.yml']) {
    const text = sources.read(name, 64 * 1024);
    if (text === undefined) continue;
    try {
      const parsed = parserModule('yaml').parse(text, { maxAliasCount: 16 }) as { packages?: unknown } | null;
      if (Array.isArray(parsed?.packages)) globs.push(...parsed.packages.filter((w): w is string => typeof w === 'string'));
    } catch {
      // An unreadable workspace file declares no packages.
    }
  }
  const include = globs.filter((g) => !g.startsWith('!')).map((g) => posix.join(g.replace(/^\.\//, ''), 'package.json'));
  if (!include.length) return packages;
  const matches = picomatch(include, {
    ignore: globs.filter((g) => g.startsWith('!')).map((g) => posix.join(g.slice(1).replace(/^\.\//, ''), 'package.json')),
  });
  for (const path of sources.paths()) {
    if (!path.endsWith('package.json') || !matches(path)) continue;
    const name = readJson(sources, path)?.name;
    if (typeof name === 'string' && !packages.has(name)) packages.set(name, posix.dirname(path));
  }
  return packages;
}

function readTsconfig(path: string, sources: ScannedSources, depth: number): TsconfigPaths | undefined {
  const config = readJson(sources, path);
  if (!config) return undefined;
  const options = (config.compilerOptions ?? {}) as { baseUrl?: unknown; paths?: unknown };
  const dir = posix.dirname(path);
  // `extends` of a relative file in the repository (a package name would be in node_modules).
  const inherited =
    typeof config.extends === 'string' && config.extends.startsWith('.') && depth < 3
      ? readTsconfig(posix.normalize(posix.join(dir, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`)), sources, depth + 1)
      : undefined;
  const base = typeof options.baseUrl === 'string' ? posix.normalize(posix.join(dir, options.baseUrl)) : (inherited?.base ?? dir);
  const paths =
    options.paths && typeof options.paths === 'object'
      ? Object.entries(options.paths as Record<string, unknown>).map(([pattern, targets]): [string, string[]] => [
          pattern,
          Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [],
        ])
      : (inherited?.paths ?? []);
  if (typeof options.baseUrl !== 'string' && !options.paths && !inherited) return undefined;
  return { base, paths, baseUrl: typeof options.baseUrl === 'string' || (inherited?.baseUrl ?? false) };
}

function readJson(sources: ScannedSources, path: string): Record<string, unknown> | undefined {
  const text = sources.read(path, 256 * 1024);
  if (text === undefined) return undefined;
  const value = parserModule('json').parse(text, [], { allowTrailingComma: true }) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
