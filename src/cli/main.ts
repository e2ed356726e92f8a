import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadConfig, type ResolvedConfig } from '../config/load.js';
import { ConfigError, UsageError } from '../errors.js';
import { buildInventory } from '../model/identity/inventory.js';
import { createBaseline, parseBaseline, type BaselineFile } from '../pipeline/baseline.js';
import { listedFiles, type SourceFile } from '../pipeline/discover.js';
import { git, gitTopLevel } from '../pipeline/git.js';
import { newSecretKey } from '../pipeline/secret-value.js';
import { scan } from '../pipeline/scan.js';
import type { ScanResult } from '../rule/result.js';
import { everyStagedLine, readStagedFrom, StagedError } from '../pipeline/staged.js';
import { GitObjectsError } from '../pipeline/git-objects.js';
import { OrgListError } from '../pipeline/org-records.js';
import { OrgMergeError } from '../pipeline/org-merge.js';
import { HistoryError, scanHistory, type HistorySelection } from '../pipeline/history.js';
import { prePushFromEnvironment, prePushSelection, rangeSelection, sinceSelection } from '../pipeline/history-range.js';
import { activeFindings, atLeast, gatingFindings, relativeToRepository } from '../report/common.js';
import { toGithub } from '../report/github.js';
import { toGitlabCodeQuality, toGitlabSecretDetection } from '../report/gitlab.js';
import { toInventoryJson, toInventoryMarkdown, toInventoryText } from '../report/inventory.js';
import { toJson } from '../report/json.js';
import { terminalSafe, terminalSafePath } from '../report/escape.js';
import { toSarif } from '../report/sarif.js';
import { summaryLine, toText } from '../report/text.js';
import { loadBuiltinRules } from '../rule/registry.js';
import { globMatcher } from '../detect/linear-glob.js';
import { FAMILIES, ruleKey, SEVERITIES, type Finding, type Note, type Severity } from '../rule/types.js';
import { FORMATS, helpText, parseCommandLine, type Format, type ParsedArgs } from './args.js';
import { parseAgent, runHook } from './hook.js';
import { runInit } from './init.js';
import { orgCommand } from './org.js';
import { explainRule, renderCatalog } from './rules-command.js';
import { applyFlags, emit, environmentKey, outputPath, toolInfo } from './common.js';
import { err, guardStreams, out, OutputError } from './output.js';
import { startProgress, useColor } from './terminal.js';

export const DEFAULT_BASELINE = '.nhiscan-baseline.json';

/** Runs the CLI and returns the exit code: 0 clean, 1 findings at or above --fail-on, 2 errors. */
export async function main(argv: readonly string[]): Promise<number> {
  guardStreams();
  try {
    const args = parseCommandLine(argv);
    if (args.values.version) {
      await out(`${toolInfo().version}\n`);
      return 0;
    }
    if (args.command === 'help' || args.values.help) {
      await out(helpText(args.command, args.subcommand));
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
      case 'org':
        return await orgCommand(args);
      case 'hook': {
        const answer = await runHook(parseAgent(args.positionals[0]), await readStdin());
        await out(answer.stdout);
        await err(answer.stderr);
        return answer.code;
      }
      case 'init': {
        const lines: string[] = [];
        const agent = typeof args.values.agent === 'string' ? parseAgent(args.values.agent) : undefined;
        const code = await runInit(process.cwd(), { preCommit: Boolean(args.values['pre-commit']), force: Boolean(args.values.force), agent }, (line) =>
          lines.push(line),
        );
        await out(lines.map((line) => line + '\n').join(''));
        return code;
      }
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof OrgListError ||
      error instanceof OrgMergeError ||
      error instanceof StagedError ||
      error instanceof HistoryError ||
      error instanceof GitObjectsError ||
      error instanceof OutputError
    ) {
      // A message may quote a configuration value or a path from the repository: each line terminal-safe.
      await err(`nhiscan: ${error.message.split('\n').map(terminalSafe).join('\n')}\n`).catch(() => undefined);
      return 2;
    }
    await err(`nhiscan: ${describeInternalError(error)}\n`).catch(() => undefined);
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
    const found = await readStagedFrom(cwd);
    if (!found) throw new UsageError('--staged needs a git work tree');
    const { top, staged } = found;
    root = top;
    files = [...staged.files, ...staged.context];
    lineFilter = v['all-lines'] ? everyStagedLine(staged) : staged.addedLines;
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
        if (rel.startsWith('..') || isAbsolute(rel))
          throw new UsageError(`${p} is outside the current directory; run nhiscan from a directory that contains every path`);
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

/** The secret-hash key of a scan: the environment's, else the baseline's, else a new random one. */
function secretKeyFor(baseline: BaselineFile | undefined): string | undefined {
  const key = environmentKey() ?? baseline?.key;
  if (baseline && key === undefined) throw new UsageError('the baseline was made with NHISCAN_FINGERPRINT_KEY; set it to the same key');
  return key;
}

const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

async function existingBaselineKey(path: string): Promise<string | undefined> {
  try {
    return (await readBaselineFile(path)).key;
  } catch {
    return undefined;
  }
}

async function runScan(prepared: Prepared, args: ParsedArgs, extra: { baseline?: BaselineFile; keepFacts?: boolean; secretKey?: string }): Promise<ScanResult> {
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
        secretKey: extra.secretKey ?? environmentKey(),
        onProgress: ({ path, done, total }) => progress.update(`${done}/${total} blobs ${terminalSafePath(path)}`),
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
      secretKey: extra.secretKey ?? environmentKey(),
      keepFacts: extra.keepFacts,
      ...workerSettings(),
      onProgress: ({ path, done, total }) => progress.update(`${done}/${total} ${terminalSafePath(path)}`),
    });
  } finally {
    progress.stop();
  }
}

/**
 * Worker threads for big trees: one per idle core. Workers only pay when cores are free: on two
 * cores at a load average of 11, a 62 MB tree took 11.9 s with two workers and 9.0 s in one
 * thread (npm run bench). NHISCAN_WORKERS sets the count and applies it to any tree of 200 files
 * or more (0 turns workers off).
 */
function workerSettings(): { workers: number; parallelMinBytes?: number } {
  const configured = process.env['NHISCAN_WORKERS'];
  if (configured !== undefined && /^\d+$/.test(configured)) return { workers: Number(configured), parallelMinBytes: 0 };
  // loadavg() is all zeros where the platform has none (Windows): every core counts as idle there.
  const idle = Math.floor(availableParallelism() - loadavg()[0]! + 0.5);
  return { workers: Math.max(0, Math.min(idle, 8)) };
}

async function scanCommand(args: ParsedArgs): Promise<number> {
  const v = args.values;
  const format = (v.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const prepared = await prepare(args);
  const baselinePath = typeof v.baseline === 'string' ? resolve(process.cwd(), v.baseline) : prepared.config.baseline;
  const baseline = baselinePath ? await readBaselineFile(baselinePath) : undefined;
  const result = applyDisplayFilters(await runScan(prepared, args, { baseline, secretKey: secretKeyFor(baseline) }), v);

  const output = outputPath(v.output);
  const stream = output ? undefined : process.stdout;
  const warnings: string[] = [];
  const report = render(result, format, {
    color: stream ? useColor(stream, { color: Boolean(v.color), noColor: Boolean(v['no-color']) }) : false,
    quiet: Boolean(v.quiet),
    verbose: Boolean(v.verbose),
    category: typeof v.category === 'string' ? v.category : undefined,
    includeSuppressed: Boolean(v['sarif-include-suppressed']),
    repositoryPrefix: await repositoryPrefix(prepared.root),
    commit: format === 'gitlab' ? await headCommit(prepared.root) : undefined,
    warn: (message) => warnings.push(message),
    failOn: prepared.config.failOn,
  });
  await emit(report, output);
  for (const warning of warnings) await err(`nhiscan: warning: ${warning}\n`);
  // A report in a file leaves the log empty; the summary line says why a CI step failed.
  if (output && !v.quiet)
    await err(
      summaryLine(result, { color: useColor(process.stderr, { color: Boolean(v.color), noColor: Boolean(v['no-color']) }), failOn: prepared.config.failOn }),
    );
  if (!result.complete) return 2;
  if (result.stats.files === 0 && !v.staged && !v.files && !prepared.history) {
    await err(
      'nhiscan: nothing was scanned (0 files): the paths, --include/--exclude, .gitignore (--no-gitignore scans ignored files) or --max-file-size left no text file; --verbose lists what was skipped\n',
    );
    return 2;
  }
  // A range fails on what it brings in; secrets that were already there are reported, not blocking.
  const failing = gatingFindings(result.findings, prepared.config.failOn);
  if (failing.length && v.staged) await err(blockedCommitHelp(failing, prepared.config.failOn));
  return failing.length ? 1 : 0;
}

/** `--min-severity`, `--family`, `--rule`, `--path`: which findings to report (and gate on). */
function applyDisplayFilters(result: ScanResult, v: ParsedArgs['values']): ScanResult {
  const minimum = typeof v['min-severity'] === 'string' ? v['min-severity'] : undefined;
  if (minimum && !(SEVERITIES as readonly string[]).includes(minimum)) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}`);
  const families = Array.isArray(v.family) ? v.family : [];
  for (const family of families) if (!(FAMILIES as readonly string[]).includes(family)) throw new UsageError(`--family must be one of ${FAMILIES.join(', ')}`);
  const rules = Array.isArray(v.rule) ? v.rule : [];
  const known = new Set(result.rules.map(ruleKey));
  for (const rule of rules) if (!rule.endsWith('/*') && !known.has(rule)) throw new UsageError(`--rule: no rule "${rule}" ran; "nhiscan rules" lists them`);
  const paths = Array.isArray(v.path) ? globMatcher(v.path as string[]) : undefined;
  if (!minimum && !families.length && !rules.length && !paths) return result;
  const keep = (f: Finding) =>
    (!minimum || atLeast(f.severity, minimum as Severity)) &&
    (!families.length || families.includes(f.family)) &&
    (!rules.length || rules.some((r) => r === f.ruleId || (r.endsWith('/*') && f.ruleId.startsWith(r.slice(0, -1))))) &&
    (!paths || paths(f.location.path));
  return { ...result, findings: result.findings.filter(keep) };
}

/** What a developer whose commit was just blocked can do next: fix, suppress, or bypass. */
function blockedCommitHelp(failing: readonly Finding[], failOn: Severity | 'none'): string {
  const rule = failing[0]!.ruleId;
  return [
    '',
    `nhiscan blocked this commit: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above "${failOn}" (failOn). Nothing was committed.`,
    '  A real secret: take it out of the staged file and load it from a secret store; rotate it if it was ever pushed, shared or logged.',
    `  A false positive: add a comment on that line:  nhiscan-ignore ${rule} -- <why this is safe>`,
    '    or accept every current finding: nhiscan baseline, commit .nhiscan-baseline.json, and set "baseline: .nhiscan-baseline.json" in .nhiscanrc.yml.',
    '  An emergency (the finding goes into the commit): git commit --no-verify; with the pre-commit framework SKIP=nhiscan git commit; with husky HUSKY=0 git commit.',
    '',
  ].join('\n');
}

interface RenderOptions {
  color: boolean;
  quiet: boolean;
  verbose: boolean;
  category?: string;
  includeSuppressed: boolean;
  /** Where the scan root sits in the repository (`services/api`, or '' at the top). */
  repositoryPrefix: string;
  /** The commit scanned (GitLab's report names one). */
  commit?: string;
  warn: (message: string) => void;
  /** The gate, so the text summary's symbol matches the exit code. */
  failOn: Severity | 'none';
}

function render(result: ScanResult, format: Format, options: RenderOptions): string {
  const tool = toolInfo();
  switch (format) {
    case 'json':
      return toJson(result, tool);
    case 'sarif':
      return toSarif(relativeToRepository(result, options.repositoryPrefix), {
        tool,
        category: options.category,
        includeSuppressed: options.includeSuppressed,
        warn: options.warn,
      });
    case 'github':
      return toGithub(relativeToRepository(result, options.repositoryPrefix));
    case 'gitlab':
      return toGitlabSecretDetection(relativeToRepository(result, options.repositoryPrefix), { tool, commit: options.commit });
    case 'codequality':
      return toGitlabCodeQuality(relativeToRepository(result, options.repositoryPrefix));
    case 'text': {
      if (options.quiet) {
        const active = activeFindings(result.findings);
        return active.length ? toText({ ...result, notes: [] }, { color: options.color }).replace(/\n[^\n]*\n$/, '\n') : '';
      }
      return toText(result, { color: options.color, verbose: options.verbose, counts: true, failOn: options.failOn });
    }
  }
}

async function baselineCommand(args: ParsedArgs): Promise<number> {
  const prepared = await prepare(args);
  const named = outputPath(args.values.output);
  const toStdout = args.values.output === '-';
  const output = named ? resolve(process.cwd(), named) : join(prepared.root, DEFAULT_BASELINE);
  // Regenerating keeps the key, so entries for unchanged findings keep their fingerprints.
  const fromEnvironment = environmentKey();
  const key = fromEnvironment ?? (await existingBaselineKey(output)) ?? newSecretKey();
  const result = await runScan(prepared, args, { secretKey: key });
  const baseline = createBaseline(result.findings, fromEnvironment ? undefined : key);
  await emit(JSON.stringify(baseline, null, 2) + '\n', toStdout ? undefined : output);
  await err(
    `nhiscan: wrote ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} to ${toStdout ? 'stdout' : relative(process.cwd(), output) || output}\n`,
  );
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
  const output = outputPath(v.output);
  const color = output ? false : useColor(process.stdout, { color: Boolean(v.color), noColor: Boolean(v['no-color']) });
  const report =
    format === 'json' ? toInventoryJson(inventory, toolInfo()) : format === 'markdown' ? toInventoryMarkdown(inventory) : toInventoryText(inventory, { color });
  await emit(report, output);
  if (!result.complete) await err('nhiscan: the scan was incomplete (a rule or extractor failed); the inventory may miss identities\n');
  return result.complete ? 0 : 2;
}

async function rulesCommand(args: ParsedArgs): Promise<number> {
  const format = typeof args.values.format === 'string' ? args.values.format : 'text';
  if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError('rules --format must be text, json or markdown');
  const rules = await loadBuiltinRules();
  if (args.positionals.length > 1) throw new UsageError('rules takes at most one rule id: nhiscan rules [RULE]');
  const wanted = args.positionals[0];
  if (wanted) {
    const rule = rules.find((r) => ruleKey(r) === wanted || r.id === wanted);
    if (!rule) {
      const near = rules.map((r) => ruleKey(r)).find((key) => key.includes(wanted) || wanted.includes(key.split('/')[1]!));
      throw new UsageError(`no rule "${wanted}"${near ? ` (did you mean "${near}"?)` : ''}; "nhiscan rules" lists them`);
    }
    await emit(explainRule(rule, format as 'text' | 'json' | 'markdown'), outputPath(args.values.output));
    return 0;
  }
  await emit(renderCatalog(rules, format as 'text' | 'json' | 'markdown'), outputPath(args.values.output));
  return 0;
}

async function readBaselineFile(path: string): Promise<BaselineFile> {
  let text: string;
  try {
    // A repository's configuration names the baseline: it must be a regular file of sane size,
    // not a FIFO (which would hang) or a device (which never ends).
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`the baseline ${path} is not a regular file`);
    if (info.size > MAX_BASELINE_BYTES) throw new UsageError(`the baseline ${path} is over ${MAX_BASELINE_BYTES / 1024 / 1024} MiB`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the baseline ${path}; create it with "nhiscan baseline"`);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

/** The scan root relative to the git top level, '' outside git or at the top. */
async function repositoryPrefix(root: string): Promise<string> {
  const top = await gitTopLevel(root);
  if (!top) return '';
  const rel = relative(realpathSync(top), realpathSync(root)).split(sep).join('/');
  return rel.startsWith('..') || isAbsolute(rel) ? '' : rel;
}

/** The commit a GitLab job runs on, else the work tree's HEAD. */
async function headCommit(root: string): Promise<string | undefined> {
  const fromCi = process.env['CI_COMMIT_SHA'];
  if (fromCi && /^[0-9a-f]{40}$/.test(fromCi)) return fromCi;
  try {
    return (await git(['rev-parse', '--verify', '--quiet', 'HEAD'], root)).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
