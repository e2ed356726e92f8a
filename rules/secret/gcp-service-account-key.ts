import { defineRule, type Document, type RuleContext } from '../../src/rule/index.js';
import { decodeBase64Json, isPlaceholder } from '../../src/detect/index.js';

/**
 * A Google Cloud service account key file is JSON with `"type": "service_account"`, a
 * `private_key` PEM and the account's `client_email`. The same fields appear as a JSON file, as
 * JSON embedded in a string (escaped quotes in an env var, a Kubernetes manifest or code), or
 * converted to YAML/TOML keys. One finding per key, on the private key, naming the account.
 */

/** `"type": "service_account"`, with optional escaped quotes, or `type: service_account`. */
const TYPE_MARKER = /\\{0,3}["']?type\\{0,3}["']?[ \t]*[:=][ \t]*\\{0,3}["']?service_account\b/g;
/** How far from the type marker the other fields of the same key may sit. */
const WINDOW = 6000;
/** Smallest base64 body of a real key (RSA-2048 PKCS#8 is about 1,600 characters). */
const MIN_KEY_BODY = 600;
/** Longest PEM searched for its end marker (RSA-4096 PKCS#8 with escapes is under 4 KB). */
const MAX_PEM = 8000;
/** Markers examined per file: bounds the work on a file that repeats the marker adversarially. */
const MAX_MARKERS = 200;

const PRIVATE_KEY_FIELD = /\\{0,3}["']?private_key\\{0,3}["']?[ \t]*[:=][ \t]*(?:[|>][-+]?[ \t]*\r?\n[ \t]*)?\\{0,3}(?:"""|'''|["'])?(?=-----BEGIN)/g;
/**
 * A whole key file in base64 (a common way to fit it into one CI variable): the encodings of
 * `{"type": "service_account",` as gcloud and the console write it.
 */
const BASE64_KEY_FILE =
  /(?<![A-Za-z0-9+/])((?:ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIs|ewogICAgInR5cGUiOiAic2VydmljZV9hY2NvdW50|eyJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIs|eyJ0eXBlIjoic2VydmljZV9hY2NvdW50)[A-Za-z0-9+/]{800,8000}={0,2})(?![A-Za-z0-9+/=])/dg;
const BASE64_KEYWORDS = [
  'ewogicj0exblijoginnlcnzpy2vfywnjb3vudcis',
  'ewogicagilnr5cgiuioaic2vydmljzv9hy2nvdw50',
  'eyj0exblijoginnlcnzpy2vfywnjb3vudcis',
  'eyj0exblijoic2vydmljzv9hy2nvdw50',
];

const CLIENT_EMAIL = /client_email\\{0,3}["']?[ \t]*[:=][ \t]*\\{0,3}["']?([A-Za-z0-9._%+-]{1,128}@[A-Za-z0-9.-]{1,128})/;

interface Key {
  /** Where the finding starts: the `private_key` field, or the encoded key file. */
  fieldStart: number;
  start: number;
  end: number;
  value: string;
}

export default defineRule({
  id: 'gcp-service-account-key',
  family: 'secret',
  title: 'Google Cloud service account key',
  description: 'A Google Cloud service account key (the JSON key file with its private key) is committed, as a file or embedded in another one.',
  severity: 'critical',
  confidence: 'high',
  kinds: '*',
  keywords: ['service_account', ...BASE64_KEYWORDS],
  tags: ['CWE-798', 'CWE-321', 'NHI2', 'NHI7', 'CICD-SEC-6'],
  help: `**Why.** A service account key signs tokens for its service account, with every IAM role the account holds, until the key is deleted; keys created by default never expire. Service accounts used by CI and deployments often hold project-wide roles.

**Fix.** Delete the key (\`gcloud iam service-accounts keys delete KEY_ID --iam-account=EMAIL\`), check the audit logs for its use, and stop using key files: CI should use Workload Identity Federation, workloads an attached service account. An organisation policy (\`iam.disableServiceAccountKeyCreation\`) prevents new keys.

\`\`\`yaml
permissions:
  id-token: write
steps:
  - uses: google-github-actions/auth@v2
    with:
      workload_identity_provider: projects/123456789/locations/global/workloadIdentityPools/ci/providers/github
      service_account: deployer@my-project.iam.gserviceaccount.com
\`\`\``,
  scan(doc: Document, ctx: RuleContext) {
    if (ctx.mentions('service_account')) scanKeyFiles(doc, ctx);
    if (BASE64_KEYWORDS.some((k) => ctx.mentions(k))) scanEncodedKeyFiles(doc, ctx);
  },
});

function report(ctx: RuleContext, key: Key, email: string | undefined, encoded = false): void {
  const account = email ? `service account ${email}` : 'a service account';
  ctx.report(
    { start: key.fieldStart, end: key.end },
    `Google Cloud key for ${account} committed with its private key${encoded ? ' (base64-encoded key file)' : ''}; it stays valid until the key is deleted: delete the key in IAM and use Workload Identity Federation or an attached service account instead of key files`,
    {
      secret: key.value,
      secretTarget: { start: key.start, end: key.end },
      properties: { lifetime: 'long-lived', tokenType: 'Google Cloud service account key', ...(email ? { serviceAccount: email } : {}) },
    },
  );
}

/** JSON key files, embedded or converted to YAML/TOML: the type marker, then the nearest private key. */
function scanKeyFiles(doc: Document, ctx: RuleContext): void {
  const reported: Key[] = [];
  let markers = 0;
  for (const marker of doc.text.matchAll(TYPE_MARKER)) {
    if (++markers > MAX_MARKERS) break;
    const from = Math.max(0, marker.index - WINDOW);
    const to = Math.min(doc.text.length, marker.index + WINDOW);
    const key = nearestPrivateKey(doc.text, from, to, marker.index);
    if (!key || reported.some((k) => k.start === key.start)) continue;
    reported.push(key);
    report(ctx, key, nearestEmail(doc.text, from, to, marker.index));
  }
}

/** Base64-encoded key files: decoded, parsed, and reported when they hold a real private key. */
function scanEncodedKeyFiles(doc: Document, ctx: RuleContext): void {
  for (const match of doc.text.matchAll(BASE64_KEY_FILE)) {
    const value = match[1]!;
    const json = decodeBase64Json(value);
    const privateKey = json?.['private_key'];
    if (json?.['type'] !== 'service_account' || typeof privateKey !== 'string' || !isRealKey(privateKey)) continue;
    const email = typeof json['client_email'] === 'string' ? json['client_email'] : undefined;
    report(ctx, { fieldStart: match.index, start: match.index, end: match.index + value.length, value }, email, true);
  }
}

/** The private key PEM closest to the type marker within the window, if it is a real key. */
function nearestPrivateKey(text: string, from: number, to: number, anchor: number): Key | undefined {
  const window = text.slice(from, to);
  let best: Key | undefined;
  for (const field of window.matchAll(PRIVATE_KEY_FIELD)) {
    const start = from + field.index + field[0].length;
    // A PEM key is a few kilobytes: look for its end within that, never across the whole file.
    const pem = text.slice(start, start + MAX_PEM);
    const endLine = pem.indexOf('-----END');
    const endMarker = endLine < 0 ? -1 : pem.indexOf('PRIVATE KEY-----', endLine);
    if (endMarker < 0) continue;
    const end = start + endMarker + 'PRIVATE KEY-----'.length;
    const value = text.slice(start, end);
    if (!isRealKey(value)) continue;
    const fieldStart = from + field.index + field[0].indexOf('private_key');
    if (!best || Math.abs(start - anchor) < Math.abs(best.start - anchor)) best = { fieldStart, start, end, value };
  }
  return best;
}

/** A PEM with a key-sized base64 body and no placeholder text (`...`, `<key>`, `XXXX`). */
function isRealKey(pem: string): boolean {
  const body = pem
    .replace(/-----(?:BEGIN|END)[A-Z ]*PRIVATE KEY-----/g, '')
    .replace(/\\{1,3}[nr]/g, '')
    .replace(/[\s"'+,]/g, '');
  if (body.length < MIN_KEY_BODY || !/^[A-Za-z0-9+/=]+$/.test(body)) return false;
  return !isPlaceholder(body.slice(0, 64)) && !isPlaceholder(body.slice(-64));
}

function nearestEmail(text: string, from: number, to: number, anchor: number): string | undefined {
  const after = CLIENT_EMAIL.exec(text.slice(anchor, to));
  if (after) return after[1];
  const before = text.slice(from, anchor);
  const matches = [...before.matchAll(new RegExp(CLIENT_EMAIL.source, 'g'))];
  return matches.at(-1)?.[1];
}
