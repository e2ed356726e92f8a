import { defineRule } from '../../src/rule/index.js';
import { correlation, sharedAcrossEnvironments, reportVerdict } from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'shared-across-environments',
  family: 'identity',
  title: 'Credential shared across environments',
  description: 'The same credential is used by production and by staging, development or test, or by a production job and by pull-request or test jobs.',
  severity: 'high',
  confidence: 'medium',
  tags: ['NHI8', 'NHI9', 'CICD-SEC-6', 'CWE-653'],
  help: `**Why.** Environments are separated so that a mistake or a compromise in one stays there. A credential that both production and staging (or a pull-request job) hold erases that line: whatever leaks from the less protected side — a test log, a preview deploy, code from a pull request — opens production, and rotating the credential breaks every environment at once. nhiscan reports each shared credential once, at its first use, with every use as a related location.

It reads CI secrets and variables, Jenkins credentials, cloud roles and literal values (the same password in \`.env.staging\` and \`.env.production\`, or in Secrets of a staging and a production namespace). Per-environment names (\`STAGING_DB_PASSWORD\` only in staging jobs, \`PROD_DB_PASSWORD\` only in production jobs), \`GITHUB_TOKEN\` and other per-run platform tokens, and notification tokens (Slack, Codecov…) are not reported. When every job declares its environment the secret may be an environment secret with its own value in each, so the finding has medium confidence.

**Fix.** Give each environment its own credential: environment-scoped secrets (GitHub environments, GitLab environment-scoped variables, Bitbucket deployment variables), or better, OIDC federation with a cloud role whose trust policy names the environment.

\`\`\`yaml
jobs:
  deploy-staging:
    environment: staging          # DEPLOY_TOKEN here is the staging environment's secret
    steps: [{ run: ./deploy.sh, env: { DEPLOY_TOKEN: "\${{ secrets.DEPLOY_TOKEN }}" } }]
  deploy-production:
    environment: production       # …and here the production environment's own value
    steps: [{ run: ./deploy.sh, env: { DEPLOY_TOKEN: "\${{ secrets.DEPLOY_TOKEN }}" } }]
\`\`\``,

  correlate(facts, ctx) {
    for (const record of correlation(facts, ctx.settings).records) {
      const verdict = sharedAcrossEnvironments(record);
      if (!verdict) continue;
      reportVerdict(ctx, verdict);
    }
  },
});
