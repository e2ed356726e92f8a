import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

const KINDS: Record<string, string> = {
  pt: 'personal token',
  st: 'service token',
  sa: 'service account token',
  ct: 'CLI token',
  scim: 'SCIM token',
  audit: 'audit token',
};

export default defineRule(
  tokenRule({
    id: 'doppler-token',
    title: 'Doppler token',
    description: 'A Doppler personal, service, service-account, CLI, SCIM or audit token is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Doppler token reads the secrets of the projects and configs it can reach: one leaked token hands over every credential the secret manager was meant to protect.

**Fix.** Revoke the token in the Doppler dashboard (the project's Access tab, or Team → Service accounts), and let CI authenticate with a service account identity (OIDC) or a service token kept in the CI platform's secrets.

\`\`\`yaml
- run: doppler run -- ./deploy.sh
  env:
    DOPPLER_TOKEN: \${{ secrets.DOPPLER_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'Doppler token',
        regex: /(?<![A-Za-z0-9_.-])(dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,64}\.)?[A-Za-z0-9]{40,44})(?![A-Za-z0-9_-])/dg,
        keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
        lifetime: 'long-lived',
        publicPrefix: 6,
        entropy: 3.5,
        refine: (secret) => ({ name: `Doppler ${KINDS[secret.split('.')[1] ?? ''] ?? 'token'}` }),
        action: "revoke it in the Doppler dashboard and keep the replacement in the CI platform's secrets",
      },
    ],
  }),
);
