import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'databricks-token',
    title: 'Databricks personal access token',
    description: 'A Databricks personal access token (dapi…) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Databricks token acts as its user in the workspace: it runs notebooks and jobs, reads every table and secret scope the user can, and starts clusters that bill the account. Tokens often have no expiry.

**Fix.** Revoke the token in the workspace (Settings → Developer → Access tokens). For automation, use a service principal with OAuth machine-to-machine credentials or workload identity federation instead of a user token.

\`\`\`yaml
env:
  DATABRICKS_HOST: \${{ vars.DATABRICKS_HOST }}
  DATABRICKS_CLIENT_ID: \${{ vars.DATABRICKS_CLIENT_ID }}
  DATABRICKS_CLIENT_SECRET: \${{ secrets.DATABRICKS_CLIENT_SECRET }}
\`\`\``,
    patterns: [
      {
        name: 'Databricks personal access token',
        regex: /(?<![A-Za-z0-9_-])(dapi[a-f0-9]{32}(?:-[0-9])?)(?![A-Za-z0-9_])/dg,
        keywords: ['dapi'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 3,
        action: 'revoke it in the workspace (Settings → Developer → Access tokens) and use a service principal with OAuth M2M instead',
      },
    ],
  }),
);
