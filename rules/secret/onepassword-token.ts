import { defineRule } from '../../src/rule/index.js';
import { decodeBase64Text, tokenRule } from '../../src/detect/index.js';

/**
 * A service account token is `ops_` and base64 JSON describing the account: its sign-in address,
 * e-mail and key material. The head of the JSON is enough to tell.
 */
function isServiceAccountToken(secret: string): boolean {
  const head = decodeBase64Text(secret.slice('ops_'.length, 'ops_'.length + 120));
  return head !== undefined && /^\{\s*"(?:signInAddress|email|userAuth|secretKey|srpX|muk|deviceUuid)"\s*:/.test(head);
}

export default defineRule(
  tokenRule({
    id: 'onepassword-token',
    title: '1Password service account token',
    description: 'A 1Password service account token (ops_eyJ…) is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A 1Password service account token reads (and, if granted, writes) every item in the vaults the service account can access: the token is the key to all the secrets kept there.

**Fix.** Revoke the token in 1Password (Developer → Service accounts), create a new one limited to the vaults the job needs, and keep it only in the CI platform's secrets.

\`\`\`yaml
- uses: 1password/load-secrets-action@v2
  env:
    OP_SERVICE_ACCOUNT_TOKEN: \${{ secrets.OP_SERVICE_ACCOUNT_TOKEN }}
    DB_PASSWORD: op://app-prod/db/password
\`\`\``,
    patterns: [
      {
        name: '1Password service account token',
        regex: /(?<![A-Za-z0-9_-])(ops_eyJ[A-Za-z0-9+/_-]{250,2000}={0,3})(?![A-Za-z0-9+/=_-])/dg,
        keywords: ['ops_eyj'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 4,
        check: isServiceAccountToken,
        action: 'revoke it in 1Password (Developer → Service accounts) and keep the replacement only in CI secrets',
      },
    ],
  }),
);
