import { defineRule } from '../../src/rule/index.js';
import { decodeBase64Bytes, tokenRule } from '../../src/detect/index.js';

/**
 * A PyPI token is `pypi-` and a base64url macaroon (version 2): it starts with the version byte 2
 * and a location field, and ends with the signature field (type 6, length 32, 32 bytes).
 */
function isMacaroon(secret: string): boolean {
  const bytes = decodeBase64Bytes(secret.slice('pypi-'.length));
  if (!bytes || bytes.length < 64) return false;
  const n = bytes.length;
  return bytes[0] === 2 && bytes[1] === 1 && bytes[n - 34] === 6 && bytes[n - 33] === 32;
}

export default defineRule(
  tokenRule({
    id: 'pypi-token',
    title: 'PyPI API token',
    description: 'A PyPI or TestPyPI upload token (a pypi-… macaroon) is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A PyPI token uploads new releases of the projects it is scoped to (an account-wide token: every project of the account). A leaked one lets an attacker publish a malicious version that every \`pip install\` picks up. Tokens do not expire.

**Fix.** Remove the token at pypi.org (Account settings → API tokens) and publish with Trusted Publishing, which exchanges the CI job's OIDC identity for a short-lived upload token.

\`\`\`yaml
permissions:
  id-token: write
steps:
  - uses: pypa/gh-action-pypi-publish@release/v1
\`\`\``,
    patterns: [
      {
        name: 'PyPI upload token',
        regex: /(?<![A-Za-z0-9_-])(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1200})(?![A-Za-z0-9_-])/dg,
        keywords: ['pypi-ageichlwas5vcmc'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        check: isMacaroon,
        action: 'remove it at pypi.org (Account settings → API tokens) and publish with Trusted Publishing (OIDC) instead',
      },
      {
        name: 'TestPyPI upload token',
        regex: /(?<![A-Za-z0-9_-])(pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1200})(?![A-Za-z0-9_-])/dg,
        keywords: ['pypi-agendgvzdc5wexbplm9yzw'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        severity: 'medium',
        check: isMacaroon,
        action: 'remove it at test.pypi.org (Account settings → API tokens) and use Trusted Publishing',
      },
    ],
  }),
);
