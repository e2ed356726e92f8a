import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'terraform-cloud-token',
    title: 'HCP Terraform (Terraform Cloud) API token',
    description: 'An HCP Terraform / Terraform Enterprise user, team or organisation API token (….atlasv1.…) is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Terraform Cloud token queues runs and reads state and variables of every workspace it can reach. State holds resource secrets in plain text, and workspace variables hold the cloud credentials that apply infrastructure.

**Fix.** Revoke the token in HCP Terraform (User settings → Tokens, or the team or organisation API token page). Give CI a team token from a secret, and give workspaces dynamic provider credentials instead of static cloud keys.

\`\`\`yaml
- uses: hashicorp/setup-terraform@v3
  with:
    cli_config_credentials_token: \${{ secrets.TF_API_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'HCP Terraform API token',
        regex: /(?<![A-Za-z0-9_-])([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])/dg,
        keywords: ['atlasv1'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 4,
        action: 'revoke it in HCP Terraform (User settings → Tokens, or the team or organisation token page) and keep the replacement in a CI secret',
      },
    ],
  }),
);
