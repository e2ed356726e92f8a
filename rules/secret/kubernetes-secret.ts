import { defineRule } from '../../src/rule/index.js';
import { dataDocuments, entries, get, items, str, type DataNode } from '../../src/ast/index.js';
import { decodeBase64, isCredentialName, isCredentialValue, isMemorable, isPlaceholder, looksLikeWords } from '../../src/detect/index.js';

/** A PEM private key (encrypted keys too: their passphrase is often beside them). */
const PRIVATE_KEY = /-----BEGIN ((?:RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/;

/** A manifest, or each item of a `kind: List` (what `kubectl get -o yaml` writes). */
function manifests(root: DataNode): DataNode[] {
  return str(get(root, 'kind')) === 'List' ? items(get(root, 'items')).filter((item) => item.type === 'map') : [root];
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
          if (value === undefined || value.trim().length < 6 || isPlaceholder(value) || isPlaceholder(raw)) continue;
          // A key named like a credential is one whatever its value looks like; other keys
          // (type, provider, database…) only when the value looks random.
          // Memorable words (`storageos`, `sCaleio123`) are example values, not generated secrets.
          const privateKey = PRIVATE_KEY.exec(value);
          if (privateKey) {
            ctx.report(
              item.value,
              `Secret "${name}" commits ${privateKey[1] ? `an ${privateKey[1].toLowerCase()} ` : 'a '}private key in "${item.key}"${field === 'data' ? ' (base64 is not encryption)' : ''}; anyone with a clone can act as its owner — replace the key pair, keep the key in Sealed Secrets, External Secrets or SOPS`,
              {
                secret: value,
                severity: 'critical',
                properties: { lifetime: 'long-lived', secretName: name, key: item.key, material: 'private-key' },
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
              properties: { lifetime: 'long-lived', secretName: name, key: item.key },
            },
          );
        }
      }
    }
  },
});
