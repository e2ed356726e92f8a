import type { Document } from '../document/document.js';
import type { Confidence, Properties, RuleContext, Severity, TextRule } from '../rule/types.js';
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';

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
  regex: RegExp;
  /** Lower-case literals, one of which occurs wherever the format can match (empty: always run). */
  keywords: readonly string[];
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
  return {
    ...meta,
    family: 'secret',
    kinds: spec.kinds ?? '*',
    keywords: [...new Set(patterns.flatMap((p) => p.keywords))],
    scan(doc: Document, ctx: RuleContext) {
      for (const pattern of patterns) {
        if (pattern.keywords.length && !pattern.keywords.some((k) => doc.lowerText.includes(k))) continue;
        scanPattern(doc, ctx, pattern);
      }
    },
  };
}

function scanPattern(doc: Document, ctx: RuleContext, pattern: TokenPattern): void {
  const seen = new Set<number>();
  for (const match of doc.text.matchAll(pattern.regex)) {
    const group = pattern.group ?? (match.indices?.groups?.['secret'] ? 'secret' : match.length > 1 ? 1 : 0);
    const secret = group === 'secret' ? match.groups?.['secret'] : match[group];
    const span = group === 'secret' ? match.indices?.groups?.['secret'] : match.indices?.[group];
    if (!secret || !span || seen.has(span[0])) continue;
    if (isPlaceholder(secret)) continue;
    if (pattern.entropy !== undefined && shannonEntropy(secret) < pattern.entropy) continue;
    if (pattern.check && !pattern.check(secret, match, doc)) continue;
    seen.add(span[0]);
    const lifetime = pattern.lifetime === 'long-lived' ? 'long-lived' : pattern.lifetime === 'short-lived' ? 'short-lived' : undefined;
    const message =
      `${pattern.name} committed in plain text` +
      (lifetime === 'long-lived' ? '; it stays valid until revoked' : lifetime === 'short-lived' ? '; it expires, but is usable until then' : '') +
      `: ${pattern.action ?? 'revoke it at the provider, then load it from a secret store or CI secret instead'}`;
    ctx.report({ start: span[0], end: span[1] }, message, {
      secret,
      publicPrefix: pattern.publicPrefix ?? 0,
      severity: pattern.severity,
      confidence: pattern.confidence,
      properties: { lifetime: pattern.lifetime, tokenType: pattern.name, ...pattern.properties },
    });
  }
}

/**
 * The regex source for `<keyword-ish name> <assignment> <value>`: a value format that is only a
 * secret next to a provider's name (`DATADOG_API_KEY = <32 hex>`). The value is the `secret`
 * group. `name` is a regex source matched case-insensitively by the caller's `i` flag.
 */
export function keyedValue(name: string, value: string): string {
  return `(?:${name})[\\w.-]{0,24}?["']?\\]?[ \\t]{0,4}(?:[:=]|:=|=>|->|\\?\\?=)[ \\t]{0,4}(?:["'\`]|[A-Za-z]*\\(["'])?(?<secret>${value})(?![A-Za-z0-9_+/-])`;
}
