import { identifierWords } from './assignment.js';
import { charClasses, shannonEntropy } from './entropy.js';
import { decodeBase64 } from './encoding.js';
import { hasFillerRun, isPlaceholder } from './placeholder.js';
import { isPublishableKey } from './providers/index.js';

/** Words that make a name a credential's name on their own. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pass',
  'secret',
  'secrets',
  'token',
  'apikey',
  'apitoken',
  'authtoken',
  'accesstoken',
  'refreshtoken',
  'credential',
  'credentials',
  'creds',
  'privatekey',
  'clientsecret',
  'secretkey',
  'accesskey',
  'authkey',
  'bearer',
  'authorization',
]);

/** Second words that make `<first> key` a credential's name: api key, signing key … */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'private',
  'secret',
  'signing',
  'encryption',
  'master',
  'session',
  'auth',
  'app',
  'hmac',
  'jwt',
  'license',
  'service',
  'admin',
  'account',
  'storage',
  'subscription',
  'client',
  'consumer',
  'shared',
  'webhook',
]);

/** Words that anywhere in a name mean the value is not a credential. */
const NOT_SECRET_WORDS = new Set([
  'public',
  'publishable',
  'pub',
  'tokenizer',
  'tokenize',
  'tokenized',
  'tokens',
  'author',
  'authority',
  'csrf',
  'xsrf',
  'next',
  'page',
  'continuation',
  'cursor',
  'sync',
  'placeholder',
  'example',
  'sample',
  'dummy',
  'fake',
  'mock',
  'forgot',
  'confirmation',
  'reset',
  'strength',
  'policy',
  'validator',
  'validation',
  'regex',
  'pattern',
  'hash',
  'hashed',
  'digest',
  'checksum',
  'salt',
  'encrypted',
  'sealed',
]);

/** Last words that describe something about a credential rather than the credential itself. */
const METADATA_WORDS = new Set([
  'id',
  'ids',
  'name',
  'names',
  'file',
  'filename',
  'path',
  'dir',
  'directory',
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'port',
  'type',
  'types',
  'length',
  'len',
  'size',
  'count',
  'max',
  'min',
  'limit',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'expire',
  'at',
  'timeout',
  'header',
  'headers',
  'field',
  'fields',
  'label',
  'prefix',
  'suffix',
  'format',
  'sha',
  'md5',
  'env',
  'var',
  'variable',
  'ref',
  'reference',
  'arn',
  'rule',
  'rules',
  'enabled',
  'enable',
  'disabled',
  'required',
  'mode',
  'strategy',
  'provider',
  'helper',
  'command',
  'cmd',
  'version',
  'schema',
  'param',
  'params',
  'location',
  'store',
  'storage',
  'manager',
  'service',
  'client',
  'config',
  'configuration',
  'settings',
  'options',
  'template',
  'hint',
  'help',
  'message',
  'msg',
  'error',
  'text',
  'title',
  'icon',
  'color',
  'style',
  'class',
  'selector',
  'kind',
  'source',
  'backend',
  'plugin',
  'exists',
  'missing',
  'set',
  'input',
  'index',
  'list',
  'map',
  'scope',
  'scopes',
  'audience',
  'issuer',
  'algorithm',
  'alg',
  'method',
  'usage',
  'description',
  'desc',
  'column',
  'table',
  'attribute',
  'attr',
  'claim',
  'claims',
  'query',
  'route',
  'view',
  'page',
  'component',
  'button',
  'modal',
  'dialog',
  'form',
  'input',
  'output',
  'event',
  'action',
  'handler',
  'callback',
  'fn',
  'func',
  'function',
  'getter',
  'setter',
  'state',
  'status',
  'changed',
  'updated',
  'created',
  'rotated',
  'last',
  'flag',
  'toggle',
]);

/** Leading words that make a name a boolean or a verb, not a value holder. */
const PREDICATE_WORDS = new Set([
  'is',
  'has',
  'use',
  'uses',
  'enable',
  'disable',
  'show',
  'hide',
  'require',
  'requires',
  'allow',
  'get',
  'set',
  'validate',
  'check',
  'verify',
  'generate',
  'create',
  'rotate',
  'reset',
  'update',
  'should',
  'can',
  'no',
  'skip',
  'with',
  'without',
  'on',
]);

/**
 * `password` in the password manager's name written as one word (`ProviderOnePasswordSDK`,
 * `onePasswordVault`) names the product, not a password; another secret word still counts
 * (`onePasswordToken`). Separate words stay a password (`USER_ONE_PASSWORD`, `KEY_1_PASSWORD`).
 */
function isProductName(name: string, words: readonly string[], i: number): boolean {
  return words[i] === 'password' && words[i - 1] === 'one' && /[Oo]nePassword/.test(name);
}

/** Whether an identifier names a credential (`DB_PASSWORD`, `clientSecret`, `api-key`). */
export function isCredentialName(name: string): boolean {
  const words = identifierWords(name);
  if (!words.length || words.length > 8) return false;
  if (words.some((w) => NOT_SECRET_WORDS.has(w))) return false;
  if (PREDICATE_WORDS.has(words[0]!) && words.length > 1) return false;
  let secretAt = -1;
  words.forEach((word, i) => {
    if (isProductName(name, words, i)) return;
    if (SECRET_WORDS.has(word) || (word === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!))) secretAt = i;
  });
  if (secretAt === -1) return false;
  const last = words[words.length - 1]!;
  return secretAt === words.length - 1 || !METADATA_WORDS.has(last);
}

/**
 * Public identifiers that sit under secret-like names: key and account IDs, publishable and
 * public keys. Their secret halves have rules of their own.
 */
const PUBLIC_IDENTIFIERS =
  /^(?:(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}|(?:AC|SK|PN|MG)[0-9a-f]{32}|pubkey-[0-9a-f]{32}|NRJS-[0-9a-f]{19}|pub[0-9a-f]{32}|pk\.[A-Za-z0-9_.-]{20,}|pk_(?:live|test)_[A-Za-z0-9]{10,}|sb_publishable_[A-Za-z0-9_-]{10,})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
const FILE_LIKE = /\.(?:pem|key|crt|cer|p12|pfx|jks|json|ya?ml|txt|env|ini|conf|cfg|toml|xml|properties|gpg|asc|pub|sh|js|ts|py)$/i;
const DOTTED_WORDS = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const WORDS_ONLY = /^[A-Za-z]+(?:[-_ ][A-Za-z]+)*$/;

/**
 * Whether a literal value assigned to a credential's name looks like a real credential rather
 * than a word, reference, path, hash-like identifier or placeholder. Conservative by design: a
 * generic rule that cries wolf gets disabled.
 */
export function isCredentialValue(raw: string): boolean {
  const value = stripScheme(raw.trim());
  if (value.length < 8 || value.length > 512) return false;
  if (/\s/.test(value)) return false;
  // Machine credentials are printable ASCII; letters beyond it are words of a language
  // (`Contraseña`, `Zugangs-Schlüssel`, `密钥Base64编码` in translation files).
  if (/[^\x21-\x7e]/.test(value)) return false;
  if (isPlaceholder(value) || hasFillerRun(value)) return false;
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(value)) return false; // URLs: connection-string rule
  if (/^[~./\\]|^[A-Za-z]:\\/.test(value) || FILE_LIKE.test(value)) return false; // paths and file names
  if (/^(?:sha\d*|md5)[-:]/i.test(value) || /^data:/i.test(value)) return false; // integrity values, data URIs
  if (UUID.test(value) || PUBLIC_IDENTIFIERS.test(value) || isPublishableKey(value)) return false;
  if (/^\d+(?:\.\d+)*$/.test(value) || /^v?\d+\.\d+\.\d+/.test(value)) return false; // numbers, versions
  if (/[()[\]{}<>]/.test(value) || /^(?:process|os|env|import|config|settings|self|this|secrets|vars|params|inputs)\./i.test(value)) return false;
  if (value.startsWith('$') || value.includes('${') || value.includes('$(')) return false; // shell references
  if (/^[a-z0-9]+(?:[-_.][a-z0-9]+){2,}$/.test(value) && value.split(/[-_.]/).every((part) => part.length <= 10)) return false; // kebab/dotted identifiers: etcd-cluster-k8s
  if (DOTTED_WORDS.test(value) || WORDS_ONLY.test(value)) return false; // i18n keys, identifiers, prose
  if (/^[A-Z][A-Z0-9_]*$/.test(value) && value.includes('_')) return false; // an env var name
  if (looksLikeWords(value)) return false; // camelCase, PascalCase or snake_case words, maybe punctuated
  if (isMemorable(value)) return false; // newRootPassword123, T0pS3cr3t!: documentation and test examples
  const decoded = decodedText(value);
  if (decoded !== undefined && (isPlaceholder(decoded) || looksLikeWords(decoded) || isMemorable(decoded) || decoded.length < 6)) return false; // base64 of "demo"
  // A JWT's header alone (`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9`, base64 of `{"alg":"HS256","typ":"JWT"}`)
  // is a public constant, not a key, though projects use it as a stand-in secret.
  if (decoded !== undefined && isJwtHeader(decoded)) return false;
  // An Nx Cloud read-only access token (base64 of `<uuid>|read`): Nx has it committed to nx.json
  // for cache reads by design; a `|read-write` one is a secret.
  if (decoded !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\|read$/i.test(decoded)) return false;

  const classes = charClasses(value);
  const kinds = [classes.lower, classes.upper, classes.digit, classes.symbol].filter(Boolean).length;
  const entropy = shannonEntropy(value);
  if (HEX.test(value)) return value.length >= 16 && entropy >= 3.0 && classes.digit && /[a-f]/i.test(value);
  if (value.length >= 16) return kinds >= 2 && entropy >= 3.2;
  // Short values: passwords need a mix of classes to be told from words. Two classes pass
  // when they are interleaved (`xk29fm3la0q`), not a word with a number (`secret123`).
  if (kinds >= 3) return entropy >= 2.5;
  return kinds === 2 && value.length >= 10 && entropy >= 3.0 && !/^[A-Za-z]+\d+$|^\d+[A-Za-z]+$/.test(value);
}

/**
 * True for values made of words rather than random characters: no digits, and every letter run
 * (split at case changes) is a plausible word — `?InterpolationInTemplate`, `my-secret-name`.
 * Random tokens of 12+ characters almost always contain a digit and fragments like `xQz`.
 */
export function looksLikeWords(value: string): boolean {
  if (/\d/.test(value)) return false;
  const parts = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter(Boolean);
  if (!parts.length) return false;
  const acronym = (part: string) => part.length <= 5 && part === part.toUpperCase(); // JSX, API, HTTP
  const word = (part: string) => /[aeiouy]/i.test(part) && (part === part.toLowerCase() || /^[A-Z][a-z]+$/.test(part) || part === part.toUpperCase());
  const short = (part: string) => part.length <= 4 && part === part.toLowerCase(); // psp, k8s-style fragments
  return parts.every((part) => part.length >= 2 && (acronym(part) || word(part) || short(part)));
}

/**
 * A human-memorable password: words with digits or symbols appended (`newRootPassword123`,
 * `Secret2024!`) or leetspeak (`T0pS3cr3t`, `p@ssw0rd`). Such values in a repository are
 * overwhelmingly documentation and test examples; generated credentials never look like this.
 */
export function isMemorable(value: string): boolean {
  const trimmed = value.replace(/[\d!@#$%^&*._+=?-]{1,6}$/, '');
  if (trimmed.length >= 4 && trimmed !== value && looksLikeWords(trimmed)) return true;
  const unleet = value
    .replace(/0/g, 'o')
    .replace(/1/g, 'i')
    .replace(/3/g, 'e')
    .replace(/4/g, 'a')
    .replace(/5/g, 's')
    .replace(/7/g, 't')
    .replace(/@/g, 'a')
    .replace(/\$/g, 's')
    .replace(/[!.?*_-]+$/, '');
  return unleet !== value && looksLikeWords(unleet);
}

/** A JSON object holding only JWT header fields (`alg`, `typ`, `kid`, `cty`). */
function isJwtHeader(text: string): boolean {
  if (!text.startsWith('{') || !/"alg"/.test(text)) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return !!parsed && typeof parsed === 'object' && Object.keys(parsed).every((key) => ['alg', 'typ', 'kid', 'cty'].includes(key));
  } catch {
    return false;
  }
}

/** The text a base64 value decodes to, when it is printable text; undefined otherwise. */
function decodedText(value: string): string | undefined {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || !/[+/=]|[A-Z].*[a-z]/.test(value)) return undefined;
  const decoded = decodeBase64(value)?.trim();
  return decoded !== undefined && /^[\x20-\x7e]+$/.test(decoded) ? decoded : undefined;
}

/** `Bearer abc`, `Basic abc`, `token abc` → `abc`. */
export function stripScheme(value: string): string {
  const match = /^(?:bearer|basic|token|apikey|api-key)\s+(\S+)$/i.exec(value);
  return match ? match[1]! : value;
}
