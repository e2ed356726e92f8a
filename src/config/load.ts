import { existsSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../rule/types.js';
import { ConfigError } from '../errors.js';
import type { ConfigFile, CustomPattern, RuleSetting } from './schema.js';
import { parseSize } from './size.js';

/** The configuration after validation and defaults. */
export interface ResolvedConfig {
  /** The file it came from, if any. */
  source?: string;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  failOn: Severity | 'none';
  /** Absolute path of the baseline file, if configured. */
  baseline?: string;
  gitignore: boolean;
  rules: Record<string, RuleSetting>;
  allowlist: NonNullable<ConfigFile['allowlist']>;
  customPatterns: CustomPattern[];
  protectedEnvironments: string[];
  productionPatterns: string[];
}

const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** Data-only places: a configuration found by search never runs code. */
const SEARCH_PLACES = [
  'package.json',
  '.nhiscanrc',
  '.nhiscanrc.json',
  '.nhiscanrc.yaml',
  '.nhiscanrc.yml',
  '.config/nhiscanrc',
  '.config/nhiscanrc.json',
  '.config/nhiscanrc.yaml',
  '.config/nhiscanrc.yml',
  'nhiscan.config.json',
  'nhiscan.config.yaml',
  'nhiscan.config.yml',
];

const CODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

export interface LoadConfigOptions {
  /** Directory the search starts in (the scan root). */
  cwd: string;
  /** Highest directory the search walks up to (the git top level), inclusive. */
  stopDir?: string;
  /** An explicit file (`--config`); JS/TS is allowed only here. */
  file?: string;
  /** `--no-config`: defaults only. */
  none?: boolean;
}

/** Finds, reads and validates the configuration. Throws `ConfigError` with every problem listed. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  if (options.none) return resolveConfig({}, undefined);
  const found = options.file ? await loadExplicit(resolve(options.cwd, options.file)) : await search(options.cwd, options.stopDir);
  if (!found) return resolveConfig({}, undefined);
  return resolveConfig(await validate(found.config, found.filepath), found.filepath);
}

async function search(cwd: string, stopDir: string | undefined): Promise<{ config: unknown; filepath: string } | undefined> {
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('nhiscan', { searchPlaces: SEARCH_PLACES, searchStrategy: 'none', cache: false });
  let dir = resolve(cwd);
  const stop = stopDir ? resolve(stopDir) : dir;
  for (;;) {
    const result = await explorer.search(dir).catch((error: unknown) => {
      throw new ConfigError(`cannot read the configuration in ${dir}: ${describe(error)}`);
    });
    if (result && !result.isEmpty) return result;
    if (dir === stop || !dir.startsWith(stop)) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function loadExplicit(filepath: string): Promise<{ config: unknown; filepath: string }> {
  if (!existsSync(filepath)) throw new ConfigError(`configuration file not found: ${filepath}`);
  if (CODE_EXTENSIONS.has(extname(filepath))) {
    // Named explicitly by the user, so running it is their choice.
    try {
      const module = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
      return { config: module.default ?? module, filepath };
    } catch (error) {
      throw new ConfigError(`cannot load ${filepath}: ${describe(error)}`);
    }
  }
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('nhiscan', { searchPlaces: SEARCH_PLACES, cache: false });
  try {
    const result = await explorer.load(filepath);
    return { config: result?.config ?? {}, filepath };
  } catch (error) {
    throw new ConfigError(`cannot parse ${filepath}: ${describe(error)}`);
  }
}

async function validate(raw: unknown, filepath: string): Promise<ConfigFile> {
  const { configSchema } = await import('./schema.js');
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const at = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      return `${at}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${suggest(issue.keys[0] ?? '', issue.path)}`;
    }
    return `${at}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration in ${filepath}:\n  ${problems.join('\n  ')}`);
}

const TOP_LEVEL_KEYS = ['include', 'exclude', 'maxFileSize', 'failOn', 'baseline', 'gitignore', 'rules', 'allowlist', 'secrets', 'approvals', 'deploy'];

function suggest(key: string, path: readonly PropertyKey[]): string {
  if (path.length) return '';
  const near = closest(key, TOP_LEVEL_KEYS);
  return near ? ` (did you mean "${near}"?)` : '';
}

/** The candidate closest to a misspelt name, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}

function resolveConfig(file: ConfigFile, source: string | undefined): ResolvedConfig {
  const base = source ? dirname(source) : undefined;
  const maxFileSize = file.maxFileSize === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(file.maxFileSize);
  return {
    source,
    include: file.include ?? [],
    exclude: file.exclude ?? [],
    maxFileSize,
    failOn: (file.failOn as Severity | 'none' | undefined) ?? 'high',
    baseline: file.baseline && base ? (isAbsolute(file.baseline) ? file.baseline : join(base, file.baseline)) : file.baseline,
    gitignore: file.gitignore ?? true,
    rules: file.rules ?? {},
    allowlist: file.allowlist ?? [],
    customPatterns: file.secrets?.patterns ?? [],
    protectedEnvironments: file.approvals?.protectedEnvironments ?? [],
    productionPatterns: file.deploy?.productionPatterns ?? [],
  };
}

function describe(error: unknown): string {
  // YAML/JSON parser messages can quote the file; keep the first line only, trimmed.
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
