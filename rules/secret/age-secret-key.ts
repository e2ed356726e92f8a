import { defineRule } from '../../src/rule/index.js';
import { hasBech32Checksum, tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'age-secret-key',
    title: 'age secret key',
    description: 'An age (or SOPS age) X25519 identity, AGE-SECRET-KEY-1…, is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'CWE-321', 'NHI2', 'NHI7'],
    help: `**Why.** An age identity decrypts every file encrypted to its recipient: with SOPS, every secret file in the repository and its history. Committing the identity next to the encrypted files undoes the encryption.

**Fix.** Generate a new identity (\`age-keygen\`), re-encrypt the files to its recipient (\`sops updatekeys\`), and keep the identity outside the repository: in the CI platform's secrets or a key manager.

\`\`\`yaml
- run: sops --decrypt secrets.enc.yaml > /dev/null
  env:
    SOPS_AGE_KEY: \${{ secrets.SOPS_AGE_KEY }}
\`\`\``,
    patterns: [
      {
        name: 'age secret key',
        regex: /(?<![A-Za-z0-9])(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Za-z0-9])/dg,
        keywords: ['age-secret-key-1'],
        lifetime: 'long-lived',
        publicPrefix: 16,
        check: hasBech32Checksum,
        action: 'generate a new identity, re-encrypt the files to its recipient, and keep the identity outside the repository',
      },
    ],
  }),
);
