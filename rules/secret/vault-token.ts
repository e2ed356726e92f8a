import { defineRule } from '../../src/rule/index.js';
import { charClasses, keyedValue, tokenRule } from '../../src/detect/index.js';

const REVOKE = 'revoke it (vault token revoke) and let the workload log in with an auth method that issues short-lived tokens (AppRole, JWT/OIDC, Kubernetes)';

/** Random token bodies mix all three character classes; identifiers such as `hvs.example_name` do not. */
function randomBody(secret: string): boolean {
  const { lower, upper, digit } = charClasses(secret.slice(4));
  return lower && upper && digit;
}

export default defineRule(
  tokenRule({
    id: 'vault-token',
    title: 'HashiCorp Vault token',
    description: 'A HashiCorp Vault service, batch or recovery token is committed (the pre-1.10 s. format only next to a Vault name).',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Vault token reads every secret its policies allow: database credentials, cloud keys, certificates. Root tokens and tokens with long TTLs stay usable for months; one committed token undoes the point of the secret manager.

**Fix.** Revoke the token (\`vault token revoke <token>\` or by accessor), and let workloads authenticate with an auth method that issues short-lived tokens: JWT/OIDC for CI, Kubernetes for pods, AppRole with response-wrapped secret IDs elsewhere.

\`\`\`yaml
- uses: hashicorp/vault-action@v3
  with:
    url: https://vault.example.com
    method: jwt
    role: ci-deploy
    secrets: secret/data/ci deploy_key | DEPLOY_KEY
\`\`\``,
    patterns: [
      {
        name: 'Vault service token',
        regex: /(?<![A-Za-z0-9_.-])(hvs\.[A-Za-z0-9_-]{24,200})(?![A-Za-z0-9_-])/dg,
        keywords: ['hvs.'],
        lifetime: 'unknown',
        publicPrefix: 4,
        entropy: 3.8,
        check: randomBody,
        action: REVOKE,
      },
      {
        name: 'Vault batch token',
        regex: /(?<![A-Za-z0-9_.-])(hvb\.[A-Za-z0-9_-]{100,400})(?![A-Za-z0-9_-])/dg,
        keywords: ['hvb.'],
        lifetime: 'short-lived',
        publicPrefix: 4,
        entropy: 4,
        check: randomBody,
        severity: 'high',
        action: REVOKE,
      },
      {
        name: 'Vault recovery token',
        regex: /(?<![A-Za-z0-9_.-])(hvr\.[A-Za-z0-9_-]{24,200})(?![A-Za-z0-9_-])/dg,
        keywords: ['hvr.'],
        lifetime: 'unknown',
        publicPrefix: 4,
        entropy: 3.8,
        check: randomBody,
        action: 'revoke it and regenerate recovery tokens only when recovering',
      },
      {
        name: 'Vault token (legacy format)',
        regex: new RegExp(
          keyedValue('(?<![A-Za-z0-9])(?:x-vault-token|vault[_-]?(?:[a-z]{1,12}[_-]?){0,2}token(?:[_-]?id)?)', '[sbr]\\.[A-Za-z0-9]{24,26}'),
          'dgi',
        ),
        keywords: ['vault'],
        lifetime: 'unknown',
        publicPrefix: 2,
        entropy: 3.5,
        check: randomBody,
        action: REVOKE,
      },
      {
        name: 'Vault token (legacy format)',
        regex: /\bvault\s+login\s+(?:-no-print\s+)?(?:token=)?([sb]\.[A-Za-z0-9]{24})(?![A-Za-z0-9_-])/dg,
        keywords: ['vault'],
        lifetime: 'unknown',
        publicPrefix: 2,
        entropy: 3.5,
        check: randomBody,
        action: REVOKE,
      },
    ],
  }),
);
