import { dataTreeProblems, type DataTreeProblem } from '../ast/data.js';
import type { ResolvedConfig } from '../config/load.js';
import { Document } from '../document/document.js';
import { syntaxOf, type FileKind } from '../document/kinds.js';
import { looksMinified, parseSyntax } from '../document/parse.js';
import { FACT_EXTRACTORS } from '../model/extractors.js';
import type { Fact, Finding, Location, Note, Rule, RuleSettings, ScannedSources } from '../rule/types.js';
import { isFileRule, isOrganisationRule } from '../rule/types.js';
import { refineKind } from './classify.js';
import type { SourceFile } from './discover.js';
import { lineHashes } from './line-hash.js';
import { readBytes, readText } from './read.js';
import { parseKeystore } from '../document/keystore.js';
import { detectedValues } from './redact.js';
import type { ActiveRule } from './rule-index.js';
import { RuleEngine } from './run-rules.js';
import { selectRules } from './select-rules.js';
import { applyInlineSuppressions } from './suppress.js';

/**
 * Scanning one file: what the main thread and the scan workers share. The engine is built from
 * the configuration alone, so a worker builds the same one.
 */

/** What scanning one file produced. */
export interface FileOutcome {
  findings: Finding[];
  facts: Fact[];
  notes: Note[];
  ruleFailed: boolean;
  scanned: boolean;
  bytes: number;
  /** Every secret value the rules found in the file (kept in memory for redaction, never output). */
  detected: { value: string; preview: string }[];
}

export interface FileContext {
  engine: RuleEngine;
  config: ResolvedConfig;
  needsFacts: boolean;
  lineFilter?: ReadonlyMap<string, ReadonlySet<number>>;
  /** The scan's files, for rules that follow imports into other files. */
  sources?: ScannedSources;
}

/**
 * Which of the configured rules a scan runs. A scan of git objects (`--history`, `--range`) reads
 * blobs one at a time: deploy rules (whole pipelines) and repository rules (every file's facts)
 * cannot run there, and a tree scan of the changed files runs them instead (the GitHub Action).
 */
export type RuleScope = 'all' | 'git-objects' | 'beyond-git-objects';

function inScope(rule: Rule, scope: RuleScope): boolean {
  if (scope === 'all') return true;
  const onGitObjects = rule.family !== 'deploy' && isFileRule(rule);
  return onGitObjects === (scope === 'git-objects');
}

/**
 * Builds the rule engine a scan uses, in the main thread or a worker. The configuration names
 * rules of the whole catalog whatever the scope.
 */
export function createEngine(
  catalog: readonly Rule[],
  config: ResolvedConfig,
  keepFacts: boolean,
  scope: RuleScope = 'all',
): { engine: RuleEngine; active: ActiveRule[]; needsFacts: boolean } {
  // Organisation rules run in `nhiscan org merge`, over many repositories, never in one scan.
  const selected = selectRules(catalog, config.rules, config.customPatterns, config.allowlist).filter(
    (a) => !isOrganisationRule(a.rule) && inScope(a.rule, scope),
  );
  const active = selected.filter((a) => !a.shadow);
  const needsFacts = keepFacts || active.some((a) => 'correlate' in a.rule);
  const engine = new RuleEngine({
    rules: selected,
    allowlists: config.allowlist,
    settings: ruleSettings(config),
    extractors: needsFacts ? FACT_EXTRACTORS : [],
  });
  return { engine, active, needsFacts };
}

function ruleSettings(config: ResolvedConfig): RuleSettings {
  return {
    protectedEnvironments: config.protectedEnvironments,
    productionPatterns: config.productionPatterns,
    fullSeverityInTests: config.fullSeverityInTests,
  };
}

/** Reads, classifies, runs the rules over and suppresses one file. Never throws. */
export async function scanFile(file: SourceFile, kind: FileKind, context: FileContext): Promise<FileOutcome> {
  const notes: Note[] = [];
  const outcome: FileOutcome = { findings: [], facts: [], notes, ruleFailed: false, scanned: false, bytes: 0, detected: [] };
  if (!context.engine.readsKind(kind) && !context.needsFacts) return outcome;
  if (kind === 'keystore') return scanKeystore(file, context, outcome);
  const read = await readText(file, context.config.maxFileSize, notes, kind);
  if (read === undefined) return outcome;
  const { text } = read;
  // The prefix of a data file over the size limit would not parse: it is read as plain text,
  // which every secret rule still reads (the warning says the rest was not scanned). Code keeps
  // its kind, unparsed, so name-based rules keep treating it as code (a 2 MiB minified bundle read
  // as text would turn `this.tokenMatcher=s?…` into an assignment).
  const truncatedData = read.truncated && syntaxOf(kind) !== 'text' && syntaxOf(kind) !== 'js';
  const docKind = truncatedData ? 'text' : refineKind(kind, text);
  // A minified bundle is read as text only: parsing it was most of a node_modules scan. Decided
  // up front, so the rules' parse gates skip it without reading it.
  const minified = syntaxOf(docKind) === 'js' && !read.truncated && looksMinified(text);
  if (minified) notes.push({ level: 'info', code: 'minified', message: MINIFIED_NOTE, path: file.path });
  const doc = new Document(file.path, docKind, text, (d) => parseWithNotes(d, notes), { textOnly: read.truncated || minified });
  const result = context.engine.run(doc, context.sources);
  notes.push(...result.notes, ...dataTreeProblems(doc).map((problem) => dataTreeNote(doc, problem)));
  outcome.detected = detectedValues(result.findings, text); // before any filter: the value may show up elsewhere
  const suppressed = applyInlineSuppressions(doc, result.findings, notes, { laterRules: context.engine.repositoryRuleKeys });
  outcome.findings = withLineHashes(keepLines(suppressed, context.lineFilter?.get(file.path), context.lineFilter), text);
  outcome.facts = result.facts;
  outcome.ruleFailed = result.ruleFailed;
  outcome.scanned = true;
  outcome.bytes = text.length;
  return outcome;
}

/**
 * A binary key store is read as bytes and recognised by its magic; the rules see a document
 * with no text and the key store's facts. Anything else under such a name is noted as binary.
 */
async function scanKeystore(file: SourceFile, context: FileContext, outcome: FileOutcome): Promise<FileOutcome> {
  const bytes = await readBytes(file, context.config.maxFileSize, outcome.notes);
  if (!bytes) return outcome;
  const keystore = parseKeystore(bytes);
  if (!keystore) {
    outcome.notes.push({ level: 'info', code: 'binary', message: 'binary file that is not a recognised key store; skipped', path: file.path });
    return outcome;
  }
  const doc = new Document(file.path, 'keystore', '', parseSyntax, { keystore });
  const result = context.engine.run(doc);
  outcome.notes.push(...result.notes);
  // No lines to filter in staged mode: a staged key store is wholly part of the change.
  outcome.findings = result.findings;
  outcome.facts = result.facts;
  outcome.ruleFailed = result.ruleFailed;
  outcome.scanned = true;
  outcome.bytes = bytes.length;
  return outcome;
}

const MINIFIED_NOTE =
  'minified or generated JavaScript: not parsed, so the rules that read code structure skipped it; the text rules (provider tokens, keys, credential patterns) read it';

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

/** Adds GitHub's `primaryLocationLineHash` of each finding's first line. */
export function withLineHashes(findings: Finding[], text: string): Finding[] {
  if (!findings.length) return findings;
  const hashes = lineHashes(text);
  return findings.map((f) => ({ ...f, lineHash: hashes[f.location.start.line] }));
}

/** Staged mode: keep findings that touch a line the commit adds (all findings if no filter). */
function keepLines(findings: Finding[], lines: ReadonlySet<number> | undefined, filter: ReadonlyMap<string, ReadonlySet<number>> | undefined): Finding[] {
  if (!filter) return findings;
  return findings.filter((f) => touchesLines(f.location, lines));
}

/** Whether a location spans one of the given lines. */
export function touchesLines(location: Location, lines: ReadonlySet<number> | undefined): boolean {
  if (!lines) return false;
  for (let line = location.start.line; line <= location.end.line; line++) if (lines.has(line)) return true;
  return false;
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
