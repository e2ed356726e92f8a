import { defineRule, FILE_KINDS, PROGRAMMING_LANGUAGE_KINDS } from '../../src/rule/index.js';
import { isMemorable, isPlaceholder, matchesAt, reachBack } from '../../src/detect/index.js';

/** `scheme://user:password@host`: the password is what we report. Bounded parts keep it linear. */
const URL_WITH_PASSWORD = /\b([a-z][a-z0-9+.-]{1,24}):\/\/([^\s:@/?#"'`<>\\]{0,96}):([^\s@/?#"'`<>\\]{1,160})@([^\s/?#"'`<>\\:,;]{1,253})/dgi;
/** A password as a URL query parameter (JDBC, MongoDB and AMQP options): `…?user=app&password=…`. */
const QUERY_PASSWORD = /[?&;](?:password|passwd|pwd)=([^&\s"'`#<>;,)]{1,160})/dgi;
/** The same, tried at one offset: a match starts one character before one of its names, so only there. */
const QUERY_PASSWORD_AT = new RegExp(QUERY_PASSWORD.source, QUERY_PASSWORD.flags + 'y');
const QUERY_PASSWORD_NAMES = ['password', 'passwd', 'pwd'];
/**
 * ADO.NET / ODBC / JDBC property style: `Server=…;User Id=…;Password=…;`. An unquoted value ends at
 * `;`, a quote or a space; one followed by `,` or `)` is a keyword argument in code
 * (`Registry(server=…, password=password)`), not a property.
 */
const KEYWORD_PASSWORD = /(?:^|[;"'\s])(?:password|pwd)[ \t]*=[ \t]*(?:"([^"\r\n]{1,160})"|'([^'\r\n]{1,160})'|([^;"'\s,)]{1,160})(?=[;"'\s]|$))/dgi;
const KEYWORD_HOST = /\b(?:server|data source|host|addr|address)[ \t]*=[ \t]*([^;"'\s]{1,253})/i;
const KEYWORD_CONTEXT = /\b(?:server|data source|host|user id|uid|initial catalog|database|dsn|driver)[ \t]*=/i;

/**
 * A string template's field in the user info: C# interpolation with a format (`{User:uri}`),
 * Python's `{user!s}`, .NET composite formatting (`{0}`), or a plain `{name}`. The URL is built at run
 * time, and the split at the first `:` would read the field's format as a password.
 */
const TEMPLATE_FIELD = /\{(?:[A-Za-z_][\w.]*|\d+)(?:[:!,][^{}\s]*)?\}/;

/** Hosts of throwaway local services, where default passwords are not secrets. */
const LOCAL_HOSTS =
  /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|db|database|postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|rabbitmq|cache|example\.(?:com|org|net)|[a-z0-9-]+\.example\.(?:com|org|net)|[a-z0-9.-]+\.(?:local|test|invalid|localhost))$/i;

export default defineRule({
  id: 'connection-string',
  family: 'secret',
  title: 'Password in a connection string or URL',
  description: 'A database, message-broker or HTTP URL, or a connection string, carries a literal password.',
  severity: 'high',
  confidence: 'high',
  // Credential stores (`.git-credentials` holds URLs with passwords) and Terraform state are
  // reported by secret/config-file-credential, which says what the file grants.
  kinds: FILE_KINDS.filter((kind) => kind !== 'credential-store' && kind !== 'terraform-state'),
  keywords: ['://', ...QUERY_PASSWORD_NAMES],
  tags: ['CWE-798', 'CWE-260', 'NHI2', 'CICD-SEC-6'],
  help: `**Why.** A connection string with a password is a complete credential: host, user and secret in one line, ready to paste. It usually belongs to a service account shared by every instance of the application.

**Fix.** Keep the URL without the password and pass the password separately from a secret store (or the whole URL as a secret); rotate the exposed password. Prefer identity-based access where the platform has it (IAM database authentication, managed identities).

\`\`\`yaml
DATABASE_URL: postgres://orders@db.internal:5432/orders   # password from PGPASSWORD, set by the secret store
\`\`\``,

  scan(doc, ctx) {
    for (const match of urlsWithPassword(doc.text)) {
      const [, scheme, user, password, host] = match as unknown as string[];
      if (TEMPLATE_FIELD.test(`${user}:${password}`) || !isRealPassword(password!, user!)) continue;
      // Passwords without digits and of few letters are documentation examples
      // (`anonymous:flabada@…`, `user:pass%20pass@…`) or local development defaults
      // (`postgres:postgres@localhost`), not generated credentials.
      if (isExampleWord(password!)) continue;
      const local = LOCAL_HOSTS.test(host!);
      const [start, end] = match.indices![3]!.map((offset) => offset + match.base) as [number, number];
      // Redis and others take a password with an empty user name (`redis://:secret@host`).
      const forUser = user ? ` for "${user}"` : '';
      ctx.report(
        { start, end },
        `The ${scheme!.toLowerCase()} URL for ${host} carries a literal password${forUser}; anyone with read access can connect — pass the password from a secret store and rotate it`,
        {
          secret: password!,
          severity: local ? 'low' : undefined,
          confidence: local ? 'medium' : undefined,
          // The login names the account (the inventory lists it); the message names it already.
          properties: { lifetime: 'long-lived', scheme: scheme!.toLowerCase(), host: host!, ...(user ? { user } : {}) },
        },
      );
    }
    const nameStarts = ctx.keywordStarts(QUERY_PASSWORD_NAMES);
    const queryPasswords = nameStarts ? matchesAt(doc.text, QUERY_PASSWORD_AT, reachBack(nameStarts, 1)) : doc.text.matchAll(QUERY_PASSWORD);
    for (const match of queryPasswords) {
      const password = safeDecode(match[1]!);
      if (!isInUrl(doc.text, match.index) || !isRealPassword(password, '') || isExampleWord(password)) continue;
      if (isMeetingInvite(doc.text, match.index)) continue;
      const [start, end] = match.indices![1]!;
      ctx.report(
        { start, end },
        'A connection URL carries a literal password as a query parameter; anyone with read access can connect — keep the password in a secret store and rotate it',
        {
          secret: match[1]!,
          properties: { lifetime: 'long-lived', scheme: 'url-query' },
        },
      );
    }
    // The property regex is tried at every space and quote of the file: only where its names occur.
    const keywordPasswords = ctx.mentions('password') || ctx.mentions('pwd') ? doc.text.matchAll(KEYWORD_PASSWORD) : [];
    for (const match of keywordPasswords) {
      const group = match[1] !== undefined ? 1 : match[2] !== undefined ? 2 : 3;
      const password = match[group]!;
      // In source code an unquoted `password=admin_password` after `(` or `,` is a keyword argument
      // naming a variable; after `;` or a quote it is a property inside a connection-string literal
      // (`"…;User ID=shop;Password=Kq2W…"`), whatever it looks like.
      if (group === 3 && PROGRAMMING_LANGUAGE_KINDS.has(doc.kind) && /^[A-Za-z_][\w.]*$/.test(password) && !afterPropertySeparator(doc.text, match.index))
        continue;
      // The rest of the connection string: a bounded window on the same line (minified files
      // have megabyte-long lines).
      const { line } = doc.lines.position(match.index);
      const from = Math.max(doc.lines.lineStart(line), match.index - 400);
      const to = Math.min(doc.lines.lineEnd(line), match.index + 400);
      const around = doc.text.slice(from, to);
      if (!KEYWORD_CONTEXT.test(around) || !isRealPassword(password, '')) continue;
      // `Host=localhost;…;Password=…` is a local development database, as in URLs.
      const host = KEYWORD_HOST.exec(around)?.[1]
        ?.replace(/^tcp:/i, '')
        .replace(/[,:]\d+$/, '')
        .trim();
      const local = host !== undefined && LOCAL_HOSTS.test(host);
      const [start, end] = match.indices![group]!;
      ctx.report(
        { start, end },
        'A connection string carries a literal password; anyone with read access can connect — keep the password in a secret store and rotate it',
        {
          secret: password,
          severity: local ? 'low' : undefined,
          confidence: local ? 'medium' : undefined,
          properties: { lifetime: 'long-lived', scheme: 'connection-string', ...(host ? { host } : {}) },
        },
      );
    }
  },
});

/** Whether the last character before `at` (spaces skipped, `at` included) ends a property or opens a string: `;` or a quote. */
function afterPropertySeparator(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === ';' || text[i] === '"' || text[i] === "'";
}

/**
 * URL matches, looked for only around each `://` (the regex alone would be tried at every word
 * boundary of the file). Offsets in a match are relative to its window; `base` places them.
 */
function* urlsWithPassword(text: string): Generator<RegExpExecArray & { base: number }> {
  let scannedTo = 0;
  for (let hit = text.indexOf('://'); hit !== -1; hit = text.indexOf('://', hit + 3)) {
    if (!userInfoFollows(text, hit + 3)) {
      scannedTo = hit + 3;
      continue;
    }
    const from = Math.max(scannedTo, hit - 26);
    if (from > hit) continue;
    const to = Math.min(text.length, hit + 520);
    for (const match of text.slice(from, to).matchAll(URL_WITH_PASSWORD)) {
      if (match.index + from + match[1]!.length !== hit) continue; // a match for another `://`
      yield Object.assign(match, { base: from });
    }
    scannedTo = hit + 3;
  }
}

/**
 * Whether `user:password@` may start at `at`: the first character that cannot be part of the user
 * or password (see URL_WITH_PASSWORD) is an `@`, with a `:` before it. Most URLs (`https://host/…`)
 * fail at once, without a regex.
 */
function userInfoFollows(text: string, at: number): boolean {
  let colon = false;
  for (let i = at, end = Math.min(text.length, at + 96 + 1 + 160 + 1); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 64 /* @ */) return colon;
    if (c === 58 /* : */) colon = true;
    else if (USER_INFO_STOP[c] === 1) return false;
  }
  return false;
}

/** ASCII characters neither the user nor the password of URL_WITH_PASSWORD may hold (besides `@`; other spaces just cost a longer look). */
const USER_INFO_STOP = new Uint8Array(128);
for (const c of ' \t\n\v\f\r/?#"\'`<>\\') USER_INFO_STOP[c.charCodeAt(0)] = 1;

/** Whether the text before `index` is a URL that runs up to it (`scheme://…?…` or `jdbc:…`). */
function isInUrl(text: string, index: number): boolean {
  return /(?:[a-z][a-z0-9+.-]{1,24}:\/\/|jdbc:)[^\s"'`<>]*$/i.test(text.slice(Math.max(0, index - 400), index));
}

/**
 * A video-meeting invitation (`zoom.us/j/…?pwd=…`, a Zoom or Webex meeting link in a README): its
 * passcode is published with the link on purpose, to let anyone join.
 */
function isMeetingInvite(text: string, index: number): boolean {
  return /(?:zoom\.us|zoomgov\.com|zoom-lfx\.[\w.-]+|webex\.com|teams\.microsoft\.com|teams\.live\.com)\/[^\s"'`<>]*$/i.test(
    text.slice(Math.max(0, index - 400), index),
  );
}

function isExampleWord(password: string): boolean {
  const decoded = safeDecode(password);
  return !/\d/.test(decoded) && decoded.replace(/[^A-Za-z]/g, '').length <= 12 && decoded.replace(/[A-Za-z]/g, '').length <= 2;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isRealPassword(password: string, user: string): boolean {
  const decoded = safeDecode(password);
  if (decoded.length < 4 || decoded === user) return false;
  if (isPlaceholder(decoded) || /^\$|^%|^\{|\*{3}/.test(decoded)) return false;
  // "password" spelt in leetspeak is a documentation example (`D1fficultP@ssw0rd`, `p@ssw0rd123`);
  // other memorable passwords (`Winter2024!`) are what people really set, and stay.
  if (isMemorable(decoded) && /p[a@4][s$5]{2}w[o0]rd/i.test(decoded) && !/password/i.test(decoded)) return false;
  if (
    /^(?:pass|password|passwd|pwd|secret|user|username|admin|root|guest|test|changeme|xxx+|your[-_]?password|mypassword|yourpassword|<password>)$/i.test(
      decoded,
    )
  )
    return false;
  // A name standing in for the password (`proxy_password`, `db-pass`, `my_secret`): words, one of them says so.
  return !(
    /^[a-z]+(?:[-_][a-z]+)+$/i.test(decoded) &&
    decoded
      .toLowerCase()
      .split(/[-_]/)
      .some((word) => /^(?:pass|password|passwd|pwd|secret)$/.test(word))
  );
}
