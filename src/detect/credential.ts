import { identifierWords } from './assignment.js';
import { charClasses, shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';

/**
 * What a name says about the value it holds, and what a value looks like: the two halves of
 * "a credential assigned in code". Names are judged by their head word (`dbPassword` is a
 * password, `passwordField` is a field); values by shape (labels, paths, keys of other kinds and
 * test stand-ins are not credentials).
 */

/** The kind of credential a name announces. */
type CredentialKind = 'password' | 'secret' | 'token' | 'api-key' | 'private-key' | 'connection-string' | 'authorization' | 'auth';

export interface CredentialName {
  kind: CredentialKind;
  /**
   * `strong`: the name alone says credential (`password`, `clientSecret`, `apiKey`).
   * `weak`: it often does, but the same word names other things (`auth`, `pass`, `credentials`),
   * so only a random-looking value counts.
   */
  strength: 'strong' | 'weak';
}

/** Substrings every credential name contains: a cheap test before splitting the name into words. */
const MAYBE_CREDENTIAL = /pass|pwd|pw|secret|token|key|auth|cred|conn|bearer|senha|contras|motdepasse/i;

/** Splits an identifier or header name into lower-case words: `xAPIKey2` → `x api key2`. */
export function nameWords(name: string): string[] {
  return identifierWords(name.slice(0, 120));
}

/** Words before `token` that make it something else: pagination cursors, lexer and LLM tokens. */
const NOT_CREDENTIAL_TOKEN = new Set([
  'next',
  'prev',
  'previous',
  'page',
  'pagination',
  'continuation',
  'cancel',
  'cancellation',
  'sync',
  'cursor',
  'csrf',
  'xsrf',
  'design',
  'color',
  'colour',
  'theme',
  'style',
  'lexer',
  'parser',
  'ast',
  'idempotency',
  'device',
  'push',
  'fcm',
  'apns',
  'registration',
  'verification',
  'verify',
  'invite',
  'invitation',
  'confirmation',
  'unsubscribe',
  'nonce',
  'state',
  'query',
  'search',
  'start',
  'end',
  'stop',
  'eos',
  'bos',
  'pad',
  'unk',
  'mask',
  'sep',
  'cls',
  'special',
  'max',
  'min',
  'total',
  'prompt',
  'completion',
  'input',
  'output',
  'count',
  'resume',
  'continue',
  'form',
  'version',
  'revision',
  'receipt',
  'captcha',
  'recaptcha',
  'turnstile',
  'upload',
  'lock',
  'sort',
  'filter',
  'word',
  'text',
  'next_page',
  'more',
  'watermark',
  'etag',
  'change',
  'delta',
  'marker',
  'offset',
  'anti',
  'forgery',
]);

/** Words before `key` that make a key a secret (`apiKey`, `secretAccessKey`, `signingKey`). */
const SECRET_KEY_QUALIFIERS = new Set([
  'api',
  'secret',
  'private',
  'access',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'decryption',
  'decrypt',
  'master',
  'subscription',
  'auth',
  'service',
  'admin',
  'server',
  'shared',
  'account',
  'hmac',
  'jwt',
  'session',
  'webhook',
  'cipher',
  'aes',
  'crypto',
  'rest',
  'management',
  'mgmt',
  'deploy',
  'ssh',
  'root',
  'consumer',
]);

/** Words before `pass` that make it a password (`dbPass`, `smtpPass`), not a pass of something. */
const PASS_QUALIFIERS = new Set([
  'db',
  'database',
  'smtp',
  'user',
  'mail',
  'email',
  'admin',
  'root',
  'ftp',
  'sftp',
  'ssh',
  'sql',
  'redis',
  'mongo',
  'ldap',
  'proxy',
  'basic',
  'api',
  'app',
  'bind',
  'login',
  'auth',
  'pg',
  'mysql',
  'imap',
  'pop',
  'rabbit',
  'amqp',
  'broker',
  'vnc',
  'rdp',
  'my',
]);

/** Whole lower-case names (no separators) that end in a credential compound: `stripeapikey`. */
const COMPOUND_SUFFIXES: readonly [string, CredentialKind][] = [
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'password'],
  ['apikey', 'api-key'],
  ['apisecret', 'secret'],
  ['apitoken', 'token'],
  ['accesstoken', 'token'],
  ['authtoken', 'token'],
  ['clientsecret', 'secret'],
  ['secretkey', 'secret'],
  ['privatekey', 'private-key'],
  ['accesskey', 'secret'],
  ['connectionstring', 'connection-string'],
];

/**
 * Whether a name (variable, property, option, header) announces a credential, and how surely.
 * `passwordField`, `tokenizer`, `maxTokens`, `authorUrl`, `keyPrefix`, `publicKey`, `tokenType`,
 * `accessKeyId` and `secretName` do not.
 */
export function credentialName(name: string): CredentialName | undefined {
  if (!MAYBE_CREDENTIAL.test(name)) return undefined;
  const words = nameWords(name);
  const head = words[words.length - 1];
  if (!head) return undefined;
  const before = words[words.length - 2];
  const strong = (kind: CredentialKind): CredentialName => ({ kind, strength: 'strong' });
  const weak = (kind: CredentialKind): CredentialName => ({ kind, strength: 'weak' });

  switch (head) {
    case 'password':
    case 'passwd':
    case 'pwd':
    case 'pw':
    case 'passphrase':
    case 'passwort':
    case 'senha':
    case 'contrasena':
    case 'motdepasse':
      return strong('password');
    case 'pass':
      if (words.length === 1) return weak('password');
      return before && PASS_QUALIFIERS.has(before) ? strong('password') : undefined;
    case 'secret':
      return strong('secret');
    case 'token':
      if (before && NOT_CREDENTIAL_TOKEN.has(before)) return undefined;
      return strong('token');
    case 'key':
      if (!before) return undefined;
      if (before === 'private') return strong('private-key');
      if (before === 'api' || before === 'access' || before === 'secret') return strong('api-key');
      return SECRET_KEY_QUALIFIERS.has(before) ? weak('api-key') : undefined;
    case 'apikey':
    case 'apitoken':
    case 'accesstoken':
    case 'authtoken':
    case 'clientsecret':
    case 'secretkey':
    case 'privatekey':
      return strong(head === 'privatekey' ? 'private-key' : head.endsWith('token') ? 'token' : head.endsWith('secret') ? 'secret' : 'api-key');
    case 'string':
    case 'str':
      return before === 'connection' || before === 'conn' ? strong('connection-string') : undefined;
    case 'connectionstring':
    case 'connstr':
    case 'connstring':
      return strong('connection-string');
    case 'authorization':
      return strong('authorization');
    case 'auth':
      if (words.length === 1 || before === 'basic' || before === 'http' || before === 'bearer' || before === 'proxy' || before === 'x') return weak('auth');
      return undefined;
    case 'credential':
    case 'credentials':
    case 'creds':
    case 'cred':
      return weak('secret');
    case 'bearer':
      return weak('token');
  }
  if (words.length === 1) {
    for (const [suffix, kind] of COMPOUND_SUFFIXES) if (head.length > suffix.length && head.endsWith(suffix)) return strong(kind);
  }
  return undefined;
}

/** What a value in a credential position turned out to be. */
export type ValueVerdict = { secret: true; value: string; offset: number; randomLooking: boolean } | { secret: false; reason: ValueSkipReason };

type ValueSkipReason =
  'empty' | 'placeholder' | 'fixture' | 'too-short' | 'prose' | 'url-or-path' | 'provider-format' | 'label' | 'hash' | 'number' | 'weak-name';

/**
 * Stand-ins that tests, examples and local development use as credentials: the value with digits
 * and punctuation removed, lower-cased.
 */
const FIXTURE_WORDS = new Set([
  'password',
  'passw',
  'passwd',
  'pass',
  'pwd',
  'pw',
  'secret',
  'secrets',
  'supersecret',
  'topsecret',
  'mysecret',
  'verysecret',
  'secretpassword',
  'mypassword',
  'mypass',
  'yourpassword',
  'newpassword',
  'oldpassword',
  'userpassword',
  'adminpassword',
  'foo',
  'bar',
  'baz',
  'foobar',
  'qux',
  'qwerty',
  'qwertyuiop',
  'asdf',
  'asdfgh',
  'letmein',
  'hunter',
  'admin',
  'administrator',
  'root',
  'user',
  'username',
  'guest',
  'demo',
  'dev',
  'development',
  'local',
  'localhost',
  'default',
  'token',
  'mytoken',
  'key',
  'mykey',
  'apikey',
  'myapikey',
  'abc',
  'abcd',
  'abcdef',
  'abcdefg',
  'abcdefgh',
  'xyz',
  'xxx',
  'changeme',
  'changeit',
  'postgres',
  'postgresql',
  'mysql',
  'mongo',
  'mongodb',
  'redis',
  'rabbit',
  'rabbitmq',
  'sa',
  'welcome',
  'hello',
  'helloworld',
  'iloveyou',
  'monkey',
  'dragon',
  'sunshine',
  'princess',
  'football',
  'shadow',
  'master',
  'trustno',
  'none',
  'null',
  'nil',
  'undefined',
  'empty',
  'blank',
  'invalid',
  'wrong',
  'incorrect',
  'bad',
  'badpassword',
  'wrongpassword',
  'expired',
  'expiredtoken',
  'valid',
  'validtoken',
  'validpassword',
  'correct',
  'correctpassword',
  'stub',
  'keyboardcat',
  'app',
  'api',
  'service',
  'login',
  'pa',
  'p',
  'secretkey',
  'mysecretkey',
  'jwtsecret',
  'jwt',
  'sessionsecret',
  'passphrase',
  'pin',
  'code',
  'value',
  'string',
  'text',
  'accesstoken',
  'refreshtoken',
  'authtoken',
  'bearer',
  'basic',
  'auth',
  'authorization',
  'credentials',
  'cred',
  'creds',
  'minio',
  'minioadmin',
  'docker',
  'vagrant',
  'ubuntu',
  'postgrespassword',
  'rootpassword',
  'devpassword',
  'localpassword',
]);

/** Well-known example secrets from documentation (the Google Authenticator demo TOTP secret, …). */
/** The RFC 4122 example UUID and its common edits (`123e4567-e89b-12d3-a456-426614174000`). */
const EXAMPLE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-12d3-a456-426614174\d{3}$/i;
const DOCUMENTED_EXAMPLES = new Set([
  '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', // RFC 6455 WebSocket GUID
  'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict', // nanoid URL alphabet
  'JBSWY3DPEHPK3PXP', // the Google Authenticator example TOTP secret
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  'keyboard cat', // express-session documentation
  'shhhhh', // jsonwebtoken documentation
  'shhhhhhared-secret', // express-jwt documentation
]);

/**
 * Words that test values and stand-ins are made of: a value spelled from these (ignoring case,
 * digits and leet substitutions) is a fixture, `'resetToken123'`, `'P@ssw0rd!'`,
 * `'DifferentPass1'`, `'Sup3rS3cr3t'`; a chosen password such as `'Tz8#kq2!Wm5v'` is not.
 */
const FIXTURE_VOCABULARY = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'pw',
  'secret',
  'token',
  'key',
  'api',
  'test',
  'tests',
  'testing',
  'reset',
  'new',
  'old',
  'different',
  'other',
  'another',
  'my',
  'your',
  'our',
  'the',
  'a',
  'an',
  'super',
  'top',
  'very',
  'strong',
  'weak',
  'short',
  'long',
  'valid',
  'invalid',
  'wrong',
  'correct',
  'bad',
  'good',
  'user',
  'users',
  'admin',
  'root',
  'guest',
  'demo',
  'dev',
  'local',
  'default',
  'change',
  'changed',
  'me',
  'it',
  'this',
  'hello',
  'world',
  'foo',
  'bar',
  'baz',
  'qux',
  'abc',
  'xyz',
  'fake',
  'mock',
  'dummy',
  'sample',
  'example',
  'temp',
  'tmp',
  'some',
  'random',
  'string',
  'value',
  'access',
  'refresh',
  'auth',
  'session',
  'jwt',
  'sign',
  'signing',
  'private',
  'public',
  'client',
  'server',
  'app',
  'db',
  'database',
  'mongo',
  'postgres',
  'mysql',
  'redis',
  'confirm',
  'confirmation',
  'verify',
  'verification',
  'code',
  'one',
  'two',
  'three',
  'first',
  'second',
  'hunter',
  'letmein',
  'welcome',
  'qwerty',
  'login',
  'up',
  'in',
  'out',
  'updated',
  'update',
  'initial',
  'original',
  'current',
  'next',
  'expired',
  'bearer',
  'oauth',
  'otp',
  'totp',
  'pin',
  'is',
  'not',
  'no',
  'yes',
  'hex',
  'real',
  'for',
  'and',
  'to',
  'of',
  'with',
  'without',
  'name',
  'id',
  'email',
  'mail',
  'account',
  'service',
  'unit',
  'spec',
  'fixture',
  'stub',
  'seed',
  'seeded',
  'alice',
  'bob',
  'john',
  'jane',
  'doe',
  'qa',
  'staging',
  'prod',
  'hash',
  'hashed',
  'salt',
  'plain',
  'text',
  'data',
  'any',
  'empty',
  'blank',
  'null',
  'none',
  'wrongpass',
  'letme',
  'secure',
  'insecure',
  'simple',
  'complex',
  'pa',
  'ss',
  'word',
  'cat',
  'dog',
  'keyboard',
]);

const TRUNCATABLE = ['password', 'passwd', 'secret', 'token', 'admin', 'welcome', 'qwerty', 'hunter', 'letmein'];

/** Leet substitutions undone before spelling a value from words. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

function isMadeOfWords(value: string): boolean {
  const normalised = value
    .toLowerCase()
    .replace(/^[^a-z]+|[^a-z]+$/g, '')
    .replace(/[013457@$]/g, (c) => LEET[c] ?? c)
    .replace(/[^a-z]/g, '');
  if (normalised.length < 4 || normalised.length > 48) return false;
  return segments(normalised) || segments(normalised.replace(/i/g, 'l'));
}

/** Whether a lower-case string splits entirely into vocabulary words (dynamic programming, O(n²)). */
function segments(text: string): boolean {
  const reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (let end = 1; end <= text.length; end++) {
    for (let start = Math.max(0, end - 14); start < end && !reachable[end]; start++) {
      if (reachable[start] && FIXTURE_VOCABULARY.has(text.slice(start, end))) reachable[end] = true;
    }
  }
  if (reachable[text.length]) return true;
  // A truncated last word: 'passwo1', 'secre'.
  for (let start = Math.max(0, text.length - 13); start <= text.length - 3; start++) {
    const tail = text.slice(start);
    if (reachable[start] && TRUNCATABLE.some((word) => word.length > tail.length && word.startsWith(tail))) return true;
  }
  return false;
}

export { isTestPath } from './paths.js';

/** Substrings that mark a test or example value. */
const FIXTURE_MARKERS = /test|mock|fake|dummy|stub|sample|example|invalid|wrong|placeholder|lorem|foobar|notreal|notasecret|nosecret/i;

/**
 * Formats other secret rules recognise by their shape (provider prefixes, PEM, password hashes),
 * and public client keys that are no secret: a code-context rule leaves them alone so one
 * secret is one finding.
 */
const PROVIDER_FORMAT =
  /^(?:[sr]k_(?:live|test)_|pk_(?:live|test)_|whsec_|sk-(?:ant-|proj-|svcacct-|admin-|or-)?[A-Za-z0-9_-]{16}|gh[pousr]_|github_pat_|glpat-|gl(?:dt|ptt|rt|cbt|imt|agent|oas|ft|soat)-|xox[abposer]-|xapp-|(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{12}|AIza[0-9A-Za-z_-]{20}|ya29\.|1\/\/0|SG\.[A-Za-z0-9_-]{16}|npm_|pypi-|hf_|dop_v1_|doo_v1_|dor_v1_|shp(?:at|ss|ca|pa)_|sbp_|sb_(?:secret|publishable)_|lin_(?:api|oauth)_|figd_|secret_[A-Za-z0-9]{30}|ntn_|dapi[0-9a-f]{16}|hv[sb]\.|phc_|phx_|pk\.eyJ|sk\.eyJ|re_[A-Za-z0-9]{8}|SK[0-9a-fA-F]{32}$|AC[0-9a-fA-F]{32}$|xkeysib-|sntrys_|glc_|dt0c01\.|ATATT|AKCp|-----BEGIN|ssh-(?:rsa|ed25519|dss) |ecdsa-sha2-|PuTTY-User-Key|sq0(?:atp|csp)-|EAAC|AAAA[A-Za-z0-9_-]{7}:|rubygems_|pul-|CLOJARS_|dckr_pat_|oy2|FLWSECK|nvapi-|gsk_|pplx-|r8_|tvly-|xai-)/;

/** Password hashes (bcrypt, argon2, scrypt, PBKDF2, crypt): a stored hash, not the password. */
const PASSWORD_HASH = /^(?:\$2[abxy]?\$\d{2}\$|\$argon2(?:id|i|d)\$|\$scrypt\$|\$pbkdf2|\$[156]\$|\{S?SHA\d*\}|pbkdf2_sha256\$|sha1\$|md5\$)/i;

/** Words joined by separators, with no mixed letter-digit segment: labels, i18n keys, routes, CSS tokens, env names. */
const LABEL = /^\p{L}+(?:[ ._:/-]{1,2}(?:\p{L}+|\d+))*[.!?]?$/u;
/** A Google account app password: `abcd efgh ijkl mnop`. */
const APP_PASSWORD = /^[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}$/;
/** A package name (`@scope/name`). */
const PACKAGE_NAME = /^@[\w.-]{1,64}\/[\w./-]{1,128}$/;
/**
 * Code, not a value: brackets, separators and operators that keys and tokens never contain
 * (a quoted run between two strings, `).split(`, a regex class such as `a-zA-Z0-9`).
 */
const CODE_LIKE = /[(){}[\]<>;,|\\`]|=>|==|\.\.|a-z|A-Z|0-9|\$\$/;
/** An alphabet constant: ten or more letters or digits in sequence. */
const ALPHABET = /abcdefghij|ABCDEFGHIJ|0123456789|qrstuvwxyz|QRSTUVWXYZ/;
/** A constant name (`STRIPE_SECRET_KEY`): a reference to a setting, not its value. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** `Bearer x`, `Basic x`, `token x`: an authorization scheme before the credential. */
const AUTH_SCHEME = /^(?:bearer|basic|token|bot|apikey|api-key|key|digest|otp|sso-key|ghp|dsn)[ ]+(?=\S)/i;

/**
 * Judges a string found in a credential position. Placeholders, references, empty strings, labels,
 * URLs and paths, password hashes, provider formats other rules own, and obvious test values
 * (`'password'`, `'secret'`, `'test123'`, the name itself) are not reported. `randomLooking` tells a generated
 * credential (reported with high confidence) from a human-chosen password.
 */
export function judgeCredentialValue(raw: string, name?: CredentialName, nameText?: string): ValueVerdict {
  let value = raw;
  let offset = 0;
  if (name?.kind === 'authorization' || name?.kind === 'token' || name?.kind === 'auth') {
    const scheme = AUTH_SCHEME.exec(value);
    if (scheme) {
      offset = scheme[0].length;
      value = value.slice(offset);
    }
  }
  const trimmed = value.trim();
  // Cheapest tests first: this runs on every quoted string of a module when facts are gathered.
  if (!trimmed) return { secret: false, reason: 'empty' };
  if (trimmed.length < 6) return { secret: false, reason: 'too-short' };
  // A Google app password is shown (and pasted) as four groups of four letters.
  if (APP_PASSWORD.test(trimmed)) return { secret: true, value: trimmed, offset: offset + value.indexOf(trimmed), randomLooking: true };
  if (trimmed.length > 2048 || /\s/.test(trimmed)) return { secret: false, reason: 'prose' };
  if (LABEL.test(trimmed.replace(/^[_$#@.:;?!-]+|[_$#@.:;-]+$/g, '')) || CONSTANT_NAME.test(trimmed) || PACKAGE_NAME.test(trimmed))
    return { secret: false, reason: 'label' };
  if (CODE_LIKE.test(trimmed) || ALPHABET.test(trimmed) || looksLikeIdentifier(trimmed)) return { secret: false, reason: 'label' };
  // A name built from a match's groups (a syntax highlighter's `keyword.tag-$1`, `string.$S2.delim`).
  if (/\$[S#]?\d/.test(trimmed) && looksLikeIdentifier(trimmed.replace(/\$[S#]?\d+/g, ''))) return { secret: false, reason: 'label' };
  // Machine credentials are printable ASCII; letters beyond it are a language's words (a translation).
  if (/[^\x00-\x7e]/.test(trimmed)) return { secret: false, reason: 'prose' };
  if (/^[\d.,:-]+$/.test(trimmed) && trimmed.length < 12) return { secret: false, reason: 'number' };
  if (/^--?[a-z]/i.test(trimmed)) return { secret: false, reason: 'label' }; // a command-line flag
  if (trimmed.includes('://') || isPath(trimmed)) return { secret: false, reason: 'url-or-path' };
  if (PROVIDER_FORMAT.test(trimmed)) return { secret: false, reason: 'provider-format' };
  if (PASSWORD_HASH.test(trimmed)) return { secret: false, reason: 'hash' };
  if (isPlaceholder(trimmed)) return { secret: false, reason: 'placeholder' };
  const letters = trimmed.toLowerCase().replace(/[^a-z]/g, '');
  if (FIXTURE_WORDS.has(letters) || FIXTURE_MARKERS.test(trimmed) || DOCUMENTED_EXAMPLES.has(trimmed) || EXAMPLE_UUID.test(trimmed) || isMadeOfWords(trimmed))
    return { secret: false, reason: 'fixture' };
  if (nameText && letters && letters === nameText.toLowerCase().replace(/[^a-z]/g, '')) return { secret: false, reason: 'fixture' };
  if (isJwtWithRole(trimmed)) return { secret: false, reason: 'provider-format' };
  const randomLooking = looksRandom(trimmed);
  if (name?.strength === 'weak' && !randomLooking) return { secret: false, reason: 'weak-name' };
  if (!randomLooking && !looksLikePassword(trimmed)) return { secret: false, reason: 'label' };
  return { secret: true, value: trimmed, offset: offset + value.indexOf(trimmed), randomLooking };
}

/** A file path or route (`/api/x`, `./keys/dev.pem`, `C:\\certs`); a random key may start with `/` too. */
function isPath(value: string): boolean {
  if (/\.(?:pem|key|json|p12|pfx|crt|cer|txt|env|ya?ml|[cm]?[jt]sx?|css|scss|html?|md|png|svg|jpe?g|gif|webp|ico|woff2?|map|wasm|node|sh|py)$/i.test(value))
    return true;
  if (/^(?:\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(value)) return true;
  if (!value.startsWith('/')) return false;
  return !looksRandom(value) || (/^(?:\/[\w.@-]{1,64}){2,}\/?$/.test(value) && !/[+=]/.test(value) && value.split('/').every((part) => part.length < 24));
}

/**
 * A name made of words (`LexicalEditorTheme__h1`, `V8IntrinsicIdentifier`,
 * `/components/Status/index.tsx#Status`, `with300documents`): mostly long tokens with vowels.
 * A generated key splits into many short fragments (`u8jz`, `Pde`, `0`, `Igx`, …).
 */
function looksLikeIdentifier(value: string): boolean {
  if (/[^A-Za-z0-9_\-./#:@]/.test(value)) return false;
  const tokens = value.split(/[_\-./#:@]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
  if (tokens.length < 2) return false;
  const long = tokens.filter((token) => token.length >= 3);
  if (long.length * 2 < tokens.length) return false;
  return long.every((token) => /^\d+$/.test(token) || token.length <= 4 || /[aeiouy]/i.test(token));
}

/** Generated, not chosen: long enough, varied characters, several character classes. */
function looksRandom(value: string): boolean {
  if (value.length < 16) return false;
  const classes = charClasses(value);
  const count = Number(classes.lower) + Number(classes.upper) + Number(classes.digit);
  if (count < 2) return false;
  const entropy = shannonEntropy(value);
  // Hex keys (32+ chars) have at most 4 bits per character; base64-like ones reach 5 and more.
  return /^[0-9a-f]+$/i.test(value) ? value.length >= 20 && entropy >= 3 : entropy >= 3.2;
}

/** A human password: letters with digits or symbols, or mixed case. */
function looksLikePassword(value: string): boolean {
  const classes = charClasses(value);
  if (!/[A-Za-z]/.test(value)) return false;
  return classes.digit || classes.symbol || (classes.lower && classes.upper);
}

/** A JWT whose payload names a role (Supabase anon and service keys): owned by the JWT rule or public. */
function isJwtWithRole(value: string): boolean {
  if (!value.startsWith('eyJ')) return false;
  const payload = value.split('.')[1];
  if (!payload || payload.length > 4096) return false;
  try {
    const json = Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return /"role"\s*:/.test(json);
  } catch {
    return false;
  }
}
