import { compareLocations } from './location.js';
import type { Document } from '../document/document.js';
import type { FileKind } from '../document/kinds.js';
import type { Fact, FactExtractor, Finding, Note, RuleContext, RuleSettings, ScannedSources } from '../rule/types.js';
import { KeywordMatcher } from '../detect/keywords.js';
import { Allowlists, type Allowlist } from './allowlist.js';
import { foldRecordedValues } from './fold.js';
import { fingerprintFindings, withoutContextualDuplicates, withoutSuperseded, type DraftFinding } from './findings.js';
import { fileContext, makeFact, repositoryContext, ruleCrash, type DocumentSink } from './rule-context.js';
import { RuleIndex, type ActiveRule } from './rule-index.js';
import { NO_SOURCES } from './sources.js';
import { walkVisitors, type ActiveVisitor } from './walk.js';

/** What the engine needs from the configuration. */
export interface EngineConfig {
  rules: readonly ActiveRule[];
  allowlists: readonly Allowlist[];
  settings: RuleSettings;
  /** Fact extractors to run on every document (empty when no repository rule needs facts). */
  extractors?: readonly FactExtractor[];
}

/** What running the rules over one document produced. */
export interface DocumentOutcome {
  findings: Finding[];
  facts: Fact[];
  notes: Note[];
  /** A rule threw: the scan is incomplete. */
  ruleFailed: boolean;
}

/**
 * Runs the configured rules: file rules over each document (keyword pass, then each rule that
 * may apply, then one walk for the visitor rules, then the fact extractors), and repository rules
 * once over every fact. Built once per scan.
 */
export class RuleEngine {
  private readonly index: RuleIndex;
  readonly allowlists: Allowlists;

  constructor(private readonly config: EngineConfig) {
    this.index = new RuleIndex(config.rules);
    this.allowlists = new Allowlists(config.allowlists);
  }

  /** Keys of the rules whose findings fold when files read as recorded data. */
  get recordedRules(): ReadonlySet<string> {
    return this.index.recordedRules;
  }

  /** Keys of the repository rules (their findings arrive after every file is scanned). */
  get repositoryRuleKeys(): string[] {
    return this.index.repositoryRules.map(({ active }) => active.key);
  }

  /** Whether any rule reads this kind (files no rule reads are not even read from disk). */
  readsKind(kind: FileKind): boolean {
    return this.index.reportsOn(kind);
  }

  /**
   * Runs every applicable file rule and fact extractor over one document. Never throws.
   * `sources` are the scan's other files, for rules that follow imports.
   */
  run(doc: Document, sources: ScannedSources = NO_SOURCES): DocumentOutcome {
    const notes: Note[] = [];
    const candidates = this.index.rulesFor(doc.kind);
    const present = candidates.some((r) => r.keywordIds.length) ? this.index.matcher.match(doc.text) : KeywordMatcher.none;
    const sink: DocumentSink = { drafts: [], facts: [], notes, present };
    // Shadows (rules the configuration turned off) add drafts only: their facts and notes, and a
    // crash, are not this scan's.
    const shadowSink: DocumentSink = { drafts: sink.drafts, facts: [], notes: [], present };
    const visitors: ActiveVisitor[] = [];
    const shadowVisitors: ActiveVisitor[] = [];
    let ruleFailed = false;

    for (const { active, rule, keywordIds } of candidates) {
      if (keywordIds.length && !present.hasAny(keywordIds)) continue;
      const ctx: RuleContext = fileContext(doc, active, this.config.settings, this.index, this.allowlists, active.shadow ? shadowSink : sink, sources);
      if ('visit' in rule) {
        (active.shadow ? shadowVisitors : visitors).push({ ctx, rule, key: active.key });
        continue;
      }
      try {
        const before = notes.length;
        rule.scan(doc, ctx);
        // A rule that notes an error could not finish (a safety bound): its findings are incomplete.
        if (notes.slice(before).some((note) => note.level === 'error')) ruleFailed = true;
      } catch (error) {
        if (active.shadow) continue;
        ruleFailed = true;
        notes.push(ruleCrash(active.key, doc.path, error));
      }
    }
    if (visitors.length) ruleFailed = walkVisitors(doc, visitors, notes) || ruleFailed;
    if (shadowVisitors.length) walkVisitors(doc, shadowVisitors, []);
    this.extractFacts(doc, sink);
    // Shadows claim their secrets in the two dedup steps, then leave.
    const owned = withoutContextualDuplicates(withoutSuperseded(sink.drafts)).filter((draft) => !draft.shadow);
    const findings = foldRecordedValues(fingerprintFindings(owned), this.index.recordedRules);
    return { findings, facts: sink.facts, notes, ruleFailed };
  }

  private extractFacts(doc: Document, sink: DocumentSink): void {
    for (const extractor of this.config.extractors ?? []) {
      if (extractor.kinds !== '*' && !extractor.kinds.includes(doc.kind)) continue;
      try {
        extractor.extract(doc, (input) => sink.facts.push(makeFact(doc, input)));
      } catch (error) {
        sink.notes.push({
          level: 'warning',
          code: 'extractor-error',
          message: `fact extractor ${extractor.name} failed (${error instanceof Error ? error.name : 'error'}); identity correlation may miss this file`,
          path: doc.path,
        });
      }
    }
  }

  /**
   * Runs every repository rule once over all facts, in place order: files finish in any order
   * (worker threads, reads), and a rule's findings and wording must not depend on that. A failing
   * rule becomes an error note.
   */
  runRepositoryRules(unordered: readonly Fact[], notes: Note[]): { findings: Finding[]; complete: boolean } {
    const facts = [...unordered].sort((a, b) => compareLocations(a.location, b.location));
    const drafts: DraftFinding[] = [];
    let complete = true;
    for (const { active, rule } of this.index.repositoryRules) {
      try {
        rule.correlate(facts, repositoryContext(active, this.config.settings, this.allowlists, drafts, notes));
      } catch (error) {
        complete = false;
        notes.push(ruleCrash(active.key, undefined, error));
      }
    }
    return { findings: fingerprintFindings(drafts), complete };
  }
}
