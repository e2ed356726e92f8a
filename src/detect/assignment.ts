import { PIPELINE_KINDS, type FileKind } from '../document/kinds.js';
import type { Range } from '../rule/types.js';

/** `name <op> value` found in text: the building block of name-based secret detection. */
export interface Assignment {
  name: string;
  nameRange: Range;
  value: string;
  valueRange: Range;
  /** The value was quoted (a string literal in code). */
  quoted: boolean;
  /** The assignment sits on a commented-out line of a configuration file (`# password = …`). */
  commented: boolean;
}

/** Kinds where an unquoted value is a literal (not an identifier or expression). */
const UNQUOTED_LITERALS: ReadonlySet<FileKind> = new Set<FileKind>([
  ...PIPELINE_KINDS.filter((kind) => kind !== 'jenkinsfile'), // YAML pipelines; a Jenkinsfile is Groovy code
  'dotenv',
  'yaml',
  'ini',
  'properties',
  'shell',
  'dockerfile',
  'docker-compose',
  'kubernetes',
  'aider-config',
  'continue-config',
  'goose-config',
  'npmrc',
  'pypirc',
  'text',
  'markdown',
]);

const IDENT = /[A-Za-z0-9_.\-$@]/;
const MAX_NAME = 80;
const MAX_VALUE = 512;

/**
 * Finds assignments whose name contains one of the hits (offsets of keyword matches). Parsing is
 * hand-rolled and linear: from each hit it widens to the identifier, skips a closing quote or
 * bracket, requires an assignment operator (`=`, `:`, `:=`, `=>`, `?=`, `||=`, not `==`), then
 * reads a quoted value, or an unquoted one where the file kind writes literals that way.
 */
export function assignmentsAt(text: string, hits: Iterable<number>, kind: FileKind): Assignment[] {
  const out: Assignment[] = [];
  const seen = new Set<number>();
  const unquotedOk = UNQUOTED_LITERALS.has(kind);
  let consumed = -1; // end of the last value read: hits inside a value are not names
  for (const hit of hits) {
    if (hit < consumed) continue;
    let start = hit;
    while (start > 0 && hit - start < MAX_NAME && IDENT.test(text[start - 1]!)) start--;
    let end = hit;
    while (end < text.length && end - start < MAX_NAME && IDENT.test(text[end]!)) end++;
    if (seen.has(start)) continue;
    seen.add(start);
    const found =
      valueAfter(text, end, unquotedOk, kind) ??
      namedValueArgument(text, start, end) ??
      definedConstant(text, start, end) ??
      buildConfigField(text, start, end) ??
      propertyListString(text, end) ??
      xmlNamedValue(text, start, end);
    if (!found || (!found.quoted && isCodeExpression(text, start, found.valueRange.end, kind))) continue;
    const name = text.slice(start, end).replace(/^[-$@.]+/, '');
    out.push({ name, nameRange: { start, end }, ...found, commented: isCommentedOut(text, start, kind) });
    consumed = found.valueRange.end;
  }
  return out;
}

/**
 * Calls whose first two arguments are a name and its value (or the value used when the name is
 * unset): PHP `define('DB_PASSWORD', '…')` and Laravel's `env('DB_PASSWORD', '…')`, Python
 * `os.environ.setdefault(…)` and `os.getenv(name, default)`, Ruby `ENV.fetch(name, default)`, Go
 * `os.Setenv`, Java `System.getProperty(name, default)` and `setProperty`, `map.getOrDefault`,
 * viper's `SetDefault`, .NET `SetEnvironmentVariable`. The callee is matched on the line before
 * the name's opening quote.
 */
const NAMED_VALUE_CALL =
  /(?:^|[^\w$])(?:define|env|[gG]et[eE]nv|[sS]et[eE]nv|setdefault|[sS]etDefault|fetch|get|[gs]etProperty|SetEnvironmentVariable|getOrDefault)[ \t]*\([ \t]*$/;

/**
 * The value of `callee('NAME', 'value')` (NAMED_VALUE_CALL), for the name at `start`..`end`: the
 * name and the value are whole string literals, the value is the second argument. Only a quoted
 * value counts: `os.getenv('TOKEN', fallback)` passes a variable.
 */
function namedValueArgument(text: string, start: number, end: number): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  return literalArgumentAfterName(text, start, end, NAMED_VALUE_CALL);
}

/**
 * The string literal that follows a quoted name as the next argument of a call (`, '…'` then `)`
 * or `,`), when the text before the name's opening quote matches `before`.
 */
function literalArgumentAfterName(text: string, start: number, end: number, before: RegExp): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  const quote = text[start - 1];
  if ((quote !== '"' && quote !== "'") || text[end] !== quote) return undefined;
  if (!before.test(lineBefore(text, start - 1))) return undefined;
  const comma = skipSpaces(text, end + 1);
  if (text[comma] !== ',') return undefined;
  const value = readValue(text, skipSpaces(text, comma + 1), false, 'text');
  if (!value) return undefined;
  const after = text[skipSpaces(text, value.valueRange.end + 1)];
  return after === ')' || after === ',' || after === '\n' || after === '\r' || after === undefined ? value : undefined;
}

/** Where the value starts after a declared type (`TYPE_ANNOTATION`, Go's `GO_TYPE`), if one follows `at`. */
function declaredTypeEnd(text: string, at: number, kind: FileKind): number | undefined {
  const pattern = text[at] === ':' || text[at + 1] === ':' ? TYPE_ANNOTATION : kind === 'go' ? GO_TYPE : undefined;
  if (!pattern) return undefined;
  pattern.lastIndex = at;
  if (!pattern.test(text)) return undefined;
  STRING_FROM.lastIndex = pattern.lastIndex;
  return STRING_FROM.test(text) ? STRING_FROM.lastIndex : pattern.lastIndex;
}

/** C and C++ `#define DB_PASSWORD "…"`: the name follows `#define`, the quoted value follows the name. */
function definedConstant(text: string, start: number, end: number): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  if (!/^[ \t]*#[ \t]*define[ \t]+$/.test(lineBefore(text, start))) return undefined;
  const at = skipSpaces(text, end);
  return at > end ? readValue(text, at, false, 'text') : undefined;
}

/** What stands before the name in Android's `buildConfigField "String", "NAME", …` (Groovy or Kotlin DSL). */
const BUILD_CONFIG_FIELD = /\bbuildConfigField[ \t(]+["']String["'][ \t]*,[ \t]*$/;

/**
 * Android's `buildConfigField "String", "MAPS_API_SECRET", "\"…\""`: the name is the second
 * argument, the value the third, a Java string literal written inside a string.
 */
function buildConfigField(text: string, start: number, end: number): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  const value = literalArgumentAfterName(text, start, end, BUILD_CONFIG_FIELD);
  const inner = value && /^\\"(.*)\\"$/.exec(value.value);
  if (!value || !inner) return undefined;
  return { value: inner[1]!, valueRange: { start: value.valueRange.start + 2, end: value.valueRange.end - 2 }, quoted: true };
}

/** An Apple property list's `<key>ApiSecret</key>` followed by `<string>…</string>`. */
const PLIST_STRING = /<\/key>\s{0,200}<string>([^<\r\n]{1,512})<\/string>/y;

function propertyListString(text: string, end: number): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  PLIST_STRING.lastIndex = end;
  const match = PLIST_STRING.exec(text);
  if (!match) return undefined;
  const start = PLIST_STRING.lastIndex - '</string>'.length - match[1]!.length;
  return { value: match[1]!, valueRange: { start, end: start + match[1]!.length }, quoted: true };
}

/** What stands before a name given as an XML attribute: `name="`, `key="`. */
const XML_NAME_ATTRIBUTE = /\b(?:name|key)[ \t]*=[ \t]*$/;
/** The same element's `value="…"` attribute, or its text: `<property name="password" value="…"/>`, `<property name="….password">…</property>`. */
const XML_VALUE = /[^<>]{0,200}?\bvalue[ \t]*=[ \t]*(["'])([^"'<>\r\n]{1,512})\1|[^<>]{0,200}?(?<!\/)>([^<\r\n]{1,512})<\//y;

/**
 * A setting written as an XML element with its name in an attribute (Spring beans, Hibernate and
 * .NET configuration): the value is the element's `value` attribute or its text.
 */
function xmlNamedValue(text: string, start: number, end: number): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  const quote = text[start - 1];
  if ((quote !== '"' && quote !== "'") || text[end] !== quote) return undefined;
  if (!XML_NAME_ATTRIBUTE.test(lineBefore(text, start - 1))) return undefined;
  XML_VALUE.lastIndex = end + 1;
  const match = XML_VALUE.exec(text);
  if (!match) return undefined;
  const value = match[2] ?? match[3]!;
  const valueEnd = match[2] !== undefined ? XML_VALUE.lastIndex - 1 : XML_VALUE.lastIndex - 2;
  return { value, valueRange: { start: valueEnd - value.length, end: valueEnd }, quoted: true };
}

/** Kinds whose unquoted values may really be code: unclassified text (`.vue`, `.svelte`, templates) and markdown. */
const CODE_MAYBE: ReadonlySet<FileKind> = new Set<FileKind>(['text', 'markdown']);

/**
 * Whether an unquoted value in text that may be code is an expression, not a literal: the name is
 * declared (`const token = isOAuth2 ? …`) or an operator or call follows the value.
 */
function isCodeExpression(text: string, nameStart: number, valueEnd: number, kind: FileKind): boolean {
  if (!CODE_MAYBE.has(kind)) return false;
  if (/\b(?:const|let|var|val|final|auto|my|local|def|private|public|protected|static)[ \t]+$/.test(lineBefore(text, nameStart))) return true;
  return /^[ \t]*(?:\?|\(|\+|-[^-]|\*|\/|&&|\|\||\.[A-Za-z_(])/.test(text.slice(valueEnd, valueEnd + 8));
}

/**
 * A declared type between a name and its `=` in code: `API_KEY: &str =` (Rust), `apiSecret:
 * String =` (Scala, Kotlin, Swift), `api_key: str =` (Python). Sticky, tried where the name ends.
 */
const TYPE_ANNOTATION = /[ \t]*:[ \t]*(?:&(?:'static[ \t]+)?)?[A-Za-z_][\w.:<>[\], ?]{0,60}?[ \t]*=(?![=>~])[ \t]*/y;
/** Go's `var apiSecret string = "…"`, `const dbPassword string = …`: the type follows the name. */
const GO_TYPE = /[ \t]+\*?[A-Za-z_][\w.[\]]{0,40}[ \t]*=(?!=)[ \t]*/y;
/** Rust's `String::from("…")` around a literal. */
const STRING_FROM = /String::from\([ \t]*/y;

function valueAfter(text: string, from: number, unquotedOk: boolean, kind: FileKind): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  let i = from;
  // closing quote or bracket of the key: "password": / ['password'] = / password]: …
  if (text[i] === '"' || text[i] === "'" || text[i] === '`') i++;
  if (text[i] === ']') i++;
  // In code, a declared type may stand between the name and its `=`; the value is then a literal.
  if (!unquotedOk || kind === 'text') {
    const typed = declaredTypeEnd(text, i, kind);
    if (typed !== undefined) return readValue(text, typed, false, kind);
  }
  i = skipSpaces(text, i);
  const op = operatorAt(text, i, kind);
  if (!op) {
    // Dockerfile `ENV NAME value` (legacy form)
    if (kind === 'dockerfile' && /^[ \t]/.test(text[from] ?? '') && /\b(?:ENV|ARG)[ \t]+\S*$/i.test(lineBefore(text, from))) {
      return readValue(text, skipSpaces(text, from), true, kind);
    }
    return undefined;
  }
  i = skipSpaces(text, i + op);
  // YAML/TOML/JSON tags and casts: `!!str`, `!secret` (Home Assistant reference → no literal)
  if (text[i] === '!' && text[i + 1] !== '=') return undefined;
  return readValue(text, i, unquotedOk, kind);
}

function operatorAt(text: string, i: number, kind: FileKind): number {
  const c = text[i];
  const next = text[i + 1];
  if (c === '=') return next === '=' || next === '~' ? 0 : next === '>' ? 2 : 1;
  if (c === ':') {
    if (next === '=') return 2;
    if (next === ':') return 0; // C++/Rust paths: Foo::password
    // YAML needs a space after the colon; a URL scheme (`token:https`) or a time is not a map key.
    if (next === ' ' || next === '\t' || next === '"' || next === "'" || next === '\n' || next === '\r' || kind === 'json') return 1;
    return 0;
  }
  if ((c === '?' || c === '|') && next === '=') return 2;
  if (c === '<' && next === '-' && text[i + 2] !== '-') return 2; // R: password <- "..."
  if (c === '|' && next === '|' && text[i + 2] === '=') return 3;
  return 0;
}

/**
 * An unquoted value: up to whitespace or, per kind, a flow-collection or statement end. Sticky
 * and bounded one past the limit, so an over-long run is recognised without reading it all.
 */
const UNQUOTED_VALUE: Partial<Record<FileKind, RegExp>> = {
  // A quote or an escape ends it: in `printf 'rcon.password=strong\n'` the value is `strong`.
  shell: /[^\s;&|)"'`\\]{1,513}/y,
  dotenv: /[^\s"']{1,513}/y,
  properties: /\S{1,513}/y,
  ini: /[^\s;]{1,513}/y,
};
// Quotes end an unquoted value: `echo "S3_SECRET_KEY=abc" >> .env` holds `abc`, not `abc"`.
const DEFAULT_UNQUOTED_VALUE = /[^\s,}\];\\"'`]{1,513}/y;

function readValue(text: string, i: number, unquotedOk: boolean, kind: FileKind): Omit<Assignment, 'name' | 'nameRange' | 'commented'> | undefined {
  const quote = text[i];
  if (quote === '"' || quote === "'" || quote === '`') {
    let j = i + 1;
    while (j < text.length && j - i <= MAX_VALUE && text[j] !== quote && text[j] !== '\n') {
      if (text[j] === '\\') j++;
      j++;
    }
    if (text[j] !== quote) return undefined;
    return { value: text.slice(i + 1, j), valueRange: { start: i + 1, end: j }, quoted: true };
  }
  if (!unquotedOk) return undefined;
  const pattern = UNQUOTED_VALUE[kind] ?? DEFAULT_UNQUOTED_VALUE;
  pattern.lastIndex = i;
  const match = pattern.exec(text);
  const j = match ? i + match[0].length : i;
  if (j === i || j - i > MAX_VALUE) return undefined;
  return { value: text.slice(i, j), valueRange: { start: i, end: j }, quoted: false };
}

/**
 * Line-comment markers of configuration formats: a setting written after one is switched off
 * (a vendor's stock `;secret_key = …` in `grafana.ini`, a `# password: …` left in YAML). Code is
 * not listed: a commented-out credential in code is as readable, and no less likely to be real.
 */
const LINE_COMMENT: Partial<Record<FileKind, RegExp>> = {
  ini: /^[ \t]*[#;]/,
  npmrc: /^[ \t]*[#;]/,
  pypirc: /^[ \t]*[#;]/,
  properties: /^[ \t]*[#!]/,
  terraform: /^[ \t]*(?:#|\/\/)/,
};
/** A `#` comment line; C's `#define NAME "…"` (in unclassified text) is a directive, not a comment. */
const HASH_COMMENT = /^[ \t]*#(?!define[ \t])/;
const HASH_COMMENT_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([
  ...PIPELINE_KINDS.filter((kind) => kind !== 'jenkinsfile'),
  'yaml',
  'toml',
  'dotenv',
  'shell',
  'dockerfile',
  'docker-compose',
  'kubernetes',
  'netrc',
  'aider-config',
  'continue-config',
  'goose-config',
  'codex-config',
  'openhands-config',
  // unclassified text: Elixir, Perl, R, conf files without a known extension
  'text',
]);

/** Whether the line holding `offset` is commented out in a configuration format of this kind. */
function isCommentedOut(text: string, offset: number, kind: FileKind): boolean {
  const marker = LINE_COMMENT[kind] ?? (HASH_COMMENT_KINDS.has(kind) ? HASH_COMMENT : undefined);
  return marker !== undefined && marker.test(lineBefore(text, offset));
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

/** The text of `at`'s line before it, at most 200 characters (a one-line file has no line start to seek). */
export function lineBefore(text: string, at: number): string {
  const from = Math.max(0, at - 200);
  const head = text.slice(from, at);
  return head.slice(head.lastIndexOf('\n') + 1);
}

/** Splits an identifier into lower-case words: `DB_PASSWORD`, `clientSecret`, `api-key.v2`. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
