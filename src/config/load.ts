import { crypto } from '../crypto.js';
import { existsSync } from 'node:fs';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Note, Severity } from '../rule/types.js';
import { importModule } from '../dynamic-import.js';
import { loadParsers, parserModule } from '../document/parsers.js';
import { ConfigError } from '../errors.js';
import type { ZodTypeAny } from 'zod';
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
  /** Secrets in test, example and development-only paths keep their full severity. */
  fullSeverityInTests: boolean;
  protectedEnvironments: string[];
  productionPatterns: string[];
  /** What the search passed over and the user should know: a JS/TS configuration it did not run. */
  notes: Note[];
}

const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** Data-only places: a configuration found by search never runs code. */
export const SEARCH_PLACES = [
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
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/** Where other tools' loaders would find a JS/TS configuration; the search reads none of them. */
const CODE_PLACES = ['.nhiscanrc', 'nhiscan.config', '.config/nhiscanrc'].flatMap((stem) => [...CODE_EXTENSIONS].map((extension) => stem + extension));

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
  if (options.file) {
    const found = await loadExplicit(resolve(options.cwd, options.file));
    return resolveConfig(await validate(found.config, found.filepath), found.filepath);
  }
  const found = await search(options.cwd, options.stopDir);
  const config = found.config === undefined ? resolveConfig({}, undefined) : resolveConfig(await validate(found.config, found.filepath!), found.filepath);
  config.notes.push(...found.skipped.map((path) => codeConfigNote(path, options.cwd, found.filepath)));
  return config;
}

/** The note for a JS/TS configuration the search found and did not run. */
function codeConfigNote(path: string, cwd: string, used: string | undefined): Note {
  const shown = relative(resolve(cwd), path).split(sep).join('/');
  const instead = used ? `the configuration used is ${relative(resolve(cwd), used).split(sep).join('/')}` : 'no configuration was loaded';
  return {
    level: 'warning',
    code: 'config-not-loaded',
    path: shown,
    message: `not loaded: a configuration found in the scanned tree is read only from data files (JSON, YAML, package.json), since a JS/TS file would run the repository's code; ${instead}. Name it with --config to load it, or move its settings to .nhiscanrc.yml`,
  };
}

/** Configuration files larger than this are refused: a real one is a few kilobytes. */
const MAX_CONFIG_BYTES = 1024 * 1024;

type ConfigFormat = 'json' | 'yaml' | 'package-json';

/**
 * Walks from `cwd` up to `stopDir`, taking the first search place that holds a configuration.
 * Every place is parsed as data (JSON or YAML); nothing found by search is ever imported, and
 * there is no meta-configuration or `$import`: the repository being scanned may be hostile.
 */
async function search(cwd: string, stopDir: string | undefined): Promise<{ config?: unknown; filepath?: string; skipped: string[] }> {
  let dir = resolve(cwd);
  const stop = stopDir ? resolve(stopDir) : dir;
  // JS/TS configurations in the folders searched: never run, but never passed over in silence.
  const skipped: string[] = [];
  for (;;) {
    for (const place of CODE_PLACES) if (await isRegularFile(join(dir, place))) skipped.push(join(dir, place));
    for (const place of SEARCH_PLACES) {
      const filepath = join(dir, place);
      if (!(await isRegularFile(filepath))) continue;
      const format = formatOf(filepath);
      if (format === 'package-json') {
        // Someone else's manifest: when it does not parse, it holds no configuration for us.
        const manifest = await readData(filepath, 'json').catch(() => undefined);
        const section = isRecord(manifest) ? manifest['nhiscan'] : undefined;
        if (section !== undefined) return { config: section, filepath, skipped };
        continue;
      }
      const config = await readData(filepath, format);
      if (config !== undefined && config !== null) return { config, filepath, skipped };
    }
    if (dir === stop || !dir.startsWith(stop)) return { skipped };
    const parent = dirname(dir);
    if (parent === dir) return { skipped };
    dir = parent;
  }
}

async function loadExplicit(filepath: string): Promise<{ config: unknown; filepath: string }> {
  if (!existsSync(filepath)) throw new ConfigError(`configuration file not found: ${filepath}`);
  if (CODE_EXTENSIONS.has(extname(filepath))) {
    // Named explicitly by the user, so running it is their choice.
    return { config: await importCode(filepath), filepath };
  }
  if (!(await isRegularFile(filepath))) throw new ConfigError(`configuration file is not a regular file: ${filepath}`);
  const format = formatOf(filepath);
  const data = await readData(filepath, format === 'package-json' ? 'json' : format);
  return { config: format === 'package-json' ? ((isRecord(data) ? data['nhiscan'] : undefined) ?? {}) : (data ?? {}), filepath };
}

/**
 * Imports a JS/TS configuration the user named. Node 20 cannot import TypeScript, so a `.ts`,
 * `.mts` or `.cts` file is compiled first (types erased by the TypeScript compiler that ts-morph
 * ships) into a temporary module beside it, so its relative imports still resolve; the
 * temporary file is removed straight after.
 */
async function importCode(filepath: string): Promise<unknown> {
  const extension = extname(filepath);
  let target = filepath;
  if (TYPESCRIPT_EXTENSIONS.has(extension)) {
    const { ts } = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
    const commonJs = extension === '.cts';
    const source = await readFile(filepath, 'utf8');
    const output = ts.transpileModule(source, {
      fileName: filepath,
      compilerOptions: { module: commonJs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    target = join(dirname(filepath), `.${basename(filepath)}.${crypto().randomBytes(6).toString('hex')}${commonJs ? '.cjs' : '.mjs'}`);
    try {
      await writeFile(target, output, { flag: 'wx' });
    } catch (error) {
      throw new ConfigError(
        `cannot load ${filepath}: a TypeScript configuration is compiled to a temporary file beside it, which could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  try {
    const module = await importModule<{ default?: unknown }>(pathToFileURL(target).href);
    return module.default ?? module;
  } catch (error) {
    throw new ConfigError(
      `cannot load ${filepath}: ${error instanceof Error ? `${error.name}${(error as NodeJS.ErrnoException).code ? ` (${(error as NodeJS.ErrnoException).code})` : ''}` : 'error'}`,
    );
  } finally {
    if (target !== filepath) await unlink(target).catch(() => undefined);
  }
}

function formatOf(filepath: string): ConfigFormat {
  if (basename(filepath) === 'package.json') return 'package-json';
  return extname(filepath) === '.json' ? 'json' : 'yaml'; // YAML also reads extension-less JSON
}

async function isRegularFile(filepath: string): Promise<boolean> {
  try {
    return (await stat(filepath)).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads a JSON or YAML file as plain data. Errors name the line and column and the parser's
 * code, never the text: a configuration can hold a token, and errors reach logs.
 */
async function readData(filepath: string, format: 'json' | 'yaml'): Promise<unknown> {
  const size = (await stat(filepath)).size;
  if (size > MAX_CONFIG_BYTES) throw new ConfigError(`${filepath} is ${size} bytes; a configuration file may be at most ${MAX_CONFIG_BYTES}`);
  let text: string;
  try {
    text = await readFile(filepath, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${filepath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return format === 'json' ? parseJson(text, filepath) : parseYaml(text, filepath);
}

async function parseJson(text: string, filepath: string): Promise<unknown> {
  // The documents' parser libraries, loaded the same way (the Action bundle hands them over).
  await loadParsers(['json']);
  const { parse, printParseErrorCode } = parserModule('json');
  const errors: import('jsonc-parser').ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const first = errors[0];
  if (first) throw new ConfigError(`cannot parse ${filepath}: ${printParseErrorCode(first.error)} at ${position(text, first.offset)}`);
  return value;
}

async function parseYaml(text: string, filepath: string): Promise<unknown> {
  await loadParsers(['yaml']);
  const { parseDocument } = parserModule('yaml');
  // The core schema has no code-bearing tags; aliases are capped against expansion bombs.
  const document = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false });
  const first = document.errors[0];
  // The parser's wording up to any colon: what follows a colon may quote the file (a tag name).
  if (first)
    throw new ConfigError(`cannot parse ${filepath}: ${first.message.split(':')[0]!.slice(0, 120)} (${first.code}) at ${position(text, first.pos[0])}`);
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch {
    throw new ConfigError(`cannot parse ${filepath}: too many alias expansions`);
  }
}

function position(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function validate(raw: unknown, filepath: string): Promise<ConfigFile> {
  const { configSchema, schemaTypes } = await import('./schema.js');
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const keysAt = (path: readonly PropertyKey[]) => keysOfSchemaAt(schemaTypes, configSchema, path);
  const problems = result.error.issues.map((issue) => {
    const at = issue.path.length ? issue.path.map((part) => shortKey(String(part))).join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(issue.path);
      return issue.keys.map((key) => `${at}: unknown key ${unknownKey(key, known, issue.path.length === 0)}`).join('\n  ');
    }
    return `${at}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration in ${filepath}:\n  ${problems.join('\n  ')}`);
}

/** A key as printed in an error: a long one is cut, since a misplaced token would otherwise be shown whole. */
function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 12)}…` : key;
}

/**
 * An unknown key, with the key it most likely meant. A key close to a known one is shown whole
 * (it is a misspelling, not a token); a rule name at the top level was meant for `rules:`.
 */
function unknownKey(key: string, known: readonly string[], topLevel: boolean): string {
  if (topLevel && /^[a-z*][\w-]*\/[\w*-]+$/i.test(key)) return `"${shortKey(key)}" (rule settings go under "rules:", e.g. rules: { "secret/*": "off" })`;
  const near = closest(key, known);
  if (near) return `"${key}" (did you mean "${near}"?)`;
  return `"${shortKey(key)}"${known.length ? ` (it takes ${known.join(', ')})` : ''}`;
}

/** The keys the configuration schema allows at a path (`['approvals']`, `['allowlist', 0]`). */
function keysOfSchemaAt(zod: typeof import('./schema.js').schemaTypes, schema: ZodTypeAny, path: readonly PropertyKey[]): string[] {
  const { ZodArray, ZodObject, ZodOptional, ZodRecord } = zod;
  const unwrap = (node: ZodTypeAny): ZodTypeAny => {
    while (node instanceof ZodOptional) node = node.unwrap() as ZodTypeAny;
    return node;
  };
  let node: ZodTypeAny | undefined = schema;
  for (const part of path) {
    node = unwrap(node);
    if (node instanceof ZodObject) node = node.shape[String(part)] as ZodTypeAny | undefined;
    else if (node instanceof ZodArray) node = node.element as ZodTypeAny;
    else if (node instanceof ZodRecord) node = node.valueType as ZodTypeAny;
    else node = undefined;
    if (!node) return [];
  }
  node = unwrap(node);
  return node instanceof ZodObject ? Object.keys(node.shape) : [];
}

/** The candidate closest to a misspelt name, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // A cut-short name (`reportNonProd`) is as likely a typo as a misspelt one.
  const extended = word.length >= 4 ? candidates.filter((c) => c.toLowerCase().startsWith(word.toLowerCase())) : [];
  if (extended.length === 1) return extended[0];
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
    fullSeverityInTests: file.secrets?.fullSeverityInTests ?? false,
    protectedEnvironments: file.approvals?.protectedEnvironments ?? [],
    productionPatterns: file.deploy?.productionPatterns ?? [],
    notes: [],
  };
}
