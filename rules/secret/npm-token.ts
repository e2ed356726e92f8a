import { defineRule } from '../../src/rule/index.js';
import { hasGithubChecksum, tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'npm-token',
    title: 'npm access token',
    description: 'An npm access token (npm_…, with its CRC-32 checksum) is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** An npm token with publish rights lets anyone publish a new version of every package its owner maintains: the classic supply-chain attack that reaches every project that installs them. Read-only tokens still expose private packages.

**Fix.** Revoke the token (\`npm token revoke <id>\`, or npmjs.com → Access Tokens). Publish from CI with trusted publishing (OIDC), or with a granular, package-scoped token kept in a CI secret.

\`\`\`yaml
permissions:
  id-token: write
steps:
  - run: npm publish --provenance
\`\`\``,
    patterns: [
      {
        name: 'npm access token',
        regex: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
        keywords: ['npm_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        check: hasGithubChecksum,
        validity: { basis: 'checksum' },
        action: 'revoke it with `npm token revoke` (or on npmjs.com → Access Tokens) and publish with trusted publishing (OIDC) instead',
      },
    ],
  }),
);
