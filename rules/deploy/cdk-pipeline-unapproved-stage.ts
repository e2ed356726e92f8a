import { defineRule, type RuleContext } from '../../src/rule/index.js';
import { isDeclarationFile, span } from '../../src/ast/js.js';
import { cdkPipelines, crossFileQuestions, type CdkPipelineUnit, type CdkShellStep, type ClassicAction } from '../../src/model/cdk-pipelines.js';
import { isProductionLike } from '../../src/model/deploy-commands.js';
import { crossFilePipeline, resolveStageIds, type CrossFilePipeline } from '../../src/model/cdk-types.js';

export default defineRule({
  id: 'cdk-pipeline-unapproved-stage',
  family: 'deploy',
  title: 'CDK pipeline promotes to production without manual approval',
  description:
    'An AWS CDK pipeline (CDK Pipelines or a classic CodePipeline construct) deploys a production-like stage, step or action with no manual approval before it.',
  severity: 'high',
  confidence: 'high',
  kinds: ['typescript', 'javascript'],
  keywords: ['codepipeline', 'cdkpipeline', 'githubworkflow', 'addstage', 'addwave'],
  tags: ['CWE-284', 'CICD-SEC-1', 'NHI6'],
  help: `**Why.** A CDK pipeline deploys with its own role in each target account. Without a manual approval before the production stage, every commit that passes the earlier stages reaches production with no human decision: a bad or malicious change ships as fast as a good one.

**Fix.** Put a \`ManualApprovalStep\` in the production stage's \`pre\` (or in the wave's \`pre\`, or in the previous stage's \`post\`). In a classic CodePipeline, add a stage with a \`ManualApprovalAction\` before the deploy stage.

\`\`\`ts
pipeline.addStage(new AppStage(this, 'Prod', { env: prodEnv }), {
  pre: [new ManualApprovalStep('PromoteToProd', { comment: 'Check staging before promoting' })],
});
\`\`\`

Stages added in a loop, through a helper function or in a \`forEach\` callback are followed with the TypeScript binder (ts-morph, loaded only for such files): the stage takes every id the loop's array or the helper's callers give it, and a stage whose id cannot be told is left alone. Across files, the binder reads the repository modules the pipeline module imports (relative imports, tsconfig \`paths\`, workspace packages; at most 48 files, never node_modules, nothing executed): a stage an imported helper adds (\`addServiceStage(pipeline, 'Prod')\`) is reported at the helper call, and a pipeline built from a repository \`CodePipeline\` subclass whose \`addStage\` adds a \`ManualApprovalStep\` counts as approved. Production is told by stage ids, \`stageName\`, \`env\` account names and values, wave ids and step commands (\`prod\`, \`production\`, \`prd\`, \`live\`; not \`preprod\`), and by the configured \`deploy.productionPatterns\`.`,
  scan(doc, ctx) {
    if (isDeclarationFile(doc.path)) return;
    const program = doc.js()?.program;
    if (!program) return;
    const model = cdkPipelines(program);
    const patterns = ctx.settings.productionPatterns;
    const onGitHub = doc.text.includes('cdk-pipelines-github');
    const units = withCrossFileStages(withResolvedIds(model.units, doc.path, doc.text, ctx), program, doc.path, doc.text, ctx);
    for (const group of groupBy(units, (u) => u.pipeline).values()) checkPipeline(group, patterns, onGitHub, ctx);
    for (const step of model.synthSteps) checkSynthStep(step, patterns, ctx);
    for (const actions of groupBy(model.classic, (a) => a.pipeline).values()) checkClassicPipeline(actions, patterns, ctx);
  },
});

/**
 * Stages whose id Babel cannot read (added in a loop, by a helper function, in a `forEach`) get
 * the ids the TypeScript binder resolves: the loop's array, the helper's call arguments. Only
 * an ungated dynamic stage loads the type-aware analysis.
 */
function withResolvedIds(units: CdkPipelineUnit[], path: string, text: string, ctx: RuleContext): CdkPipelineUnit[] {
  const dynamic = units.filter(
    (u) => u.kind === 'stage' && u.dynamic && u.ownApprovals.length === 0 && u.environmentGate === undefined && u.call.start != null,
  );
  if (!dynamic.length) return units;
  let resolved: Map<number, string[]>;
  try {
    resolved = resolveStageIds(
      path,
      text,
      dynamic.map((u) => u.call.start!),
    );
  } catch {
    // ts-morph is not part of every build (the GitHub Action bundle): the stages stay dynamic.
    ctx.note('the type-aware analysis is not available here; stages added in loops or by helpers were not followed', 'warning');
    return units;
  }
  return units.map((u) => {
    const ids = u.call.start != null && dynamic.includes(u) ? resolved.get(u.call.start) : undefined;
    return ids ? { ...u, label: ids.join('`, `'), names: [...u.names, ...ids], dynamic: false } : u;
  });
}

/**
 * What the pipeline module leaves to other files of the repository, answered by the type-aware
 * analysis over the module's imports (ts-morph, loaded only when one of these occurs):
 * - a stage added by an imported helper that takes the pipeline (`addServiceStage(pipeline, 'Prod')`)
 *   becomes a stage of that pipeline, at the helper call, with the ids the helper adds;
 * - a stage added to a pipeline built from a repository `CodePipeline` subclass whose `addStage`
 *   adds an approval is gated by it.
 */
function withCrossFileStages(
  units: CdkPipelineUnit[],
  program: Parameters<typeof crossFileQuestions>[0],
  path: string,
  text: string,
  ctx: RuleContext,
): CdkPipelineUnit[] {
  const { helperCalls, subclassed } = crossFileQuestions(program, units);
  if (!helperCalls.size && !subclassed.length) return units;
  let answer: CrossFilePipeline;
  try {
    answer = crossFilePipeline(path, text, ctx.sources, { helperCalls: [...helperCalls.keys()], stageCalls: subclassed.map((u) => u.call.start!) });
  } catch {
    ctx.note(
      'the type-aware analysis could not read this pipeline module with the modules it imports; stages added by helpers of other files were not followed',
      'warning',
    );
    return units;
  }
  if (answer.limit)
    ctx.note(
      `the pipeline module imports more repository code than the type-aware analysis reads (limit: ${answer.limit}; ${answer.files} files read); stages added in the modules left out were not followed`,
      'warning',
    );
  const approving = new Set(answer.subclasses.filter((s) => s.approvesEveryStage).map((s) => s.callStart));
  const gated = units.map((u) => (u.call.start != null && approving.has(u.call.start) ? { ...u, ownApprovals: [...u.ownApprovals, u.call] } : u));
  const added: CdkPipelineUnit[] = answer.helperStages
    .filter((stage) => stage.gate !== 'unknown')
    .map((stage) => {
      const { call, pipeline } = helperCalls.get(stage.start)!;
      return {
        kind: 'stage',
        call,
        pipeline,
        label: stage.ids.join('`, `'),
        names: stage.ids,
        // The helper's own approval step gates the stages it adds; its call stands for that step.
        ownApprovals: stage.gate === 'approval' ? [call] : [],
        laterApprovals: [],
        steps: [],
        dynamic: false,
        addedBy: { helper: stage.helper, path: stage.helperPath },
      };
    });
  return [...gated, ...added];
}

/** Walks the stages and waves of one pipeline in order, carrying whether an approval ran yet. */
function checkPipeline(units: CdkPipelineUnit[], patterns: readonly string[], onGitHub: boolean, ctx: RuleContext): void {
  let approved = false;
  let wave: CdkPipelineUnit | undefined;
  let waveApprovals = false;
  const leaveWave = () => {
    approved ||= waveApprovals;
    wave = undefined;
    waveApprovals = false;
  };
  for (const unit of [...units].sort((a, b) => (a.call.start ?? 0) - (b.call.start ?? 0))) {
    if (wave && unit.wave !== wave) leaveWave();
    if (unit.kind === 'wave') {
      wave = unit;
      waveApprovals = unit.ownApprovals.length > 0 || unit.laterApprovals.length > 0;
      checkSteps(unit, approved, isProductionLike(unit.names, patterns), false, patterns, ctx);
      continue;
    }
    const gated = approved || unit.ownApprovals.length > 0 || unit.environmentGate !== undefined;
    const production = isProductionLike(unit.names, patterns);
    const reported = production && !gated && !unit.dynamic;
    if (reported) reportStage(unit, onGitHub, ctx);
    checkSteps(unit, approved, production, reported, patterns, ctx);
    const approves = unit.ownApprovals.length > 0 || unit.laterApprovals.length > 0;
    if (unit.wave) waveApprovals ||= approves;
    else approved ||= approves;
  }
}

function reportStage(unit: CdkPipelineUnit, onGitHub: boolean, ctx: RuleContext): void {
  const where = unit.wave ? ` (wave \`${unit.wave.label}\`)` : unit.addedBy ? ` (added by \`${unit.addedBy.helper}\` of ${unit.addedBy.path})` : '';
  const fix = onGitHub
    ? `add it with \`addStageWithGitHubOptions(stage, { gitHubEnvironment: { name: 'production' } })\` and require reviewers on that GitHub environment`
    : `add \`pre: [new ManualApprovalStep('PromoteTo${unit.label.replace(/[^A-Za-z0-9]/g, '')}')]\` to this call (or an approval in the wave or in the previous stage's \`post\`)`;
  ctx.report(
    span(unit.call),
    `Stage \`${unit.label}\`${where} deploys to production with no ${onGitHub ? 'approval' : 'ManualApprovalStep'} before it: every commit that passes the earlier stages is promoted without a human decision; ${fix}.`,
    { fingerprintKey: `cdk-stage:${unit.pipeline}:${unit.label}`, properties: { stage: unit.label, pipeline: unit.pipeline } },
  );
}

/** Deploying shell steps of a unit that run before any approval. */
function checkSteps(
  unit: CdkPipelineUnit,
  approvedBefore: boolean,
  production: boolean,
  stageReported: boolean,
  patterns: readonly string[],
  ctx: RuleContext,
): void {
  for (const step of unit.steps) {
    if (!step.deploys) continue;
    const gated = approvedBefore || step.sequencedAfterApproval || (step.role === 'post' && unit.ownApprovals.length > 0);
    if (gated || !(production || isProductionLike([step.id, ...step.commands], patterns))) continue;
    if (stageReported) continue;
    ctx.report(
      span(step.node),
      `Step \`${step.id}\` runs \`${step.deploys}\` against production in the ${step.role} steps of \`${unit.label}\` with no ManualApprovalStep before it: the change ships without a human decision; order an approval before it with \`Step.sequence\` or put one in an earlier stage.`,
      { fingerprintKey: `cdk-step:${unit.pipeline}:${unit.label}:${step.id}`, properties: { step: step.id, command: step.deploys } },
    );
  }
}

function checkSynthStep(step: CdkShellStep, patterns: readonly string[], ctx: RuleContext): void {
  if (!step.deploys) return;
  const everything = step.commands.some((c) => /--all\b|\s'\*'|\s"\*"/.test(c));
  if (!everything && !isProductionLike([step.id, ...step.commands], patterns)) return;
  ctx.report(
    span(step.node),
    `The synth step \`${step.id}\` runs \`${step.deploys}\`${everything ? ' for every stack' : ' against production'}: it deploys on every push before any pipeline stage or approval can run; deploy through pipeline stages with a ManualApprovalStep instead.`,
    { fingerprintKey: `cdk-synth:${step.id}:${step.deploys}`, properties: { step: step.id, command: step.deploys } },
  );
}

/** Classic CodePipeline: a deploy action is gated by an approval in an earlier stage or earlier in its stage. */
function checkClassicPipeline(actions: ClassicAction[], patterns: readonly string[], ctx: RuleContext): void {
  const approvals = actions.filter((a) => a.category === 'approval');
  for (const action of actions) {
    if (action.category !== 'deploy' || !isProductionLike(action.names, patterns)) continue;
    const gated = approvals.some((a) => a.stageIndex < action.stageIndex || (a.stageIndex === action.stageIndex && a.runOrder < action.runOrder));
    if (gated) continue;
    ctx.report(
      span(action.node),
      `Deploy action \`${action.name}\` in stage \`${action.stage}\` targets production with no ManualApprovalAction before it: every change that reaches this stage ships without a human decision; add an approval stage (or an approval action with a lower runOrder) before it.`,
      { fingerprintKey: `codepipeline-action:${action.pipeline}:${action.stage}:${action.name}`, properties: { stage: action.stage, action: action.name } },
    );
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
