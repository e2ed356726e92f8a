import { defineRule } from '../../src/rule/index.js';
import { hasGithubChecksum, tokenRule } from '../../src/detect/index.js';

const ACTION = 'revoke it under GitHub Settings → Developer settings (or the app), and use the workflow GITHUB_TOKEN or a GitHub App token instead';

export default defineRule(
  tokenRule({
    id: 'github-token',
    title: 'GitHub token',
    description: 'A GitHub personal access, OAuth, user-to-server, server-to-server or refresh token is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A GitHub token acts as its owner on every repository and organisation it can reach: read private code, push commits, change workflows. Tokens in git history are found by scrapers within minutes.

**Fix.** Revoke the token, then give automation a scoped identity instead: the workflow's \`GITHUB_TOKEN\` with a \`permissions:\` block, or a GitHub App installation token. Read secrets from the CI platform's secret store.

\`\`\`yaml
permissions:
  contents: read
steps:
  - run: gh api repos/\${{ github.repository }}
    env:
      GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'GitHub personal access token (classic)',
        regex: /(?<![A-Za-z0-9_])(ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
        keywords: ['ghp_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        check: hasGithubChecksum,
        validity: { basis: 'checksum' },
        action: ACTION,
      },
      {
        name: 'GitHub fine-grained personal access token',
        regex: /(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/dg,
        keywords: ['github_pat_'],
        lifetime: 'long-lived',
        publicPrefix: 11,
        entropy: 3.5,
        action: ACTION,
      },
      {
        name: 'GitHub OAuth access token',
        regex: /(?<![A-Za-z0-9_])(gho_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
        keywords: ['gho_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        check: hasGithubChecksum,
        validity: { basis: 'checksum' },
        action: 'revoke the OAuth grant and keep user tokens out of the repository',
      },
      {
        name: 'GitHub App user-to-server token',
        regex: /(?<![A-Za-z0-9_])(ghu_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
        keywords: ['ghu_'],
        lifetime: 'short-lived',
        publicPrefix: 4,
        check: hasGithubChecksum,
        validity: { basis: 'checksum' },
        action: 'revoke it and mint user tokens at run time',
      },
      {
        name: 'GitHub App installation (server-to-server) token',
        regex: /(?<![A-Za-z0-9_])(ghs_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
        keywords: ['ghs_'],
        lifetime: 'short-lived',
        publicPrefix: 4,
        check: hasGithubChecksum,
        validity: { basis: 'checksum' },
        action: 'mint installation tokens at run time (actions/create-github-app-token) instead of committing one',
      },
      {
        name: 'GitHub refresh token',
        regex: /(?<![A-Za-z0-9_])(ghr_[A-Za-z0-9]{36,76})(?![A-Za-z0-9_])/dg,
        keywords: ['ghr_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 3.5,
        action: 'revoke the grant it belongs to',
      },
    ],
  }),
);
