import { defineRule, type Document, type RuleContext } from '../../src/rule/index.js';
import {
  MAX_TOKEN_FINDINGS,
  charClasses,
  hasFillerRun,
  isPlaceholder,
  keyedValue,
  looksLikeWords,
  matchesAt,
  shannonEntropy,
  startsAtKeywords,
} from '../../src/detect/index.js';

/**
 * AWS access keys come in two parts: the key ID (AKIA… for an IAM user's long-lived key, ASIA…
 * for temporary STS credentials) and a 40-character secret that has no format of its own. The
 * secret is recognised under an AWS name or right next to a key ID, and reported with the ID as
 * a related location. A long-lived key ID alone is reported at medium severity; a temporary
 * one alone is not worth a finding. Other AWS ID prefixes (AIDA, AROA, AGPA…) name users, roles
 * and groups, not credentials.
 */

const KEY_ID = /(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z2-7]{16})(?![A-Za-z0-9])/dg;

const SECRET_VALUE = '[A-Za-z0-9/+]{40}';
const SECRET_NAME = '(?<![A-Za-z0-9])(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key|aws[_.-]?secret)';

/** `AWS_SECRET_ACCESS_KEY=…`, `"SecretAccessKey": "…"`, `aws-secret-access-key: …`. */
const SECRET_BY_NAME = new RegExp(keyedValue(SECRET_NAME, SECRET_VALUE), 'dgi');
/** `aws configure set aws_secret_access_key …` and other space-separated forms. */
const SECRET_BY_COMMAND = /\baws_secret_access_key[ \t]+(["']?)(?<secret>[A-Za-z0-9/+]{40})\1(?![A-Za-z0-9_+/=-])/dg;
/**
 * One of these begins every name SECRET_NAME accepts, whatever its separators (`aws.secret_access-key`,
 * `secret.access_key`): the name regexes are tried only where they start.
 */
const SECRET_NAME_KEYWORDS = ['awssecret', 'aws_secret', 'aws.secret', 'aws-secret', 'secretaccess', 'secret_access', 'secret.access', 'secret-access'];
/** The name regexes, each with its sticky copy for `matchesAt`. */
const BY_NAME = [SECRET_BY_NAME, SECRET_BY_COMMAND].map((regex) => ({ regex, sticky: new RegExp(regex.source, regex.flags + 'y') }));
/** Whether every match of both begins where a keyword does (checked on first use; when not, they run over the whole text). */
let namesAnchored: boolean | undefined;
/** A standalone 40-character value: only a secret when it sits next to a key ID. */
const SECRET_SHAPE = /(?<![A-Za-z0-9_+/=-])([A-Za-z0-9/+]{40})(?![A-Za-z0-9_+/=-])/dg;
/** How far from a key ID an unnamed secret may sit (a CSV row, a function call, the next lines). */
const NEARBY = 240;

interface Span {
  start: number;
  end: number;
  value: string;
}

const ROTATE =
  'deactivate and delete the key in IAM, check CloudTrail for its use, and give workloads role credentials (OIDC federation, instance or task roles) instead of access keys';

export default defineRule({
  id: 'aws-access-key',
  family: 'secret',
  title: 'AWS access key',
  description: 'An AWS secret access key (with its key ID when present) or a long-lived AWS access key ID is committed.',
  severity: 'critical',
  confidence: 'high',
  kinds: '*',
  keywords: ['akia', 'asia', ...SECRET_NAME_KEYWORDS],
  tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
  help: `**Why.** An access key ID and its secret access key sign AWS API requests as the IAM user that owns them, with every permission of that user, from anywhere, until the key is deactivated. Keys pushed to public repositories are used within minutes, typically to launch instances for mining or to read S3 data. A key ID alone (AKIA…) is not enough to sign requests, but it names a long-lived user key whose secret is often elsewhere in the repository or its history. Temporary credentials (ASIA…) expire within hours.

**Fix.** Deactivate and delete the key in IAM (Users → Security credentials), review CloudTrail for its use, and stop using access keys for automation: CI should assume a role through OIDC federation, workloads should use instance profiles, task roles or IRSA.

\`\`\`yaml
permissions:
  id-token: write
steps:
  - uses: aws-actions/configure-aws-credentials@v4
    with:
      role-to-assume: arn:aws:iam::123456789012:role/deploy
      aws-region: eu-west-1
\`\`\``,
  scan(doc: Document, ctx: RuleContext) {
    const ids = keyIds(doc).slice(0, MAX_TOKEN_FINDINGS);
    const secrets = secretsByName(doc, ctx).slice(0, MAX_TOKEN_FINDINGS);
    for (const id of ids) {
      for (const secret of secretsNear(doc, id)) if (!overlaps(secrets, secret)) secrets.push(secret);
    }
    const paired = new Set<Span>();
    if (secrets.length > MAX_TOKEN_FINDINGS) {
      ctx.note(`more than ${MAX_TOKEN_FINDINGS} matches in this file; only the first ${MAX_TOKEN_FINDINGS} are reported`, 'warning');
      secrets.length = MAX_TOKEN_FINDINGS;
    }
    for (const secret of secrets) {
      const id = nearest(ids, secret);
      if (id) paired.add(id);
      reportSecret(ctx, secret, id);
    }
    for (const id of ids) {
      if (paired.has(id) || !id.value.startsWith('AKIA') || inSignedRequest(doc.text, id)) continue;
      ctx.report(
        { start: id.start, end: id.end },
        `AWS access key ID of a long-lived IAM user key committed; its secret may be elsewhere in the repository or its history: ${ROTATE}`,
        {
          secret: id.value,
          publicPrefix: 4,
          severity: 'medium',
          confidence: 'medium',
          properties: { lifetime: 'long-lived', tokenType: 'AWS access key ID' },
        },
      );
    }
  },
});

/**
 * A key ID inside a SigV4 credential scope (`X-Amz-Credential=AKIA…%2F20240101%2F…` in a presigned
 * URL, `Credential=AKIA…/20240101/…` in a logged Authorization header) names the signer of one
 * request; on its own it is not worth a finding.
 */
function inSignedRequest(text: string, id: Span): boolean {
  return /^(?:%2F|\/)[0-9]{8}(?:%2F|\/)/i.test(text.slice(id.end, id.end + 14));
}

function keyIds(doc: Document): Span[] {
  const ids: Span[] = [];
  for (const match of doc.text.matchAll(KEY_ID)) {
    const value = match[1]!;
    if (isPlaceholder(value) || hasFillerRun(value) || shannonEntropy(value) < 3) continue;
    ids.push({ start: match.index, end: match.index + value.length, value });
  }
  return ids;
}

/** Random 40-character secrets mix both letter cases; hex digests and words do not. */
function looksRandom(value: string): boolean {
  const { lower, upper, digit, symbol } = charClasses(value);
  return lower && upper && (digit || symbol) && shannonEntropy(value) >= 4 && !isPlaceholder(value) && !hasFillerRun(value) && !looksLikeWords(value);
}

function secretsByName(doc: Document, ctx: RuleContext): Span[] {
  const found: Span[] = [];
  namesAnchored ??= BY_NAME.every(({ regex }) => startsAtKeywords(regex, SECRET_NAME_KEYWORDS));
  const starts = namesAnchored ? ctx.keywordStarts(SECRET_NAME_KEYWORDS) : undefined;
  for (const { regex, sticky } of BY_NAME) {
    for (const match of starts ? matchesAt(doc.text, sticky, starts) : doc.text.matchAll(regex)) {
      const value = match.groups?.['secret'];
      const span = match.indices?.groups?.['secret'];
      if (!value || !span || !looksRandom(value)) continue;
      const secret = { start: span[0], end: span[1], value };
      if (!overlaps(found, secret)) found.push(secret);
      if (found.length > MAX_TOKEN_FINDINGS) return found;
    }
  }
  return found;
}

/** Unnamed 40-character values within a few lines of a key ID (CSV exports, SDK constructor calls). */
function secretsNear(doc: Document, id: Span): Span[] {
  const from = Math.max(0, id.start - NEARBY);
  const window = doc.text.slice(from, Math.min(doc.text.length, id.end + NEARBY));
  const found: Span[] = [];
  for (const match of window.matchAll(SECRET_SHAPE)) {
    const value = match[1]!;
    const start = from + match.index;
    if (start >= id.start && start < id.end) continue;
    if (looksRandom(value)) found.push({ start, end: start + value.length, value });
  }
  return found;
}

function overlaps(spans: readonly Span[], span: Span): boolean {
  return spans.some((s) => s.start < span.end && span.start < s.end);
}

function nearest(ids: readonly Span[], secret: Span): Span | undefined {
  let best: Span | undefined;
  let bestDistance = Infinity;
  for (const id of ids) {
    const distance = Math.abs(id.start - secret.start);
    if (distance < bestDistance) {
      best = id;
      bestDistance = distance;
    }
  }
  return best;
}

function reportSecret(ctx: RuleContext, secret: Span, id: Span | undefined): void {
  const temporary = id?.value.startsWith('ASIA') ?? false;
  const lifetime = !id ? 'unknown' : temporary ? 'short-lived' : 'long-lived';
  const what = !id
    ? 'AWS secret access key committed in plain text (its key ID is not in this file)'
    : temporary
      ? 'AWS secret access key committed with its temporary (STS) key ID; it expires, but is usable until then'
      : 'AWS secret access key committed with its long-lived IAM user key ID; together they sign requests until the key is deactivated';
  ctx.report({ start: secret.start, end: secret.end }, `${what}: ${temporary ? 'revoke the role session and load credentials at run time instead' : ROTATE}`, {
    secret: secret.value,
    severity: !id ? 'high' : temporary ? 'high' : 'critical',
    related: id ? [{ target: { start: id.start, end: id.end }, message: 'the access key ID of this secret' }] : undefined,
    properties: { lifetime, tokenType: 'AWS secret access key' },
  });
}
