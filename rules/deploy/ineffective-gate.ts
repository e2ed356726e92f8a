import { defineRule } from '../../src/rule/index.js';
import type { RuleContext, Severity } from '../../src/rule/index.js';
import {
  descendants,
  compilePatterns,
  type NamePattern,
  deployTier,
  gateVerdict,
  mainDeploy,
  MODEL_KINDS,
  pipelineOf,
  type Gate,
  type GateWeakness,
  type Job,
  type Pipeline,
} from '../../src/model/pipeline/index.js';

/** Names of jobs that exist only to wait for a person. */
const APPROVAL_NAME =
  /approv|(?:^|[-_ ])gate(?:$|[-_ ])|confirm|sign[-_ ]?off|(?:^|[-_ ])hold(?:$|[-_ ])|go[-_ ]?live|promote|release[-_ ]?(?:check|decision)/i;

export default defineRule({
  id: 'ineffective-gate',
  family: 'deploy',
  title: 'Approval gate that does not block the deploy',
  description: 'An approval written in the pipeline file does not actually stop the deploy it appears to guard.',
  severity: 'high',
  confidence: 'high',
  kinds: MODEL_KINDS.filter((k) => k !== 'github-action'),
  tags: ['CWE-284', 'CWE-693', 'CICD-SEC-1'],
  help: `**Why.** A gate that looks like an approval but lets the deploy run anyway gives false assurance: reviewers believe production changes wait for them, while the pipeline ships on its own. The rule reports:
- a GitLab manual job with a job-level \`when: manual\` and no \`allow_failure: false\` in front of a deploy in a later stage (manual jobs are optional by default, so later stages run without them);
- a Buildkite \`input\` step before a deploy (an \`input\` collects data but blocks nothing; a \`block\` does);
- an Azure \`ManualValidation\` with \`onTimeout: resume\`, and an Argo \`suspend\` with a \`duration\` (both resume by themselves);
- an approval job, block step, \`input\` stage or validation that is not on the deploy's path (nothing requires it, or it comes after the deploy).

**Fix.** Make the gate blocking and put it on the deploy's path: \`allow_failure: false\` (or \`needs: [approve]\` on the deploy) on GitLab, \`block\` instead of \`input\` on Buildkite, \`onTimeout: reject\` on Azure, no \`duration\` on a \`suspend\`, and \`requires:\`/\`dependsOn:\` naming the approval.

\`\`\`yaml
approve-production:
  stage: approve
  when: manual
  allow_failure: false   # later stages wait for a person to run this job
\`\`\``,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    const patterns = compilePatterns(ctx.settings.productionPatterns);
    for (const pipeline of model.pipelines) checkPipeline(pipeline, patterns, ctx);
  },
});

interface DeployJob {
  job: Job;
  production: boolean;
  verdict: ReturnType<typeof gateVerdict>;
}

function checkPipeline(pipeline: Pipeline, patterns: NamePattern[], ctx: RuleContext): void {
  const deploys: DeployJob[] = [];
  for (const job of pipeline.jobs) {
    const deploy = mainDeploy(pipeline, job);
    if (!deploy) continue;
    const tier = deployTier(pipeline, job, deploy, patterns);
    if (tier.tier === 'non-production') continue;
    deploys.push({ job, production: tier.tier === 'production', verdict: gateVerdict(pipeline, job, []) });
  }
  for (const job of pipeline.jobs) {
    for (const gate of job.gates) {
      if (gate.effective === false) reportSelfResuming(pipeline, gate, job, deploys, ctx);
      else if (!gate.blocking) reportNonBlocking(pipeline, gate, job, deploys, ctx);
      else reportOffPath(pipeline, gate, job, deploys, ctx);
    }
  }
}

/** Why the gate lets the run go on, in words. */
function weaknessText(weakness: GateWeakness | undefined): string | undefined {
  switch (weakness?.kind) {
    case undefined:
      return undefined;
    case 'collects-input-only':
      return 'an `input` step collects data but does not block later steps (use `block`)';
    case 'allow-failure':
      return 'allow_failure: true lets the pipeline continue without it';
    case 'optional-manual-job':
      return 'a job-level `when: manual` is optional (allow_failure defaults to true), so later stages run without it';
    case 'resumes-on-timeout':
      return '`onTimeout: resume` continues the run when nobody answers';
    case 'resumes-after-duration':
      return `\`suspend.duration: ${weakness.duration}\` resumes by itself`;
    case 'no-submitter':
      return 'no `submitter`, so anyone who can build the job can approve';
  }
}

function severityFor(related: readonly DeployJob[]): Severity {
  return related.some((d) => d.production) ? 'high' : 'medium';
}

function names(related: readonly DeployJob[]): string {
  return related
    .slice(0, 3)
    .map((d) => `"${d.job.id}"`)
    .join(', ');
}

/** `onTimeout: resume`, `suspend.duration`: the gate lets the run go on by itself. */
function reportSelfResuming(pipeline: Pipeline, gate: Gate, job: Job, deploys: DeployJob[], ctx: RuleContext): void {
  const after = deploys.filter((d) => d.job !== job && precedes(pipeline, job, d.job));
  // A timed `suspend` is often a deliberate pause (a canary bake): only one that stands in for
  // an approval, by its name or by a deploy after it, is reported.
  if (gate.kind === 'suspend' && !after.length && !APPROVAL_NAME.test(job.id)) return;
  const what = gate.kind === 'manual-validation' ? 'This ManualValidation' : gate.kind === 'suspend' ? `Suspend template "${job.id}"` : 'This gate';
  const fix = gate.kind === 'manual-validation' ? 'set `onTimeout: reject`' : 'remove the duration and resume the workflow only after review';
  ctx.report(
    gate.range,
    `${what} is not an approval: ${weaknessText(gate.weakness) ?? 'it resumes by itself'}, so what follows runs unapproved once it times out; ${fix}.`,
    {
      severity: after.length ? severityFor(after) : 'medium',
      related: after.slice(0, 3).map((d) => ({ target: d.job.keyRange, message: `deploy "${d.job.id}"` })),
      fingerprintKey: `${job.id}:${gate.kind}:self-resuming`,
    },
  );
}

/** A manual job or input step that later deploys do not wait for. */
function reportNonBlocking(pipeline: Pipeline, gate: Gate, job: Job, deploys: DeployJob[], ctx: RuleContext): void {
  const bypassed = deploys.filter((d) => d.job !== job && d.verdict.verdict !== 'gated' && precedes(pipeline, job, d.job));
  if (!bypassed.length) return;
  const message =
    gate.kind === 'input-step'
      ? `Input step "${job.name ?? job.id}" does not block anything: ${names(bypassed)} ${bypassed.length > 1 ? 'run' : 'runs'} without waiting for it; use a \`block\` step (or make the deploy \`depends_on\` it).`
      : `Manual job "${job.id}" does not hold back ${names(bypassed)}: ${weaknessText(gate.weakness) ?? 'it is optional'}; add \`allow_failure: false\` to it (or \`needs: [${job.id}]\` to the deploy).`;
  ctx.report(gate.range, message, {
    severity: severityFor(bypassed),
    related: bypassed.slice(0, 3).map((d) => ({ target: d.job.keyRange, message: `deploy "${d.job.id}" runs without this gate` })),
    fingerprintKey: `${job.id}:${gate.kind}:non-blocking`,
  });
}

/** An approval that gates no deploy while the pipeline deploys without one. */
function reportOffPath(pipeline: Pipeline, gate: Gate, job: Job, deploys: DeployJob[], ctx: RuleContext): void {
  if (!looksLikeApproval(gate, job)) return;
  if (deploys.some((d) => d.verdict.gate === gate || d.job === job)) return;
  const ungated = deploys.filter((d) => d.verdict.verdict !== 'gated');
  if (!ungated.length) return;
  const label =
    gate.kind === 'approval-job'
      ? 'Approval job'
      : gate.kind === 'block-step'
        ? 'Block step'
        : gate.kind === 'manual-validation'
          ? 'ManualValidation job'
          : gate.kind === 'input'
            ? 'Input'
            : pipeline.platform === 'bitbucket'
              ? 'Manual step'
              : 'Manual job';
  const link =
    pipeline.platform === 'circleci'
      ? 'requires'
      : pipeline.platform === 'azure-pipelines'
        ? 'dependsOn'
        : pipeline.platform === 'buildkite'
          ? 'depends_on'
          : 'needs';
  const fix =
    pipeline.platform === 'jenkins' || pipeline.platform === 'bitbucket'
      ? 'move it to the deploy stage or one before it'
      : `move the gate before the deploy and make the deploy's ${link} include it`;
  const message = `${label} "${job.name ?? job.id}" is not on the path of ${names(ungated)}: the deploy does not wait for it, so it ships without approval; ${fix}.`;
  ctx.report(gate.range, message, {
    severity: severityFor(ungated),
    related: ungated.slice(0, 3).map((d) => ({ target: d.job.keyRange, message: `deploy "${d.job.id}" does not wait for this approval` })),
    fingerprintKey: `${job.id}:${gate.kind}:off-path`,
  });
}

/** Whether a gate's job comes before a deploy (in its dependencies, or earlier in a Buildkite file). */
function precedes(pipeline: Pipeline, gateJob: Job, deploy: Job): boolean {
  if (descendants(pipeline, gateJob).has(deploy)) return true;
  return pipeline.platform === 'buildkite' && gateJob.range.start < deploy.range.start;
}

/** Approval jobs and steps, and manual jobs that do nothing but wait for a person. */
function looksLikeApproval(gate: Gate, job: Job): boolean {
  if (gate.kind !== 'manual-job') return gate.kind !== 'manual-sync';
  if (APPROVAL_NAME.test(`${job.id} ${job.name ?? ''}`)) return true;
  const commands = job.steps.flatMap((s) => s.commands);
  return commands.every((c) => /^(?:echo|true|:|sleep|printf)$/.test(c.argv[0]?.value ?? ''));
}
