import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

const KINDS: Record<string, { name: string; lifetime: 'long-lived' | 'short-lived' | 'unknown' }> = {
  api: { name: 'Tailscale API access token', lifetime: 'short-lived' },
  auth: { name: 'Tailscale auth key', lifetime: 'short-lived' },
  client: { name: 'Tailscale OAuth client secret', lifetime: 'long-lived' },
  scim: { name: 'Tailscale SCIM token', lifetime: 'unknown' },
  webhook: { name: 'Tailscale webhook secret', lifetime: 'long-lived' },
};

export default defineRule(
  tokenRule({
    id: 'tailscale-key',
    title: 'Tailscale key',
    description: 'A Tailscale API access token, auth key, OAuth client secret, SCIM token or webhook secret is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'CICD-SEC-6'],
    help: `**Why.** A Tailscale auth key joins a new machine to the tailnet, inside the network boundary the tailnet exists to protect; an API token or OAuth client secret changes ACLs, devices and keys. Auth keys and API tokens expire within 90 days, OAuth client secrets do not.

**Fix.** Revoke the key in the Tailscale admin console (Settings → Keys, or Trust credentials), and let CI mint short-lived, tagged auth keys from an OAuth client whose secret is kept in the CI platform's secrets.

\`\`\`yaml
- uses: tailscale/github-action@v3
  with:
    oauth-client-id: \${{ secrets.TS_OAUTH_CLIENT_ID }}
    oauth-secret: \${{ secrets.TS_OAUTH_SECRET }}
    tags: tag:ci
\`\`\``,
    patterns: [
      {
        name: 'Tailscale key',
        regex: /(?<![A-Za-z0-9_-])(tskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,24}-[A-Za-z0-9]{16,64})(?![A-Za-z0-9_-])/dg,
        keywords: ['tskey-'],
        lifetime: 'unknown',
        publicPrefix: 6,
        entropy: 3.5,
        refine: (secret) => KINDS[secret.split('-')[1] ?? ''],
        action: 'revoke it in the Tailscale admin console (Settings → Keys) and mint tagged auth keys at run time from an OAuth client',
      },
    ],
  }),
);
