import type * as t from '@babel/types';
import {
  asNode,
  isDeclarationFile,
  memberName,
  memberPath,
  propertyKeyName,
  requireSpecifier,
  stringLiteral,
  stringValue,
  unwrap,
  walkJs,
  type JsNode,
} from '../ast/js.js';
import { credentialName, isTestPath, judgeCredentialValue, nameWords, type CredentialName } from '../detect/credential.js';
import { importBindings, moduleKeyOf, type ImportBinding } from './js-modules.js';
import { matchesAt } from '../detect/keywords.js';
import type { RuleContext } from '../rule/types.js';

/**
 * Where a JavaScript/TypeScript module passes a value as a credential: options and properties
 * named like credentials, assignments to such variables, and the arguments of well-known SDK
 * clients. The model says *where* a credential goes and which expression supplies it; whether
 * that expression is a literal secret is for the rule to judge.
 */

/** Names a credential may be given in code, as a regex source (matched case-insensitively). */
const NAME = String.raw`(?:pass(?:word|wd|phrase)?|pwd?|secret|token|auth(?:orization)?|credentials?|creds|conn(?:ection)?[-_]?str(?:ing)?|bearer|hmac|(?:api|access|private|secret|signing|encryption|decryption|master|subscription|session|jwt|service|admin|server|shared|account|webhook|cipher|aes|crypto|rest|management|mgmt|deploy|ssh|root|consumer|auth)[-_]?key)`;
/**
 * A module that uses an SDK client whose positional argument is a credential (see
 * `CLIENT_ARGUMENTS`): it imports the SDK, or calls one of its distinctive constructors.
 */
const CLIENT_USE =
  /['"](?:stripe|twilio|sequelize|@sequelize\/core|sequelize-typescript|jsonwebtoken|@supabase\/(?:supabase-js|ssr)|aws-sdk|node-telegram-bot-api|telegraf|grammy|@google\/generative-ai|resend|postmark|@paypal\/checkout-server-sdk|google-auth-library|googleapis|cookie-parser|express-basic-auth)['"]|\b(?:createHmac|createCipheriv|createDecipheriv|AWS\.Credentials|TelegramBot|GoogleGenerativeAI|cookieParser)\s{0,4}\(|\bnew\s{1,4}(?:Stripe|Sequelize|Twilio|Telegraf)\s{0,4}\(|\bjwt\.(?:sign|verify)\s{0,4}\(|\.bind\s{0,4}\(\s{0,4}['"`](?:cn|uid|dc|ou)=/;
/**
 * One pass over a module finds every hint of a named credential position: a credential name
 * given a quoted value (`password: '…'`, `apiKey="…"`, `setToken('…'`, `'Authorization', '…'`,
 * with a type annotation or an `env.X ||` fallback between), or assigned an identifier that ends
 * the expression (`apiKey: LLM,`, `password = settings.db.pw;`).
 */
const CREDENTIAL_HINT = new RegExp(
  String.raw`${NAME}["'\]]?\s{0,16}(?:(?::[\w$.<>\[\]| ]{1,60}?\s{0,4}=|[:=(,]|\?\?=|\|\|=)\s{0,16}\{?\s{0,16}(?:[\w$.]{1,80}\s{0,4}(?:\|\||\?\?)\s{0,4})?([\`'"])([^'"\`\n]{0,256})\1|(?:[:=]|\?\?=|\|\|=)\s{0,16}\{?\s{0,16}([A-Za-z_$][\w$]{0,64})(?:\.[\w$]{1,64}){0,6}\s{0,4}[,;})\n])`,
  'gi',
);
/** Where a match of CREDENTIAL_HINT can start: each alternative of NAME starts with one of these (lower case). */
export const CREDENTIAL_HINT_STARTS = [
  'pass',
  'pw',
  'secret',
  'token',
  'auth',
  'cred',
  'conn',
  'bearer',
  'hmac',
  ...['api', 'access', 'private', 'signing', 'encryption', 'decryption', 'master', 'subscription', 'session', 'jwt', 'service'],
  ...['admin', 'server', 'shared', 'account', 'webhook', 'cipher', 'aes', 'crypto', 'rest', 'management', 'mgmt', 'deploy', 'ssh', 'root', 'consumer'],
];
/** CREDENTIAL_HINT, tried at one offset at a time. */
const CREDENTIAL_HINT_AT = new RegExp(CREDENTIAL_HINT.source, 'giy');
/** Every match of CLIENT_USE holds one of these (lower case). */
export const CLIENT_USE_WORDS = [
  ...['stripe', 'twilio', 'sequelize', 'jsonwebtoken', '@supabase/', 'aws-sdk', 'node-telegram-bot-api', 'telegraf', 'grammy'],
  ...['@google/generative-ai', 'resend', 'postmark', '@paypal/checkout-server-sdk', 'google-auth-library', 'googleapis', 'cookie-parser'],
  ...['express-basic-auth', 'createhmac', 'createcipheriv', 'createdecipheriv', 'aws.credentials', 'telegrambot', 'googlegenerativeai'],
  ...['cookieparser', 'jwt.', '.bind'],
];
/** The engine's keyword pass over a module, when the caller has one (a rule that declares the words above). */
type KeywordPass = Pick<RuleContext, 'mentions' | 'keywordStarts'>;
/** A specifier of a module of this repository (relative or through a path alias). */
const LOCAL_SPECIFIER = String.raw`['"](?:\.{1,2}\/|@\/|~\/|#|\$\/|src\/)[^'"\n]{0,200}['"]`;
/** `import a, { b as c } from './x'`: the clause, for the names it binds. */
const LOCAL_IMPORT = new RegExp(String.raw`\bimport\s{1,8}(?!type\b)([\w$\s,{}*]{1,600}?)\s{0,8}from\s{0,8}` + LOCAL_SPECIFIER, 'g');
/** `const a = require('./x')`, `const { b, c: d } = require('./x')`. */
const LOCAL_REQUIRE = new RegExp(String.raw`\b(?:const|let|var)\s{1,8}([\w$]{1,64}|\{[^}]{0,600}\})\s{0,8}=\s{0,8}require\(\s{0,8}` + LOCAL_SPECIFIER, 'g');
/** `const NAME = '…'` / `const NAME = {` / `const NAME = process.env.X || '…'`: a constant that may hold a literal. */
const LITERAL_CONSTANT =
  /\b(?:const|let|var)\s{1,8}([\w$]{1,64})\s{0,8}(?::[^=\n]{1,80})?=\s{0,8}(?:[\w$.]{1,80}\s{0,4}(?:\|\||\?\?)\s{0,4})?(?:Object\.freeze\(\s{0,8})?['"`{]/g;
/** Identifiers after a credential name that are never a constant or an import. */
const NOT_A_CONSTANT = new Set([
  'process',
  'import',
  'this',
  'await',
  'new',
  'string',
  'number',
  'boolean',
  'any',
  'unknown',
  'undefined',
  'null',
  'true',
  'false',
  'void',
  'never',
  'typeof',
  'function',
  'async',
  'req',
  'request',
  'res',
  'ctx',
  'options',
  'opts',
  'props',
  'env',
  'args',
  'input',
  'data',
  'body',
  'params',
  'query',
  'user',
  'event',
]);
/**
 * A cheap text test, run before parsing, for modules that may pass a credential: a credential name
 * given a quoted value that could be a credential (only a generated-looking one in tests), an SDK
 * client call, or a credential name given a constant declared in the module or a binding imported
 * from another module of the repository. Most modules fail it and are never parsed. Computed once
 * per document (the rule and the fact extractor both ask).
 */
export function mayHoldCredential(doc: { text: string; path: string; textOnly: boolean }, keywords?: KeywordPass): boolean {
  // Code that is never parsed (minified, truncated) cannot be analysed: no need to read it.
  if (doc.textOnly) return false;
  let answer = gated.get(doc);
  if (answer === undefined) {
    answer = credentialHint(doc.text, doc.path, keywords);
    gated.set(doc, answer);
  }
  return answer;
}

const gated = new WeakMap<object, boolean>();

function credentialHint(text: string, path: string, keywords: KeywordPass | undefined): boolean {
  if (isDeclarationFile(path)) return false;
  // With the keyword pass, the regexes run only where their words are: CLIENT_USE in modules that
  // name a client, CREDENTIAL_HINT at the offsets where a credential name starts.
  if ((!keywords || CLIENT_USE_WORDS.some((word) => keywords.mentions(word))) && CLIENT_USE.test(text)) return true;
  const test = isTestPath(path);
  let names: BoundNames | undefined;
  let literalInModule: boolean | undefined;
  const starts = keywords?.keywordStarts(CREDENTIAL_HINT_STARTS);
  for (const match of starts ? matchesAt(text, CREDENTIAL_HINT_AT, starts) : text.matchAll(CREDENTIAL_HINT)) {
    const literal = match[2];
    if (literal !== undefined) {
      if (mayBeCredentialLiteral(literal, test)) return true;
      continue;
    }
    // Tests pass their fixtures' credentials around: only a literal there is worth a parse.
    const identifier = match[3];
    if (test || identifier === undefined || NOT_A_CONSTANT.has(identifier)) continue;
    names ??= boundNames(text);
    if (names.imported.has(identifier)) return true;
    // A constant can only pass a literal credential if the module holds one. Minified bundles
    // declare one-letter constants everywhere (`token:e,` next to `const e={`): this keeps
    // them from being parsed for nothing (a 900 KB bundle costs Babel a quarter of a second).
    if (names.constants.has(identifier) && (literalInModule ??= hasCredentialLiteral(text))) return true;
  }
  return false;
}

/**
 * Whether a quoted value could be judged a credential in some credential position: the most
 * permissive judgement (a strong token name, which also strips an auth scheme), a connection
 * string's password, or an escape sequence whose decoded value the text does not show.
 */
function mayBeCredentialLiteral(literal: string, test: boolean): boolean {
  if (/(?:password|pwd)[ \t]{0,8}=/i.test(literal)) return true;
  const verdict = judgeCredentialValue(literal, { kind: 'token', strength: 'strong' });
  return verdict.secret && (verdict.randomLooking || !test);
}

/**
 * The string literals of a module, paired quote by quote from the start. A quote in a comment or a
 * regex literal shifts the pairing until the end of its line (quotes other than backticks do not
 * cross lines); the code then read as a string looks like a password, so the answer errs towards
 * parsing.
 */
const STRING_LITERAL = /'((?:[^'\\\n]|\\.){0,2048})'|"((?:[^"\\\n]|\\.){0,2048})"|`((?:[^`\\]|\\.){0,4096})`/g;

/** Whether any string literal of the module could be a credential (see `mayBeCredentialLiteral`). */
function hasCredentialLiteral(text: string): boolean {
  for (const match of text.matchAll(STRING_LITERAL)) {
    const content = match[1] ?? match[2] ?? match[3]!;
    if (content.length < 6) continue;
    if (mayBeCredentialLiteral(content.includes('\\') ? unescapeJs(content) : content, false)) return true;
  }
  return false;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** A string literal's value: JavaScript escape sequences decoded (a line continuation is dropped). */
function unescapeJs(content: string): string {
  return content.replace(
    /\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|(\r\n|[\s\S]))/g,
    (_, hex?: string, braced?: string, unicode?: string, other?: string) => {
      const code = hex ?? braced ?? unicode;
      if (code !== undefined) return String.fromCodePoint(Math.min(parseInt(code, 16), 0x10ffff));
      if (other === '\n' || other === '\r\n' || other === '\r' || other === '\u2028' || other === '\u2029') return '';
      return SIMPLE_ESCAPES[other!] ?? other!;
    },
  );
}

interface BoundNames {
  /** Bound by imports and requires of this repository's modules: the literal may be in another module. */
  imported: Set<string>;
  /** Constants that may hold a literal. */
  constants: Set<string>;
}

/** Names bound by local imports and by constants that may hold a literal. */
function boundNames(text: string): BoundNames {
  const imported = new Set<string>();
  const addAll = (clause: string) => {
    for (const part of clause.replace(/[{}]/g, ',').split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+|\s*:\s*|\s+/)
        .pop();
      if (name && /^[\w$]+$/.test(name)) imported.add(name);
    }
  };
  for (const match of text.matchAll(LOCAL_IMPORT)) addAll(match[1]!.replace(/\*\s*as\s+/, ''));
  for (const match of text.matchAll(LOCAL_REQUIRE)) addAll(match[1]!);
  const constants = new Set<string>();
  for (const match of text.matchAll(LITERAL_CONSTANT)) constants.add(match[1]!);
  return { imported, constants };
}

/** A place in code where a credential goes. */
interface CredentialPosition {
  /** The expression that supplies the value. */
  value: JsNode;
  /** What goes here, for messages: "password", "Stripe API key". */
  what: string;
  /** The name that announced the credential, when a name did. */
  name?: CredentialName;
  /** The name as written (`dbPassword`, `Authorization`), or the callee for SDK arguments. */
  label: string;
  /** Where it sits, for messages: "`password` in the options of `new Pool(…)`". */
  where: string;
  /** Inside data named as samples, examples, fixtures or mocks (`export const samples = [{ body: { token: … } }]`). */
  inSampleData?: boolean;
}

/** A literal that reaches a credential position, possibly through a constant. */
export interface CredentialSource {
  literal: t.StringLiteral | t.TemplateLiteral;
  value: string;
  position: CredentialPosition;
  /** The expression at the position when the literal sits elsewhere (a constant's use). */
  via?: JsNode;
}

/** An imported binding that reaches a credential position: the other module holds the value. */
interface ImportedSource {
  position: CredentialPosition;
  use: JsNode;
  binding: ImportBinding;
  /** Module key of the exporting module (see `moduleKeyOf`). */
  module: string;
  /** Dotted export path: `KEY`, `config.stripe.secret`, `default`. */
  exportPath: string;
}

/** One SDK call whose positional argument is a credential. */
interface ClientArgument {
  module: RegExp;
  /** Export paths of the callee (after the import binding); `[]` is the module itself. */
  callees: readonly (readonly string[])[];
  arg: number;
  minArgs?: number;
  what: string;
  /** Callee paths that identify the client without an import (globals, injected modules). */
  fallback?: readonly string[];
}

const CLIENT_ARGUMENTS: readonly ClientArgument[] = [
  { module: /^stripe$/, callees: [[], ['Stripe'], ['default']], arg: 0, what: 'Stripe API key', fallback: ['Stripe'] },
  {
    module: /^twilio$/,
    callees: [[], ['Twilio'], ['default'], ['default', 'Twilio']],
    arg: 1,
    minArgs: 2,
    what: 'Twilio auth token',
    fallback: ['twilio', 'Twilio'],
  },
  {
    module: /^(?:sequelize|@sequelize\/core|sequelize-typescript)$/,
    callees: [['Sequelize'], [], ['default']],
    arg: 2,
    minArgs: 3,
    what: 'database password',
    fallback: ['Sequelize'],
  },
  {
    module: /^jsonwebtoken$/,
    callees: [['sign'], ['verify'], ['default', 'sign'], ['default', 'verify']],
    arg: 1,
    minArgs: 2,
    what: 'JWT signing secret',
    fallback: ['jwt.sign', 'jwt.verify', 'jsonwebtoken.sign', 'jsonwebtoken.verify'],
  },
  { module: /^(?:node:)?crypto$/, callees: [['createHmac'], ['default', 'createHmac']], arg: 1, minArgs: 2, what: 'HMAC key', fallback: ['crypto.createHmac'] },
  {
    module: /^(?:node:)?crypto$/,
    callees: [['createCipheriv'], ['createDecipheriv'], ['default', 'createCipheriv']],
    arg: 1,
    minArgs: 2,
    what: 'encryption key',
    fallback: ['crypto.createCipheriv', 'crypto.createDecipheriv'],
  },
  { module: /^@supabase\/supabase-js$/, callees: [['createClient']], arg: 1, minArgs: 2, what: 'Supabase API key' },
  { module: /^@supabase\/ssr$/, callees: [['createBrowserClient'], ['createServerClient']], arg: 1, minArgs: 2, what: 'Supabase API key' },
  {
    module: /^aws-sdk(?:\/global)?$/,
    callees: [['Credentials'], ['default', 'Credentials']],
    arg: 1,
    minArgs: 2,
    what: 'AWS secret access key',
    fallback: ['AWS.Credentials'],
  },
  { module: /^node-telegram-bot-api$/, callees: [[], ['default']], arg: 0, what: 'Telegram bot token', fallback: ['TelegramBot'] },
  { module: /^telegraf$/, callees: [['Telegraf'], [], ['default']], arg: 0, what: 'Telegram bot token', fallback: ['Telegraf'] },
  { module: /^grammy$/, callees: [['Bot']], arg: 0, what: 'Telegram bot token' },
  { module: /^@google\/generative-ai$/, callees: [['GoogleGenerativeAI']], arg: 0, what: 'Gemini API key', fallback: ['GoogleGenerativeAI'] },
  { module: /^resend$/, callees: [['Resend']], arg: 0, what: 'Resend API key' },
  {
    module: /^postmark$/,
    callees: [['ServerClient'], ['AccountClient'], ['default', 'ServerClient']],
    arg: 0,
    what: 'Postmark API token',
    fallback: ['postmark.ServerClient', 'postmark.AccountClient'],
  },
  {
    module: /^@paypal\/checkout-server-sdk$/,
    callees: [
      ['core', 'SandboxEnvironment'],
      ['core', 'LiveEnvironment'],
    ],
    arg: 1,
    minArgs: 2,
    what: 'PayPal client secret',
    fallback: ['paypal.core.LiveEnvironment', 'paypal.core.SandboxEnvironment'],
  },
  { module: /^google-auth-library$/, callees: [['OAuth2Client']], arg: 1, minArgs: 2, what: 'OAuth client secret' },
  { module: /^googleapis$/, callees: [['google', 'auth', 'OAuth2']], arg: 1, minArgs: 2, what: 'OAuth client secret', fallback: ['google.auth.OAuth2'] },
  { module: /^cookie-parser$/, callees: [[], ['default']], arg: 0, what: 'cookie-signing secret', fallback: ['cookieParser'] },
];

/** Object keys that mark a public client configuration, whose `apiKey` is meant to be public. */
const PUBLIC_CLIENT_KEYS = new Set([
  'indexName',
  'authDomain',
  'messagingSenderId',
  'measurementId',
  'api_host',
  'apiHost',
  'storageBucket',
  'searchOnlyApiKey',
  'publishableKey',
]);
/** Keys that name the account a sibling `pass` belongs to. */
const USER_KEYS = new Set(['user', 'username', 'userName', 'login', 'email', 'account', 'uid']);
/** Methods that set a header: `headers.set('Authorization', x)`. */
const HEADER_SETTERS = new Set(['set', 'append', 'setHeader', 'header', 'setRequestHeader']);
/** Verbs a setter method starts with: `setApiKey(x)`, `withToken(x)`. */
const SETTER_VERBS = new Set(['set', 'with', 'use', 'update']);
const SETTER_PREFIX = /^(?:set|with|use|update)[A-Z_]/;

/** Wrappers that pass a value through: `Buffer.from(x)`, `new TextEncoder().encode(x)`, `String(x)`. */
function passThrough(node: JsNode): JsNode | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const path = memberPath(node.callee)?.join('.');
  if (path === 'Buffer.from' || path === 'String' || path === 'Buffer.from.toString') return asNode(node.arguments[0]);
  const callee = unwrap(node.callee);
  if ((callee?.type === 'MemberExpression' && memberName(callee) === 'encode') || (callee?.type === 'MemberExpression' && memberName(callee) === 'trim')) {
    if (memberName(callee) === 'trim') return asNode(callee.object);
    const encoder = unwrap(callee.object);
    if (encoder?.type === 'NewExpression' && memberPath(encoder.callee)?.join('.') === 'TextEncoder') return asNode(node.arguments[0]);
  }
  return undefined;
}

/**
 * The expressions that may supply a value: both sides of `a || b` / `a ?? b`, both branches of
 * a conditional, the parts of a built string, the argument of a pass-through wrapper.
 */
function valueCandidates(node: unknown, depth = 0): JsNode[] {
  const inner = unwrap(node);
  if (!inner || depth > 6) return [];
  if (inner.type === 'LogicalExpression' && (inner.operator === '||' || inner.operator === '??')) {
    return [...valueCandidates(inner.left, depth + 1), ...valueCandidates(inner.right, depth + 1)];
  }
  if (inner.type === 'ConditionalExpression') return [...valueCandidates(inner.consequent, depth + 1), ...valueCandidates(inner.alternate, depth + 1)];
  // A credential built into a string: `Bearer ${TOKEN}`, 'Bearer ' + TOKEN.
  if (inner.type === 'TemplateLiteral' && inner.expressions.length) return inner.expressions.flatMap((e) => valueCandidates(e, depth + 1));
  if (inner.type === 'BinaryExpression' && inner.operator === '+')
    return [...valueCandidates(inner.left, depth + 1), ...valueCandidates(inner.right, depth + 1)];
  const through = passThrough(inner);
  if (through) return valueCandidates(through, depth + 1);
  return [inner];
}

/** Everything the analysis of one module found. */
export interface ModuleCredentials {
  literals: CredentialSource[];
  imported: ImportedSource[];
}

/**
 * Finds the credential positions of a module and follows their values to literals (in place or
 * through module-level and local constants) or to imported bindings.
 */
export function moduleCredentials(root: JsNode, path: string): ModuleCredentials {
  let found = analysed.get(root);
  if (!found) {
    found = root.type === 'Program' ? analyse(root, path) : { literals: [], imported: [] };
    analysed.set(root, found);
  }
  return found;
}

/** One analysis per tree: the rule and the fact extractor both ask. */
const analysed = new WeakMap<JsNode, ModuleCredentials>();

function analyse(program: t.Program, path: string): ModuleCredentials {
  const imports = importBindings(program);
  const parents = new Map<JsNode, JsNode | undefined>();
  const constants = new Map<string, JsNode | null>();
  const positions: CredentialPosition[] = [];

  walkJs(program, (node, parent) => {
    // Only object literals and their properties need a parent (to name the call they configure).
    // Arrays and type assertions too, so a property can be traced to the constant that holds it (sample data).
    if (node.type === 'ObjectExpression' || node.type === 'ObjectProperty' || CONTAINERS.has(node.type)) parents.set(node, parent);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      // A name declared more than once is ambiguous: null marks it unusable.
      constants.set(node.id.name, constants.has(node.id.name) ? null : node.init);
    }
    collectPositions(node, parent, parents, imports, positions);
  });

  const literals: CredentialSource[] = [];
  const imported: ImportedSource[] = [];
  for (const position of positions) {
    for (const candidate of valueCandidates(position.value)) {
      const literal = stringLiteral(candidate);
      if (literal) {
        literals.push({ literal, value: stringValue(literal) ?? '', position });
        continue;
      }
      const resolved = resolveReference(candidate, constants, imports, path);
      if (resolved?.kind === 'literal') literals.push({ literal: resolved.literal, value: stringValue(resolved.literal) ?? '', position, via: candidate });
      else if (resolved?.kind === 'import') imported.push({ position, use: candidate, ...resolved.source });
    }
  }
  return { literals, imported };
}

type Resolved =
  | { kind: 'literal'; literal: t.StringLiteral | t.TemplateLiteral }
  | { kind: 'import'; source: { binding: ImportBinding; module: string; exportPath: string } };

/** Follows an identifier or member chain to a constant's literal, or to an import. */
function resolveReference(node: JsNode, constants: Map<string, JsNode | null>, imports: Map<string, ImportBinding>, path: string): Resolved | undefined {
  const chain = memberPath(node);
  if (!chain || chain[0] === 'this' || chain[0] === 'process' || chain[0] === 'import.meta') return undefined;
  const [root, ...members] = chain as [string, ...string[]];
  const binding = imports.get(root);
  if (binding) {
    const module = moduleKeyOf(path, binding.specifier);
    if (module === undefined) return undefined;
    const base = binding.imported === '*' ? [] : [binding.imported];
    const exportPath = [...base, ...members].join('.');
    if (!exportPath) return binding.viaRequire ? { kind: 'import', source: { binding, module, exportPath: 'default' } } : undefined;
    return { kind: 'import', source: { binding, module, exportPath } };
  }
  let value: JsNode | undefined = unwrap(constants.get(root) ?? undefined);
  for (const member of members) {
    if (value?.type === 'CallExpression' && memberPath(value.callee)?.join('.') === 'Object.freeze') value = unwrap(value.arguments[0]);
    if (value?.type !== 'ObjectExpression') return undefined;
    let next: JsNode | undefined;
    for (const prop of value.properties) if (prop.type === 'ObjectProperty' && propertyKeyName(prop) === member) next = asNode(prop.value);
    value = unwrap(next);
  }
  const literal = stringLiteral(value);
  return literal ? { kind: 'literal', literal } : undefined;
}

function collectPositions(
  node: JsNode,
  parent: JsNode | undefined,
  parents: Map<JsNode, JsNode | undefined>,
  imports: Map<string, ImportBinding>,
  out: CredentialPosition[],
): void {
  switch (node.type) {
    case 'ObjectProperty': {
      if (parent?.type !== 'ObjectExpression') return;
      const key = propertyKeyName(node);
      if (key === undefined) return;
      const name = namedCredential(key, parent);
      if (name)
        out.push({
          value: node.value as JsNode,
          name,
          what: describe(name, key),
          label: key,
          where: `\`${key}\`${optionsOf(parent, parents)}`,
          inSampleData: inSampleData(parent, parents),
        });
      return;
    }
    case 'JSXAttribute': {
      const key = node.name.type === 'JSXIdentifier' ? node.name.name : undefined;
      const value = node.value?.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
      const name = key ? credentialName(key) : undefined;
      if (key && name && value && value.type !== 'JSXEmptyExpression')
        out.push({ value: value as JsNode, name, what: describe(name, key), label: key, where: `the \`${key}\` prop` });
      return;
    }
    case 'VariableDeclarator': {
      if (node.id.type !== 'Identifier' || !node.init) return;
      const name = credentialName(node.id.name);
      if (name) out.push({ value: node.init, name, what: describe(name, node.id.name), label: node.id.name, where: `\`${node.id.name}\`` });
      return;
    }
    case 'AssignmentPattern': {
      const left = unwrap(node.left);
      if (left?.type !== 'Identifier') return;
      const name = credentialName(left.name);
      if (name) out.push({ value: node.right, name, what: describe(name, left.name), label: left.name, where: `the default of \`${left.name}\`` });
      return;
    }
    case 'AssignmentExpression': {
      if (node.operator !== '=' && node.operator !== '||=' && node.operator !== '??=') return;
      const path = memberPath(node.left);
      const last = path?.[path.length - 1];
      const name = last ? credentialName(last) : undefined;
      if (last && name) out.push({ value: node.right, name, what: describe(name, last), label: last, where: `\`${path!.join('.')}\`` });
      return;
    }
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty': {
      const key = propertyKeyName(node);
      const name = key ? credentialName(key) : undefined;
      if (key && name && node.value)
        out.push({ value: node.value as JsNode, name, what: describe(name, key), label: key, where: `the class field \`${key}\`` });
      return;
    }
    case 'TSEnumMember': {
      const key = node.id.type === 'Identifier' ? node.id.name : node.id.value;
      const name = credentialName(key);
      if (name && node.initializer && !namedByCoincidence(parent))
        out.push({ value: node.initializer, name, what: describe(name, key), label: key, where: `the enum member \`${key}\`` });
      return;
    }
    case 'CallExpression':
    case 'NewExpression':
      collectCallPositions(node, imports, out);
      return;
  }
}

/** Nodes between a property's object and the constant that holds it: arrays, `as`/`satisfies`, parentheses. */
const CONTAINERS = new Set(['ArrayExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression']);
/** Words that name data as samples rather than configuration. */
const SAMPLE_WORDS = new Set([
  'sample',
  'samples',
  'example',
  'examples',
  'fixture',
  'fixtures',
  'mock',
  'mocks',
  'mocked',
  'fake',
  'fakes',
  'dummy',
  'demo',
  'stub',
  'stubs',
  'placeholder',
  'placeholders',
]);

/**
 * Whether an object literal sits (through objects, arrays and type assertions) in a constant or
 * property named as sample data: recorded webhook payloads, documentation examples, mocks.
 */
function inSampleData(object: JsNode, parents: Map<JsNode, JsNode | undefined>): boolean {
  let node: JsNode | undefined = object;
  for (let depth = 0; node && depth < 24; depth++) {
    const parent: JsNode | undefined = parents.get(node);
    if (!parent) return node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isSampleName(node.id.name);
    if (parent.type === 'ObjectProperty') {
      const key = propertyKeyName(parent);
      if (key !== undefined && isSampleName(key)) return true;
    } else if (parent.type === 'VariableDeclarator') {
      return parent.id.type === 'Identifier' && isSampleName(parent.id.name);
    } else if (parent.type !== 'ObjectExpression' && !CONTAINERS.has(parent.type)) {
      return false;
    }
    node = parent;
  }
  return false;
}

function isSampleName(name: string): boolean {
  return nameWords(name).some((word) => SAMPLE_WORDS.has(word));
}

/**
 * Whether an enum's credential-looking member is a coincidence of naming: an enum is a set of
 * values of one kind, and when most members are not credentials (`WindowsHello1`, `Dashlane`,
 * `OnePassword` — authenticator ids), the one that sounds like a password is not one either.
 */
function namedByCoincidence(enumNode: JsNode | undefined): boolean {
  // Babel 7 keeps the members on the declaration (a later AST puts them in a `TSEnumBody`).
  const members = enumNode?.type === 'TSEnumDeclaration' ? enumNode.members : [];
  if (members.length < 3) return false;
  const credentials = members.filter((m) => credentialName(m.id.type === 'Identifier' ? m.id.name : m.id.value) !== undefined).length;
  return credentials * 2 < members.length;
}

/** A credential name for an object key, judged with its siblings. */
function namedCredential(key: string, object: t.ObjectExpression): CredentialName | undefined {
  const name = credentialName(key);
  if (!name) return undefined;
  const siblings = new Set(object.properties.flatMap((p) => (p.type === 'ObjectProperty' || p.type === 'ObjectMethod' ? [propertyKeyName(p) ?? ''] : [])));
  if ((name.kind === 'api-key' || name.kind === 'token') && [...siblings].some((s) => PUBLIC_CLIENT_KEYS.has(s))) return undefined;
  if (name.kind === 'password' && name.strength === 'weak' && [...siblings].some((s) => USER_KEYS.has(s))) return { kind: 'password', strength: 'strong' };
  return name;
}

function collectCallPositions(call: t.CallExpression | t.NewExpression, imports: Map<string, ImportBinding>, out: CredentialPosition[]): void {
  const args = call.arguments;
  if (args.length === 0) return;
  const callee = calleeIdentity(call, imports);
  for (const client of CLIENT_ARGUMENTS) {
    if (!matchesClient(client, callee, call)) continue;
    if (args.length <= client.arg || (client.minArgs !== undefined && args.length < client.minArgs)) continue;
    const display = `${call.type === 'NewExpression' ? 'new ' : ''}${memberPath(call.callee)?.join('.') ?? callee?.module ?? 'call'}(…)`;
    out.push({ value: args[client.arg] as JsNode, what: client.what, label: display, where: `the ${ordinal(client.arg)} argument of \`${display}\`` });
  }
  if (callee?.module === 'express-basic-auth') collectBasicAuthUsers(args[0], out);

  const method = memberPath(call.callee);
  const last = method?.[method.length - 1];
  if (!last) return;
  // headers.set('Authorization', 'Bearer …')
  if (HEADER_SETTERS.has(last) && args.length >= 2) {
    const header = stringValue(args[0]);
    const name = header ? credentialName(header) : undefined;
    if (header && name) out.push({ value: args[1] as JsNode, name, what: describe(name, header), label: header, where: `the \`${header}\` header` });
    return;
  }
  // client.setApiKey('…'), sgMail.setApiKey('…'), builder.withToken('…')
  const words = args.length === 1 && SETTER_PREFIX.test(last) ? nameWords(last) : [];
  if (words.length > 1 && SETTER_VERBS.has(words[0]!)) {
    const name = credentialName(words.slice(1).join('_'));
    if (name?.strength === 'strong')
      out.push({
        value: args[0] as JsNode,
        name,
        what: describe(name, words.slice(1).join('_')),
        label: last,
        where: `the argument of \`${method!.join('.')}(…)\``,
      });
  }
  // ldap client.bind('cn=admin,dc=example,dc=org', password, cb)
  if (last === 'bind' && args.length >= 2 && /\b(?:cn|uid|dc|ou)=/i.test(stringValue(args[0]) ?? '')) {
    out.push({
      value: args[1] as JsNode,
      what: 'LDAP bind password',
      name: { kind: 'password', strength: 'strong' },
      label: 'bind',
      where: `the password argument of \`${method!.join('.')}(…)\``,
    });
  }
}

/** `basicAuth({ users: { admin: 's3cr3t' } })`: each value is a password. */
function collectBasicAuthUsers(options: unknown, out: CredentialPosition[]): void {
  const object = unwrap(options);
  if (object?.type !== 'ObjectExpression') return;
  for (const prop of object.properties) {
    if (prop.type !== 'ObjectProperty' || propertyKeyName(prop) !== 'users') continue;
    const users = unwrap(prop.value);
    if (users?.type !== 'ObjectExpression') continue;
    for (const user of users.properties) {
      if (user.type !== 'ObjectProperty') continue;
      const who = propertyKeyName(user) ?? 'user';
      out.push({
        value: user.value as JsNode,
        what: 'password',
        name: { kind: 'password', strength: 'strong' },
        label: who,
        where: `the basic-auth password of \`${who}\``,
      });
    }
  }
}

/** The module and export path a callee comes from, when an import or `require` tells. */
function calleeIdentity(call: t.CallExpression | t.NewExpression, imports: Map<string, ImportBinding>): { module: string; path: string[] } | undefined {
  const direct = requireSpecifier(call.callee);
  if (direct) return { module: direct, path: [] };
  const path = memberPath(call.callee);
  if (!path) return undefined;
  const binding = imports.get(path[0]!);
  if (!binding) return undefined;
  const base = binding.imported === '*' || binding.imported === 'default' ? [] : [binding.imported];
  return { module: binding.specifier, path: [...base, ...path.slice(1)] };
}

function matchesClient(client: ClientArgument, callee: { module: string; path: string[] } | undefined, call: t.CallExpression | t.NewExpression): boolean {
  if (callee) {
    if (!client.module.test(callee.module)) return false;
    const key = callee.path.join('.');
    return client.callees.some((c) => c.join('.') === key || (c[0] === 'default' && c.slice(1).join('.') === key));
  }
  const text = memberPath(call.callee)?.join('.');
  return text !== undefined && (client.fallback ?? []).includes(text);
}

/** " in the options of `new Pool(…)`" for a property inside a call's argument. */
function optionsOf(object: t.ObjectExpression, parents: Map<JsNode, JsNode | undefined>): string {
  let child: JsNode = object;
  let parent = parents.get(object);
  for (let depth = 0; parent && depth < 4; depth++) {
    if (parent.type === 'CallExpression' || parent.type === 'NewExpression') {
      if (!parent.arguments.includes(child as t.Expression)) return '';
      const callee = memberPath(parent.callee)?.join('.');
      return callee ? ` in the options of \`${parent.type === 'NewExpression' ? 'new ' : ''}${callee}(…)\`` : '';
    }
    if (parent.type !== 'ObjectProperty' && parent.type !== 'ObjectExpression') return '';
    child = parent;
    parent = parents.get(parent);
  }
  return '';
}

/** What a name holds, for messages: `secretAccessKey` → "secret access key", `pass` → "password". */
function describe(name: CredentialName, label?: string): string {
  const words = label ? nameWords(label) : [];
  const head = words[words.length - 1];
  if (words.length >= 2 && words.length <= 4 && (head === 'secret' || head === 'token' || head === 'key' || head === 'password')) {
    return words.map((w) => (w === 'api' || w === 'jwt' || w === 'db' || w === 'hmac' || w === 'smtp' ? w.toUpperCase() : w)).join(' ');
  }
  switch (name.kind) {
    case 'password':
      return 'password';
    case 'secret':
      return 'secret';
    case 'token':
      return 'token';
    case 'api-key':
      return 'API key';
    case 'private-key':
      return 'private key';
    case 'connection-string':
      return 'connection-string password';
    case 'authorization':
      return 'authorization credential';
    case 'auth':
      return 'credential';
  }
}

function ordinal(index: number): string {
  return ['first', 'second', 'third', 'fourth'][index] ?? `#${index + 1}`;
}

/** A `Password=…;` pair inside an ADO.NET / ODBC / JDBC-style connection string. */
const CONNECTION_PASSWORD = /(?:^|;)[ \t]{0,8}(?:password|pwd)[ \t]{0,8}=[ \t]{0,8}([^;]{1,256})/i;

/** A literal judged to be a credential: the value, its offset in the literal's content, its shape. */
export interface JudgedCredential {
  value: string;
  offset: number;
  randomLooking: boolean;
}

/**
 * Whether the literal reaching a credential position is a credential (see
 * `judgeCredentialValue`); connection strings give their password part.
 */
export function judgeSource(source: CredentialSource): JudgedCredential | undefined {
  const { name, label } = source.position;
  if (name?.kind === 'connection-string') {
    const match = CONNECTION_PASSWORD.exec(source.value);
    if (!match) return undefined;
    const verdict = judgeCredentialValue(match[1]!, { kind: 'password', strength: 'strong' });
    return verdict.secret
      ? { value: verdict.value, offset: match.index + match[0].length - match[1]!.length + verdict.offset, randomLooking: verdict.randomLooking }
      : undefined;
  }
  const verdict = judgeCredentialValue(source.value, name ?? { kind: 'secret', strength: 'strong' }, name ? label : undefined);
  return verdict.secret ? { value: verdict.value, offset: verdict.offset, randomLooking: verdict.randomLooking } : undefined;
}
