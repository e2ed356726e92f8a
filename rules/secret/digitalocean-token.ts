import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

const DELETE = 'delete it in the DigitalOcean control panel (API → Tokens) and keep the replacement in a secret store';

export default defineRule(
  tokenRule({
    id: 'digitalocean-token',
    title: 'DigitalOcean token',
    description: 'A DigitalOcean personal access token, OAuth access token or OAuth refresh token is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A DigitalOcean token with write scope creates and destroys Droplets, databases, Spaces keys and DNS records in its team: an attacker can mine on the account's bill or take over the infrastructure.

**Fix.** Delete the token in the control panel (API → Tokens), create a custom-scoped token with an expiry, and keep it in a CI secret.

\`\`\`yaml
- uses: digitalocean/action-doctl@v2
  with:
    token: \${{ secrets.DIGITALOCEAN_ACCESS_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'DigitalOcean personal access token',
        regex: /(?<![A-Za-z0-9_])(dop_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/dg,
        keywords: ['dop_v1_'],
        lifetime: 'long-lived',
        publicPrefix: 7,
        entropy: 3,
        action: DELETE,
      },
      {
        name: 'DigitalOcean OAuth access token',
        regex: /(?<![A-Za-z0-9_])(doo_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/dg,
        keywords: ['doo_v1_'],
        lifetime: 'short-lived',
        publicPrefix: 7,
        entropy: 3,
        severity: 'high',
        action: 'revoke the OAuth grant and request tokens at run time',
      },
      {
        name: 'DigitalOcean OAuth refresh token',
        regex: /(?<![A-Za-z0-9_])(dor_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/dg,
        keywords: ['dor_v1_'],
        lifetime: 'long-lived',
        publicPrefix: 7,
        entropy: 3,
        severity: 'high',
        action: 'revoke the OAuth grant it belongs to and keep refresh tokens in a secret store',
      },
    ],
  }),
);
