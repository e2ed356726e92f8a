import type * as t from '@babel/types';
import { arrayElements, asNode, memberName, memberPath, propertyKeyName, stringValue, unwrap, walkJs, type JsNode } from '../ast/js.js';
import { templateText } from './cdk-pipelines.js';
import { deployCommand } from './deploy-commands.js';

/**
 * GitHub Actions workflows written in TypeScript/JavaScript with projen
 * (`project.github.addWorkflow('deploy')`, `new GithubWorkflow(github, 'deploy')`, then
 * `.on({...})` and `.addJobs({...})` / `.addJob(id, {...})`). projen writes the YAML from these;
 * the fix belongs here, so the jobs are read from the code.
 */

export interface ProjenJob {
  /** The job id (`deploy`). */
  id: string;
  /** The node to report: the job's key in `addJobs`, or the `addJob` call. */
  node: JsNode;
  workflow: string;
  /** The first deploy the job performs: a command (`cdk deploy`) or a known deploy action. */
  deploys?: string;
  /** `environment` is set: GitHub applies that environment's protection rules (reviewers, waits). */
  environment?: string;
  /** Names that tell the target: job id and name, environment, commands. */
  names: string[];
}

export interface ProjenWorkflow {
  name: string;
  /** Trigger events (`push`, `workflowDispatch`, `pullRequestTarget`…); empty when not read. */
  triggers: string[];
  jobs: ProjenJob[];
}

/** Actions whose use is a deploy or a publish. */
const DEPLOY_ACTIONS =
  /^(?:aws-actions\/(?:amazon-ecs-deploy-task-definition|aws-cloudformation-github-deploy)|azure\/(?:webapps-deploy|functions-action|k8s-deploy|arm-deploy)|google-github-actions\/deploy-(?:cloudrun|appengine|cloud-functions)|cloudflare\/wrangler-action|amondnet\/vercel-action|actions\/deploy-pages|peaceiris\/actions-gh-pages|pypa\/gh-action-pypi-publish|JS-DevTools\/npm-publish|softprops\/action-gh-release|FirebaseExtended\/action-hosting-deploy)@/i;

/** Reads the projen workflows of a module. Never throws on unexpected shapes. */
export function projenWorkflows(root: JsNode): ProjenWorkflow[] {
  if (root.type !== 'Program') return [];
  const constants = new Map<string, JsNode>();
  const bound = new Map<JsNode, string>();
  const calls: (t.CallExpression | t.OptionalCallExpression)[] = [];
  walkJs(root, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      constants.set(node.id.name, node.init);
      const init = unwrap(node.init);
      if (init) bound.set(init, node.id.name);
    } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      // `this.workflow = new GithubWorkflow(…)` in a projen component.
      const path = memberPath(node.left);
      if (path?.[0] === 'this') constants.set(path.join('.'), node.right);
    } else if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') calls.push(node);
  });
  const resolve = (node: unknown): JsNode | undefined => {
    let current = unwrap(node);
    for (let depth = 0; depth < 4 && (current?.type === 'Identifier' || current?.type === 'MemberExpression'); depth++) {
      const value = constants.get(memberPath(current)?.join('.') ?? '');
      if (!value) break;
      current = unwrap(value);
    }
    return current;
  };

  const workflows = new Map<string, ProjenWorkflow>();
  const workflowOf = (receiver: JsNode | undefined): ProjenWorkflow | undefined => {
    const node = unwrap(receiver);
    const name = node ? (memberPath(node)?.join('.') ?? bound.get(node)) : undefined;
    const created = resolve(node);
    if (!name && !created) return undefined;
    const key = name ?? `workflow@${created?.start ?? 0}`;
    let workflow = workflows.get(key);
    if (!workflow) {
      const id = created ? workflowId(created) : undefined;
      if (!id && !isWorkflowVariable(key)) return undefined;
      workflow = { name: id ?? key, triggers: [], jobs: [] };
      workflows.set(key, workflow);
    }
    return workflow;
  };

  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression' && callee?.type !== 'OptionalMemberExpression') continue;
    const method = memberName(callee);
    if (method !== 'addJobs' && method !== 'addJob' && method !== 'on') continue;
    const workflow = workflowOf(callee.object);
    if (!workflow) continue;
    if (method === 'on') {
      const triggers = resolve(call.arguments[0]);
      if (triggers?.type === 'ObjectExpression') for (const prop of triggers.properties) workflow.triggers.push(propertyKeyName(prop) ?? '');
    } else if (method === 'addJob') {
      const id = stringValue(call.arguments[0]);
      if (id) workflow.jobs.push(readJob(id, call, resolve(call.arguments[1]), workflow.name, resolve));
    } else {
      const jobs = resolve(call.arguments[0]);
      if (jobs?.type !== 'ObjectExpression') continue;
      for (const prop of jobs.properties) {
        if (prop.type !== 'ObjectProperty') continue;
        const id = propertyKeyName(prop);
        if (id) workflow.jobs.push(readJob(id, prop.key, resolve(prop.value), workflow.name, resolve));
      }
    }
  }
  return [...workflows.values()];
}

/** `addWorkflow('deploy')` or `new GithubWorkflow(github, 'deploy')`: the workflow's name. */
function workflowId(node: JsNode): string | undefined {
  if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
    const callee = unwrap(node.callee);
    const isAdd = (callee?.type === 'MemberExpression' || callee?.type === 'OptionalMemberExpression') && memberName(callee) === 'addWorkflow';
    return isAdd ? stringValue(node.arguments[0]) : undefined;
  }
  if (node.type === 'NewExpression' && /(?:^|\.)(?:GithubWorkflow|TaskWorkflow)$/.test(memberPath(node.callee)?.join('.') ?? ''))
    return stringValue(node.arguments[1]);
  return undefined;
}

/** A variable or field that holds a workflow when its creation is elsewhere (`this.workflow`). */
function isWorkflowVariable(name: string): boolean {
  return /workflow$/i.test(name);
}

/** A job object, with spreads of local objects merged (`{ ...jobDefaults, steps: [...] }`). */
function readJob(id: string, node: JsNode, job: JsNode | undefined, workflow: string, resolve: (node: unknown) => JsNode | undefined): ProjenJob {
  const props = jobProperties(job, resolve, 0);
  const environment = props.get('environment');
  const environmentName = environment ? (templateText(environment) ?? templateText(propertyOf(resolve(environment), 'name')) ?? 'an environment') : undefined;
  const commands: string[] = [];
  let deploys: string | undefined;
  for (const step of stepsOf(props.get('steps'), resolve, 0)) {
    const run = templateText(propertyOf(step, 'run'));
    const uses = stringValue(propertyOf(step, 'uses'));
    if (run) commands.push(run);
    deploys ??=
      (run
        ? run
            .split('\n')
            .map(deployCommand)
            .find((c) => c !== undefined)
        : undefined) ?? (uses && DEPLOY_ACTIONS.test(uses) ? uses.split('@')[0] : undefined);
  }
  const name = templateText(props.get('name'));
  return {
    id,
    node,
    workflow,
    deploys,
    environment: environmentName,
    names: [id, ...(name ? [name] : []), ...(environmentName ? [environmentName] : []), ...commands],
  };
}

function jobProperties(job: JsNode | undefined, resolve: (node: unknown) => JsNode | undefined, depth: number): Map<string, JsNode> {
  const props = new Map<string, JsNode>();
  if (job?.type !== 'ObjectExpression' || depth > 3) return props;
  for (const prop of job.properties) {
    if (prop.type === 'SpreadElement') for (const [key, value] of jobProperties(resolve(prop.argument), resolve, depth + 1)) props.set(key, value);
    else if (prop.type === 'ObjectProperty') {
      const key = propertyKeyName(prop);
      const value = asNode(prop.value);
      if (key && value) props.set(key, value);
    }
  }
  return props;
}

/** Step objects of a `steps` value: arrays, spreads of local arrays, `defaults.steps`. */
function stepsOf(node: unknown, resolve: (node: unknown) => JsNode | undefined, depth: number): JsNode[] {
  const value = resolve(node);
  if (!value || depth > 4) return [];
  if (value.type === 'ArrayExpression') {
    return value.elements.flatMap((e) => (!e ? [] : e.type === 'SpreadElement' ? stepsOf(e.argument, resolve, depth + 1) : [resolve(e) ?? e]));
  }
  if (value.type === 'MemberExpression') {
    const path = memberPath(value);
    if (path?.length === 2) return stepsOf(propertyOf(resolve({ type: 'Identifier', name: path[0] }), path[1]!), resolve, depth + 1);
  }
  return arrayElements(value);
}

function propertyOf(node: JsNode | undefined, name: string): JsNode | undefined {
  if (node?.type !== 'ObjectExpression') return undefined;
  for (const prop of node.properties) if (prop.type === 'ObjectProperty' && propertyKeyName(prop) === name) return asNode(prop.value);
  return undefined;
}
