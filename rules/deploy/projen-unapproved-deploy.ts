import { defineRule, type RuleContext } from '../../src/rule/index.js';
import { isDeclarationFile, span } from '../../src/ast/js.js';
import { isProductionLike } from '../../src/model/deploy-commands.js';
import { projenWorkflows, type ProjenJob, type ProjenWorkflow } from '../../src/model/projen-workflows.js';

/** Triggers that run with no human decision. */
const AUTOMATIC = new Set(['push', 'release', 'schedule', 'workflowRun', 'pullRequestTarget', 'repositoryDispatch', 'workflowCall']);

export default defineRule({
  id: 'projen-unapproved-deploy',
  family: 'deploy',
  title: 'Deploy job in a projen-generated workflow without an approval environment',
  description:
    'A GitHub Actions job defined in TypeScript/JavaScript with projen deploys or publishes on an automatic trigger with no `environment`, so no reviewer or protection rule can hold it.',
  severity: 'high',
  confidence: 'medium',
  kinds: ['typescript', 'javascript'],
  keywords: ['projen', 'githubworkflow'],
  tags: ['CWE-284', 'CICD-SEC-1', 'NHI6'],
  help: `**Why.** projen writes \`.github/workflows/*.yml\` from \`.projenrc.ts\`; a deploy job defined there with no \`environment\` runs on every push with the repository's deploy credentials, and no required reviewer or branch policy can stop it. Fixing the generated YAML does not help: projen overwrites it.

**Fix.** Give the job an environment whose protection rules require a reviewer (and store the deploy credentials as environment secrets), in \`.projenrc.ts\`:

\`\`\`ts
workflow.addJobs({
  deploy: {
    runsOn: ['ubuntu-latest'],
    environment: 'production',
    permissions: { contents: JobPermission.READ, idToken: JobPermission.WRITE },
    steps: [{ run: 'npx cdk deploy --all' }],
  },
});
\`\`\`

Workflows triggered only by \`workflowDispatch\` are started by a person and are not reported.`,
  scan(doc, ctx) {
    if (isDeclarationFile(doc.path)) return;
    const program = doc.js()?.program;
    if (!program) return;
    for (const workflow of projenWorkflows(program)) for (const job of workflow.jobs) checkJob(job, workflow, ctx);
  },
});

function checkJob(job: ProjenJob, workflow: ProjenWorkflow, ctx: RuleContext): void {
  if (!job.deploys || job.environment) return;
  // Triggers unknown (set elsewhere) count as automatic; only a manual-only workflow is gated by a person.
  if (workflow.triggers.length && !workflow.triggers.some((t) => AUTOMATIC.has(t))) return;
  const production = isProductionLike(job.names, ctx.settings.productionPatterns);
  ctx.report(
    span(job.node),
    `Job \`${job.id}\` of the projen workflow \`${workflow.name}\` runs \`${job.deploys}\`${production ? ' against production' : ''} with no \`environment\`: it deploys with the repository's credentials on every ${workflow.triggers.includes('push') ? 'push' : 'run'} and no reviewer can hold it; set \`environment\` on the job in the projen source (with required reviewers on that environment).`,
    {
      severity: production ? 'high' : 'medium',
      fingerprintKey: `projen-job:${workflow.name}:${job.id}`,
      properties: { workflow: workflow.name, job: job.id, command: job.deploys },
    },
  );
}
