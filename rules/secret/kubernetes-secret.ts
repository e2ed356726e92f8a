import { defineRule } from '../../src/rule/index.js';
import { dataDocuments, entries, get, items, str, type DataNode } from '../../src/ast/index.js';
import {
  PEM_PRIVATE_KEY,
  PEM_PRIVATE_KEY_HEADER,
  decodeBase64,
  decodeBase64Json,
  isCredentialName,
  isCredentialValue,
  isKeyMaterial,
  isMemorable,
  isPlaceholder,
  looksLikeWords,
} from '../../src/detect/index.js';

/** A manifest, or each item of a `kind: List` (what `kubectl get -o yaml` writes). */
function manifests(root: DataNode): DataNode[] {
  return str(get(root, 'kind')) === 'List' ? items(get(root, 'items')).filter((item) => item.type === 'map') : [root];
}

/** A JSON object written out, or its base64 (a credentials file some tools want encoded twice). */
function jsonObject(value: string): Record<string, unknown> | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return decodeBase64Json(trimmed.replace(/\s/g, ''));
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Every string in a JSON value with the key it sits under (an array's strings under the array's key). */
function* stringLeaves(value: unknown, key = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [key, value];
  else if (Array.isArray(value)) for (const item of value) yield* stringLeaves(item, key);
  else if (value && typeof value === 'object') for (const [name, item] of Object.entries(value)) yield* stringLeaves(item, name);
}

/**
 * A JSON credentials file whose fields are all stand-ins (`"example"`, `"<token>"`) or plain words:
 * a documented shape with nothing secret in it. One random value, or a credential-named field
 * holding more than a word, makes it a credential.
 */
function isStandInJson(value: string): boolean {
  const parsed = jsonObject(value);
  if (!parsed) return false;
  const leaves = Array.from(stringLeaves(parsed));
  return (
    leaves.length > 0 &&
    leaves.every(([key, leaf]) => isPlaceholder(leaf) || (!isCredentialValue(leaf) && !(isCredentialName(key) && !looksLikeWords(leaf) && !isMemorable(leaf))))
  );
}

const SECRET_KIND = /^[ \t]*"?kind"?[ \t]*:[ \t]*["']?Secret["']?[ \t]*,?[ \t]*(?:#.*)?$/m;

/** Keys whose values are configuration rather than credentials, even inside a Secret. */
const NOT_SECRET_KEYS =
  /^(?:username|user|user[-_]?name|host|hostname|port|database|db|dbname|url|endpoint|region|namespace|ca\.crt|tls\.crt|ca|cert|certificate|email|login)$/i;

export default defineRule({
  id: 'kubernetes-secret',
  family: 'secret',
  title: 'Kubernetes Secret with literal data',
  description: 'A Kubernetes Secret manifest carries its values in `data` (base64, not encrypted) or `stringData`.',
  severity: 'high',
  confidence: 'high',
  kinds: ['kubernetes', 'yaml', 'json'],
  keywords: ['secret'],
  tags: ['CWE-312', 'CWE-798', 'NHI2'],
  help: `**Why.** Base64 in a Secret's \`data\` is an encoding, not encryption: anyone who can read the repository reads the values, and every cluster the manifest is applied to shares them.

**Fix.** Commit an encrypted or indirect form instead: a Sealed Secret, an External Secrets \`ExternalSecret\` pointing at a secret manager, a SOPS-encrypted file, or a Helm value supplied at deploy time. Rotate the values that were committed.

\`\`\`yaml
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
spec:
  secretStoreRef: { name: aws-secrets-manager, kind: ClusterSecretStore }
  data:
    - secretKey: password
      remoteRef: { key: prod/orders/db, property: password }
\`\`\``,

  scan(doc, ctx) {
    if (!SECRET_KIND.test(doc.text)) return; // parse only manifests that declare a Secret
    for (const root of dataDocuments(doc).flatMap(manifests)) {
      if (str(get(root, 'kind')) !== 'Secret' || !str(get(root, 'apiVersion'))?.startsWith('v1')) continue;
      const name = str(get(get(root, 'metadata'), 'name')) ?? '(unnamed)';
      for (const field of ['data', 'stringData'] as const) {
        for (const item of entries(get(root, field))) {
          if (NOT_SECRET_KEYS.test(item.key)) continue;
          const raw = str(item.value);
          if (!raw) continue;
          const value = field === 'data' ? decodeBase64(raw) : raw;
          if (value === undefined || value.trim().length < 6 || isPlaceholder(value) || isPlaceholder(raw) || isStandInJson(value)) continue;
          // A key named like a credential is one whatever its value looks like; other keys
          // (type, provider, database…) only when the value looks random.
          // Memorable words (`storageos`, `sCaleio123`) are example values, not generated secrets.
          // A private key (encrypted keys too: their passphrase is often beside them), unless every
          // block in the value wraps a stand-in (`<your-client-private-key>`, `A key`): a template.
          const privateKey = PEM_PRIVATE_KEY_HEADER.exec(value);
          if (privateKey && !Array.from(value.matchAll(PEM_PRIVATE_KEY)).some((block) => isKeyMaterial(block[2]!))) continue;
          if (privateKey) {
            ctx.report(
              item.value,
              `Secret "${name}" commits ${privateKey[1] ? `an ${privateKey[1].toLowerCase()} ` : 'a '}private key in "${item.key}"${field === 'data' ? ' (base64 is not encryption)' : ''}; anyone with a clone can act as its owner — replace the key pair, keep the key in Sealed Secrets, External Secrets or SOPS`,
              {
                secret: value,
                severity: 'critical',
                // A key block is confirmed by its shape alone, as secret/private-key's: in documentation an example until shown otherwise.
                properties: { lifetime: 'long-lived', secretName: name, key: item.key, material: 'private-key', validatedBy: 'structure' },
              },
            );
            continue;
          } else if (isCredentialName(item.key)) {
            if (looksLikeWords(value) || isMemorable(value)) continue;
          } else if (!isCredentialValue(value)) continue;
          ctx.report(
            item.value,
            `Secret "${name}" commits the value of "${item.key}" in ${field}${field === 'data' ? ' (base64 is not encryption)' : ''}; use Sealed Secrets, External Secrets or SOPS and rotate it`,
            {
              secret: value,
              // Confirmed by the key's name or the value's randomness, as secret/generic-credential's findings are.
              properties: { lifetime: 'long-lived', secretName: name, key: item.key, validatedBy: 'context' },
            },
          );
        }
      }
    }
  },
});
