import { Document } from '../document/document.js';
import type { Confidence, Properties, RelatedInput, RuleContext, Severity, TextRule } from '../rule/types.js';
import { shannonEntropy } from './entropy.js';
import { hasFillerRun, isPlaceholder } from './placeholder.js';
import { decodeJwt } from './decode.js';
import { LinearPattern } from './linear-regex.js';
import { lineStartsBefore, matchesAt, reachBack, WORD_START } from './keywords.js';
import { startsAtKeywords } from './regex-prefix.js';
import { joinedLiterals, joinedRange } from './joined-literals.js';

/**
 * A safety bound on the findings of one token rule in one file, far above any real file (a file
 * is at most --max-file-size; 1,000 tokens is 40 KB of nothing but tokens). Below it every match is
 * reported — the engine caps only suppressed findings, after the baseline — so a new token next
 * to a hundred baselined ones is never hidden. Reaching it fails closed: the scan is incomplete.
 */
export const MAX_TOKEN_FINDINGS = 1_000;

/** Whether a credential stays valid until someone revokes it. */
export type Lifetime = 'long-lived' | 'short-lived' | 'unknown';

/** One token format a provider rule recognises. */
export interface TokenPattern {
  /** What the token is, for messages: "GitHub personal access token (classic)". */
  name: string;
  /**
   * The format. Needs the `g` and `d` flags; the secret is the group named `secret`, else group 1,
   * else the whole match. Keep quantifiers bounded: the adversarial-input test times every rule.
   */
  regex: RegExp | LinearPattern;
  /** Lower-case literals, one of which occurs wherever the format can match (empty: always run). */
  keywords: readonly string[];
  /**
   * Every match starts where one of `keywords` starts (a token's prefix, a provider's name): the
   * regex is then tried only at those offsets, not at every character of the file. The keywords
   * must be the rule's own, and must match there whenever the regex can (case-folded, and with
   * `\\b` only if the regex also wants no letter or digit before). Left out, it is derived from
   * the regex where its leading literals show it (`startsAtKeywords`).
   */
  anchored?: boolean;
  /**
   * Every match starts at most this many characters before where one of `keywords` starts (a
   * Telegram bot token's 8–10 digit bot id before `:AA`): the regex is then tried only at those
   * offsets. The keywords must match wherever the regex does, as for `anchored`. `'line'`: the
   * match starts at the start of the keyword's line, with only spaces and tabs before the keyword
   * (`/^[ \t]*PrivateKey…/m`).
   */
  keywordReach?: number | 'line';
  /**
   * Lower-case words one of which must also occur in the file: the provider's name, for formats
   * whose prefix alone is not distinctive (`api-<uuid>` is a LaunchDarkly token only near "launchdarkly").
   */
  requires?: readonly string[];
  /** The capture group holding the secret, when it is not `secret` or 1. */
  group?: number;
  lifetime: Lifetime;
  /** Leading characters of the token that are a public identifier, shown in previews. */
  publicPrefix?: number;
  /** Minimum Shannon entropy of the secret (bits per character). */
  entropy?: number;
  /** A structural check (checksum, embedded JSON, length) the value must pass. */
  check?: (secret: string, match: RegExpExecArray, doc: Document) => boolean;
  severity?: Severity;
  confidence?: Confidence;
  /** Extra properties for the finding (e.g. `kind: 'restricted'`). */
  properties?: Properties;
  /** What to do, in one clause, appended to the message: "revoke it in GitHub settings". */
  action?: string;
  /**
   * Looks at the context of one match after every check passed: returns adjustments for this
   * finding (a lower severity in a client config, a related location), or `false` to drop it.
   */
  refine?: (secret: string, match: RegExpExecArray, doc: Document) => TokenRefinement | false | undefined;
  /** What the format tells offline about whether the value works (see `validitySignals`). */
  validity?: ValidityInput;
}

/** How sure a match is to be the credential it looks like: a checksum, a structure, the format alone, or its name in context. */
type ValidityBasis = 'checksum' | 'structure' | 'format' | 'context';

/** Offline facts a pattern knows about its values. */
export interface ValidityInput {
  basis: ValidityBasis;
  /** Test-mode or sandbox credentials (`sk_test_`). */
  mode?: 'live' | 'test';
  /** Values the provider prints in its documentation. */
  documented?: (secret: string) => boolean;
}

/**
 * The offline verdict on one value, most telling first: a documentation example, an expired
 * token, a test-mode key, or likely live. Shown as finding properties and used for severity.
 */
type Validity = 'documentation-example' | 'expired' | 'test-mode' | 'likely-live';

/** Per-match adjustments a pattern's `refine` returns. */
export interface TokenRefinement {
  severity?: Severity;
  confidence?: Confidence;
  lifetime?: Lifetime;
  /** Replaces the pattern's name in the message. */
  name?: string;
  properties?: Properties;
  related?: RelatedInput[];
}

export interface TokenRuleSpec extends Omit<TextRule, 'scan' | 'kinds' | 'keywords' | 'family'> {
  family?: 'secret';
  patterns: readonly TokenPattern[];
  kinds?: TextRule['kinds'];
}

/**
 * Builds a text rule from token formats: keyword prefilter per pattern, regex, placeholder filter,
 * entropy floor and structural check, then one finding per secret with its lifetime.
 */
export function tokenRule(spec: TokenRuleSpec): TextRule {
  const { patterns, ...meta } = spec;
  for (const pattern of patterns) {
    if (!pattern.regex.global || !pattern.regex.hasIndices) {
      throw new Error(`${spec.id}: pattern "${pattern.name}" needs the g and d flags`);
    }
  }
  // The anchored patterns' regexes, sticky: tried at one offset each. Worked out when a pattern is
  // first tried, not when the rule is built: every run builds every rule, and reading a regex's
  // leading literals for all of them cost a fifth of an empty scan's start-up (issue 15).
  const sticky = new Map<TokenPattern, RegExp | undefined>();
  const stickyOf = (pattern: TokenPattern): RegExp | undefined => {
    if (!sticky.has(pattern)) {
      const { regex } = pattern;
      const anchored = regex instanceof RegExp && (pattern.keywordReach !== undefined || (pattern.anchored ?? startsAtKeywords(regex, pattern.keywords)));
      sticky.set(pattern, anchored ? new RegExp(regex.source, regex.flags + 'y') : undefined);
    }
    return sticky.get(pattern);
  };
  return {
    ...meta,
    family: 'secret',
    kinds: spec.kinds ?? '*',
    keywords: [...new Set(patterns.flatMap((p) => [...p.keywords, ...(p.requires ?? [])]))],
    scan(doc: Document, ctx: RuleContext) {
      // Secret spans already reported by an earlier pattern: one secret is one finding.
      const reported = new SpanSet(doc.text.length);
      /**
       * The patterns the file mentions whose matches begin where a keyword does (a token's prefix,
       * a provider's name): only those are looked for in joined literals, in the runs that hold
       * one of their keywords.
       */
      let joinable: TokenPattern[] | undefined;
      for (const pattern of patterns) {
        if (pattern.keywords.length && !pattern.keywords.some((k) => ctx.mentions(k))) continue;
        if (pattern.requires?.length && !pattern.requires.some((k) => ctx.mentions(k))) continue;
        const anchors = stickyOf(pattern);
        if (anchors && pattern.keywordReach === undefined && pattern.keywords.length) (joinable ??= []).push(pattern);
        const keywordStarts = anchors && ctx.keywordStarts(pattern.keywords);
        const reach = pattern.keywordReach;
        const starts =
          keywordStarts && reach === 'line'
            ? lineStartsBefore(doc.text, keywordStarts)
            : keywordStarts && typeof reach === 'number'
              ? reachBack(keywordStarts, reach)
              : keywordStarts;
        const matches = starts
          ? matchesAt(doc.text, anchors!, starts)
          : pattern.regex instanceof LinearPattern
            ? pattern.regex.matchAll(doc.text)
            : doc.text.matchAll(pattern.regex);
        if (!scanPattern(doc, ctx, pattern, matches, reported)) {
          // Fail closed: the matches past the bound were not checked, so the file may hold a
          // secret nobody sees. An error note makes the scan incomplete, which fails the gate.
          ctx.note(
            `more than ${MAX_TOKEN_FINDINGS} matches in this file; the first ${MAX_TOKEN_FINDINGS} are reported and the rest were not checked, so the scan is incomplete (exclude the file, if it is generated test data, to pass)`,
            'error',
          );
          return;
        }
      }
      if (joinable) scanJoinedLiterals(doc, joinable, ctx, reported);
    },
  };
}

/**
 * Tokens split across joined string literals (`"ghp_abc…" + "…"`): each run's joined value is read
 * as a document of its own, and what a pattern finds there across a join is reported over the
 * literals that hold it. A check that reads the text around a match sees only the joined value.
 */
function scanJoinedLiterals(doc: Document, patterns: readonly TokenPattern[], ctx: RuleContext, reported: SpanSet): void {
  const runs = joinedLiterals(doc);
  if (!runs.length) return;
  const words = patterns.map((pattern) => pattern.keywords.map((k) => (k.startsWith(WORD_START) ? k.slice(WORD_START.length) : k)));
  for (const run of runs) {
    let joined: Document | undefined;
    for (const [i, pattern] of patterns.entries()) {
      if (!words[i]!.some((word) => run.lower.includes(word))) continue;
      joined ??= new Document(doc.path, doc.kind, run.value, () => ({ family: 'none', tree: undefined, errors: [] }), { textOnly: true });
      const matches = pattern.regex instanceof LinearPattern ? pattern.regex.matchAll(run.value) : run.value.matchAll(pattern.regex);
      const place = (start: number, end: number) => {
        const range = joinedRange(run, start, end);
        return range && !reported.overlaps(range.start, range.end) ? range : undefined;
      };
      if (!scanPattern(joined, ctx, pattern, matches, new SpanSet(run.value.length), place)) return;
    }
  }
}

/** Character spans already reported in one document; overlap checks cost the span's length, not the count. */
class SpanSet {
  private covered: Uint8Array | undefined;
  size = 0;

  constructor(private readonly length: number) {}

  overlaps(start: number, end: number): boolean {
    if (!this.covered) return false;
    for (let i = start; i < end; i++) if (this.covered[i]) return true;
    return false;
  }

  add(start: number, end: number): void {
    this.covered ??= new Uint8Array(this.length);
    this.covered.fill(1, start, end);
    this.size++;
  }
}

/**
 * Reports one pattern's matches; false when the file reached the finding limit. `place` gives the
 * document range of a secret found in `doc`'s text, for a document made of joined literals (no
 * range: not reported there); by default the span itself.
 */
function scanPattern(
  doc: Document,
  ctx: RuleContext,
  pattern: TokenPattern,
  matches: Iterable<RegExpExecArray>,
  reported: SpanSet,
  place?: (start: number, end: number) => { start: number; end: number } | undefined,
): boolean {
  for (const match of matches) {
    if (reported.size >= MAX_TOKEN_FINDINGS) return false;
    const group = pattern.group ?? (match.indices?.groups?.['secret'] ? 'secret' : match.length > 1 ? 1 : 0);
    const secret = group === 'secret' ? match.groups?.['secret'] : match[group];
    const span = group === 'secret' ? match.indices?.groups?.['secret'] : match.indices?.[group];
    if (!secret || !span || reported.overlaps(span[0], span[1])) continue;
    const target = place ? place(span[0], span[1]) : { start: span[0], end: span[1] };
    if (!target) continue;
    if (isPlaceholder(secret) || hasFillerRun(secret) || insideDataUri(doc.text, span[0])) continue;
    if (pattern.entropy !== undefined && shannonEntropy(secret) < pattern.entropy) continue;
    if (pattern.check && !pattern.check(secret, match, doc)) continue;
    const refined = pattern.refine ? pattern.refine(secret, match, doc) : undefined;
    if (refined === false) continue;
    reported.add(span[0], span[1]);
    const signals = validitySignals(secret, pattern.validity);
    const lifetime = refined?.lifetime ?? pattern.lifetime;
    const message =
      `${refined?.name ?? pattern.name} committed in plain text${place ? ', split across joined string literals' : ''}` +
      (lifetime === 'long-lived' ? '; it stays valid until revoked' : lifetime === 'short-lived' ? '; it expires, but is usable until then' : '') +
      `: ${pattern.action ?? 'revoke it at the provider, then load it from a secret store or CI secret instead'}`;
    ctx.report(target, message, {
      secret,
      publicPrefix: pattern.publicPrefix ?? 0,
      severity: signals.severity ?? refined?.severity ?? pattern.severity,
      confidence: refined?.confidence ?? pattern.confidence,
      related: refined?.related,
      properties: { lifetime, tokenType: refined?.name ?? pattern.name, ...signals.properties, ...pattern.properties, ...refined?.properties },
    });
  }
  return true;
}

/** How far back a data URI's `base64,` may start: fonts and images inlined in SVG and CSS run to hundreds of KiB. */
const DATA_URI_REACH = 256 * 1024;
const BASE64_RUN = /^[A-Za-z0-9+/=]*$/;

/**
 * Whether an offset sits inside the payload of a base64 data URI (`url("data:font/woff;base64,…")`):
 * any token shape turns up in enough random base64 (a Meta `EAA…` token in an inlined font).
 */
function insideDataUri(text: string, offset: number): boolean {
  const from = Math.max(0, offset - DATA_URI_REACH);
  const marker = text.lastIndexOf(';base64,', offset);
  if (marker < from) return false;
  return BASE64_RUN.test(text.slice(marker + 8, offset));
}

/** Severity for values that are not working secrets: documentation examples, expired tokens, test keys. */
const VALIDITY_SEVERITY: Partial<Record<Validity, Severity>> = { 'documentation-example': 'info', expired: 'low', 'test-mode': 'low' };

/**
 * Offline validity signals of one value: how the format was confirmed (`validatedBy`), live or
 * test mode, a JWT's expiry, a documentation value, and the verdict (`validity`).
 */
export function validitySignals(secret: string, input: ValidityInput | undefined, now = Date.now()): { properties: Properties; severity?: Severity } {
  const properties: Properties = {};
  if (input) properties['validatedBy'] = input.basis;
  if (input?.mode) properties['mode'] = input.mode;
  const expiry = jwtExpiry(secret);
  if (expiry !== undefined) properties['expiresAt'] = new Date(expiry * 1000).toISOString();
  const validity: Validity = input?.documented?.(secret)
    ? 'documentation-example'
    : expiry !== undefined && expiry * 1000 < now
      ? 'expired'
      : input?.mode === 'test'
        ? 'test-mode'
        : 'likely-live';
  properties['validity'] = validity;
  return { properties, severity: VALIDITY_SEVERITY[validity] };
}

/** The `exp` claim (seconds since the epoch) of a value that is a JWT, if it has one. */
function jwtExpiry(secret: string): number | undefined {
  if (!secret.startsWith('eyJ')) return undefined;
  const exp = decodeJwt(secret)?.payload['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
}

/**
 * The regex source for `<keyword-ish name> <assignment> <value>`: a value format that is only a
 * secret next to a provider's name (`DATADOG_API_KEY = <32 hex>`). The value is the `secret`
 * group. `name` is a regex source matched case-insensitively by the caller's `i` flag.
 *
 * Besides `=`, `:`, `:=` (and Make's `::=`, `:::=`, `?=`), `=>`, `->`, `??=` and `.=`, it accepts a quoted name followed by a comma
 * (`setProperty("NAME", "value")`, `env('NAME', 'value')`), .NET settings
 * (`key="NAME" value="value"`), XML elements (`<NAME>value`), escaped quotes (JSON inside a
 * string), a short type annotation before `=` (`var token string = …`, `token: string = …`) and
 * operators aligned with spaces (Terraform, YAML).
 */
export function keyedValue(name: string, value: string): string {
  const operator = `(?:[:=]|:{1,3}=|=>|->|\\?\\??=|\\.=|>[ \\t]*(?:\\r?\\n[ \\t]*)?|(?<=["'][ \\t]{0,4}),|(?<=["'][ \\t]{0,4})value[ \\t]*=)`;
  return `(?:${name})[\\w.-]{0,24}?\\\\{0,3}["']?\\]?(?:[ \\t]*:?[ \\t]*[A-Za-z][\\w.]{0,15}(?=[ \\t]*=))?[ \\t]{0,24}${operator}[ \\t]{0,4}(?:\\\\{0,3}["'\`]|[A-Za-z]*\\(["'])?(?<secret>${value})(?![A-Za-z0-9_+/-])`;
}
