import { defineRule, type RuleContext } from '../../src/rule/index.js';
import { literalContentRange, span, type JsNode } from '../../src/ast/js.js';
import { judgeCredentialValue, type CredentialName } from '../../src/detect/credential.js';
import { moduleCredentials, type CredentialSource, type ImportedSource } from '../../src/model/js-credentials.js';

/** A `Password=…;` pair inside an ADO.NET / ODBC / JDBC-style connection string. */
const CONNECTION_PASSWORD = /(?:^|;)[ \t]{0,8}(?:password|pwd)[ \t]{0,8}=[ \t]{0,8}([^;]{1,256})/i;

export default defineRule({
  id: 'code-credential',
  family: 'secret',
  title: 'Credential hard-coded in JavaScript/TypeScript',
  description: 'A string literal is passed where code expects a credential: a password, token, API key or secret option, a credential variable, or the key argument of a well-known SDK client.',
  severity: 'high',
  confidence: 'high',
  kinds: ['javascript', 'typescript'],
  tags: ['CWE-798', 'CWE-259', 'NHI2', 'CICD-SEC-6'],
  keywords: [
    'pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'private', 'accesskey', 'access_key', 'auth', 'credential', 'creds',
    'connectionstring', 'connection_string', 'connstr', 'bearer', 'signing', 'encryption', 'subscription', 'hmac', 'jwt', 'session', 'webhook',
    'cipher', 'mgmt', 'management', 'consumer', 'stripe', 'twilio', 'sequelize', 'supabase', 'telegra', 'grammy', 'generative-ai', 'resend',
    'postmark', 'paypal', 'cookie-parser', 'cookieparser', 'ldap', 'basic-auth',
  ],
  help: `**Why.** A credential written into source code is readable by everyone who can read the repository, its forks, clones and CI logs, and it stays in git history after it is deleted. Code context makes it certain: a random string passed as \`password\`, \`apiKey\`, \`clientSecret\` or as the key argument of \`new Stripe(…)\` is a credential even though no provider prefix says so.

**Fix.** Rotate the credential at its issuer, then read it at run time from the environment or a secret manager, and fail fast when it is missing.

\`\`\`ts
const stripe = new Stripe(requireEnv('STRIPE_SECRET_KEY'));
const pool = new Pool({ password: process.env.PGPASSWORD });
\`\`\`

Values that are references (\`process.env.X\`, \`import.meta.env.X\`, \`config.get('x')\`), empty, placeholders, labels, URLs or obvious test stand-ins are not reported; provider-format tokens are left to their own rules.`,
  visit: {
    Program(program: JsNode, ctx: RuleContext) {
      const found = moduleCredentials(program, ctx.doc.path);
      const reported = new Set<number>();
      for (const source of found.literals) reportLiteral(source, ctx, reported);
      for (const source of found.imported) recordImport(source, ctx);
    },
  },
});

function reportLiteral(source: CredentialSource, ctx: RuleContext, reported: Set<number>): void {
  const { literal, position } = source;
  const start = literal.start ?? 0;
  if (reported.has(start)) return;
  const judged = judge(source.value, position.name, position.label);
  if (!judged) return;
  reported.add(start);
  const content = literalContentRange(literal);
  const secretStart = content.start + judged.offset;
  const where = source.via ? `a constant passed as ${position.where}` : position.where;
  ctx.report(span(literal), `${capitalise(position.what)} hard-coded in ${where}: anyone who can read the repository can use it; rotate it and load it from the environment or a secret manager.`, {
    secret: judged.value,
    secretTarget: { start: secretStart, end: secretStart + judged.value.length },
    confidence: judged.randomLooking ? 'high' : 'medium',
    related: source.via ? [{ target: span(source.via), message: `used as the ${position.what} here` }] : undefined,
    properties: { lifetime: 'long-lived', credential: position.what, randomLooking: judged.randomLooking },
  });
  ctx.fact({ kind: 'credential-definition', secret: judged.value, target: span(literal), attributes: { source: 'code', credential: position.what, name: position.label } });
}

/** The credential in a value, if it is one: connection strings give their password part. */
function judge(value: string, name: CredentialName | undefined, label: string): { value: string; offset: number; randomLooking: boolean } | undefined {
  if (name?.kind === 'connection-string') {
    const match = CONNECTION_PASSWORD.exec(value);
    if (!match) return undefined;
    const verdict = judgeCredentialValue(match[1]!, { kind: 'password', strength: 'strong' });
    return verdict.secret ? { value: verdict.value, offset: match.index + match[0].length - match[1]!.length + verdict.offset, randomLooking: verdict.randomLooking } : undefined;
  }
  const verdict = judgeCredentialValue(value, name ?? { kind: 'secret', strength: 'strong' }, label);
  return verdict.secret ? { value: verdict.value, offset: verdict.offset, randomLooking: verdict.randomLooking } : undefined;
}

/** The value lives in another module: record the use for the cross-module rule. */
function recordImport(source: ImportedSource, ctx: RuleContext): void {
  ctx.fact({
    kind: 'js-credential-import',
    identity: `js-export:${source.module}#${source.exportPath}`,
    target: span(source.use),
    attributes: {
      module: source.module,
      exportPath: source.exportPath,
      viaRequire: source.binding.viaRequire,
      credential: source.position.what,
      where: source.position.where,
      strength: source.position.name?.strength ?? 'strong',
    },
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
