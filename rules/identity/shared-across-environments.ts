import { defineRule } from '../../src/rule/index.js';
import type { Confidence, RepositoryContext, Severity } from '../../src/rule/index.js';
import {
  baseProperties,
  capitalise,
  correlation,
  onlyInExamples,
  describeIdentity,
  environmentSpread,
  firstUse,
  listLabels,
  relatedOf,
  unitTiers,
  type IdentityRecord,
} from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'shared-across-environments',
  family: 'identity',
  title: 'Credential shared across environments',
  description: 'The same credential is used by production and by staging, development or test, or by a production job and by pull-request or test jobs.',
  severity: 'high',
  confidence: 'medium',
  tags: ['NHI8', 'NHI9', 'CICD-SEC-6', 'CWE-653'],
  help: `**Why.** Environments are separated so that a mistake or a compromise in one stays there. A credential that both production and staging (or a pull-request job) hold erases that line: whatever leaks from the less protected side — a test log, a preview deploy, code from a pull request — opens production, and rotating the credential breaks every environment at once. nhiscan reports each shared credential once, at its first use, with every use as a related location.

It reads CI secrets and variables, Jenkins credentials, cloud roles and literal values (the same password in \`.env.staging\` and \`.env.production\`, or in Secrets of a staging and a production namespace). Per-environment names (\`STAGING_DB_PASSWORD\` only in staging jobs, \`PROD_DB_PASSWORD\` only in production jobs), \`GITHUB_TOKEN\` and other per-run platform tokens, and notification tokens (Slack, Codecov…) are not reported. When the production jobs declare their environment the secret is most likely an environment secret with its own value there, so the finding is low (medium confidence): check the secret's scope in the platform's settings. Sharing with a job that runs a pull request's code (\`pull_request\`, review events, or a \`pull_request_target\`/\`workflow_run\`/comment job that checks out the head, fetches the triggering run's artifacts or writes event text into a script) is critical; sharing with a job an outsider can start that runs only base-branch code is high.

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
    for (const record of correlation(facts, ctx.settings).records) check(record, ctx);
  },
});

/** One finding per credential that production shares with a less protected place. */
function check(record: IdentityRecord, ctx: RepositoryContext): void {
  const spread = environmentSpread(record);
  if (!spread) return;
  const { production, pullRequest, outsiders, nonProduction, tests, scopable } = spread;
  // Code from a pull request reaching the production credential is the worst case. When the
  // production jobs declare their environment, the secret is most likely environment-scoped there,
  // with a value of its own: what is left is to check that in the settings (low), unless outsiders
  // reach one side.
  const severity: Severity = pullRequest.length ? 'critical' : scopable && !outsiders.length ? 'low' : 'high';
  // Both sides declare an environment: the secret may be environment-scoped.
  const confidence: Confidence = scopable ? 'medium' : 'high';
  const what = describeIdentity(record);
  const sides: string[] = [];
  if (pullRequest.length) sides.push(`pull-request jobs (${listLabels(pullRequest)})`);
  if (outsiders.length) sides.push(`jobs that outsiders can trigger (${listLabels(outsiders)})`);
  if (nonProduction.length) sides.push(`${spread.tiers.join(' and ')} (${listLabels(nonProduction)})`);
  if (tests.length) sides.push(`test jobs (${listLabels(tests)})`);
  const holder = record.type === 'cloud-identity' ? 'act as the production identity' : 'read the production credential';
  const why = pullRequest.length
    ? `code from a pull request can ${holder}`
    : outsiders.length
      ? `a job an outsider can start (an issue, a comment, a fork's pull request) can ${holder}`
      : 'one leak outside production opens production, and rotating it breaks every environment at once';
  const caveat = scopable ? ` unless ${record.name} is an environment secret with its own value in each environment,` : '';
  const message = `${capitalise(what)} is used by production (${listLabels(production)}) and by ${sides.join(' and by ')};${caveat} ${why} — ${environmentFix(record)}`;
  ctx.report(firstUse(record).fact.location, message, {
    severity: onlyInExamples(record) ? 'low' : severity,
    confidence,
    related: relatedOf(record.occurrences),
    properties: {
      ...baseProperties(record, spread.units),
      environments: unitTiers(spread.units),
      pullRequest: pullRequest.length > 0,
      outsiders: outsiders.length > 0,
    },
    fingerprintKey: `identity:${record.key}`,
  });
}

/** The fix for a credential shared across environments, in the terms of where it lives. */
function environmentFix(record: IdentityRecord): string {
  switch (record.type) {
    case 'literal':
      return 'give each environment its own value, kept in a secret store rather than in the repository';
    case 'cloud-identity':
      return 'give each environment its own role or service account, with a trust policy bound to that environment';
    default:
      return 'give each environment its own credential (environment-scoped secrets, or OIDC federation bound to the environment)';
  }
}
