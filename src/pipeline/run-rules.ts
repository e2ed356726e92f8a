import picomatch from 'picomatch';
import type { Document } from '../document/document.js';
import type { FileKind } from '../document/kinds.js';
import type { LineIndex } from '../document/line-index.js';
import { KeywordMatcher } from '../detect/keywords.js';
import { isInlineTestCode } from '../detect/paths.js';
import { capSeverity, secretPathPolicy } from './path-policy.js';
import type {
  Confidence,
  Fact,
  FactExtractor,
  FactInput,
  Finding,
  Location,
  Note,
  Properties,
  Range,
  RelatedLocation,
  ReportExtra,
  RepositoryRule,
  Rule,
  RuleContext,
  RuleOptions,
  RuleSettings,
  Severity,
  Target,
  TextRule,
  VisitorRule,
} from '../rule/types.js';
import { isFileRule, ruleKey } from '../rule/types.js';
import { digest, hashSecret, maskSecret, scrubSecret } from './secret-value.js';

/** A rule as configured for this scan. */
export interface ActiveRule {
  rule: Rule;
  /** `<family>/<id>` */
  key: string;
  /** A severity the configuration forces on every finding of the rule. */
  severity?: Severity;
  options: RuleOptions;
}

/** A configured allowlist entry (see the config schema). */
export interface Allowlist {
  rules?: readonly string[];
  paths?: readonly string[];
  regexes?: readonly string[];
  values?: readonly string[];
  reason: string;
}

/** What the engine needs from the configuration. */
export interface EngineConfig {
  rules: readonly ActiveRule[];
  allowlists: readonly Allowlist[];
  settings: RuleSettings;
  /** Fact extractors to run on every document (empty when no repository rule needs facts). */
  extractors?: readonly FactExtractor[];
  /** Secrets in test, example and development-only paths keep their full severity. */
  fullSeverityInTests?: boolean;
}

/** A finding before its fingerprint is fixed (the occurrence index needs the whole file). */
interface DraftFinding extends Omit<Finding, 'fingerprint'> {
  contentKey: string;
  /** From a catch-all rule: dropped where a specific rule found an overlapping secret. */
  fallback: boolean;
  /** How many file kinds the rule reads (Infinity for all): among catch-alls, the narrower knows more. */
  breadth: number;
}

/** What running the rules over one document produced. */
export interface DocumentOutcome {
  findings: Finding[];
  facts: Fact[];
  notes: Note[];
  /** A rule threw: the scan is incomplete. */
  ruleFailed: boolean;
}

type FileRule = TextRule | VisitorRule;

/**
 * A generated file can hold thousands of matches of one rule; past this many per file the rest
 * are counted in a note (each finding costs a slow hash, and nobody reads thousands).
 */
const MAX_FINDINGS_PER_RULE_AND_FILE = 200;


/**
 * Runs configured rules over documents. Built once per scan: it indexes rules by kind and their
 * keywords into one matcher, and compiles allowlists.
 */
export class RuleEngine {
  private readonly fileRules: { active: ActiveRule; rule: FileRule; keywordIds: number[] }[] = [];
  private readonly byKind = new Map<FileKind, typeof this.fileRules>();
  private readonly matcher: KeywordMatcher;
  /** Keyword → id in the matcher: lets `ctx.mentions` answer from the one keyword pass. */
  private readonly keywordId = new Map<string, number>();
  private readonly allowlists: CompiledAllowlist[];

  constructor(private readonly config: EngineConfig) {
    const keywords: string[] = [];
    const keywordId = this.keywordId;
    for (const active of config.rules) {
      if (!isFileRule(active.rule)) continue;
      const ids = (active.rule.keywords ?? []).map((word) => {
        let id = keywordId.get(word);
        if (id === undefined) {
          id = keywords.push(word) - 1;
          keywordId.set(word, id);
        }
        return id;
      });
      this.fileRules.push({ active, rule: active.rule, keywordIds: ids });
    }
    this.matcher = new KeywordMatcher(keywords);
    this.allowlists = config.allowlists.map(compileAllowlist);
  }

  /** Project-level settings every rule may read. */
  get settings(): RuleSettings {
    return this.config.settings;
  }

  /** Repository rules, in catalog order. */
  get repositoryRules(): { active: ActiveRule; rule: RepositoryRule }[] {
    return this.config.rules.flatMap((active) =>
      'correlate' in active.rule ? [{ active, rule: active.rule as RepositoryRule }] : [],
    );
  }

  /** Keys of the repository rules (their findings arrive after every file is scanned). */
  get repositoryRuleKeys(): string[] {
    return this.repositoryRules.map(({ active }) => active.key);
  }

  /** Whether any rule reads this kind (files no rule reads are not even read from disk). */
  readsKind(kind: FileKind): boolean {
    return this.rulesFor(kind).length > 0;
  }

  private rulesFor(kind: FileKind) {
    let list = this.byKind.get(kind);
    if (!list) {
      list = this.fileRules.filter(({ rule }) => rule.kinds === '*' || rule.kinds.includes(kind));
      this.byKind.set(kind, list);
    }
    return list;
  }

  /** Runs every applicable rule over one document. Never throws. */
  run(doc: Document): DocumentOutcome {
    const drafts: DraftFinding[] = [];
    const facts: Fact[] = [];
    const notes: Note[] = [];
    let ruleFailed = false;
    const candidates = this.rulesFor(doc.kind);
    const present = candidates.some((r) => r.keywordIds.length) ? this.matcher.match(doc.text) : new Set<number>();
    const visitors: { ctx: RuleContext; rule: VisitorRule; key: string }[] = [];

    for (const { active, rule, keywordIds } of candidates) {
      if (keywordIds.length && !keywordIds.some((id) => present.has(id))) continue;
      const ctx = this.context(doc, active, drafts, facts, notes, present);
      if ('visit' in rule) {
        visitors.push({ ctx, rule, key: active.key });
        continue;
      }
      try {
        rule.scan(doc, ctx);
      } catch (error) {
        ruleFailed = true;
        notes.push(ruleCrash(active.key, doc.path, error));
      }
    }
    if (visitors.length) ruleFailed = walkVisitors(doc, visitors, notes) || ruleFailed;
    for (const extractor of this.config.extractors ?? []) {
      if (extractor.kinds !== '*' && !extractor.kinds.includes(doc.kind)) continue;
      try {
        extractor.extract(doc, (input) => facts.push(makeFact(doc, input)));
      } catch (error) {
        notes.push({ level: 'warning', code: 'extractor-error', message: `fact extractor ${extractor.name} failed (${error instanceof Error ? error.name : 'error'}); identity correlation may miss this file`, path: doc.path });
      }
    }
    return { findings: fingerprintFindings(withoutContextualDuplicates(withoutSuperseded(drafts))), facts, notes, ruleFailed };
  }

  private context(doc: Document, active: ActiveRule, drafts: DraftFinding[], facts: Fact[], notes: Note[], present: Set<number>): RuleContext {
    const engine = this;
    let reported = 0;
    return {
      doc,
      options: active.options,
      settings: this.config.settings,
      mentions(keyword) {
        const id = engine.keywordId.get(keyword);
        return id !== undefined ? present.has(id) : doc.lowerText.includes(keyword);
      },
      report(target, message, extra = {}) {
        if (++reported > MAX_FINDINGS_PER_RULE_AND_FILE) {
          if (reported === MAX_FINDINGS_PER_RULE_AND_FILE + 1) {
            notes.push({ level: 'warning', code: 'too-many-findings', message: `rule ${active.key} found more than ${MAX_FINDINGS_PER_RULE_AND_FILE} problems in this file; only the first ${MAX_FINDINGS_PER_RULE_AND_FILE} are reported`, path: doc.path, ruleId: active.key });
          }
          return;
        }
        const draft = engine.draft(doc, active, target, message, extra);
        if (draft) drafts.push(draft);
      },
      fact(input: FactInput) {
        facts.push(makeFact(doc, input));
      },
      note(message, level = 'info') {
        notes.push({ level, code: 'rule-note', message, path: doc.path, ruleId: active.key });
      },
    };
  }

  private draft(doc: Document, active: ActiveRule, target: Target, message: string, extra: ReportExtra): DraftFinding | undefined {
    const rule = active.rule;
    const range = toRange(target, doc.text.length);
    const location = locate(doc.path, doc.lines, range);
    const properties: Properties = { ...extra.properties };
    let confidence: Confidence = extra.confidence ?? rule.confidence;
    let text = message;
    let secret: Finding['secret'];
    let contentKey = extra.fingerprintKey ?? normalise(doc.text.slice(range.start, range.end));
    let suppressed: Finding['suppressed'];

    if (extra.secret !== undefined) {
      const secretRange = extra.secretTarget ? toRange(extra.secretTarget, doc.text.length) : range;
      const lineText = doc.lines.lineText(location.start.line);
      const allowed = this.allowed(active.key, doc.path, extra.secret, lineText);
      if (allowed) suppressed = { kind: 'config', reason: allowed.reason };
      const preview = maskSecret(extra.secret, extra.publicPrefix ?? 0);
      secret = { preview, length: extra.secret.length, location: locate(doc.path, doc.lines, secretRange) };
      text = scrubSecret(text, extra.secret, preview);
      contentKey = `secret:${hashSecret(extra.secret)}`;
    } else {
      const allowed = this.allowed(active.key, doc.path, undefined, doc.lines.lineText(location.start.line));
      if (allowed) suppressed = { kind: 'config', reason: allowed.reason };
    }

    const fallback = 'fallback' in rule && rule.fallback === true;
    const policy = rule.family === 'secret' ? secretPathPolicy(doc.path, fallback, this.config.fullSeverityInTests ?? false, isInlineTestCode(doc.kind, doc.text, range.start)) : undefined;
    if (policy) {
      confidence = lower(confidence);
      properties['context'] = policy.context;
    }

    return {
      ruleId: active.key,
      family: rule.family,
      message: text,
      severity: capSeverity(active.severity ?? extra.severity ?? rule.severity, policy?.severityCap),
      confidence,
      location,
      related: (extra.related ?? []).map((r) =>
        'location' in r
          ? { location: r.location, message: r.message }
          : { location: locate(doc.path, doc.lines, toRange(r.target, doc.text.length)), message: r.message },
      ),
      secret,
      properties,
      suppressed,
      contentKey,
      fallback,
      breadth: !('kinds' in rule) || rule.kinds === '*' ? Infinity : rule.kinds.length,
    };
  }

  /** The allowlist entry that covers a finding, if any. */
  allowed(ruleId: string, path: string, secret: string | undefined, line: string): CompiledAllowlist | undefined {
    return this.allowlists.find((entry) => entry.covers(ruleId, path, secret, line));
  }
}

interface CompiledAllowlist {
  reason: string;
  covers(ruleId: string, path: string, secret: string | undefined, line: string): boolean;
}

/**
 * An allowlist entry covers a finding when its rule filter passes and any one of its path,
 * regex or value conditions holds. Regexes are tried on the secret, or the line for findings
 * without one.
 */
function compileAllowlist(entry: Allowlist): CompiledAllowlist {
  const paths = entry.paths?.length ? picomatch(entry.paths as string[], { dot: true }) : undefined;
  const regexes = (entry.regexes ?? []).map((source) => new RegExp(source));
  const values = new Set(entry.values ?? []);
  const rules = entry.rules?.length ? entry.rules : undefined;
  return {
    reason: entry.reason,
    covers(ruleId, path, secret, line) {
      if (rules && !rules.some((r) => r === ruleId || r === ruleId.split('/')[1] || (r.endsWith('/*') && ruleId.startsWith(r.slice(0, -1))))) {
        return false;
      }
      if (paths?.(path)) return true;
      if (secret !== undefined && values.has(secret)) return true;
      const subject = secret ?? line;
      return regexes.some((regex) => regex.test(subject));
    },
  };
}

/** Converts any supported target into a clamped offset range. */
export function toRange(target: Target, length: number): Range {
  let start = 0;
  let end = 0;
  if ('offset' in target && 'length' in target) {
    start = target.offset;
    end = target.offset + target.length;
  } else if ('range' in target && Array.isArray(target.range)) {
    // yaml nodes: [start, valueEnd, nodeEnd]; TOML/ESTree: [start, end]
    start = target.range[0] ?? 0;
    end = target.range[1] ?? start;
  } else if ('range' in target && target.range && typeof target.range === 'object') {
    // DataNode: { start, end }
    const range = target.range as unknown as Range;
    start = range.start;
    end = range.end;
  } else if ('start' in target) {
    start = target.start ?? 0;
    end = target.end ?? start;
  }
  start = Math.max(0, Math.min(start, length));
  end = Math.max(start, Math.min(end, length));
  return { start, end };
}

/** A location from an offset range in a document. */
export function locate(path: string, lines: LineIndex, range: Range): Location {
  return {
    path,
    start: lines.position(range.start),
    end: lines.position(range.end),
    startOffset: range.start,
    endOffset: range.end,
  };
}

function makeFact(doc: Document, input: FactInput): Fact {
  const range = toRange(input.target, doc.text.length);
  const identity = input.identity ?? (input.secret !== undefined ? `literal:${hashSecret(input.secret)}` : 'unknown');
  const location = locate(doc.path, doc.lines, range);
  const fact: Fact = { kind: input.kind, identity, location, attributes: { ...input.attributes } };
  if (input.secret !== undefined) fact.secret = { preview: maskSecret(input.secret), length: input.secret.length, location };
  return fact;
}

/**
 * Among catch-all findings on overlapping secrets, keeps the one from the rule that reads the
 * fewest file kinds: it knows the file's context (`assistant/credential-in-config` in an MCP
 * config, `secret/config-file-credential` in `.npmrc`) better than `secret/generic-credential`.
 */
function withoutContextualDuplicates(drafts: DraftFinding[]): DraftFinding[] {
  const fallbacks = drafts.filter((d) => d.fallback && d.secret);
  if (fallbacks.length < 2) return drafts;
  return drafts.filter((d) => {
    if (!d.fallback || !d.secret) return true;
    const a = d.secret.location;
    return !fallbacks.some(
      (other) => other.breadth < d.breadth && other.secret!.location.startOffset < a.endOffset && a.startOffset < other.secret!.location.endOffset,
    );
  });
}

/**
 * One secret, one finding: drops catch-all findings whose secret overlaps a secret a specific
 * rule reported, and a second specific finding on exactly the same secret span (two rules that
 * both know a format, e.g. an npm token in `.npmrc`), keeping the more severe.
 */
function withoutSuperseded(drafts: DraftFinding[]): DraftFinding[] {
  const specific = drafts.filter((d) => !d.fallback && d.secret);
  if (!specific.length) return drafts;
  const bySpan = new Map<string, DraftFinding>();
  for (const d of specific) {
    const span = `${d.secret!.location.startOffset}:${d.secret!.location.endOffset}`;
    const kept = bySpan.get(span);
    if (!kept || SEVERITY_WEIGHT[d.severity] > SEVERITY_WEIGHT[kept.severity]) bySpan.set(span, d);
  }
  const keep = new Set(bySpan.values());
  return drafts.filter((d) => {
    if (!d.secret) return true;
    if (!d.fallback) return keep.has(d);
    const a = d.secret.location;
    return !specific.some(({ secret }) => secret!.location.startOffset < a.endOffset && a.startOffset < secret!.location.endOffset);
  });
}

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** Fixes fingerprints: a content key plus its occurrence index within the file and rule. */
function fingerprintFindings(drafts: DraftFinding[]): Finding[] {
  const seen = new Map<string, number>();
  return drafts
    .sort((a, b) => a.location.startOffset - b.location.startOffset)
    .map(({ contentKey, fallback: _fallback, breadth: _breadth, ...finding }) => {
      const slot = `${finding.ruleId}\0${contentKey}`;
      const occurrence = seen.get(slot) ?? 0;
      seen.set(slot, occurrence + 1);
      const fingerprint = digest([finding.ruleId, finding.location.path, contentKey, String(occurrence)]);
      return finding.secret && contentKey.startsWith('secret:') ? { ...finding, fingerprint, valueKey: contentKey } : { ...finding, fingerprint };
    });
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}

function lower(confidence: Confidence): Confidence {
  return confidence === 'high' ? 'medium' : 'low';
}

function ruleCrash(ruleId: string, path: string, error: unknown): Note {
  const kind = error instanceof Error ? error.name : 'error';
  return {
    level: 'error',
    code: 'rule-error',
    message: `rule ${ruleId} failed on this file (${kind}); its findings for the file are incomplete`,
    path,
    ruleId,
  };
}

const SKIP_KEYS = new Set(['loc', 'start', 'end', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'errors', 'comments', 'tokens']);

/** Walks a JS/TS tree once, calling every visitor registered for each node type. */
function walkVisitors(doc: Document, visitors: { ctx: RuleContext; rule: VisitorRule; key: string }[], notes: Note[]): boolean {
  const tree = doc.js();
  if (!tree) return false;
  const dispatch = new Map<string, { ctx: RuleContext; key: string; fn: (node: any, ctx: RuleContext) => void }[]>();
  for (const { ctx, rule, key } of visitors) {
    for (const [type, fn] of Object.entries(rule.visit)) {
      const list = dispatch.get(type) ?? [];
      list.push({ ctx, key, fn });
      dispatch.set(type, list);
    }
  }
  const failed = new Set<string>();
  const stack: unknown[] = [tree.program];
  while (stack.length) {
    const node = stack.pop() as Record<string, unknown> | undefined;
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const type = node['type'];
    if (typeof type === 'string') {
      for (const { ctx, key, fn } of dispatch.get(type) ?? []) {
        if (failed.has(key)) continue;
        try {
          fn(node, ctx);
        } catch (error) {
          failed.add(key);
          notes.push(ruleCrash(key, doc.path, error));
        }
      }
    }
    for (const key of Object.keys(node)) {
      if (SKIP_KEYS.has(key)) continue;
      const child = node[key];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
  return failed.size > 0;
}

export { ruleKey };
