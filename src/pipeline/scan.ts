import type { ResolvedConfig } from '../config/load.js';
import { Document } from '../document/document.js';
import { syntaxOf } from '../document/kinds.js';
import { loadParsers, parseSyntax } from '../document/parse.js';
import type { ScanResult } from '../rule/result.js';
import type { Fact, Finding, Location, Note, Rule } from '../rule/types.js';
import { SEVERITY_RANK } from '../rule/types.js';
import { applyBaseline, type BaselineFile } from './baseline.js';
import { classifyPath } from './classify.js';
import { discoverFiles, type SourceFile } from './discover.js';
import { foldRecordedFolders, foldRepeatedSecrets } from './fold.js';
import { compareLocations } from './location.js';
import { readText } from './read.js';
import { Redactor } from './redact.js';
import { capFindings } from './findings.js';
import { newSecretKey, useSecretKey } from './secret-value.js';
import { createEngine, scanFile, touchesLines, withLineHashes, type FileOutcome, type RuleScope } from './scan-file.js';
import { DiscoveredSources } from './sources.js';
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
  /**
   * The key of the secret hash behind fingerprints and inventory ids. Scans that should match a
   * baseline or each other use the same key; without one, a random key is made for this scan.
   */
  secretKey?: string;
  /** Notes the caller made while gathering `files` (listed files it left unread). */
  inputNotes?: readonly Note[];
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
  /** Which configured rules run (default all). */
  ruleScope?: RuleScope;
}

/** Scans a tree (or a given list of files): discover → classify → parse → rules → suppress → baseline. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { config } = options;
  const notes: Note[] = [...(options.inputNotes ?? []), ...options.config.notes];
  // Without a key, a random one is made when a hash first needs it (a clean scan hashes nothing).
  useSecretKey(options.secretKey);
  const { engine, active, needsFacts } = createEngine(options.catalog, config, options.keepFacts ?? false, options.ruleScope);

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
  const redactor = new Redactor();
  const collect = (path: string, outcome: FileOutcome | undefined) => {
    if (outcome) {
      for (const { value, preview } of outcome.detected) redactor.add(value, preview);
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
  const sources = new DiscoveredSources(files);
  const workers = parallelism(options.workers ?? 0, files, options.parallelMinBytes ?? PARALLEL_MIN_BYTES, config.maxFileSize);
  if (workers > 1) {
    // The workers hash with this thread's key: a random one is made now, to hand them.
    const secretKey = options.secretKey ?? newSecretKey();
    useSecretKey(secretKey);
    const { scanInWorkers } = await import('./parallel.js');
    await scanInWorkers(
      work,
      { workers, config, needsFacts, lineFilter: options.lineFilter, secretKey, ruleScope: options.ruleScope ?? 'all', sources: sources.entries() },
      collect,
    );
  } else {
    const fileContext = { engine, config, needsFacts, lineFilter: options.lineFilter, sources };
    // Files on disk are read synchronously (see readHead): nothing here waits, so let timers (the
    // terminal's spinner) run now and then.
    let breath = performance.now();
    for (const { file, kind } of work) {
      collect(file.path, await scanFile(file, kind, fileContext));
      if (performance.now() - breath > BREATHE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        breath = performance.now();
      }
    }
  }

  // One secret value is one finding, wherever else the rule found it; a folder of recorded data is one finding.
  const findings = foldRecordedFolders(foldRepeatedSecrets(fileFindings), engine.recordedRules);

  const repository = engine.runRepositoryRules(facts, notes);
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
    const text = file ? (await readText(file, Infinity, [], classifyPath(path)))?.text : undefined;
    if (text === undefined) {
      findings.push(...group);
      continue;
    }
    // Allowlist regexes and inline directives apply to repository findings too; the file pass
    // already reported the directives' problems.
    const doc = new Document(path, 'text', text, parseSyntax);
    findings.push(...withLineHashes(applyInlineSuppressions(doc, engine.allowlists.coverByLine(group, doc), []), text));
  }

  const baselined = applyBaseline(findings, options.baseline, notes);
  // Last step before any output: a detected value is masked wherever else it appears.
  return {
    findings: redactor.deep(capFindings(baselined, notes)).sort(compareFindings),
    notes: redactor.deep(notes).sort(compareNotes),
    rules: active.map((a) => a.rule),
    facts: options.keepFacts ? redactor.deep(facts).sort((a, b) => compareLocations(a.location, b.location)) : [],
    stats: { files: scanned, bytes, skipped: files.length - scanned, durationMs: Math.round(performance.now() - started) },
    complete,
  };
}

/**
 * Below this much text, workers cost more than they save: each compiles every rule and warms up
 * its own JIT (measured on 2 cores: break-even around 30 MB, ~15% faster at 60 MB).
 */
const PARALLEL_MIN_BYTES = 48 * 1024 * 1024;
const PARALLEL_MIN_FILES = 200;
/** How long a scan in this thread runs before it lets the event loop's timers run. */
const BREATHE_MS = 50;

function parallelism(max: number, files: readonly SourceFile[], minBytes: number, maxFileSize: number): number {
  // Not from the TypeScript sources (tests): workers run the built dist/src/pipeline/worker-entry.js.
  if (max < 2 || import.meta.url.endsWith('.ts') || files.length < PARALLEL_MIN_FILES) return 0;
  if (files.some((f) => f.absolute === undefined)) return 0;
  const total = files.reduce((sum, f) => sum + (f.size !== undefined && f.size <= maxFileSize ? f.size : 0), 0);
  return total >= minBytes ? max : 0;
}

function groupByPath(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.location.path, [...(groups.get(f.location.path) ?? []), f]);
  return groups;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareLocations(a.location, b.location) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
  );
}

function compareNotes(a: Note, b: Note): number {
  return (a.path ?? '').localeCompare(b.path ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code);
}
