import { defineRule } from '../../src/rule/index.js';
import * as z from '../../src/rule/zod.js';
import { isDocumentationPath, isTestPath } from '../../src/detect/paths.js';
import type { Confidence, Range, RuleContext, Severity } from '../../src/rule/index.js';
import {
  compilePatterns,
  type NamePattern,
  deployTier,
  gateVerdict,
  GATE_OUTSIDE_FILE,
  isProtected,
  mainDeploy,
  MODEL_KINDS,
  pipelineOf,
  type Deploy,
  type Job,
  type Pipeline,
  type Platform,
  type TargetTier,
  type TierBasis,
} from '../../src/model/pipeline/index.js';

/** How to put a deploy behind a person's approval, per platform. */
const GATE_ADVICE: Record<Platform, string> = {
  'github-actions': 'give the job an environment (`environment: production`) that requires reviewers',
  'gitlab-ci': 'add `when: manual` to its rules (or deploy to a protected environment with deployment approvals)',
  'azure-pipelines': 'make it a `deployment` job on an environment with an approval check, or run a `ManualValidation` job before it',
  circleci: 'require a `type: approval` job before it in the workflow (and restrict its context to a security group)',
  bitbucket: 'add `trigger: manual` and a `deployment:` environment with deployment permissions',
  jenkins: 'add an `input` with a `submitter` before the stage',
  buildkite: 'add a `block` step (with `allowed_teams`) before it',
  'cloud-build': 'require approval on the build trigger (approvalConfig), or deploy through Cloud Deploy with `requireApproval`',
  codebuild: 'add a manual approval action before this build in its CodePipeline',
  travis: 'deploy from a system with an approval step, or limit the deploy to protected release tags',
  drone: 'run the step only on the `promote` event so someone promotes each build',
  argocd: 'turn off `syncPolicy.automated` for production and sync by hand or from a gated pipeline',
};

/** Platforms whose jobs are synthetic: findings point at the deploy itself. */
const POINT_AT_DEPLOY = new Set(['cloud-build', 'codebuild', 'travis', 'argocd']);

const OPTIONS = z.object({
  reportNonProduction: z.boolean().default(false).describe('Also report ungated deploys to staging, preview and development targets.'),
  includeImagePush: z.boolean().default(false).describe('Count a plain image push on a branch build as a deploy.'),
  reportUnverified: z.boolean().default(true).describe('Report deploys gated by an environment whose reviewers live in the platform settings (low severity).'),
});

/** The context of this rule: `ctx.options` typed by its schema. */
type Context = RuleContext<z.output<typeof OPTIONS>>;

export default defineRule({
  id: 'unapproved-deploy',
  family: 'deploy',
  title: 'Deploy without an approval gate',
  description: 'A job deploys, publishes or releases with no approval gate on its path, or only behind an environment whose protection the file cannot show.',
  severity: 'high',
  confidence: 'high',
  kinds: MODEL_KINDS.filter((k) => k !== 'github-action'),
  tags: ['CWE-284', 'CICD-SEC-1', 'NHI5'],
  help: `**Why.** A deploy job acts with the pipeline's production credentials. When nothing stops it, anyone who can push to the branch (or compromise a dependency the build runs) ships to production without a second person looking. Publishing a package or a release is a deploy too.

The rule gives one of three verdicts per deploying job:
- **gated in the file** (a GitLab \`when: manual\` rule, a CircleCI \`type: approval\` job it requires, a Bitbucket \`trigger: manual\` step, a Buildkite \`block\`, a Jenkins \`input\`, an Azure \`ManualValidation\`, a Drone \`promote\`, an Argo CD app without automated sync): no finding;
- **unverified**: it targets an environment (GitHub environment, GitLab/Azure environment, Bitbucket deployment, CircleCI context) whose reviewers live in the platform's settings: low severity, silenced when \`approvals.protectedEnvironments\` lists it;
- **ungated**: a finding, high for production-like targets (environment, context, branch, \`--prod\`, namespace or project names), medium when the target is unknown. Staging, preview and development targets are skipped unless \`reportNonProduction\` is on.

A manual trigger (\`workflow_dispatch\`, a Bitbucket custom pipeline) is not an approval: one person runs it alone, and so can any bot or agent token allowed to dispatch workflows, so a production deploy started only by hand is reported at medium. Publishing a package, a release or release images is reported as publishing: medium when every push to a branch publishes, low when a tag or release does. A job recognised only by its name is at most low. A Cloud Deploy \`releases create\` rolls out to the delivery pipeline's first target (a \`releases promote --to-target\` to production is the deploy), and release-PR bots (release-please, changesets without \`publish\`) ship nothing themselves.

**Fix.** Put the deploy behind a person: on GitHub an environment with required reviewers; on GitLab \`when: manual\` in the rules or a protected environment with approvals; on CircleCI an approval job; on Jenkins an \`input\` with a \`submitter\`.

\`\`\`yaml
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production   # required reviewers are set on this environment
    steps:
      - run: kubectl apply -f k8s/
\`\`\``,
  options: OPTIONS,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    const patterns = compilePatterns(ctx.settings.productionPatterns);
    for (const pipeline of model.pipelines) {
      for (const job of pipeline.jobs) checkJob(pipeline, job, patterns, ctx);
    }
  },
});

function checkJob(pipeline: Pipeline, job: Job, patterns: NamePattern[], ctx: Context): void {
  const deploy = mainDeploy(pipeline, job, { includeImagePush: ctx.options.includeImagePush });
  if (!deploy) return;
  const tier = deployTier(pipeline, job, deploy, patterns);
  if (tier.tier === 'non-production' && !ctx.options.reportNonProduction) return;
  const verdict = gateVerdict(pipeline, job, ctx.settings.protectedEnvironments);
  if (verdict.verdict === 'gated') return;
  if (verdict.verdict === 'unverified') {
    reportUnverified(pipeline, job, deploy, tier, verdict.environment!, verdict.environmentJob!, ctx);
    return;
  }
  const connection = job.references.find(
    (r) =>
      r.kind === 'service-connection' &&
      isProtected({ name: r.name, range: r.range, dynamic: false, kind: 'service-connection' }, ctx.settings.protectedEnvironments),
  );
  if (connection) return;
  if (verdict.manualTrigger) {
    reportManualOnly(pipeline, job, deploy, tier, verdict.manualTrigger, ctx);
    return;
  }
  reportUngated(pipeline, job, deploy, tier, ctx);
}

function isExampleFile(path: string): boolean {
  return isTestPath(path) || isDocumentationPath(path);
}

/** Publishing a package, a release or release images: it reaches users, but it is not a deploy to a running system. */
function isPublishing(deploy: Deploy): boolean {
  return deploy.kind === 'publish' || deploy.kind === 'release' || deploy.kind === 'image-push';
}

/** A production tier that names where the deploy goes (not one inferred from publishing or release tags). */
function namedProduction(tier: TargetTier): boolean {
  return tier.tier === 'production' && tier.basis !== undefined && !GENERIC_BASES.has(tier.basis);
}

/** Bases that make a deploy production-like without naming a target. */
const GENERIC_BASES = new Set<TierBasis>(['publish', 'release', 'release-tags']);

/** The target as the message names it: `environment "production"`, `branch main`. */
function targetLabel(tier: TargetTier): string {
  const label = tier.label ?? '';
  switch (tier.basis) {
    case 'environment':
      return `environment "${label}"`;
    case 'context':
      return `context "${label}"`;
    case 'job-name':
      return `job "${label}"`;
    case 'stage':
      return `stage "${label}"`;
    case 'pipeline-name':
      return `pipeline "${label}"`;
    case 'branch':
      return `branch ${label}`;
    case 'command':
      return label;
    default:
      return `target ${label}`;
  }
}

/** What the finding calls the deploying unit. */
function subject(pipeline: Pipeline, job: Job): string {
  if (pipeline.platform === 'cloud-build' || pipeline.platform === 'codebuild') return 'This build';
  if (pipeline.platform === 'argocd' && pipeline.kind === 'application') return `Application "${job.id}"`;
  if (job.provider) return `Deploy provider "${job.provider}"`;
  const name = job.name && job.name !== job.id && !job.id.endsWith(job.name) ? `"${job.id}" (${job.name})` : `"${job.id}"`;
  return `${pipeline.platform === 'jenkins' ? 'Stage' : 'Job'} ${name}`;
}

function describe(pipeline: Pipeline, job: Job, deploy: Deploy, tier: TargetTier, showTarget = true): string {
  const name = subject(pipeline, job);
  const production = namedProduction(tier);
  const target = production && showTarget ? ` (${targetLabel(tier)})` : '';
  const what = deploy.evidence === 'name' ? ' (by its name: none of its commands is a known deploy)' : ` with ${deploy.what}`;
  switch (deploy.kind) {
    case 'publish':
      return `${name} publishes a package${what}`;
    case 'release':
      return `${name} publishes a release${what}`;
    case 'image-push':
      return `${name} pushes release images${what}`;
    case 'infrastructure':
      return `${name} changes ${production ? 'production ' : ''}infrastructure${target}${what}`;
    default:
      return `${name} deploys${production ? ' to production' : ''}${target}${what}`;
  }
}

/** When the job runs unattended, for messages: ` on every push to main`. */
function whenItRuns(job: Job): string {
  const trigger = job.triggers.find((t) => t.kind === 'push' || t.kind === 'tag' || t.kind === 'schedule' || t.kind === 'release');
  if (!trigger) return '';
  if (trigger.event === 'automated sync') return ' on every commit to its source';
  const branches = job.branches ?? trigger.branches;
  if (trigger.kind === 'tag') return ' on every tag';
  if (trigger.kind === 'release') return ' on every release';
  if (trigger.kind === 'schedule') return ' on a schedule';
  return branches?.length ? ` on every push to ${branches.join(', ')}` : ' on every push';
}

/**
 * Severity of an ungated job: a production deploy is high, an unknown target medium; publishing
 * is its own case (medium when every push to a branch publishes, low when a person's tag or
 * release does); a job recognised by its name alone is at most low.
 */
function ungatedSeverity(pipeline: Pipeline, job: Job, deploy: Deploy, tier: TargetTier): Severity {
  if (deploy.evidence === 'name') return 'low';
  if (isPublishing(deploy)) {
    const onTagsOnly = job.triggers.length > 0 && job.triggers.every((t) => t.kind === 'tag' || t.kind === 'release');
    // A publisher's own say (`changesets/action` with publish) names no target: only an environment, branch or name does.
    const namedTarget = namedProduction(tier) && tier.basis !== 'command';
    return onTagsOnly && !namedTarget ? 'low' : 'medium';
  }
  if (GATE_OUTSIDE_FILE.has(pipeline.platform) || tier.basis === 'release-tags') return 'medium';
  return tier.tier === 'production' ? 'high' : 'medium';
}

function reportUngated(pipeline: Pipeline, job: Job, deploy: Deploy, tier: TargetTier, ctx: Context): void {
  let severity = ungatedSeverity(pipeline, job, deploy, tier);
  let confidence: Confidence = deploy.evidence === 'name' ? 'low' : 'high';
  const caveats: string[] = [];
  if (pipeline.reusable || pipeline.kind === 'template') {
    confidence = 'low';
    caveats.push('unless every caller gates it');
  } else if (job.unresolved?.length) {
    if (confidence === 'high') confidence = 'medium';
    caveats.push(`parts of it come from ${job.unresolved[0]}, which is not in this file`);
  }
  if (job.call) {
    // The called workflow or child pipeline may name an environment of its own.
    confidence = 'low';
    if (severity === 'high') severity = 'medium';
    caveats.push(`it calls ${job.call.uses.value}, whose jobs may hold an approval`);
  }
  if (GATE_OUTSIDE_FILE.has(pipeline.platform)) {
    confidence = 'medium';
    caveats.push('unless the trigger requires approval');
  }
  if (isExampleFile(ctx.doc.path)) {
    // An example, test or documentation manifest ships nothing until someone applies it.
    severity = 'low';
    caveats.push('it sits in an example, test or documentation folder');
  }
  const consequence = isPublishing(deploy)
    ? "anyone who can push there publishes in the project's name without a second person (and a compromised build step publishes too)"
    : 'anyone who can push there ships without a second person';
  const message =
    `${describe(pipeline, job, deploy, tier)}${whenItRuns(job)} with no approval gate${caveats.length ? ` (${caveats.join('; ')})` : ''}: ` +
    `${consequence}, so ${GATE_ADVICE[pipeline.platform]}.`;
  const target = POINT_AT_DEPLOY.has(pipeline.platform) ? deploy.range : job.keyRange;
  ctx.report(target, message, {
    severity,
    confidence,
    related: deploy.range === target ? [] : [{ target: deploy.range, message: deploy.what }],
    properties: { verdict: 'ungated', tier: tier.tier, evidence: deploy.evidence, deployKind: deploy.kind, platform: pipeline.platform },
    fingerprintKey: `${pipeline.name}:${job.id}:ungated`,
  });
}

/**
 * Started only by hand (`workflow_dispatch`): one person decides alone, and so can any bot or
 * agent token allowed to dispatch workflows. Reported for deploys to a named production target;
 * publishing by hand is the usual release process and is left alone.
 */
function reportManualOnly(pipeline: Pipeline, job: Job, deploy: Deploy, tier: TargetTier, trigger: Range, ctx: Context): void {
  if (isPublishing(deploy) || !namedProduction(tier) || deploy.evidence === 'name') return;
  const message =
    `${describe(pipeline, job, deploy, tier)} whenever someone starts it by hand, with no approval gate: a manual trigger is not an approval, ` +
    `since one person runs it alone (and so can any bot or agent token allowed to dispatch workflows), so ${GATE_ADVICE[pipeline.platform]}.`;
  ctx.report(job.keyRange, message, {
    severity: isExampleFile(ctx.doc.path) ? 'low' : 'medium',
    confidence: pipeline.reusable || job.call ? 'low' : 'high',
    related: [
      { target: deploy.range, message: deploy.what },
      { target: trigger, message: 'manual trigger' },
    ],
    properties: { verdict: 'manual-only', tier: tier.tier, evidence: deploy.evidence, deployKind: deploy.kind, platform: pipeline.platform },
    fingerprintKey: `${pipeline.name}:${job.id}:manual-only`,
  });
}

function reportUnverified(
  pipeline: Pipeline,
  job: Job,
  deploy: Deploy,
  tier: TargetTier,
  environment: NonNullable<ReturnType<typeof gateVerdict>['environment']>,
  owner: Job,
  ctx: Context,
): void {
  if (!ctx.options.reportUnverified) return;
  // An environment alone, with nothing production-like about it, is not worth a note.
  if (tier.tier !== 'production' && (deploy.evidence === 'structural' || deploy.evidence === 'name')) return;
  const kind = environment.kind === 'context' ? 'context' : environment.kind === 'deployment' ? 'deployment environment' : 'environment';
  const name = environment.dynamic ? `${environment.name}` : `"${environment.name}"`;
  const via = owner === job ? '' : ` (through job "${owner.id}", which it runs after)`;
  const namedByEnvironment = (tier.basis === 'environment' || tier.basis === 'context') && owner === job;
  const message =
    `${describe(pipeline, job, deploy, tier, !namedByEnvironment)} behind ${kind} ${name}${via}, whose approval rules live in ${pipeline.platform === 'github-actions' ? 'repository settings' : 'the platform settings'}, not in this file: ` +
    `make sure it requires reviewers, then list it in approvals.protectedEnvironments to record that.`;
  const target = owner === job ? environment.range : job.keyRange;
  ctx.report(target, message, {
    severity: 'low',
    confidence: environment.dynamic ? 'low' : 'medium',
    related: [{ target: deploy.range, message: deploy.what }, ...(owner === job ? [] : [{ target: environment.range, message: `${kind} ${name}` }])],
    properties: { verdict: 'unverified', tier: tier.tier, environment: environment.name, platform: pipeline.platform },
    fingerprintKey: `${pipeline.name}:${job.id}:unverified`,
  });
}
