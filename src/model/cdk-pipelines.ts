import type * as t from '@babel/types';
import { arrayElements, asNode, memberName, memberPath, objectProperties, propertyValue, stringValue, unwrap, walkJs, type JsNode } from '../ast/js.js';
import { deployCommand, isProductionLike } from './deploy-commands.js';
import { importBindings } from './js-modules.js';

/**
 * AWS CDK pipelines read from TypeScript/JavaScript: CDK Pipelines (`CodePipeline`, `addStage`,
 * `addWave`, `ManualApprovalStep`, `ShellStep`/`CodeBuildStep`) and classic CodePipeline
 * constructs (`codepipeline.Pipeline` stages with actions, `ManualApprovalAction`, deploy-category
 * actions, and the L1 `CfnPipeline`). For each deploying unit the model says what gates it.
 */

/** A stage or wave added to a CDK Pipelines pipeline, in pipeline order. */
export interface CdkPipelineUnit {
  kind: 'stage' | 'wave';
  /** The `addStage`/`addWave` call. */
  call: t.CallExpression;
  /** The pipeline expression it was added to (`pipeline`, `this.pipeline`). */
  pipeline: string;
  /** A display name: the stage construct id or the wave id. */
  label: string;
  /** Names that tell where it deploys: ids, `stageName`, env accounts and variables. */
  names: string[];
  /** Approval steps that run before its stacks deploy (own `pre`, its wave's `pre`, stack change-set steps). */
  ownApprovals: JsNode[];
  /** Approval steps of this unit that run after its stacks (its `post`): they gate later units. */
  laterApprovals: JsNode[];
  /** cdk-pipelines-github `gitHubEnvironment`: the environment's reviewers gate this stage. */
  environmentGate?: JsNode;
  /** Shell/CodeBuild steps of the unit, with where they run. */
  steps: CdkShellStep[];
  /** The wave a stage was added to. */
  wave?: CdkPipelineUnit;
  /** Whether the unit's stage could not be told (added in a loop, from a parameter…). */
  dynamic: boolean;
  /** A stage another module's helper adds (`call` is then the helper call). */
  addedBy?: { helper: string; path: string };
}

/** A `ShellStep` or `CodeBuildStep` that runs commands. */
export interface CdkShellStep {
  node: t.NewExpression;
  id: string;
  /** The first deploy command it runs (`cdk deploy`), if any. */
  deploys?: string;
  commands: string[];
  /** `synth`, `pre` or `post`. */
  role: 'synth' | 'pre' | 'post';
  /** Approvals ordered before it by `Step.sequence`. */
  sequencedAfterApproval: boolean;
}

/** A classic CodePipeline action in a stage. */
export interface ClassicAction {
  node: t.NewExpression | t.ObjectExpression;
  stage: string;
  stageIndex: number;
  name: string;
  category: 'approval' | 'deploy' | 'other';
  runOrder: number;
  /** Names that tell where it deploys: stage and action names, stack names, target variables. */
  names: string[];
  pipeline: string;
}

export interface CdkPipelines {
  units: CdkPipelineUnit[];
  synthSteps: CdkShellStep[];
  classic: ClassicAction[];
}

/** Action classes of the Deploy category in `aws-codepipeline-actions`. */
const DEPLOY_ACTION =
  /(?:DeployAction|CreateUpdateStackAction|ExecuteChangeSetAction|DeployStackSetAction|DeployStackInstancesAction|DeployActionBeta1|EcsDeployAction|CodeDeployServerDeployAction)$/;
const APPROVAL = /Approval(?:Step|Action)?$/;

/** Reads the CDK pipelines of a module. Never throws on unexpected shapes. */
export function cdkPipelines(root: JsNode): CdkPipelines {
  const result: CdkPipelines = { units: [], synthSteps: [], classic: [] };
  if (root.type !== 'Program') return result;
  const constants = new Map<string, JsNode | null>();
  const bound = new Map<JsNode, string>();
  const bind = (name: string, value: JsNode) => {
    constants.set(name, constants.has(name) ? null : value);
    const inner = unwrap(value);
    if (inner) bound.set(inner, name);
  };
  const calls: t.CallExpression[] = [];
  const news: t.NewExpression[] = [];
  walkJs(root, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) bind(node.id.name, node.init);
    else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const path = memberPath(node.left);
      if (path && path[0] === 'this') bind(path.join('.'), node.right);
    } else if (node.type === 'CallExpression') calls.push(node);
    else if (node.type === 'NewExpression') news.push(node);
  });
  const resolve = (node: unknown): JsNode | undefined => {
    let current = unwrap(node);
    for (let depth = 0; depth < 4 && current; depth++) {
      const path = current.type === 'Identifier' || current.type === 'MemberExpression' ? memberPath(current)?.join('.') : undefined;
      const value = path ? constants.get(path) : undefined;
      if (!value) return current;
      current = unwrap(value);
    }
    return current;
  };
  const context: Context = { resolve, bound };
  readModernPipelines(calls, context, result);
  readSynthSteps(news, context, result);
  readClassicPipelines(calls, news, context, result);
  return result;
}

interface Context {
  resolve(node: unknown): JsNode | undefined;
  /** The variable (or `this.x` field) a value is stored in. */
  bound: Map<JsNode, string>;
}

function readModernPipelines(calls: t.CallExpression[], context: Context, result: CdkPipelines): void {
  // Variables and calls that stand for a wave or a stage deployment, for `addStage`/`addPre`/`addPost` on them.
  const waves = new Map<string, CdkPipelineUnit>();
  const byName = new Map<string, CdkPipelineUnit>();
  const byCall = new Map<JsNode, CdkPipelineUnit>();
  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression') continue;
    const method = memberName(callee);
    const receiver = memberPath(callee.object)?.join('.');
    let unit: CdkPipelineUnit | undefined;
    if ((method === 'addStage' || method === 'addStageWithGitHubOptions') && isModernStageArgument(call.arguments[0], context)) {
      const wave = receiver ? waves.get(receiver) : undefined;
      unit = stageUnit(call, wave?.pipeline ?? receiver ?? '?', context, wave);
    } else if (method === 'addWave' && call.arguments.length >= 1) {
      unit = waveUnit(call, receiver ?? '?', context);
      const bound = assignedName(call, context);
      if (bound) waves.set(bound, unit);
    }
    if (!unit) continue;
    result.units.push(unit);
    byCall.set(call, unit);
    const bound = assignedName(call, context);
    if (bound) byName.set(bound, unit);
  }
  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression') continue;
    const method = memberName(callee);
    if (method !== 'addPre' && method !== 'addPost') continue;
    const object = unwrap(callee.object);
    const receiver = memberPath(object)?.join('.');
    const unit = (receiver ? byName.get(receiver) : undefined) ?? (object ? byCall.get(object) : undefined);
    if (!unit) continue;
    const role = method === 'addPre' ? 'pre' : 'post';
    attachSteps(
      unit,
      call.arguments.flatMap((a) => readSteps(a.type === 'SpreadElement' ? a.argument : a, role, context)),
      role,
    );
  }
  // A stage added to a wave inherits the wave's pre-approvals.
  for (const unit of result.units) if (unit.wave) unit.ownApprovals.push(...unit.wave.ownApprovals);
}

/**
 * A CDK Pipelines stage argument: a `Stage` object (constructed, a variable, a parameter, a
 * factory call). Not the `{ stageName, actions }` of a classic pipeline, nor the name string of
 * an API Gateway `addStage('prod', …)`.
 */
function isModernStageArgument(node: unknown, context: Context): boolean {
  const arg = context.resolve(node);
  return (
    arg?.type === 'NewExpression' ||
    arg?.type === 'Identifier' ||
    arg?.type === 'MemberExpression' ||
    arg?.type === 'CallExpression' ||
    arg?.type === 'ThisExpression'
  );
}

/** The variable a call's result is stored in: `const wave = pipeline.addWave(…)`. */
function assignedName(call: t.CallExpression, context: Context): string | undefined {
  return context.bound.get(call);
}

function stageUnit(call: t.CallExpression, pipeline: string, context: Context, wave: CdkPipelineUnit | undefined): CdkPipelineUnit {
  const stageArg = call.arguments[0];
  const stage = context.resolve(stageArg);
  const names: string[] = [];
  let label = '';
  let dynamic = false;
  const argPath = stageArg ? memberPath(stageArg) : undefined;
  if (argPath) names.push(argPath.join('.'));
  if (stage?.type === 'NewExpression') {
    const id = templateText(stage.arguments[1]);
    if (id !== undefined) {
      label = id;
      names.push(id);
    } else dynamic = true;
    const props = context.resolve(stage.arguments[2]);
    names.push(...environmentNames(props, context));
  } else dynamic = true;
  if (wave) names.push(...wave.names);
  const unit: CdkPipelineUnit = {
    kind: 'stage',
    call,
    pipeline,
    label: label || argPath?.join('.') || 'stage',
    names,
    ownApprovals: [],
    laterApprovals: [],
    steps: [],
    wave,
    dynamic: dynamic && !argPath,
  };
  readStageOptions(unit, call.arguments[1], context);
  return unit;
}

function waveUnit(call: t.CallExpression, pipeline: string, context: Context): CdkPipelineUnit {
  const id = templateText(call.arguments[0]);
  const unit: CdkPipelineUnit = {
    kind: 'wave',
    call,
    pipeline,
    label: id ?? 'wave',
    names: id ? [id] : [],
    ownApprovals: [],
    laterApprovals: [],
    steps: [],
    dynamic: id === undefined,
  };
  readStageOptions(unit, call.arguments[1], context);
  return unit;
}

/**
 * `{ pre, post, stackSteps: [{ stack, pre, changeSet, post }] }`; with cdk-pipelines-github,
 * `gitHubEnvironment` puts the stage behind a GitHub environment (its reviewers are the gate).
 */
function readStageOptions(unit: CdkPipelineUnit, optionsNode: unknown, context: Context): void {
  const options = context.resolve(optionsNode);
  if (options?.type !== 'ObjectExpression') return;
  const environment = asNode(objectProperties(options).get('gitHubEnvironment')?.value);
  if (environment) {
    unit.environmentGate = environment;
    // Later stages wait for this one; its reviewers hold them too when it is the production environment.
    const name = templateText(propertyValue(context.resolve(environment), 'name'));
    if (name && isProductionLike([name])) unit.laterApprovals.push(environment);
  }
  attachSteps(unit, readSteps(propertyValue(options, 'pre'), 'pre', context), 'pre');
  attachSteps(unit, readSteps(propertyValue(options, 'post'), 'post', context), 'post');
  for (const entry of arrayElements(context.resolve(propertyValue(options, 'stackSteps')))) {
    const stackSteps = context.resolve(entry);
    for (const key of ['pre', 'changeSet']) {
      for (const step of readSteps(propertyValue(stackSteps, key), 'pre', context)) if (step.approval) unit.ownApprovals.push(step.node);
    }
  }
}

interface ReadStep {
  node: JsNode;
  approval: boolean;
  shell?: CdkShellStep;
}

function attachSteps(unit: CdkPipelineUnit, steps: ReadStep[], role: 'pre' | 'post'): void {
  for (const step of steps) {
    if (step.approval) (role === 'pre' ? unit.ownApprovals : unit.laterApprovals).push(step.node);
    if (step.shell) unit.steps.push(step.shell);
  }
}

/**
 * The steps of a `pre`/`post` list: `[a, b]`, a conditional (`cond ? [approve] : []`, both
 * branches counted: an approval that may be there is not reported as missing), or
 * `Step.sequence([...])`, whose order makes an earlier approval gate a later step.
 */
function readSteps(node: unknown, role: 'pre' | 'post', context: Context, depth = 0): ReadStep[] {
  const value = context.resolve(node);
  if (!value || depth > 4) return [];
  if (value.type === 'ConditionalExpression')
    return [...readSteps(value.consequent, role, context, depth + 1), ...readSteps(value.alternate, role, context, depth + 1)];
  if (value.type === 'LogicalExpression') return [...readSteps(value.left, role, context, depth + 1), ...readSteps(value.right, role, context, depth + 1)];
  if (value.type === 'ArrayExpression') {
    return value.elements.flatMap((e) => (e ? readSteps(e.type === 'SpreadElement' ? e.argument : e, role, context, depth + 1) : []));
  }
  if (value.type === 'CallExpression' && memberPath(value.callee)?.slice(-2).join('.') === 'Step.sequence') {
    const steps = readSteps(value.arguments[0], role, context, depth + 1);
    let approved = false;
    for (const step of steps) {
      if (step.shell && approved) step.shell.sequencedAfterApproval = true;
      approved ||= step.approval;
    }
    return steps;
  }
  if (value.type === 'NewExpression') {
    const name = memberPath(value.callee)?.at(-1) ?? '';
    if (APPROVAL.test(name)) return [{ node: value, approval: true }];
    const shell = shellStep(value, role);
    return [{ node: value, approval: false, shell }];
  }
  return [];
}

/** A `ShellStep`/`CodeBuildStep` (or a subclass named `…Step`) and its commands. */
function shellStep(node: t.NewExpression, role: CdkShellStep['role']): CdkShellStep | undefined {
  const name = memberPath(node.callee)?.at(-1) ?? '';
  if (!/Step$/.test(name)) return undefined;
  const props = unwrap(node.arguments[1]);
  const commands = ['installCommands', 'commands'].flatMap((key) => arrayElements(propertyValue(props, key)).flatMap((c) => templateText(c) ?? []));
  const id = templateText(node.arguments[0]) ?? name;
  const deploys = commands.map(deployCommand).find((c) => c !== undefined);
  return { node, id, deploys, commands, role, sequencedAfterApproval: false };
}

function readSynthSteps(news: t.NewExpression[], context: Context, result: CdkPipelines): void {
  for (const node of news) {
    const name = memberPath(node.callee)?.at(-1);
    if (name !== 'CodePipeline' && name !== 'CdkPipeline') continue;
    const props = context.resolve(node.arguments[2]);
    const synth = context.resolve(propertyValue(props, 'synth'));
    if (synth?.type !== 'NewExpression') continue;
    const step = shellStep(synth, 'synth');
    if (step) result.synthSteps.push(step);
  }
}

/** Names in a stage's props that tell its target: `stageName`, `env` account and variable names. */
function environmentNames(props: JsNode | undefined, context: Context): string[] {
  if (props?.type !== 'ObjectExpression') {
    const path = props ? memberPath(props) : undefined;
    return path ? [path.join('.')] : [];
  }
  const names: string[] = [];
  for (const key of ['stageName', 'environment', 'envName', 'stage', 'deploymentEnvironment']) {
    const value = templateText(propertyValue(props, key)) ?? memberPath(propertyValue(props, key))?.join('.');
    if (value) names.push(value);
  }
  const env = propertyValue(props, 'env');
  const envPath = env ? memberPath(env) : undefined;
  if (envPath) names.push(envPath.join('.'));
  const envObject = context.resolve(env);
  if (envObject?.type === 'ObjectExpression') {
    for (const key of ['account', 'region']) {
      const value = propertyValue(envObject, key);
      const text = templateText(value) ?? (value ? memberPath(value)?.join('.') : undefined);
      if (text) names.push(text);
    }
  }
  return names;
}

/** A string literal, or a template's static text with `…` for expressions. */
export function templateText(node: unknown): string | undefined {
  const value = stringValue(node);
  if (value !== undefined) return value;
  const inner = unwrap(node);
  if (inner?.type === 'TemplateLiteral') return inner.quasis.map((q) => q.value.cooked ?? q.value.raw).join('…');
  return undefined;
}

function readClassicPipelines(calls: t.CallExpression[], news: t.NewExpression[], context: Context, result: CdkPipelines): void {
  const stagesByPipeline = new Map<string, { name: string; actions: JsNode[] }[]>();
  const stageVariables = new Map<string, { pipeline: string; index: number }>();
  const pipelineName = (node: JsNode): string => context.bound.get(node) ?? `pipeline@${node.start ?? 0}`;
  for (const node of news) {
    const name = memberPath(node.callee)?.at(-1);
    if (name !== 'Pipeline' && name !== 'CfnPipeline') continue;
    const props = context.resolve(node.arguments[2]);
    const stages = arrayElements(context.resolve(propertyValue(props, 'stages')));
    if (!stages.length) continue;
    const list = stagesByPipeline.get(pipelineName(node)) ?? [];
    for (const stage of stages) {
      const object = context.resolve(stage);
      list.push({
        name: templateText(propertyValue(object, 'stageName') ?? propertyValue(object, 'name')) ?? `#${list.length + 1}`,
        actions: arrayElements(context.resolve(propertyValue(object, 'actions'))),
      });
    }
    stagesByPipeline.set(pipelineName(node), list);
  }
  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression') continue;
    const method = memberName(callee);
    const receiver = memberPath(callee.object)?.join('.');
    if (!receiver) continue;
    if (method === 'addStage') {
      const options = context.resolve(call.arguments[0]);
      if (options?.type !== 'ObjectExpression' || !objectProperties(options).has('stageName')) continue;
      const list = stagesByPipeline.get(receiver) ?? [];
      list.push({
        name: templateText(propertyValue(options, 'stageName')) ?? `#${list.length + 1}`,
        actions: arrayElements(context.resolve(propertyValue(options, 'actions'))),
      });
      stagesByPipeline.set(receiver, list);
      const variable = context.bound.get(call);
      if (variable) stageVariables.set(variable, { pipeline: receiver, index: list.length - 1 });
    } else if (method === 'addAction') {
      const target = stageVariables.get(receiver);
      if (target) stagesByPipeline.get(target.pipeline)![target.index]!.actions.push(...call.arguments.map((a) => a as JsNode));
    }
  }
  for (const [pipeline, stages] of stagesByPipeline) {
    stages.forEach((stage, stageIndex) => {
      for (const action of stage.actions) {
        const read = classicAction(context.resolve(action), stage.name, stageIndex, pipeline, context);
        if (read) result.classic.push(read);
      }
    });
  }
}

function classicAction(node: JsNode | undefined, stage: string, stageIndex: number, pipeline: string, context: Context): ClassicAction | undefined {
  if (node?.type === 'NewExpression') {
    const name = memberPath(node.callee)?.at(-1) ?? '';
    const props = context.resolve(node.arguments[0]);
    const category = /ManualApprovalAction$/.test(name) ? 'approval' : DEPLOY_ACTION.test(name) ? 'deploy' : 'other';
    const actionName = templateText(propertyValue(props, 'actionName')) ?? name;
    const names = [stage, actionName, ...targetNames(props)];
    return { node, stage, stageIndex, name: actionName, category, runOrder: runOrderOf(props), names, pipeline };
  }
  if (node?.type === 'ObjectExpression') {
    // L1 CfnPipeline: { name, actionTypeId: { category: 'Deploy' | 'Approval', … }, runOrder }
    const type = context.resolve(propertyValue(node, 'actionTypeId'));
    const category = stringValue(propertyValue(type, 'category'))?.toLowerCase();
    const actionName = templateText(propertyValue(node, 'name')) ?? 'action';
    const configuration = context.resolve(propertyValue(node, 'configuration'));
    const names = [stage, actionName, ...targetNames(configuration)];
    return {
      node,
      stage,
      stageIndex,
      name: actionName,
      category: category === 'approval' ? 'approval' : category === 'deploy' ? 'deploy' : 'other',
      runOrder: runOrderOf(node),
      names,
      pipeline,
    };
  }
  return undefined;
}

/** Names of what a deploy action targets: stack names, services, buckets, deployment groups. */
function targetNames(props: JsNode | undefined): string[] {
  const names: string[] = [];
  for (const [key, prop] of objectProperties(props)) {
    if (!/stack|service|bucket|deployment|environment|application|StackName|ApplicationName|ClusterName|ServiceName/i.test(key)) continue;
    const value = asNode(prop.value);
    const text = templateText(value) ?? (value ? memberPath(value)?.join('.') : undefined);
    if (text) names.push(text);
  }
  return names;
}

function runOrderOf(props: JsNode | undefined): number {
  const value = unwrap(propertyValue(props, 'runOrder'));
  return value?.type === 'NumericLiteral' ? value.value : 1;
}

/** Classes of the CDK libraries that build a pipeline (a repository subclass of them is followed). */
const LIBRARY_PIPELINE = /^(?:CodePipeline|GitHubWorkflow)$/;
/** Modules whose exports are library code, never a repository helper. */
const LIBRARY_MODULE = /^(?:aws-cdk-lib|@aws-cdk\/|constructs$|cdk-pipelines-github|cdktf|@cdktf\/|@pulumi\/|node:)/;

/**
 * What a pipeline module leaves to other modules of the repository: calls of imported (non-library)
 * functions that take a pipeline (`addServiceStage(pipeline, 'Prod')`), by start offset, and the
 * stages added to a pipeline built from a class that is not the library's own.
 */
export function crossFileQuestions(
  program: t.Program,
  units: readonly CdkPipelineUnit[],
): { helperCalls: Map<number, { call: t.CallExpression; pipeline: string }>; subclassed: CdkPipelineUnit[] } {
  const imports = importBindings(program);
  const pipelines = new Map<string, string>(); // variable or field → class name
  walkJs(program, (node) => {
    const target = node.type === 'VariableDeclarator' ? node.id : node.type === 'AssignmentExpression' ? node.left : undefined;
    const value = node.type === 'VariableDeclarator' ? node.init : node.type === 'AssignmentExpression' ? node.right : undefined;
    const created = unwrap(value);
    const variable = target ? memberPath(target)?.join('.') : undefined;
    const className = created?.type === 'NewExpression' ? memberPath(created.callee)?.at(-1) : undefined;
    if (variable && className && /Pipeline$|^GitHubWorkflow$/.test(className)) pipelines.set(variable, className);
  });
  const helperCalls = new Map<number, { call: t.CallExpression; pipeline: string }>();
  walkJs(program, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.start == null) return;
    const imported = imports.get(node.callee.name);
    if (!imported || LIBRARY_MODULE.test(imported.specifier)) return;
    const pipeline = node.arguments.map((a) => memberPath(a)?.join('.')).find((p) => p !== undefined && pipelines.has(p));
    if (pipeline) helperCalls.set(node.start, { call: node, pipeline });
  });
  const subclassed = units.filter((u) => u.kind === 'stage' && u.call.start != null && !LIBRARY_PIPELINE.test(pipelines.get(u.pipeline) ?? 'CodePipeline'));
  return { helperCalls, subclassed };
}
