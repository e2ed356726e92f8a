import { defineRule, type FileKind } from '../../src/rule/index.js';
import { callArguments, isCredentialValue, isPlaceholder, readBudget } from '../../src/detect/index.js';

/**
 * Connection and login calls whose password is a positional argument, so no name next to the
 * literal says what it is (keyword arguments such as `password="…"` are secret/generic-credential's).
 */
interface LoginCall {
  kinds: readonly FileKind[];
  /** The callee, matched right before its `(`. */
  callee: RegExp;
  /** The position of the password argument. */
  argument: number;
  /** What the call logs in to, for the message. */
  service: string;
}

const PYTHON: readonly FileKind[] = ['python'];
const JVM: readonly FileKind[] = ['java', 'kotlin', 'groovy'];

const LOGIN_CALLS: readonly LoginCall[] = [
  { kinds: PYTHON, callee: /\b(?:pymysql|MySQLdb|pymssql|mysql\.connector)\.connect/, argument: 2, service: 'the database' },
  { kinds: PYTHON, callee: /\b(?:ftplib\.)?FTP(?:_TLS)?/, argument: 2, service: 'the FTP server' },
  { kinds: [...PYTHON, 'ruby'], callee: /\.login/, argument: 1, service: 'the server (SMTP, IMAP or FTP login)' },
  { kinds: PYTHON, callee: /\bHTTP(?:Basic|Digest|Proxy)Auth/, argument: 1, service: 'the HTTP service' },
  { kinds: JVM, callee: /\bDriverManager\.getConnection/, argument: 2, service: 'the database' },
  { kinds: JVM, callee: /\bnew\s+PasswordAuthentication/, argument: 1, service: 'the server' },
  { kinds: [...JVM, 'csharp'], callee: /\.setPassword/, argument: 0, service: 'the data source or session' },
  { kinds: ['php'], callee: /\bnew\s+(?:\\?PDO|mysqli)|\bmysqli?_connect/, argument: 2, service: 'the database' },
  { kinds: ['php'], callee: /\bmysqli_real_connect/, argument: 3, service: 'the database' },
  { kinds: ['php'], callee: /\b(?:ftp_login|ldap_bind|ssh2_auth_password)/, argument: 2, service: 'the server' },
  { kinds: ['go'], callee: /\bsmtp\.PlainAuth/, argument: 2, service: 'the mail server' },
  { kinds: ['go'], callee: /\bssh\.Password/, argument: 0, service: 'the SSH server' },
  { kinds: ['ruby'], callee: /\bNet::FTP\.(?:new|open)/, argument: 2, service: 'the FTP server' },
  { kinds: ['ruby'], callee: /\bNet::SMTP\.start/, argument: 4, service: 'the mail server' },
  { kinds: ['csharp'], callee: /\bnew\s+NetworkCredential/, argument: 1, service: 'the server' },
];

/** Each call's pattern, up to and including its `(`, compiled once. */
const CALL_PATTERNS = LOGIN_CALLS.map((call) => ({ ...call, pattern: new RegExp(`(?:${call.callee.source})\\s*\\(`, 'g') }));

/** `requests.get(url, auth=("user", "password"))`: the tuple's second element. */
const PYTHON_AUTH_TUPLE = /\bauth\s*=\s*\(\s*(["'])[^"'\r\n]{1,100}\1\s*,\s*(["'])([^"'\r\n]{1,160})\2\s*\)/dg;
/**
 * SQL that creates or changes a database login with its password, in a `.sql` file, a script or a
 * string in code: `CREATE USER app WITH PASSWORD '…'`, `ALTER USER app IDENTIFIED BY "…"`,
 * `CREATE LOGIN app WITH PASSWORD = '…'`. Bounded to one statement on one line.
 */
const SQL_LOGIN_PASSWORD =
  /\b(?:CREATE|ALTER)[ \t]+(?:USER|ROLE|LOGIN)\b[^;\r\n]{0,200}?\b(?:PASSWORD[ \t]*=?[ \t]*|IDENTIFIED[ \t]+BY[ \t]+)(['"])([^'"\r\n]{1,160})\1/dgi;
/** PowerShell's `ConvertTo-SecureString "…" -AsPlainText -Force`: a password written out to build a credential. */
const POWERSHELL_PLAIN_PASSWORD = /\bConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(['"])([^'"\r\n]{1,160})\1[^\r\n]{0,80}?-AsPlainText\b/dgi;
/** Go MySQL driver DSN: `"user:password@tcp(host:3306)/db"`. */
const GO_MYSQL_DSN = /["`][^:"`@\s/]{1,64}:([^@"`\s]{1,160})@(?:tcp|unix)\(/dg;

export default defineRule({
  id: 'login-call-credential',
  family: 'secret',
  title: 'Literal password passed to a login or connection call',
  description:
    'Python, Java, Kotlin, Groovy, PHP, Go, Ruby or C# code passes a literal password to a database connection, login or authentication call; SQL creates a login with one; PowerShell builds a credential from one.',
  severity: 'high',
  confidence: 'high',
  kinds: ['python', 'java', 'kotlin', 'groovy', 'php', 'go', 'ruby', 'csharp', 'sql', 'shell'],
  keywords: [
    'connect',
    'login',
    'auth',
    'password',
    'credential',
    'ftp',
    'pdo',
    'mysqli',
    'ldap_bind',
    'smtp',
    '@tcp(',
    '@unix(',
    'identified',
    'securestring',
  ],
  tags: ['CWE-798', 'CWE-259', 'NHI2'],
  help: `**Why.** A password passed to \`DriverManager.getConnection(url, "app", "…")\`, \`new PDO($dsn, 'app', '…')\`, \`smtp.login(user, "…")\` or \`new NetworkCredential("svc", "…")\` is the service account's password, readable by everyone with the repository and kept in its history. The call makes it certain what the string is, though no variable name says so. SQL that creates or changes a login (\`CREATE USER app WITH PASSWORD '…'\`, \`IDENTIFIED BY '…'\`) and PowerShell's \`ConvertTo-SecureString "…" -AsPlainText\` write the password out the same way.

**Fix.** Rotate the password, then read it at run time from the environment or a secret manager (or use the platform's identity-based authentication: IAM database auth, managed identities, OAuth for mail).

\`\`\`java
Connection c = DriverManager.getConnection(url, "orders", System.getenv("ORDERS_DB_PASSWORD"));
\`\`\``,

  scan(doc, ctx) {
    const report = (start: number, end: number, value: string, service: string) => {
      if (!isLoginPassword(value)) return;
      ctx.report(
        { start, end },
        `A literal password is passed to log in to ${service}; anyone with read access to the repository can do the same — rotate it and read it from the environment or a secret manager`,
        {
          secret: value,
          properties: { lifetime: 'long-lived' },
        },
      );
    };
    const budget = readBudget(doc.text);
    calls: for (const call of CALL_PATTERNS) {
      if (!call.kinds.includes(doc.kind)) continue;
      for (const m of doc.text.matchAll(call.pattern)) {
        const args = callArguments(doc.text, m.index + m[0].length - 1, budget);
        if (budget.remaining <= 0) {
          ctx.note(
            `too many unclosed calls to read every login call's arguments; calls after line ${doc.lines.position(m.index).line} were not checked`,
            'warning',
          );
          break calls;
        }
        const password = args?.filter((a) => !a.keyword)[call.argument];
        if (password?.literal && isWholeArgument(doc.text, password))
          report(password.literal.start, password.literal.end, password.literal.value, call.service);
      }
    }
    if (doc.kind === 'python') {
      for (const m of doc.text.matchAll(PYTHON_AUTH_TUPLE)) report(m.indices![3]![0], m.indices![3]![1], m[3]!, 'the HTTP service');
    }
    if (doc.kind === 'go') {
      for (const m of doc.text.matchAll(GO_MYSQL_DSN)) report(m.indices![1]![0], m.indices![1]![1], m[1]!, 'the database');
    }
    if (ctx.mentions('password') || ctx.mentions('identified')) {
      for (const m of doc.text.matchAll(SQL_LOGIN_PASSWORD))
        report(m.indices![2]![0], m.indices![2]![1], m[2]!, 'the database (the login this SQL creates or changes)');
    }
    if (doc.kind === 'shell' && ctx.mentions('securestring')) {
      for (const m of doc.text.matchAll(POWERSHELL_PLAIN_PASSWORD))
        report(m.indices![2]![0], m.indices![2]![1], m[2]!, 'the account its PowerShell credential names');
    }
  },
});

/** The literal is the whole argument, or a Java `"…".toCharArray()`. */
function isWholeArgument(text: string, argument: { end: number; literal?: { end: number } }): boolean {
  const rest = text.slice(argument.literal!.end + 1, argument.end);
  return rest === '' || rest === '.toCharArray()';
}

/** A generated or real password, not a word, reference or stand-in. */
function isLoginPassword(value: string): boolean {
  return !isPlaceholder(value) && isCredentialValue(value);
}
