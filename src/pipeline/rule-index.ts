import type { FileKind } from '../document/kinds.js';
import { KeywordMatcher } from '../detect/keywords.js';
import type { RepositoryRule, Rule, RuleOptions, Severity, TextRule, VisitorRule } from '../rule/types.js';
import { isFileRule, isRepositoryRule } from '../rule/types.js';

/** A rule as configured for this scan. */
export interface ActiveRule {
  rule: Rule;
  /** `<family>/<id>` */
  key: string;
  /** A severity the configuration forces on every finding of the rule. */
  severity?: Severity;
  options: RuleOptions;
  /**
   * Turned off by the configuration, yet run: its secrets still own their spans, so a catch-all
   * rule does not report the same value in its place. Its findings, facts and notes are dropped.
   */
  shadow?: boolean;
}

type FileRule = TextRule | VisitorRule;

/** A file rule with the ids of its keywords in the shared keyword matcher. */
export interface IndexedFileRule {
  active: ActiveRule;
  rule: FileRule;
  keywordIds: number[];
}

/**
 * The active rules, indexed for the engine: file rules by the kinds they read, every file rule's
 * keywords in one matcher (one pass over the text finds them all), repository rules apart.
 */
export class RuleIndex {
  private readonly fileRules: IndexedFileRule[] = [];
  private readonly byKind = new Map<FileKind, IndexedFileRule[]>();
  /** Keyword → id in the matcher: lets `ctx.mentions` answer from the one keyword pass. */
  private readonly keywordId = new Map<string, number>();
  private readonly keywords: string[] = [];
  private keywordMatcher: KeywordMatcher | undefined;
  /** Repository rules, in catalog order. */
  readonly repositoryRules: { active: ActiveRule; rule: RepositoryRule }[];
  /** Keys of the rules whose findings fold when a file reads as recorded data (FileRuleMeta.recorded). */
  readonly recordedRules = new Set<string>();

  constructor(rules: readonly ActiveRule[]) {
    const keywords = this.keywords;
    for (const active of rules) {
      if (!isFileRule(active.rule)) continue;
      const ids = (active.rule.keywords ?? []).map((word) => {
        let id = this.keywordId.get(word);
        if (id === undefined) {
          id = keywords.push(word) - 1;
          this.keywordId.set(word, id);
        }
        return id;
      });
      this.fileRules.push({ active, rule: active.rule, keywordIds: ids });
      if (active.rule.fallback || active.rule.recorded) this.recordedRules.add(active.key);
    }
    this.repositoryRules = rules.flatMap((active) => (isRepositoryRule(active.rule) ? [{ active, rule: active.rule }] : []));
  }

  /** Whether a rule that reports (not a shadow) reads this kind. */
  reportsOn(kind: FileKind): boolean {
    return this.rulesFor(kind).some(({ active }) => !active.shadow);
  }

  /** Every file rule's keywords in one automaton, built on first use (an empty scan needs none). */
  get matcher(): KeywordMatcher {
    this.keywordMatcher ??= new KeywordMatcher(this.keywords);
    return this.keywordMatcher;
  }

  /** The file rules that read this kind. */
  rulesFor(kind: FileKind): readonly IndexedFileRule[] {
    let list = this.byKind.get(kind);
    if (!list) {
      list = this.fileRules.filter(({ rule }) => rule.kinds === '*' || rule.kinds.includes(kind));
      this.byKind.set(kind, list);
    }
    return list;
  }

  /** The matcher id of a keyword some rule declared, if any. */
  keyword(word: string): number | undefined {
    return this.keywordId.get(word);
  }
}
