import type { Confidence, Severity, TextRule } from '../rule/types.js';
import { hasBech32Checksum, hasGithubChecksum, hasGrafanaChecksum } from './checksum.js';
import { decodeBase64Json, decodeBase64Text, decodeJwt } from './decode.js';
import { isPlaceholder } from './placeholder.js';
import { charClasses } from './entropy.js';
import { WORD_START } from './keywords.js';
import { keyedValue, tokenRule, type Lifetime, type TokenPattern } from './token-rule.js';

/**
 * Provider credential formats as data. One `ProviderSpec` is one rule (`secret/<id>`, the id users
 * see in SARIF, baselines and suppressions); each of its `credentials` is one credential type with
 * its format, what it grants, where to revoke it, and examples the test suite runs. Nothing here is
 * code: checks are named (`validator`), so a new provider is one entry and its examples.
 */

/** What kind of service a provider is: groups the catalog and the docs. */
type ProviderCategory =
  | 'cloud'
  | 'source-and-ci'
  | 'package-registry'
  | 'secret-manager'
  | 'identity'
  | 'observability'
  | 'messaging'
  | 'payments'
  | 'data'
  | 'ai'
  | 'infrastructure'
  | 'productivity'
  | 'commerce'
  | 'security';

/** The start of a base64 value, decoded (enough for a PEM header). */
function decodedPemHead(value: string): string {
  return (
    decodeBase64Text(
      value
        .slice(0, 200)
        .replace(/=+$/, '')
        .slice(0, 200 - (200 % 4)),
    ) ?? ''
  );
}

/**
 * Structural or checksum checks a credential's value must pass, by name. `checksum`-kind
 * validators make a match near-certain; `structure`-kind ones rule out look-alikes.
 */
const VALIDATORS = {
  /** GitHub-style base62 CRC-32 in the last six characters (GitHub, npm). */
  'github-crc32': { kind: 'checksum', check: hasGithubChecksum },
  /** Bech32 (BIP-173) checksum (age keys). */
  bech32: { kind: 'checksum', check: hasBech32Checksum },
  /** Grafana's hex CRC-32 after the last underscore. */
  'grafana-crc32': { kind: 'checksum', check: hasGrafanaChecksum },
  /** A signed JWT: header and payload decode to JSON objects, `alg` is not `none`. */
  jwt: { kind: 'structure', check: isSignedJwt },
  /** A signed JWT that is a credential: not a public client key (Supabase `anon`, demo keys). */
  'bearer-jwt': { kind: 'structure', check: (value: string) => isSignedJwt(value) && !isPublicJwt(value) },
  /** The text after the prefix, up to the first `.` or `_`, is base64 JSON (embedded metadata). */
  'base64-json-body': { kind: 'structure', check: hasBase64JsonBody },
  /** Random, not a word or a counter: both letters and digits. */
  'letters-and-digits': { kind: 'structure', check: (value: string) => /[A-Za-z]/.test(value) && /[0-9]/.test(value) },
  /** Base64 of a PEM private key: decodes to `-----BEGIN … PRIVATE KEY-----`. */
  'base64-pem-private-key': {
    kind: 'structure',
    check: (value: string) => /^-----BEGIN (?!ENCRYPTED )(?:[A-Z]+ )?PRIVATE KEY-----/.test(decodedPemHead(value)),
  },
  /** A bcrypt hash's cost factor is 04–31 (`$2b$12$…`); anything else is not a hash bcrypt made. */
  'bcrypt-cost': {
    kind: 'structure',
    check: (value: string) => {
      const cost = Number(/^\$2[abxy]?\$(\d{2})\$/.exec(value)?.[1]);
      return cost >= 4 && cost <= 31;
    },
  },
  /** Base64 of a passphrase-protected PEM private key (PKCS#8 `ENCRYPTED PRIVATE KEY`). */
  'base64-pem-encrypted-key': { kind: 'structure', check: (value: string) => /^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(decodedPemHead(value)) },
  /** HTTP Basic credentials: base64 of `user:password` with a real-looking password. */
  'basic-auth-pair': { kind: 'structure', check: isBasicPair },
  /** Lower-case letters and digits only, for formats a case-insensitive name match would widen (kubeadm tokens). */
  'lower-case': { kind: 'structure', check: (value: string) => !/[A-Z]/.test(value) },
  /** Random base62: at least two of upper case, lower case and digits. */
  'mixed-case': {
    kind: 'structure',
    check: (value: string) => {
      const c = charClasses(value);
      return Number(c.lower) + Number(c.upper) + Number(c.digit) >= 2;
    },
  },
} as const satisfies Record<string, { kind: 'checksum' | 'structure'; check: (value: string) => boolean }>;

type ValidatorName = keyof typeof VALIDATORS;

/** One credential type of a provider. Exactly one of `prefix`, `keyed` or `pattern` gives its format. */
interface CredentialSpec {
  /** What it is, for messages and the catalog: "Airtable personal access token". */
  name: string;
  /** What a holder can do with it, in one clause: "reads and writes every base the token is scoped to". */
  grants: string;
  lifetime: Lifetime;
  /**
   * A distinctive literal prefix (matched case-sensitively unless `ignoreCase`) followed by `body`
   * (a regex source): `prefix: 'CFPAT-', body: '[A-Za-z0-9_-]{43}'`. The prefix is the keyword.
   */
  prefix?: string;
  body?: string;
  /**
   * A value that is only this provider's secret next to its name: `keyed: { names: 'airbrake', value: '[a-f0-9]{32}' }`
   * matches `AIRBRAKE_API_KEY = "…"`, `airbrake.token: …`. `names` (regex source, case-insensitive)
   * must be followed, within the same identifier, by a secret word (key, token, secret…) unless
   * `bare` is set. The provider names are the keywords.
   */
  keyed?: { names: string; value: string; bare?: boolean };
  /** Anything else: a full regex (flags `d` and `g` are added) whose group `secret` (or 1) is the value. */
  pattern?: RegExp;
  /**
   * Keywords for `pattern` and `keyed` formats (lower case): one occurs wherever the format can
   * match. `\\b` first (`'\\bably'`) when it must start a word (see `WORD_START`).
   */
  keywords?: readonly string[];
  /** How far before one of `keywords` a `pattern`'s match can start (see TokenPattern.keywordReach). */
  keywordReach?: TokenPattern['keywordReach'];
  /**
   * For a prefix that is not distinctive alone (`api-`, `secret-`): lower-case words one of which
   * must occur in the same file, usually the provider's name.
   */
  context?: readonly string[];
  ignoreCase?: boolean;
  validator?: ValidatorName;
  /** Minimum Shannon entropy of the value (default 3). */
  entropy?: number;
  /** `test` for sandbox or test-mode credentials: reported at low severity. */
  mode?: 'live' | 'test';
  /**
   * `publishable` for keys the provider means to ship to browsers and apps: never reported, but
   * known here so every rule agrees they are no secret.
   */
  exposure?: 'secret' | 'publishable';
  /** Values the provider prints in its own documentation: reported at info severity. */
  documented?: readonly string[];
  severity?: Severity;
  confidence?: Confidence;
  /** Leading characters that are a public identifier, shown in previews (default: the prefix). */
  publicPrefix?: number;
  /** Examples that must be found by this credential type (a line or a few, as found in files). `«»` is removed. */
  examples: readonly string[];
  /** Look-alikes that must not be reported by any rule. */
  negatives?: readonly string[];
}

export interface ProviderSpec {
  /** The rule id (`secret/<id>`): `<provider>-<token|key|credential>`. */
  id: string;
  provider: string;
  category: ProviderCategory;
  /** Where and how to revoke or rotate, in one clause: "revoke it at airtable.com/create/tokens". */
  revoke: string;
  severity?: Severity;
  confidence?: Confidence;
  /** The environment variable the safe example reads. */
  env?: string;
  /** The rule title, when "<provider> credentials" does not fit (a format shared by many services). */
  title?: string;
  credentials: readonly CredentialSpec[];
  /** What logs and recorded traffic repeat (an HTTP header): see FileRuleMeta.recorded. */
  recorded?: boolean;
}

const DEFAULT_TAGS = ['CWE-798', 'NHI2', 'NHI7'];

/**
 * Builds the rule of one provider entry. What the engine reads before any file (id, kinds,
 * keywords) is made at once; the patterns (over 500 regexes across the table) are built on the
 * rule's first scan, so a run whose files mention none of a provider's keywords never builds
 * them, and the help text is written when a report or the catalog first reads it.
 */
export function providerRule(spec: ProviderSpec): TextRule {
  const secrets = spec.credentials.filter((c) => c.exposure !== 'publishable');
  let help: string | undefined;
  let description: string | undefined;
  let built: TextRule | undefined;
  const rule = (): TextRule =>
    (built ??= tokenRule({
      id: spec.id,
      title: meta.title,
      description: meta.description,
      severity: meta.severity,
      confidence: meta.confidence,
      tags: DEFAULT_TAGS,
      help: meta.help,
      patterns: secrets.map((credential) => tokenPattern(spec, credential)),
    }));
  const meta: TextRule = {
    id: spec.id,
    family: 'secret',
    title: spec.title ?? (secrets.length === 1 ? secrets[0]!.name : `${spec.provider} credentials`),
    get description() {
      return (description ??= providerDescription(spec));
    },
    severity: spec.severity ?? 'high',
    confidence: spec.confidence ?? 'high',
    ...(spec.recorded ? { recorded: true } : {}),
    tags: DEFAULT_TAGS,
    get help() {
      return (help ??= providerHelp(spec));
    },
    kinds: '*',
    // The ones tokenRule derives from the patterns; a keyword missing here would gate out the
    // credential's examples, which test/providers.test.ts scans.
    keywords: [...new Set(secrets.flatMap((credential) => [...formatKeywords(credential), ...(credential.context ?? [])]))],
    scan: (doc, ctx) => rule().scan(doc, ctx),
  };
  return meta;
}

function providerDescription(spec: ProviderSpec): string {
  const types = spec.credentials.filter((c) => c.exposure !== 'publishable').map((c) => c.name);
  const publishable = spec.credentials.filter((c) => c.exposure === 'publishable').map((c) => c.name);
  return (
    `${upperFirst(list(types.map((t) => article(t).replace(/^A/, 'a'))))} is committed.` +
    (publishable.length ? ` ${list(publishable)} ${publishable.length > 1 ? 'are' : 'is'} public by design and not reported.` : '')
  );
}

function providerHelp(spec: ProviderSpec): string {
  const secrets = spec.credentials.filter((c) => c.exposure !== 'publishable');
  const env = spec.env ?? `${spec.provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
  return `**Why.** ${secrets.map((c) => `${article(c.name)} ${c.grants}${c.lifetime === 'long-lived' ? ', until someone revokes it' : c.lifetime === 'short-lived' ? ', until it expires' : ''}.`).join(' ')} Anyone who can read the repository, a fork or a clone can use it.

**Fix.** ${upperFirst(spec.revoke)}, then read the replacement at run time from a secret store or the CI platform's secrets.

\`\`\`yaml
env:
  ${env}: \${{ secrets.${env} }}
\`\`\``;
}

/** The token pattern of one credential type. */
function tokenPattern(spec: ProviderSpec, credential: CredentialSpec): TokenPattern {
  const validator = credential.validator ? VALIDATORS[credential.validator] : undefined;
  const format = credentialFormat(credential);
  const documented = new Set(credential.documented ?? []);
  return {
    name: credential.name,
    regex: format.regex,
    keywords: format.keywords,
    anchored: format.anchored,
    keywordReach: credential.keywordReach,
    requires: credential.context,
    lifetime: credential.lifetime,
    publicPrefix: credential.publicPrefix ?? credential.prefix?.length ?? 0,
    entropy: credential.entropy ?? format.entropy,
    check: validator ? (secret) => validator.check(secret) : undefined,
    severity: credential.severity,
    confidence: credential.confidence ?? (format.shape === 'keyed' ? 'medium' : undefined),
    action: spec.revoke,
    validity: {
      basis: validator?.kind ?? (format.shape === 'keyed' ? 'context' : 'format'),
      mode: credential.mode,
      documented: documented.size ? (secret) => documented.has(secret) : undefined,
    },
  };
}

interface Format {
  shape: 'prefixed' | 'keyed' | 'pattern';
  regex: RegExp;
  keywords: string[];
  /** Every match starts at one of the keywords (see TokenPattern.anchored); undefined: derived from the regex. */
  anchored: boolean | undefined;
  entropy: number | undefined;
}

/** Secret words that make a name a credential's name (`…_API_KEY`, `…Token`, `…_SECRET`). */
const SECRET_WORD = '(?:key|token|secret|pass(?:word)?|pwd|auth|credential|pat|sid|api)s?';

function credentialFormat(credential: CredentialSpec): Format {
  const keywords = formatKeywords(credential);
  if (credential.prefix !== undefined) {
    const flags = credential.ignoreCase ? 'dgi' : 'dg';
    const source = `(?<![A-Za-z0-9_])(?<secret>${escape(credential.prefix)}${credential.body ?? ''})(?![A-Za-z0-9_-])`;
    return { shape: 'prefixed', regex: new RegExp(source, flags), keywords, anchored: true, entropy: 3 };
  }
  if (credential.keyed) {
    const { names, value, bare } = credential.keyed;
    const name = `(?<![A-Za-z0-9])(?:${names})${bare ? '' : `[\\w.-]{0,24}?${SECRET_WORD}`}`;
    // A match starts at one of the names: when each is a plain word with its own word-start
    // keyword, the keyword pass has found every place a match can start.
    const anchored = names.split('|').every((word) => /^[a-z0-9_]+$/.test(word) && keywords.includes(WORD_START + word)) || undefined;
    return { shape: 'keyed', regex: new RegExp(keyedValue(name, value), 'dgi'), keywords, anchored, entropy: 3 };
  }
  const flags = 'dg' + credential.pattern!.flags.replace(/[dg]/g, '');
  return { shape: 'pattern', regex: new RegExp(credential.pattern!.source, flags), keywords, anchored: undefined, entropy: undefined };
}

/** The keywords one of which occurs wherever a credential's format can match (its regex is not needed to know them). */
function formatKeywords(credential: CredentialSpec): string[] {
  const extra = credential.keywords ?? [];
  if (credential.prefix !== undefined) {
    if (extra.length) throw new Error(`${credential.name}: a prefix is its own keyword; use context for words that must also occur`);
    // The regex wants no letter, digit or underscore before the prefix: so does the keyword.
    return [WORD_START + credential.prefix.toLowerCase()];
  }
  if (credential.keyed) {
    // Derived keywords start the name, which the regex wants at a word start.
    return extra.length ? [...extra] : literalAlternatives(credential.keyed.names).map((word) => WORD_START + word);
  }
  if (credential.pattern) return [...extra];
  throw new Error(`${credential.name}: a credential needs a prefix, keyed or pattern format`);
}

/**
 * The keywords of a `names` source made of plain alternatives (`airbrake|errbit`): each
 * alternative's leading literal, lower-cased. A source with other syntax must list `keywords`.
 */
function literalAlternatives(names: string): string[] {
  const words = names.split('|');
  if (words.some((w) => !/^[a-z0-9_]{3,}$/.test(w))) throw new Error(`keyed names "${names}" are not plain lower-case words: list their keywords`);
  return [...new Set(words)];
}

/** A signed JWT that is not jwt.io's sample (subject 1234567890, John Doe), copied into countless docs. */
function isSignedJwt(value: string): boolean {
  const jwt = decodeJwt(value);
  const alg = jwt?.header['alg'];
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || jwt!.signature.length < 16) return false;
  return !(jwt!.payload['sub'] === '1234567890' && jwt!.payload['name'] === 'John Doe');
}

/** JWTs published on purpose: Supabase anon keys and the self-hosting demo keys signed with a public secret. */
function isPublicJwt(value: string): boolean {
  const payload = decodeJwt(value)?.payload ?? {};
  return payload['role'] === 'anon' || payload['iss'] === 'supabase-demo';
}

function isBasicPair(value: string): boolean {
  const decoded = decodeBase64Text(value);
  const colon = decoded?.indexOf(':') ?? -1;
  if (!decoded || colon < 1 || /[\x00-\x1f]/.test(decoded)) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password);
}

function hasBase64JsonBody(value: string): boolean {
  const body = value.replace(/^[A-Za-z]+[_-]/, '').split(/[._]/)[0] ?? '';
  return decodeBase64Json(body) !== undefined;
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function article(name: string): string {
  return `${/^[AEIOU]/.test(name) && !/^(?:Uni|Use|Upst)/.test(name) ? 'An' : 'A'} ${name}`;
}

function upperFirst(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/** Whether a value is a key its provider publishes on purpose (a browser or app key), by the table. */
export function publishableMatcher(specs: readonly ProviderSpec[]): (value: string) => boolean {
  const formats = specs.flatMap((spec) => spec.credentials.filter((c) => c.exposure === 'publishable').map((c) => credentialFormat(c)));
  const anchored = formats
    .filter((f) => f.shape === 'prefixed')
    .map(
      (f) =>
        new RegExp(`^(?:${f.regex.source.replace(/^\(\?<!\[A-Za-z0-9_\]\)/, '').replace(/\(\?!\[A-Za-z0-9_-\]\)$/, '')})$`, f.regex.flags.replace(/[gd]/g, '')),
    );
  return (value) => anchored.some((regex) => regex.test(value));
}
