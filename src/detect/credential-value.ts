import { identifierWords } from './assignment.js';
import { charClasses, shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';

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
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'session', 'auth', 'app', 'hmac', 'jwt', 'license', 'service', 'admin', 'account', 'storage', 'subscription', 'client', 'consumer', 'shared', 'webhook']);

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
  'id', 'ids', 'name', 'names', 'file', 'filename', 'path', 'dir', 'directory', 'url', 'uri', 'endpoint', 'host', 'hostname',
  'port', 'type', 'types', 'length', 'len', 'size', 'count', 'max', 'min', 'limit', 'ttl', 'expiry', 'expires', 'expiration',
  'expire', 'at', 'timeout', 'header', 'headers', 'field', 'fields', 'label', 'prefix', 'suffix', 'format', 'sha', 'md5', 'env',
  'var', 'variable', 'ref', 'reference', 'arn', 'rule', 'rules', 'enabled', 'enable', 'disabled', 'required', 'mode', 'strategy',
  'provider', 'helper', 'command', 'cmd', 'version', 'schema', 'param', 'params', 'location', 'store', 'storage', 'manager',
  'service', 'client', 'config', 'configuration', 'settings', 'options', 'template', 'hint', 'help', 'message', 'msg', 'error',
  'text', 'title', 'icon', 'color', 'style', 'class', 'selector', 'kind', 'source', 'backend', 'plugin', 'exists', 'missing',
  'set', 'input', 'index', 'list', 'map', 'scope', 'scopes', 'audience', 'issuer', 'algorithm', 'alg', 'method',
  'usage', 'description', 'desc', 'column', 'table', 'attribute', 'attr', 'claim', 'claims', 'query', 'route', 'view', 'page',
  'component', 'button', 'modal', 'dialog', 'form', 'input', 'output', 'event', 'action', 'handler', 'callback', 'fn', 'func',
  'function', 'getter', 'setter', 'state', 'status', 'changed', 'updated', 'created', 'rotated', 'last', 'flag', 'toggle',
]);

/** Leading words that make a name a boolean or a verb, not a value holder. */
const PREDICATE_WORDS = new Set(['is', 'has', 'use', 'uses', 'enable', 'disable', 'show', 'hide', 'require', 'requires', 'allow', 'get', 'set', 'validate', 'check', 'verify', 'generate', 'create', 'rotate', 'reset', 'update', 'should', 'can', 'no', 'skip', 'with', 'without', 'on']);

/** Whether an identifier names a credential (`DB_PASSWORD`, `clientSecret`, `api-key`). */
export function isCredentialName(name: string): boolean {
  const words = identifierWords(name);
  if (!words.length || words.length > 8) return false;
  if (words.some((w) => NOT_SECRET_WORDS.has(w))) return false;
  if (PREDICATE_WORDS.has(words[0]!) && words.length > 1) return false;
  let secretAt = -1;
  words.forEach((word, i) => {
    if (SECRET_WORDS.has(word) || (word === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!))) secretAt = i;
  });
  if (secretAt === -1) return false;
  const last = words[words.length - 1]!;
  return secretAt === words.length - 1 || !METADATA_WORDS.has(last);
}

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
  if (isPlaceholder(value)) return false;
  if (/^(?:https?|ftp|s3|gs|file):\/\//i.test(value)) return false; // URLs: connection-string rule
  if (/^[~./\\]|^[A-Za-z]:\\/.test(value) || FILE_LIKE.test(value)) return false; // paths and file names
  if (/^(?:sha\d*|md5)[-:]/i.test(value) || /^data:/i.test(value)) return false; // integrity values, data URIs
  if (UUID.test(value)) return false;
  if (/^\d+(?:\.\d+)*$/.test(value) || /^v?\d+\.\d+\.\d+/.test(value)) return false; // numbers, versions
  if (/[()[\]{}<>]/.test(value) || /^(?:process|os|env|import|config|settings|self|this|secrets|vars|params|inputs)\./i.test(value)) return false;
  if (DOTTED_WORDS.test(value) || WORDS_ONLY.test(value)) return false; // i18n keys, identifiers, prose
  if (/^[A-Z][A-Z0-9_]*$/.test(value) && value.includes('_')) return false; // an env var name
  if (looksLikeWords(value)) return false; // camelCase, PascalCase or snake_case words, maybe punctuated

  const classes = charClasses(value);
  const kinds = [classes.lower, classes.upper, classes.digit, classes.symbol].filter(Boolean).length;
  const entropy = shannonEntropy(value);
  if (HEX.test(value)) return value.length >= 16 && entropy >= 3.0 && classes.digit && /[a-f]/i.test(value);
  if (value.length >= 16) return kinds >= 2 && entropy >= 3.2;
  // short values: passwords need a mix of classes to be told from words
  return kinds >= 3 && entropy >= 2.5;
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
  return parts.every((part) => part.length >= 2 && (acronym(part) || word(part)));
}

/** `Bearer abc`, `Basic abc`, `token abc` → `abc`. */
export function stripScheme(value: string): string {
  const match = /^(?:bearer|basic|token|apikey|api-key)\s+(\S+)$/i.exec(value);
  return match ? match[1]! : value;
}
