import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type ResolvedConfig } from '../config/load.js';
import { parseSize } from '../config/size.js';
import { ConfigError, UsageError } from '../errors.js';
import { buildInventory } from '../model/identity/inventory.js';
import { createBaseline, parseBaseline, type BaselineFile } from '../pipeline/baseline.js';
import { listedFiles, type SourceFile } from '../pipeline/discover.js';
import { gitTopLevel } from '../pipeline/git.js';
import { scan } from '../pipeline/scan.js';
import type { ScanResult } from '../rule/result.js';
import { readStaged, StagedError } from '../pipeline/staged.js';
import { GitObjectsError } from '../pipeline/git-objects.js';
import { HistoryError, scanHistory, type HistorySelection } from '../pipeline/history.js';
import { prePushFromEnvironment, prePushSelection, rangeSelection, sinceSelection } from '../pipeline/history-range.js';
import { activeFindings, atLeast, INFORMATION_URI, type ToolInfo } from '../report/common.js';
import { toGithub } from '../report/github.js';
import { toInventoryJson, toInventoryMarkdown, toInventoryText } from '../report/inventory.js';
import { toJson } from '../report/json.js';
import { toSarif } from '../report/sarif.js';
import { toText } from '../report/text.js';
import { loadBuiltinRules } from '../rule/registry.js';
import { SEVERITIES, type Note, type Severity } from '../rule/types.js';
import { FORMATS, helpText, parseCommandLine, type Format, type ParsedArgs } from './args.js';
import { runInit } from './init.js';
import { renderCatalog } from './rules-command.js';
import { startProgress, useColor } from './terminal.js';

export const DEFAULT_BASELINE = '.nhiscan-baseline.json';

/** Runs the CLI and returns the exit code: 0 clean, 1 findings at or above --fail-on, 2 errors. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    if (args.values.version) {
      process.stdout.write(`${toolInfo().version}\n`);
      return 0;
    }
    if (args.command === 'help' || args.values.help) {
      process.stdout.write(helpText(args.command));
      return 0;
    }
    switch (args.command) {
      case 'scan':
        return await scanCommand(args);
      case 'baseline':
        return await baselineCommand(args);
      case 'inventory':
        return await inventoryCommand(args);
      case 'rules':
        return await rulesCommand(args);
      case 'init':
        return await runInit(process.cwd(), { preCommit: Boolean(args.values['pre-commit']), force: Boolean(args.values.force) }, (line) => process.stdout.write(line + '\n'));
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof StagedError || error instanceof HistoryError || error instanceof GitObjectsError) {
      process.stderr.write(`nhiscan: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`nhiscan: ${describeInternalError(error)}\n`);
    return 2;
  }
  return 2;
}

/**
 * An unexpected error, described by its type and where it happened. Its message is left out: a
 * parser or library may have put the scanned text (and a secret in it) there.
 */
export function describeInternalError(error: unknown): string {
  if (!(error instanceof Error)) return 'internal error';
  const code = (error as NodeJS.ErrnoException).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [`internal error: ${error.name}${typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : ''}`, ...frames.slice(0, 8)].join('\n');
}

interface Prepared {
  root: string;
  config: ResolvedConfig;
  files?: SourceFile[];
  targets?: string[];
  lineFilter?: Map<string, Set<number>>;
  /** Git objects instead of files: `--history`, `--range`, `--since`, `--pre-push`. */
  history?: HistorySelection;
  /** Notes about the inputs themselves (listed files left unread). */
  notes: Note[];
}

/** The flags that read git objects instead of files. */
const HISTORY_FLAGS = ['history', 'range', 'since', 'pre-push'] as const;

/** `--history`, `--range`, `--since`, `--pre-push`: which commits, in which repository. */
async function prepareHistory(args: ParsedArgs): Promise<Prepared> {
  const v = args.values;
  const chosen = HISTORY_FLAGS.filter((flag) => v[flag] !== undefined && v[flag] !== false);
  if (chosen.length > 1) throw new UsageError(`--${chosen.join(' and --')} cannot be combined`);
  if (v.staged || v.files) throw new UsageError(`--${chosen[0]} reads git objects; it cannot be combined with --staged or --files`);
  if (v.ref && !v.history) throw new UsageError('--ref only applies with --history');
  if (args.positionals.length > 1) throw new UsageError(`--${chosen[0]} takes one repository directory (work tree or bare), not a list of paths`);
  const dir = resolve(process.cwd(), args.positionals[0] ?? '.');
  if (!isDirectory(dir)) throw new UsageError(`not a directory: ${args.positionals[0] ?? '.'}`);
  let history: HistorySelection;
  if (v.history) history = { kind: 'history', refs: Array.isArray(v.ref) ? v.ref : undefined };
  else if (typeof v.range === 'string') history = await rangeSelection(dir, v.range);
  else if (typeof v.since === 'string') history = await sinceSelection(dir, v.since);
  else {
    const fromFramework = prePushFromEnvironment(dir, process.env);
    if (fromFramework) history = await fromFramework;
    else if (process.stdin.isTTY) throw new UsageError('--pre-push reads the refs being pushed from stdin, as git gives them to a pre-push hook');
    else history = await prePushSelection(dir, await readStdin());
  }
  const root = (await gitTopLevel(dir)) ?? dir;
  const config = await loadConfig({ cwd: root, stopDir: root, file: typeof v.config === 'string' ? v.config : undefined, none: Boolean(v['no-config']) });
  applyFlags(config, v);
  return { root, config, history, notes: [] };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Works out root, configuration and input files from the arguments shared by scan-like commands. */
async function prepare(args: ParsedArgs): Promise<Prepared> {
  const v = args.values;
  if (HISTORY_FLAGS.some((flag) => v[flag] !== undefined && v[flag] !== false)) return prepareHistory(args);
  if (v.ref) throw new UsageError('--ref only applies with --history');
  const cwd = process.cwd();
  if (v.staged && v.files) throw new UsageError('--staged and --files cannot be combined');
  if (v['all-lines'] && !v.staged) throw new UsageError('--all-lines only applies with --staged');

  let root: string;
  let targets: string[] | undefined;
  let files: SourceFile[] | undefined;
  let lineFilter: Map<string, Set<number>> | undefined;
  const notes: Note[] = [];

  if (v.staged) {
    if (args.positionals.length) throw new UsageError('--staged takes no paths: it scans what is staged');
    const top = await gitTopLevel(cwd);
    if (!top) throw new UsageError('--staged needs a git work tree');
    root = top;
    const staged = await readStaged(top);
    files = staged.files;
    lineFilter = v['all-lines'] ? undefined : staged.addedLines;
  } else if (v.files) {
    root = (await gitTopLevel(cwd)) ?? cwd;
    files = await fileList(root, cwd, args.positionals, notes);
  } else {
    const paths = args.positionals.length ? args.positionals : ['.'];
    const only = paths.length === 1 ? resolve(cwd, paths[0]!) : undefined;
    if (only && !existsSync(only)) throw new UsageError(`path not found: ${paths[0]}`);
    if (only && isDirectory(only)) {
      root = only;
    } else {
      root = cwd;
      targets = paths.map((p) => {
        const absolute = resolve(cwd, p);
        if (!existsSync(absolute)) throw new UsageError(`path not found: ${p}`);
        const rel = relative(cwd, absolute).split(sep).join('/');
        if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${p} is outside the current directory; run nhiscan from a directory that contains every path`);
        return rel || '.';
      });
    }
  }

  const config = await loadConfig({
    cwd: root,
    stopDir: (await gitTopLevel(root)) ?? root,
    file: typeof v.config === 'string' ? v.config : undefined,
    none: Boolean(v['no-config']),
  });
  applyFlags(config, v);
  return { root, config, files, targets, lineFilter, notes };
}

/** Command-line flags override the configuration file. */
function applyFlags(config: ResolvedConfig, v: ParsedArgs['values']): void {
  if (Array.isArray(v.include)) config.include = [...config.include, ...v.include];
  if (Array.isArray(v.exclude)) config.exclude = [...config.exclude, ...v.exclude];
  if (typeof v['max-file-size'] === 'string') {
    const size = parseSize(v['max-file-size']);
    if (!Number.isFinite(size) || size <= 0) throw new UsageError(`--max-file-size: "${v['max-file-size']}" is not a size such as 1048576 or 2MiB`);
    config.maxFileSize = size;
  }
  if (typeof v['fail-on'] === 'string') {
    const allowed = [...SEVERITIES, 'none'];
    if (!allowed.includes(v['fail-on'])) throw new UsageError(`--fail-on must be one of ${allowed.join(', ')}`);
    config.failOn = v['fail-on'] as Severity | 'none';
  }
  if (v['no-gitignore']) config.gitignore = false;
}

/**
 * `--files`: every argument is a file (see parseCommandLine). Names outside the repository are an
 * error; a missing name that looks like an option most likely is one placed after `--files`.
 */
async function fileList(root: string, cwd: string, paths: readonly string[], notes: Note[]): Promise<SourceFile[]> {
  if (!paths.length) throw new UsageError('--files needs at least one file');
  const absolutes: string[] = [];
  for (const p of paths) {
    const absolute = resolve(cwd, p);
    const rel = relative(root, absolute).split(sep).join('/');
    if (rel.startsWith('../') || rel === '..' || isAbsolute(rel)) throw new UsageError(`${p} is outside the repository ${root}`);
    if (p.startsWith('-') && !existsSync(absolute)) {
      throw new UsageError(`--files: no file named "${p}"; every argument after --files is a file, so put options before --files`);
    }
    absolutes.push(absolute);
  }
  return listedFiles(root, absolutes, notes);
}

async function runScan(prepared: Prepared, args: ParsedArgs, extra: { baseline?: BaselineFile; keepFacts?: boolean }): Promise<ScanResult> {
  const quiet = Boolean(args.values.quiet);
  const progress = await startProgress(!quiet && !args.values['no-progress']);
  try {
    if (prepared.history) {
      return await scanHistory({
        root: prepared.root,
        config: prepared.config,
        catalog: await loadBuiltinRules(),
        selection: prepared.history,
        baseline: extra.baseline,
        onProgress: ({ path, done, total }) => progress.update(`${done}/${total} blobs ${path}`),
      });
    }
    return await scan({
      root: prepared.root,
      config: prepared.config,
      catalog: await loadBuiltinRules(),
      files: prepared.files,
      targets: prepared.targets,
      lineFilter: prepared.lineFilter,
      inputNotes: prepared.notes,
      baseline: extra.baseline,
      keepFacts: extra.keepFacts,
      ...workerSettings(),
      onProgress: ({ path, done, total }) => progress.update(`${done}/${total} ${path}`),
    });
  } finally {
    progress.stop();
  }
}

/**
 * Worker threads for big trees: one per core. NHISCAN_WORKERS sets the count and applies it to
 * any tree of 200 files or more (0 turns workers off).
 */
function workerSettings(): { workers: number; parallelMinBytes?: number } {
  const configured = process.env['NHISCAN_WORKERS'];
  if (configured !== undefined && /^\d+$/.test(configured)) return { workers: Number(configured), parallelMinBytes: 0 };
  return { workers: Math.min(availableParallelism(), 8) };
}

async function scanCommand(args: ParsedArgs): Promise<number> {
  const v = args.values;
  const format = (v.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const prepared = await prepare(args);
  const baselinePath = typeof v.baseline === 'string' ? resolve(process.cwd(), v.baseline) : prepared.config.baseline;
  const baseline = baselinePath ? await readBaselineFile(baselinePath) : undefined;
  const result = await runScan(prepared, args, { baseline });

  const output = typeof v.output === 'string' ? v.output : undefined;
  const stream = output ? undefined : process.stdout;
  const report = render(result, format, {
    color: stream ? useColor(stream, { color: Boolean(v.color), noColor: Boolean(v['no-color']) }) : false,
    quiet: Boolean(v.quiet),
    verbose: Boolean(v.verbose),
    category: typeof v.category === 'string' ? v.category : undefined,
    includeSuppressed: Boolean(v['sarif-include-suppressed']),
  });
  await emit(report, output);
  if (!result.complete) return 2;
  // A range fails on what it brings in; secrets that were already there are reported, not blocking.
  const gating = activeFindings(result.findings).filter((f) => f.provenance?.range !== 'pre-existing');
  return gating.some((f) => atLeast(f.severity, prepared.config.failOn)) ? 1 : 0;
}

interface RenderOptions {
  color: boolean;
  quiet: boolean;
  verbose: boolean;
  category?: string;
  includeSuppressed: boolean;
}

function render(result: ScanResult, format: Format, options: RenderOptions): string {
  const tool = toolInfo();
  switch (format) {
    case 'json':
      return toJson(result, tool);
    case 'sarif':
      return toSarif(result, { tool, category: options.category, includeSuppressed: options.includeSuppressed });
    case 'github':
      return toGithub(result);
    case 'text': {
      if (options.quiet) {
        const active = activeFindings(result.findings);
        return active.length ? toText({ ...result, notes: [] }, { color: options.color }).replace(/\n[^\n]*\n$/, '\n') : '';
      }
      return toText(result, { color: options.color, verbose: options.verbose });
    }
  }
}

async function baselineCommand(args: ParsedArgs): Promise<number> {
  const prepared = await prepare(args);
  const result = await runScan(prepared, args, {});
  const baseline = createBaseline(result.findings);
  const output = typeof args.values.output === 'string' ? resolve(process.cwd(), args.values.output) : join(prepared.root, DEFAULT_BASELINE);
  await emit(JSON.stringify(baseline, null, 2) + '\n', output);
  process.stderr.write(`nhiscan: wrote ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} to ${relative(process.cwd(), output) || output}\n`);
  return result.complete ? 0 : 2;
}

export const INVENTORY_FORMATS = ['text', 'markdown', 'json'] as const;

/** `nhiscan inventory`: the scan's identity facts as a table of machine identities. */
async function inventoryCommand(args: ParsedArgs): Promise<number> {
  const v = args.values;
  const format = typeof v.format === 'string' ? v.format : 'text';
  if (!(INVENTORY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`inventory --format must be one of ${INVENTORY_FORMATS.join(', ')}`);
  const prepared = await prepare(args);
  const result = await runScan(prepared, args, { keepFacts: true });
  const inventory = buildInventory(result.facts, result.findings, prepared.config.productionPatterns);
  const output = typeof v.output === 'string' ? v.output : undefined;
  const color = output ? false : useColor(process.stdout, { color: Boolean(v.color), noColor: Boolean(v['no-color']) });
  const report = format === 'json' ? toInventoryJson(inventory, toolInfo()) : format === 'markdown' ? toInventoryMarkdown(inventory) : toInventoryText(inventory, { color });
  await emit(report, output);
  if (!result.complete) process.stderr.write('nhiscan: the scan was incomplete (a rule or extractor failed); the inventory may miss identities\n');
  return result.complete ? 0 : 2;
}

async function rulesCommand(args: ParsedArgs): Promise<number> {
  const format = typeof args.values.format === 'string' ? args.values.format : 'text';
  if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError('rules --format must be text, json or markdown');
  process.stdout.write(renderCatalog(await loadBuiltinRules(), format as 'text' | 'json' | 'markdown'));
  return 0;
}

async function readBaselineFile(path: string): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the baseline ${path}; create it with "nhiscan baseline"`);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

async function emit(text: string, output: string | undefined): Promise<void> {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  try {
    await mkdir(dirname(resolve(output)), { recursive: true });
    await writeFile(output, text);
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

let tool: ToolInfo | undefined;

/** Name and version from the package manifest. */
export function toolInfo(): ToolInfo {
  if (tool) return tool;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'nhiscan') return (tool = { name: 'nhiscan', version: manifest.version ?? '0.0.0', informationUri: INFORMATION_URI });
    }
    dir = dirname(dir);
  }
  return (tool = { name: 'nhiscan', version: '0.0.0', informationUri: INFORMATION_URI });
}
