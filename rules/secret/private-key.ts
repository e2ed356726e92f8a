import { defineRule } from '../../src/rule/index.js';
import { PEM_PRIVATE_KEY, decodeBase64Bytes, isKeyMaterial, pemBodyCharacters } from '../../src/detect/index.js';

const PUTTY =
  /PuTTY-User-Key-File-[23]: [a-z0-9-]{3,40}\r?\nEncryption: ([a-z0-9-]{1,40})[\s\S]{0,4096}?Private-Lines: \d{1,3}\r?\n((?:[A-Za-z0-9+/=]{1,80}\r?\n){1,80})/dg;

export default defineRule({
  id: 'private-key',
  family: 'secret',
  title: 'Private key',
  description: 'A PEM, OpenSSH, PuTTY or PGP private key is committed.',
  severity: 'critical',
  confidence: 'high',
  kinds: '*',
  keywords: ['private key', 'putty-user-key-file'],
  tags: ['CWE-321', 'CWE-798', 'NHI2', 'NHI7'],
  help: `**Why.** A private key proves an identity: it signs deploys, opens SSH sessions, decrypts TLS traffic or signs tokens. It does not expire on its own, and anyone with a clone has it.

**Fix.** Replace the key pair (remove the public half from every authorized_keys file, certificate or cloud console where it is trusted), purge it from history, and load the new key from a secret store or an agent at run time. Prefer short-lived credentials (SSH certificates, OIDC-issued cloud credentials, deploy keys scoped to one repository).`,

  scan(doc, ctx) {
    for (const match of doc.text.matchAll(PEM_PRIVATE_KEY)) {
      const [start, end] = match.indices![0]!;
      if (!isKeyMaterial(match[2]!)) continue;
      const body = pemBodyCharacters(match[2]!);
      if (isGcpServiceAccountKey(doc.text)) continue; // reported once, with its account, by secret/gcp-service-account-key
      const encrypted = /ENCRYPTED/.test(match[1]!) || /Proc-Type: 4,ENCRYPTED/.test(match[2]!) || openSshCipher(match[1]!, body) !== 'none';
      // `ENCRYPTED PRIVATE KEY` (PKCS#8) says it in the label; the wording says it once.
      const kind = match[1]!
        .replace(/ BLOCK$/, '')
        .replace(/^(?:SSH2 )?ENCRYPTED /, '')
        .toLowerCase();
      const standIn = standInName(doc.text, start);
      ctx.report(
        { start, end: start + match[0].indexOf('-----', 5) + 5 },
        encrypted
          ? `An encrypted ${kind} is committed; its passphrase is the only protection left — replace the key pair and keep keys out of the repository`
          : `An unencrypted ${kind} is committed; anyone with a clone can act as its owner — replace the key pair and load keys from a secret store`,
        {
          secret: body,
          secretTarget: { start, end },
          // A key held by a constant named as a stand-in (`PRIVATE_KEY_PLACEHOLDER`, `exampleKey`) is an input hint or sample.
          severity: standIn ? 'low' : encrypted ? 'medium' : 'critical',
          confidence: standIn ? 'low' : undefined,
          // A key block is confirmed by its shape alone: in documentation it is an example until shown otherwise.
          properties: { lifetime: 'long-lived', keyType: kind, encrypted, validatedBy: 'structure', ...(standIn ? { standIn } : {}) },
        },
      );
    }
    for (const match of doc.text.matchAll(PUTTY)) {
      const [start] = match.indices![0]!;
      const encrypted = match[1] !== 'none';
      ctx.report(
        { start, end: doc.text.indexOf('\n', start) },
        `A PuTTY private key${encrypted ? ' (passphrase-protected)' : ''} is committed — replace the key pair and keep keys out of the repository`,
        {
          secret: match[2]!.replace(/\s/g, ''),
          secretTarget: { start, end: match.indices![0]![1] },
          severity: encrypted ? 'medium' : 'critical',
          properties: { lifetime: 'long-lived', keyType: 'putty private key', encrypted },
        },
      );
    }
  },
});

/**
 * An OpenSSH key names its cipher after the `openssh-key-v1` magic: `none` when the key is not
 * passphrase-protected. Undefined (treated as unencrypted) for other formats or unreadable bodies.
 */
function openSshCipher(label: string, body: string): string | undefined {
  if (label !== 'OPENSSH PRIVATE KEY') return 'none';
  const head = decodeBase64Bytes(body.slice(0, 60));
  if (!head) return 'none';
  const bytes = Buffer.from(head);
  const magic = 'openssh-key-v1\0';
  if (bytes.subarray(0, magic.length).toString('latin1') !== magic || bytes.length < magic.length + 4) return 'none';
  const length = bytes.readUInt32BE(magic.length);
  return bytes.subarray(magic.length + 4, magic.length + 4 + Math.min(length, 32)).toString('latin1');
}

function isGcpServiceAccountKey(text: string): boolean {
  return /"type"\s*:\s*"service_account"/.test(text) && /"private_key"\s*:/.test(text) && /"client_email"\s*:/.test(text);
}

/** Words that name a value as a stand-in for the real one. */
const STAND_IN_WORDS = /placeholder|example|sample|dummy|fake|mock/i;

/**
 * The name the key is assigned to, when it says the key is a stand-in: `const PRIVATE_KEY_PLACEHOLDER = \``,
 * `exampleKey: "-----BEGIN…`, `placeholder="-----BEGIN…`. Only the assignment right before the block counts.
 */
function standInName(text: string, start: number): string | undefined {
  const before = text.slice(Math.max(0, start - 120), start);
  const assignment = /([A-Za-z_$][\w$.-]{0,80})["']?\s*[:=]\s*(?:\(?\s*)?[`"'](?:\\n|\s)*$/.exec(before);
  const name = assignment?.[1];
  return name && STAND_IN_WORDS.test(name) ? name : undefined;
}
