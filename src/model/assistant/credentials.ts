import { isPlaceholder, shannonEntropy } from '../../detect/index.js';
import type { Identity } from '../../rule/types.js';

/** Key names that hold a credential (`API_KEY`, `accessToken`, `Authorization`, `DB_PASSWORD`, libpq's `PGPASSWORD`). */
const CREDENTIAL_WORD =
  /(?:^|[^a-z])(?:pgpassword|token|secret|password|passwd|pwd|passphrase|credentials?|auth|authorization|apikey|bearer|cookie|session|dsn|pat|private[-_]?key|access[-_]?key|api[-_]?key|client[-_]?secret|signing[-_]?key|license[-_]?key|key)(?:$|[^a-z])/i;
/** Suffixes that name something next to a credential, not the credential (`TOKEN_URL`, `KEY_ID`). */
const NOT_A_CREDENTIAL =
  /(?:^|[^a-z])(?:id|url|uri|path|file|dir|name|host|hostname|port|region|profile|user|username|email|mode|level|type|enabled|timeout|ttl|version|endpoint|format|prefix|header|env|var|expiry|expires|scope|scopes|issuer|audience|provider|method|length|limit|count|size|helper|command|policy|location|count)$/i;

/** Instructions written in place of a value: `your-brave-api-key-here`, `insert_token`. */
const PLACEHOLDER_HINT = /(?:^|[-_ .])(?:your|here|replace|insert|placeholder|dummy|sample|redacted)(?:$|[-_ .])|^x{6,}$|xxxx/i;
/** Lower-case words joined by dashes or underscores (`my-secret-api-key`): prose, not a key. */
const LOOKS_LIKE_WORDS = /^[a-z]{2,12}(?:[-_][a-z]{2,12}){2,8}$/;

/** Provider prefixes a credential value announces itself with. */
const PROVIDER_PREFIXES: readonly [RegExp, string][] = [
  [/^sk-ant-/, 'Anthropic'],
  [/^sk-or-v1-/, 'OpenRouter'],
  [/^sk-(?:proj|svcacct|admin)-/, 'OpenAI'],
  [/^sk-[A-Za-z0-9]{20,}$/, 'OpenAI'],
  [/^AIza[0-9A-Za-z_-]{30,}$/, 'Google'],
  [/^(?:ghp|gho|ghu|ghs|ghr)_|^github_pat_/, 'GitHub'],
  [/^glpat-/, 'GitLab'],
  [/^xox[abposr]-/, 'Slack'],
  [/^(?:AKIA|ASIA)[0-9A-Z]{16}$/, 'AWS'],
  [/^sbp_/, 'Supabase'],
  [/^figd_/, 'Figma'],
  [/^(?:ntn_|secret_[A-Za-z0-9]{40,})/, 'Notion'],
  [/^BSA[A-Za-z0-9_-]{20,}$/, 'Brave Search'],
  [/^lin_api_/, 'Linear'],
  [/^[sr]k_live_/, 'Stripe'],
  [/^hf_[A-Za-z0-9]{30,}$/, 'Hugging Face'],
  [/^npm_[A-Za-z0-9]{30,}$/, 'npm'],
  [/^tvly-/, 'Tavily'],
  [/^fc-[a-f0-9]{32}$/, 'Firecrawl'],
  [/^[ps]k\.eyJ/, 'Mapbox'],
  [/^pplx-/, 'Perplexity'],
  [/^gsk_/, 'Groq'],
  [/^r8_/, 'Replicate'],
  [/^dop_v1_/, 'DigitalOcean'],
  [/^ATATT/, 'Atlassian'],
  [/^eyJ[A-Za-z0-9_-]{10,}\.eyJ/, 'JWT'],
];

/** Whether a key name says its value is a credential. */
export function isCredentialName(name: string): boolean {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return CREDENTIAL_WORD.test(spaced) && !NOT_A_CREDENTIAL.test(spaced);
}

/** The provider a value's prefix names, if any. */
export function providerOf(value: string): string | undefined {
  return PROVIDER_PREFIXES.find(([pattern]) => pattern.test(value))?.[1];
}

/**
 * A reference to a credential kept elsewhere, normalised to an identity key:
 * `${VAR}`, `${env:VAR}`, `$VAR`, `%VAR%` → `variable:VAR`; `${input:id}` → `input:id`;
 * `${{ secrets.X }}` → `secret:X`. Undefined for literals.
 */
export function referenceOf(value: string): Identity | undefined {
  const v = value.trim();
  let m = /\$\{\{\s*secrets\.([A-Za-z0-9_-]{1,100})\s*\}\}/.exec(v);
  if (m) return { type: 'secret', name: m[1]! };
  m = /\$\{\{\s*(?:env|vars|inputs)\.([A-Za-z0-9_-]{1,100})\s*\}\}/.exec(v);
  if (m) return { type: 'variable', name: m[1]! };
  m = /\$\{input:([A-Za-z0-9_.-]{1,100})\}/.exec(v);
  if (m) return { type: 'input', name: m[1]! };
  m = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]{0,100})(?::?-[^}]{0,200})?\}/.exec(v);
  if (m) return { type: 'variable', name: m[1]! };
  m = /\$([A-Za-z_][A-Za-z0-9_]{0,100})/.exec(v);
  if (m) return { type: 'variable', name: m[1]! };
  // opencode: `{env:NAME}` and `{file:path}` are substituted when the configuration loads.
  m = /\{env:([A-Za-z_][A-Za-z0-9_]{0,100})\}/.exec(v);
  if (m) return { type: 'variable', name: m[1]! };
  m = /\{file:([^}]{1,300})\}/.exec(v);
  if (m) return { type: 'variable', name: m[1]! };
  m = /%([A-Za-z_][A-Za-z0-9_]{0,100})%/.exec(v);
  if (m) return { type: 'variable', name: m[1]! };
  return undefined;
}

/**
 * Whether a literal value under a credential-named key looks like a real credential: not a
 * reference or placeholder, long enough, and not a word or a number.
 */
export function isLiteralCredential(value: string, keyed: boolean): boolean {
  const v = credentialPart(value);
  if (v.length < 8 || v.length > 4096) return false;
  if (isPlaceholder(v) || referenceOf(v)) return false;
  if (LOOKS_LIKE_WORDS.test(v) || PLACEHOLDER_HINT.test(v)) return false;
  if (/^(?:true|false|yes|no|on|off|null|none|\d+)$/i.test(v)) return false;
  if (/^https?:\/\//i.test(v) && !/\/\/[^/@\s]+:[^/@\s]+@/.test(v)) return false;
  if (/^[./~]|^[A-Za-z]:[\\/]/.test(v)) return false; // a file path (a key file's location, not the key)
  if (/\s/.test(v)) return false;
  if (providerOf(v)) return true;
  if (!keyed) return false;
  return v.length >= 12 && shannonEntropy(v) >= 3;
}

/** The credential inside a header value (`Bearer abc` → `abc`). */
export function credentialPart(value: string): string {
  return value.trim().replace(/^(?:bearer|basic|token|bot|apikey|api-key)\s+/i, '');
}

/** Argument flags whose value is a credential (`--api-key=…`, `--token …`). */
export const CREDENTIAL_FLAG = /^--?(?:[a-z0-9]+-){0,3}(?:token|key|secret|password|passwd|apikey|api-key|access-token|auth|bearer|pat|credentials?)$/i;

/** URL query parameters that carry a credential. */
export const CREDENTIAL_QUERY =
  /[?&]((?:api[_-]?key|apikey|key|token|access[_-]?token|auth|secret|password|sig|signature|client[_-]?secret|[a-z0-9]{1,30}[_-]?(?:api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret))=)([^&#\s]{4,2048})/i;
