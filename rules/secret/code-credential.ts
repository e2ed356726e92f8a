import { defineRule, type RuleContext } from '../../src/rule/index.js';
import { literalContentRange, span } from '../../src/ast/js.js';
import { isTestPath } from '../../src/detect/credential.js';
import {
  CLIENT_USE_WORDS,
  CREDENTIAL_HINT_STARTS,
  judgeSource,
  mayHoldCredential,
  moduleCredentials,
  type CredentialSource,
} from '../../src/model/js-credentials.js';

export default defineRule({
  id: 'code-credential',
  family: 'secret',
  title: 'Credential hard-coded in JavaScript/TypeScript',
  description:
    'A string literal is passed where code expects a credential: a password, token, API key or secret option, a credential variable, or the key argument of a well-known SDK client.',
  severity: 'high',
  confidence: 'high',
  kinds: ['javascript', 'typescript'],
  tags: ['CWE-798', 'CWE-259', 'NHI2', 'CICD-SEC-6'],
  // The words the parse gate looks for: a module with none of them holds no credential position.
  keywords: [...new Set([...CREDENTIAL_HINT_STARTS, ...CLIENT_USE_WORDS])],
  help: `**Why.** A credential written into source code is readable by everyone who can read the repository, its forks, clones and CI logs, and it stays in git history after it is deleted. Code context makes it certain: a random string passed as \`password\`, \`apiKey\`, \`clientSecret\` or as the key argument of \`new Stripe(…)\` is a credential even though no provider prefix says so.

**Fix.** Rotate the credential at its issuer, then read it at run time from the environment or a secret manager, and fail fast when it is missing.

\`\`\`ts
const stripe = new Stripe(requireEnv('STRIPE_SECRET_KEY'));
const pool = new Pool({ password: process.env.PGPASSWORD });
\`\`\`

Literals inside data named as samples, examples, fixtures or mocks (\`export const samples = [{ body: { token: … } }]\`) are reported at low. Values that are references (\`process.env.X\`, \`import.meta.env.X\`, \`config.get('x')\`), empty, placeholders, labels, URLs or obvious test stand-ins are not reported; provider-format tokens are left to their own rules.`,
  // A text test decides before parsing: most modules never reach Babel (see mayHoldCredential).
  scan(doc, ctx) {
    if (!mayHoldCredential(doc, ctx)) return;
    const program = doc.js()?.program;
    if (!program) return;
    const reported = new Set<number>();
    for (const source of moduleCredentials(program, doc.path).literals) reportLiteral(source, ctx, reported);
  },
});

function reportLiteral(source: CredentialSource, ctx: RuleContext, reported: Set<number>): void {
  const { literal, position } = source;
  const start = literal.start ?? 0;
  if (reported.has(start)) return;
  const judged = judgeSource(source);
  // In tests and examples only a generated-looking value is worth a finding.
  if (!judged || (!judged.randomLooking && isTestPath(ctx.doc.path))) return;
  reported.add(start);
  const secretStart = literalContentRange(literal).start + judged.offset;
  const where = source.via ? `a constant passed as ${position.where}` : position.where;
  // Sample payloads and mocks (`export const samples = [{ body: { token: … } }]`) carry values copied
  // from documentation or recorded events: worth a look, not a blocked commit.
  const message = position.inSampleData
    ? `${capitalise(position.what)} hard-coded in ${where}, inside data named as samples, examples or mocks: if it was copied from a real account, rotate it; otherwise replace it with an obvious stand-in.`
    : `${capitalise(position.what)} hard-coded in ${where}: anyone who can read the repository can use it; rotate it and load it from the environment or a secret manager.`;
  ctx.report(span(literal), message, {
    secret: judged.value,
    secretTarget: { start: secretStart, end: secretStart + judged.value.length },
    severity: position.inSampleData ? 'low' : undefined,
    confidence: judged.randomLooking && !position.inSampleData ? 'high' : 'medium',
    related: source.via ? [{ target: span(source.via), message: `used as the ${position.what} here` }] : undefined,
    properties: { lifetime: 'long-lived', credential: position.what, randomLooking: judged.randomLooking, sampleData: position.inSampleData || undefined },
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
