import { dataTreeProblems, type DataTreeProblem } from '../ast/data.js';
import { Document } from '../document/document.js';
import type { FileKind } from '../document/kinds.js';
import { syntaxOf } from '../document/kinds.js';
import type { ResolvedConfig } from '../config/load.js';
import type { Fact, Finding, Location, Note, Rule, RuleSettings } from '../rule/types.js';
import { applyBaseline, type BaselineFile } from './baseline.js';
import { classifyPath, refineKind } from './classify.js';
import { discoverFiles, forEachLimit, type SourceFile } from './discover.js';
import { foldRepeatedSecrets } from './fold.js';
import { FACT_EXTRACTORS } from '../model/extractors.js';
import { lineHashes } from './line-hash.js';
import { loadParsers, parseSyntax } from '../document/parse.js';
import { readText } from './read.js';
import { runRepositoryRules } from './repository-rules.js';
import { RuleEngine, type ActiveRule } from './run-rules.js';
import { selectRules } from './select-rules.js';
import { applyInlineSuppressions } from './suppress.js';

export interface ScanOptions {
  /** Absolute scan root; reported paths are relative to it. */
  root: string;
  config: ResolvedConfig;
  /** The rule catalog (built-in rules). */
  catalog: readonly Rule[];
  /** Files to scan instead of discovering them (`--staged`, `--files`). */
  files?: SourceFile[];
  /** Files or directories under the root to limit discovery to. */
  targets?: readonly string[];
  /** Keep only findings that touch these lines (staged mode: the lines the commit adds). */
  lineFilter?: ReadonlyMap<string, ReadonlySet<number>>;
  baseline?: BaselineFile;
  /** Keep the facts in the result (for `nhiscan inventory`). */
  keepFacts?: boolean;
  onProgress?: (event: { path: string; done: number; total: number }) => void;
  /**
   * At most this many worker threads (0 or 1: scan in this thread). They are used only for big
   * trees read from disk, and only from the built package (not when running the TS sources).
   */
  workers?: number;
  /** Use workers only for at least this much text (default `PARALLEL_MIN_BYTES`). */
  parallelMinBytes?: number;
}

/** Everything a scan produced: the input of every reporter. */
export interface ScanResult {
  findings: Finding[];
  notes: Note[];
  /** The rules that ran, in catalog order. */
  rules: Rule[];
  facts: Fact[];
  stats: { files: number; bytes: number; skipped: number; durationMs: number };
  /** False when a rule failed: the result may be missing findings. */
  complete: boolean;
}

/** Scans a tree (or a given list of files): discover → classify → parse → rules → suppress → baseline. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { config } = options;
  const notes: Note[] = [];
  const { engine, active, needsFacts } = createEngine(options.catalog, config, options.keepFacts ?? false);

  const files =
    options.files ??
    (await discoverFiles(
      { root: options.root, targets: options.targets, include: config.include, exclude: config.exclude, gitignore: config.gitignore },
      notes,
    ));
  const kinds = files.map((file) => classifyPath(file.path));
  await loadParsers(new Set(kinds.map((kind) => syntaxOf(kind))));

  const fileFindings: Finding[] = [];
  const facts: Fact[] = [];
  let complete = true;
  let scanned = 0;
  let bytes = 0;
  let done = 0;
  const collect = (path: string, outcome: FileOutcome | undefined) => {
    if (outcome) {
      notes.push(...outcome.notes);
      facts.push(...outcome.facts);
      fileFindings.push(...outcome.findings);
      complete &&= !outcome.ruleFailed;
      if (outcome.scanned) {
        scanned++;
        bytes += outcome.bytes;
      }
    }
    options.onProgress?.({ path, done: ++done, total: files.length });
  };

  const work = files.map((file, i) => ({ file, kind: kinds[i]! }));
  const workers = parallelism(options.workers ?? 0, files, options.parallelMinBytes ?? PARALLEL_MIN_BYTES, config.maxFileSize);
  if (workers > 1) {
    const { scanInWorkers } = await import('./parallel.js');
    await scanInWorkers(work, { workers, config, needsFacts, lineFilter: options.lineFilter }, collect);
  } else {
    const fileContext = { engine, config, needsFacts, lineFilter: options.lineFilter };
    await forEachLimit(work, 16, async ({ file, kind }) => collect(file.path, await scanFile(file, kind, fileContext)));
  }

  const findings = foldRepeatedSecrets(fileFindings);

  const repository = runRepositoryRules(engine, facts, notes);
  complete &&= repository.complete;
  // Staged mode: a repository finding counts when the commit adds one of its places.
  const touchesAdded = (location: Location) => touchesLines(location, options.lineFilter?.get(location.path));
  const repositoryFindings = options.lineFilter
    ? repository.findings.filter((f) => touchesAdded(f.location) || f.related.some((r) => touchesAdded(r.location)))
    : repository.findings;
  // Repository findings point into files scanned earlier: read those few again for line hashes
  // rather than keep every fact-bearing file's text in memory.
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const [path, group] of groupByPath(repositoryFindings)) {
    const file = byPath.get(path);
    const text = file ? await readText(file, Infinity, []) : undefined;
    if (text === undefined) {
      findings.push(...group);
      continue;
    }
    // Inline directives apply to repository findings too; the file pass already reported their problems.
    const doc = new Document(path, 'text', text, parseSyntax);
    findings.push(...withLineHashes(applyInlineSuppressions(doc, group, []), text));
  }

  const baselined = applyBaseline(findings, options.baseline, notes);
  return {
    findings: baselined.sort(compareFindings),
    notes: notes.sort(compareNotes),
    rules: active.map((a: ActiveRule) => a.rule),
    facts: options.keepFacts ? facts.sort((a, b) => compareLocations(a.location, b.location)) : [],
    stats: { files: scanned, bytes, skipped: files.length - scanned, durationMs: Math.round(performance.now() - started) },
    complete,
  };
}

/**
 * Below this much text, workers cost more than they save: each compiles every rule and warms up
 * its own JIT (measured on 2 cores: break-even around 30 MB, ~15% faster at 60 MB).
 */
export const PARALLEL_MIN_BYTES = 48 * 1024 * 1024;
const PARALLEL_MIN_FILES = 200;

function parallelism(max: number, files: readonly SourceFile[], minBytes: number, maxFileSize: number): number {
  if (max < 2 || !import.meta.url.endsWith('.js') || files.length < PARALLEL_MIN_FILES) return 0;
  if (files.some((f) => f.absolute === undefined)) return 0;
  const total = files.reduce((sum, f) => sum + (f.size !== undefined && f.size <= maxFileSize ? f.size : 0), 0);
  return total >= minBytes ? max : 0;
}

/** What scanning one file produced. */
export interface FileOutcome {
  findings: Finding[];
  facts: Fact[];
  notes: Note[];
  ruleFailed: boolean;
  scanned: boolean;
  bytes: number;
}

export interface FileContext {
  engine: RuleEngine;
  config: ResolvedConfig;
  needsFacts: boolean;
  lineFilter?: ReadonlyMap<string, ReadonlySet<number>>;
}

/** Reads, classifies, runs the rules over and suppresses one file. Never throws. */
export async function scanFile(file: SourceFile, kind: FileKind, context: FileContext): Promise<FileOutcome> {
  const notes: Note[] = [];
  const outcome: FileOutcome = { findings: [], facts: [], notes, ruleFailed: false, scanned: false, bytes: 0 };
  if (!context.engine.readsKind(kind) && !context.needsFacts) return outcome;
  const text = await readText(file, context.config.maxFileSize, notes);
  if (text === undefined) return outcome;
  const doc = new Document(file.path, refineKind(kind, text), text, (d) => parseWithNotes(d, notes));
  const result = context.engine.run(doc);
  notes.push(...result.notes, ...dataTreeProblems(doc).map((problem) => dataTreeNote(doc, problem)));
  const suppressed = applyInlineSuppressions(doc, result.findings, notes, { laterRules: context.engine.repositoryRuleKeys });
  outcome.findings = withLineHashes(keepLines(suppressed, context.lineFilter?.get(file.path), context.lineFilter), text);
  outcome.facts = result.facts;
  outcome.ruleFailed = result.ruleFailed;
  outcome.scanned = true;
  outcome.bytes = text.length;
  return outcome;
}

/** Builds the rule engine a scan uses, in the main thread or a worker. */
export function createEngine(catalog: readonly Rule[], config: ResolvedConfig, keepFacts: boolean): { engine: RuleEngine; active: ActiveRule[]; needsFacts: boolean } {
  const active = selectRules(catalog, config.rules, config.customPatterns);
  const needsFacts = keepFacts || active.some((a) => 'correlate' in a.rule);
  const engine = new RuleEngine({
    rules: active,
    allowlists: config.allowlist,
    settings: ruleSettings(config),
    extractors: needsFacts ? FACT_EXTRACTORS : [],
    fullSeverityInTests: config.fullSeverityInTests,
  });
  return { engine, active, needsFacts };
}

function ruleSettings(config: ResolvedConfig): RuleSettings {
  return { protectedEnvironments: config.protectedEnvironments, productionPatterns: config.productionPatterns };
}

/** Parses a document and turns parse problems into notes (position only, never source text). */
function parseWithNotes(doc: Document, notes: Note[]) {
  const syntax = parseSyntax(doc);
  const first = syntax.errors[0];
  if (first) {
    const { line } = doc.lines.position(first.offset);
    const more = syntax.errors.length > 1 ? ` (and ${syntax.errors.length - 1} more)` : '';
    notes.push({
      level: 'warning',
      code: 'parse-error',
      message: `${doc.family.toUpperCase()} parse problem: ${first.message}${more}; structural rules may miss findings here, text rules still ran`,
      path: doc.path,
      line,
    });
  }
  return syntax;
}

const DATA_TREE_PROBLEM_TEXT: Record<DataTreeProblem['kind'], string> = {
  'recursive-alias': 'a YAML alias refers to the anchor that contains it; it is read as empty',
  'alias-expansion-limit': 'YAML aliases expand to too many nodes (an alias bomb?); aliases past the limit are read as empty',
  'nesting-limit': 'the data is nested too deeply; the deepest levels are read as empty',
};

/** A crafted structure cut short while building the data tree: the rest of the file was checked. */
function dataTreeNote(doc: Document, problem: DataTreeProblem): Note {
  return {
    level: 'warning',
    code: problem.kind,
    message: `${DATA_TREE_PROBLEM_TEXT[problem.kind]}; every other rule and the rest of the file were checked`,
    path: doc.path,
    line: doc.lines.position(problem.offset).line,
  };
}

function withLineHashes(findings: Finding[], text: string): Finding[] {
  if (!findings.length) return findings;
  const hashes = lineHashes(text);
  return findings.map((f) => ({ ...f, lineHash: hashes[f.location.start.line] }));
}

function groupByPath(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.location.path, [...(groups.get(f.location.path) ?? []), f]);
  return groups;
}

/** Staged mode: keep findings that touch a line the commit adds (all findings if no filter). */
function keepLines(findings: Finding[], lines: ReadonlySet<number> | undefined, filter: ReadonlyMap<string, ReadonlySet<number>> | undefined): Finding[] {
  if (!filter) return findings;
  return findings.filter((f) => touchesLines(f.location, lines));
}

/** Whether a location spans one of the given lines. */
function touchesLines(location: Location, lines: ReadonlySet<number> | undefined): boolean {
  if (!lines) return false;
  for (let line = location.start.line; line <= location.end.line; line++) if (lines.has(line)) return true;
  return false;
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

export function compareLocations(a: Location, b: Location): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.startOffset - b.startOffset || a.endOffset - b.endOffset;
}

function compareFindings(a: Finding, b: Finding): number {
  return compareLocations(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

function compareNotes(a: Note, b: Note): number {
  return (a.path ?? '').localeCompare(b.path ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code);
}
