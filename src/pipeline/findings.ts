import type { Confidence, Finding, Location, Note, Properties, RelatedLocation, ReportExtra, RuleSettings, SecretPreview } from '../rule/types.js';
import { SEVERITY_RANK } from '../rule/types.js';
import { capSeverity, inactivePipelinePolicy, secretPathPolicy, type SecretSurroundings } from './path-policy.js';
import type { Allowlists } from './allowlist.js';
import type { ActiveRule } from './rule-index.js';
import { digest, hashSecret, maskSecret, scrubSecret } from './secret-value.js';

/**
 * Everything a finding is made from, once the engine has located what the rule pointed at. File
 * rules and repository rules both end here, so test and documentation paths, allowlists and
 * fingerprints mean the same for both.
 */
export interface FindingInput {
  active: ActiveRule;
  location: Location;
  message: string;
  extra: Omit<ReportExtra, 'related' | 'secretTarget'> & { secretPreview?: SecretPreview };
  related: RelatedLocation[];
  /** Where the secret value sits, when narrower than the finding (default: the finding). */
  secretLocation?: Location;
  /** The content key when the rule gives no `fingerprintKey`. */
  defaultKey: string;
  /** The text of the finding's first line for allowlist regexes; undefined when not at hand. */
  line: string | undefined;
  /** What the secret's surroundings say (test code beside the code, another scanner's marker). */
  surroundings?: SecretSurroundings;
}

/** A finding before its fingerprint is fixed (the occurrence index needs every finding of the file). */
export interface DraftFinding extends Omit<Finding, 'fingerprint'> {
  contentKey: string;
  /** From a catch-all rule: dropped where a specific rule found an overlapping secret. */
  fallback: boolean;
  /** How many file kinds the rule reads (Infinity for all): among catch-alls, the narrower knows more. */
  breadth: number;
  /** From a rule the configuration turned off (see ActiveRule.shadow): it only claims its secret. */
  shadow: boolean;
}

/**
 * The one finding constructor: masks and drops the secret, applies the configuration's
 * severity and allowlists and the policy for documentation and test paths, and keys the
 * finding for its fingerprint.
 */
export function draftFinding(input: FindingInput, allowlists: Allowlists, settings: Pick<RuleSettings, 'fullSeverityInTests'>): DraftFinding {
  const { active, location, extra } = input;
  const rule = active.rule;
  const properties: Properties = { ...extra.properties };
  let text = input.message;
  let secret: SecretPreview | undefined;
  let contentKey = extra.fingerprintKey ?? input.defaultKey;
  if (extra.secret !== undefined) {
    const preview = maskSecret(extra.secret, extra.publicPrefix ?? 0);
    const valueHash = hashSecret(extra.secret);
    secret = { preview, length: extra.secret.length, location: input.secretLocation ?? location, valueHash };
    text = scrubSecret(text, extra.secret, preview);
    contentKey = `secret:${valueHash}`;
  } else if (extra.secretPreview) {
    secret = extra.secretPreview;
  }
  const reason = allowlists.reasonFor({ ruleKey: active.key, path: location.path, secret: extra.secret, line: input.line });
  // In documentation only a format a provider defines (a prefix, a checksum) marks a real paste; a
  // value confirmed by its shape alone (a key block, a header, a hash) or by the name beside it is
  // an example until shown otherwise.
  const shapeOnly = properties['validatedBy'] === 'structure' || properties['validatedBy'] === 'context';
  const policy =
    rule.family === 'secret'
      ? secretPathPolicy(location.path, isFallback(active) || shapeOnly, settings.fullSeverityInTests ?? false, input.surroundings)
      : inactivePipelinePolicy(location.path);
  if (policy) properties['context'] = policy.context;
  if (policy?.context === 'reviewed') properties['marker'] = input.surroundings?.peerMarker;
  const confidence: Confidence = extra.confidence ?? rule.confidence;
  return {
    ruleId: active.key,
    family: rule.family,
    message: text,
    severity: capSeverity(active.severity ?? extra.severity ?? rule.severity, policy?.severityCap),
    confidence: policy ? lower(confidence) : confidence,
    location,
    related: input.related,
    secret,
    properties,
    suppressed: reason !== undefined ? { kind: 'config', reason } : undefined,
    contentKey,
    fallback: isFallback(active),
    breadth: !('kinds' in rule) || rule.kinds === '*' ? Infinity : rule.kinds.length,
    shadow: active.shadow === true,
  };
}

function isFallback(active: ActiveRule): boolean {
  return 'fallback' in active.rule && active.rule.fallback === true;
}

function lower(confidence: Confidence): Confidence {
  return confidence === 'high' ? 'medium' : 'low';
}

/** Suppressed findings of one rule in one file past this many are counted in a note instead of listed. */
const MAX_FINDINGS_PER_RULE_AND_FILE = 200;

/**
 * The one finding cap, applied last — after inline suppressions, the baseline and the staged line
 * filter — and only to suppressed findings: an active finding (new, or not in the baseline) is
 * always listed, so the cap can never hide what decides the exit code. A generated fixture file
 * with thousands of baselined matches lists 200 and counts the rest in a note.
 */
export function capFindings(findings: readonly Finding[], notes: Note[]): Finding[] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const slot = `${finding.ruleId}\0${finding.location.path}`;
    counts.set(slot, (counts.get(slot) ?? 0) + 1);
  }
  const dropped = new Map<string, { finding: Finding; count: number }>();
  const kept = findings.filter((finding) => {
    if (!finding.suppressed) return true;
    const slot = `${finding.ruleId}\0${finding.location.path}`;
    const listed = counts.get(slot) ?? 0;
    if (listed < MAX_FINDINGS_PER_RULE_AND_FILE) {
      counts.set(slot, listed + 1);
      return true;
    }
    const entry = dropped.get(slot) ?? { finding, count: 0 };
    entry.count++;
    dropped.set(slot, entry);
    return false;
  });
  for (const { finding, count } of dropped.values()) {
    notes.push({
      level: 'info',
      code: 'too-many-findings',
      message: `rule ${finding.ruleId}: ${count} more suppressed findings in this file are not listed`,
      path: finding.location.path,
      ruleId: finding.ruleId,
    });
  }
  return kept;
}

/**
 * One secret, one finding: drops catch-all findings whose secret overlaps a secret a specific
 * rule reported, and a second specific finding on exactly the same secret span (two rules that
 * both know a format, e.g. an npm token in `.npmrc`), keeping the more severe. Drafts of one file.
 */
export function withoutSuperseded(drafts: DraftFinding[]): DraftFinding[] {
  const specific = drafts.filter((d) => !d.fallback && d.secret);
  if (!specific.length) return drafts;
  const bySpan = new Map<string, DraftFinding>();
  for (const d of specific) {
    const span = `${d.secret!.location.startOffset}:${d.secret!.location.endOffset}`;
    const kept = bySpan.get(span);
    if (!kept || SEVERITY_RANK[d.severity] > SEVERITY_RANK[kept.severity]) bySpan.set(span, d);
  }
  const keep = new Set(bySpan.values());
  const reported = new SpanIndex(specific.map((d) => d.secret!.location));
  return drafts.filter((d) => {
    if (!d.secret) return true;
    if (!d.fallback) return keep.has(d);
    return !reported.overlaps(d.secret.location);
  });
}

/**
 * Among catch-all findings on overlapping secrets, keeps the one from the rule that reads the
 * fewest file kinds: it knows the file's context (`assistant/credential-in-config` in an MCP
 * config, `secret/config-file-credential` in `.npmrc`) better than `secret/generic-credential`.
 * Drafts of one file.
 */
export function withoutContextualDuplicates(drafts: DraftFinding[]): DraftFinding[] {
  const fallbacks = drafts.filter((d) => d.fallback && d.secret);
  if (fallbacks.length < 2) return drafts;
  // The secrets each breadth reported (a handful of catch-all rules, so a handful of indexes).
  const byBreadth = new Map<number, Location[]>();
  for (const d of fallbacks) {
    const spans = byBreadth.get(d.breadth);
    if (spans) spans.push(d.secret!.location);
    else byBreadth.set(d.breadth, [d.secret!.location]);
  }
  const narrower = [...byBreadth].map(([breadth, spans]) => ({ breadth, index: new SpanIndex(spans) }));
  return drafts.filter((d) => {
    if (!d.fallback || !d.secret) return true;
    const a = d.secret.location;
    return !narrower.some(({ breadth, index }) => breadth < d.breadth && index.overlaps(a));
  });
}

/**
 * Which of a file's secret spans overlap a given span, answered in logarithmic time: a file of
 * tens of thousands of secrets compared every pair (40,000 lines of `.env` took twelve seconds).
 * Spans sorted by start, with the furthest end reached so far: a span overlaps [a, b) when one
 * starting before b ends after a.
 */
class SpanIndex {
  private readonly starts: number[];
  private readonly furthestEnds: number[];

  constructor(spans: readonly { startOffset: number; endOffset: number }[]) {
    const sorted = [...spans].sort((x, y) => x.startOffset - y.startOffset);
    this.starts = sorted.map((span) => span.startOffset);
    let furthest = -Infinity;
    this.furthestEnds = sorted.map((span) => (furthest = Math.max(furthest, span.endOffset)));
  }

  overlaps(span: { startOffset: number; endOffset: number }): boolean {
    // The last span starting before this one ends.
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.starts[middle]! < span.endOffset) low = middle + 1;
      else high = middle;
    }
    return low > 0 && this.furthestEnds[low - 1]! > span.startOffset;
  }
}

/**
 * Fixes fingerprints: rule, path, content key and the occurrence index of that key within the
 * rule and file, so a finding keeps its fingerprint when lines move or other files change.
 */
export function fingerprintFindings(drafts: DraftFinding[]): Finding[] {
  const seen = new Map<string, number>();
  return drafts
    .sort((a, b) => (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : a.location.startOffset - b.location.startOffset))
    .map(({ contentKey, fallback: _fallback, breadth: _breadth, shadow: _shadow, ...finding }) => {
      const slot = `${finding.ruleId}\0${finding.location.path}\0${contentKey}`;
      const occurrence = seen.get(slot) ?? 0;
      seen.set(slot, occurrence + 1);
      const fingerprint = digest([finding.ruleId, finding.location.path, contentKey, String(occurrence)]);
      // A secret's keyed hash lets the scan fold its places across files into one finding.
      return finding.secret && contentKey.startsWith('secret:') ? { ...finding, fingerprint, valueKey: contentKey } : { ...finding, fingerprint };
    });
}
