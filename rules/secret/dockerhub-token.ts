import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'dockerhub-token',
    title: 'Docker Hub access token',
    description: 'A Docker Hub personal or organisation access token is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Docker Hub token with write scope pushes images to its owner's repositories: an attacker can replace a published tag with a backdoored image that every \`docker pull\` and deployment then runs. Read tokens expose private images, which often contain more secrets.

**Fix.** Delete the token in Docker Hub (Account settings → Personal access tokens, or the organisation's Access tokens), create a read- or write-scoped replacement and keep it in a CI secret.

\`\`\`yaml
- uses: docker/login-action@v3
  with:
    username: \${{ vars.DOCKERHUB_USERNAME }}
    password: \${{ secrets.DOCKERHUB_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'Docker Hub personal access token',
        regex: /(?<![A-Za-z0-9_-])(dckr_pat_[A-Za-z0-9_-]{27})(?![A-Za-z0-9_-])/dg,
        keywords: ['dckr_pat_'],
        lifetime: 'long-lived',
        publicPrefix: 9,
        entropy: 3.5,
        action: 'delete it in Docker Hub (Account settings → Personal access tokens) and keep the replacement in a CI secret',
      },
      {
        name: 'Docker Hub organisation access token',
        regex: /(?<![A-Za-z0-9_-])(dckr_oat_[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/dg,
        keywords: ['dckr_oat_'],
        lifetime: 'long-lived',
        publicPrefix: 9,
        entropy: 3.5,
        action: "delete it in the organisation's Access tokens settings on Docker Hub and keep the replacement in a CI secret",
      },
    ],
  }),
);
