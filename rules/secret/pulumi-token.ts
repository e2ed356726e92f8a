import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'pulumi-token',
    title: 'Pulumi access token',
    description: 'A Pulumi Cloud access token (pul-…) is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Pulumi access token reads stack state, where every output and config secret of the infrastructure lives, and runs updates through Pulumi Cloud Deployments and ESC environments that hold cloud credentials.

**Fix.** Delete the token in Pulumi Cloud (Settings → Access tokens). In CI, exchange the job's OIDC token for a short-lived Pulumi token, or keep a team or organisation token in the CI platform's secrets.

\`\`\`yaml
- uses: pulumi/auth-actions@v1
  with:
    organization: acme
    requested-token-type: urn:pulumi:token-type:access_token:organization
\`\`\``,
    patterns: [
      {
        name: 'Pulumi access token',
        regex: /(?<![A-Za-z0-9_-])(pul-[a-f0-9]{40})(?![A-Za-z0-9_-])/dg,
        keywords: ['pul-'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 3,
        action: 'delete it in Pulumi Cloud (Settings → Access tokens) and authenticate CI through OIDC instead',
      },
    ],
  }),
);
