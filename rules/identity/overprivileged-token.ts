import { defineRule } from '../../src/rule/index.js';
import type { Range, RuleContext, Severity } from '../../src/rule/index.js';
import { entry, get } from '../../src/ast/index.js';
import { inputReader, mainDeploy, normaliseUses, pipelineOf, tokenScopesUsed, type Permissions, type Pipeline } from '../../src/model/pipeline/index.js';

/** Scopes whose write grant matters most (zizmor's high-impact set, roughly). */
const HIGH_IMPACT = new Set(['contents', 'packages', 'id-token', 'actions', 'deployments', 'pages', 'pull-requests', 'attestations']);
/** Every scope GITHUB_TOKEN has; anything else in a permissions block grants nothing. */
const SCOPES = new Set([
  ...HIGH_IMPACT,
  'checks',
  'discussions',
  'issues',
  'models',
  'repository-projects',
  'security-events',
  'statuses',
  'artifact-metadata',
]);

export default defineRule({
  id: 'overprivileged-token',
  family: 'identity',
  title: 'Pipeline token with more authority than the job uses',
  description:
    'A CI job token is granted more than the job needs: `permissions: write-all`, no permissions block on a workflow that holds secrets or runs on risky triggers, write scopes no step uses, or OIDC and service-principal credentials handed to every job.',
  severity: 'medium',
  confidence: 'high',
  kinds: ['github-workflow', 'gitlab-ci', 'azure-pipelines'],
  tags: ['CWE-250', 'CWE-272', 'NHI5', 'CICD-SEC-5'],
  help: `**Why.** The pipeline's own token is a machine identity: whatever runs in the job (every action, dependency and build script) can use it. \`permissions: write-all\` lets a compromised step push code, publish packages and rewrite releases; a workflow with no \`permissions:\` block gets the repository default, which is read-write on older repositories and organisations. Write scopes that no step uses widen the blast radius for nothing.

The rule reports, on GitHub Actions: \`write-all\` at workflow or job level; no \`permissions\` anywhere in a workflow that holds secrets, deploys or runs on \`pull_request_target\`/\`workflow_run\`/comment triggers; write scopes a job does not use, when every step of the job is understood (an unknown action or \`gh api\` could use any scope, so those jobs are left alone); \`id-token: write\` granted at workflow level to jobs that never federate. On GitLab: \`id_tokens\` under \`default:\` (every job can mint an OIDC token). On Azure Pipelines: \`addSpnToEnvironment: true\` on a script that never reads the service principal, and \`persistCredentials: true\` on a checkout whose job never pushes.

**Fix.** Declare \`permissions: contents: read\` at the top of every workflow and grant each job only the writes it uses; mint OIDC tokens only in the job that deploys.

\`\`\`yaml
permissions:
  contents: read
jobs:
  release:
    permissions:
      contents: write   # creates the GitHub release
\`\`\``,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    for (const pipeline of model.pipelines) {
      if (pipeline.platform === 'github-actions' && pipeline.kind === 'workflow') checkGithub(pipeline, ctx);
      else if (pipeline.platform === 'gitlab-ci') checkGitlab(pipeline, ctx);
      else if (pipeline.platform === 'azure-pipelines') checkAzure(pipeline, ctx);
    }
  },
});

// ---- GitHub ----------------------------------------------------------------------------------

function checkGithub(pipeline: Pipeline, ctx: RuleContext): void {
  reportWriteAll(pipeline.permissions, 'This workflow', ctx);
  for (const job of pipeline.jobs) reportWriteAll(job.permissions, `Job "${job.id}"`, ctx);
  reportMissing(pipeline, ctx);
  reportUnused(pipeline, ctx);
}

function reportWriteAll(permissions: Permissions | undefined, who: string, ctx: RuleContext): void {
  if (permissions?.all !== 'write-all') return;
  ctx.report(
    permissions.range,
    `${who} grants GITHUB_TOKEN \`write-all\`: every step, action and dependency it runs can push code, publish packages and change releases; list only the scopes the jobs use (start from \`contents: read\`).`,
    {
      severity: 'high',
      fingerprintKey: `${who}:write-all`,
    },
  );
}

/** No `permissions` anywhere, in a workflow with something worth protecting. */
function reportMissing(pipeline: Pipeline, ctx: RuleContext): void {
  if (pipeline.permissions || pipeline.reusable || !pipeline.triggersRange) return;
  const open = pipeline.jobs.filter((j) => !j.permissions && !j.call);
  if (!open.length) return;
  const reasons: string[] = [];
  const risky = [...new Set(pipeline.triggers.filter((t) => t.untrusted).map((t) => t.event))];
  if (risky.length) reasons.push(`runs on ${risky.join(', ')}`);
  const secretJob = open.find((j) => j.references.some((r) => (r.kind === 'secret' && r.name !== 'GITHUB_TOKEN') || r.kind === 'whole-secrets'));
  if (secretJob) reasons.push(`job "${secretJob.id}" holds secrets`);
  const deployJob = open.find((j) => mainDeploy(pipeline, j));
  if (deployJob && deployJob !== secretJob) reasons.push(`job "${deployJob.id}" deploys`);
  if (!reasons.length) return;
  const severity: Severity = risky.length ? 'high' : 'medium';
  ctx.report(
    pipeline.triggersRange,
    `This workflow sets no \`permissions\` and ${reasons.join(' and ')}, so ${open.length === 1 ? `job "${open[0]!.id}" gets` : `${open.length} jobs get`} the repository's default GITHUB_TOKEN (read-write on older repositories); add \`permissions: contents: read\` at the top and grant writes per job.`,
    {
      severity,
      confidence: 'medium',
      related: open.slice(0, 3).map((j) => ({ target: j.keyRange, message: `job "${j.id}" has no permissions block` })),
      fingerprintKey: 'missing-permissions',
    },
  );
}

/** Write scopes no step of the job uses (only for jobs whose every step is understood). */
function reportUnused(pipeline: Pipeline, ctx: RuleContext): void {
  const byScope = new Map<number, { range: Range; scope: string; jobs: string[]; level: 'workflow' | 'job' }>();
  for (const job of pipeline.jobs) {
    const permissions = job.permissions ?? pipeline.permissions;
    if (!permissions || permissions.all || job.call) continue;
    const writes = permissions.scopes.filter((s) => s.level === 'write' && SCOPES.has(s.name));
    if (!writes.length) continue;
    const used = tokenScopesUsed(pipeline, job);
    if (!used) continue;
    for (const scope of writes) {
      if (used.has(scope.name) || (scope.name === 'pull-requests' && used.has('issues')) || (scope.name === 'issues' && used.has('pull-requests'))) continue;
      const slot = byScope.get(scope.range.start) ?? { range: scope.range, scope: scope.name, jobs: [], level: job.permissions ? 'job' : 'workflow' };
      slot.jobs.push(job.id);
      byScope.set(scope.range.start, slot);
    }
  }
  for (const slot of byScope.values()) {
    const severity: Severity = HIGH_IMPACT.has(slot.scope) ? 'medium' : 'low';
    const jobs = slot.jobs
      .slice(0, 3)
      .map((j) => `"${j}"`)
      .join(', ');
    const message =
      slot.level === 'workflow'
        ? `\`${slot.scope}: write\` is granted at workflow level, but ${slot.jobs.length > 1 ? 'jobs' : 'job'} ${jobs} never ${slot.scope === 'id-token' ? (slot.jobs.length > 1 ? 'federate' : 'federates') : slot.jobs.length > 1 ? 'use it' : 'uses it'}: any step there can act with it; grant it only in the job that needs it.`
        : `Job ${jobs} is granted \`${slot.scope}: write\` but none of its steps uses it: a compromised step could act with it; drop it or lower it to read.`;
    ctx.report(slot.range, message, { severity, fingerprintKey: `${slot.scope}:${slot.jobs.join(',')}:unused` });
  }
}

// ---- GitLab, Azure -----------------------------------------------------------------------

function checkGitlab(pipeline: Pipeline, ctx: RuleContext): void {
  const idTokens = entry(get(pipeline.node, 'default'), 'id_tokens');
  if (!idTokens || pipeline.jobs.length < 2) return;
  ctx.report(
    idTokens.keyRange,
    `\`id_tokens\` under \`default:\` lets every one of the ${pipeline.jobs.length} jobs mint an OIDC token that cloud roles trust; define \`id_tokens\` only on the jobs that deploy.`,
    {
      severity: 'medium',
      fingerprintKey: 'default-id-tokens',
    },
  );
}

function checkAzure(pipeline: Pipeline, ctx: RuleContext): void {
  for (const job of pipeline.jobs) {
    const pushes = job.steps.some((s) => s.commands.some((c) => c.argv[0]?.value === 'git' && ['push', 'tag'].includes(c.argv[1]?.value ?? '')));
    for (const step of job.steps) {
      const name = step.uses ? normaliseUses('azure-pipelines', step.uses.value) : '';
      const inputs = inputReader(step.inputs);
      if ((name === 'azurecli' || name === 'azurepowershell') && /^true$/i.test(inputs.get('addSpnToEnvironment') ?? '')) {
        const reads =
          step.commands.some((c) => c.argv.some((w) => /servicePrincipal(?:Key|Id)|idToken|tenantId/i.test(w.value))) ||
          /servicePrincipal(?:Key|Id)|idToken/i.test(step.inputs.map((i) => i.value ?? '').join(' '));
        const input = step.inputs.find((i) => i.name.toLowerCase() === 'addspntoenvironment');
        if (!reads && input) {
          ctx.report(
            input.keyRange,
            `\`addSpnToEnvironment: true\` puts the service principal's credentials in the environment of a script that never reads them: any tool the script runs can take them; remove it.`,
            { severity: 'low', fingerprintKey: `${job.id}:spn` },
          );
        }
      }
      const persist = step.uses?.value === 'checkout' ? step.inputs.find((i) => i.name === 'persistCredentials') : undefined;
      if (persist && /^true$/i.test(persist.value ?? '') && !pushes) {
        ctx.report(
          persist.keyRange,
          `\`persistCredentials: true\` leaves the pipeline's access token in .git/config for every later step, but job "${job.id}" never pushes; drop it.`,
          { severity: 'low', fingerprintKey: `${job.id}:persist` },
        );
      }
    }
  }
}
