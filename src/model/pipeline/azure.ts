import { bool, entries, entry, get, items, str, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, eachString, inputsOf, located, strings, uniqueReferences } from './common.js';
import { parseShell } from './shell.js';
import { rangeIn, scalarSource } from './source.js';
import type { Command, EnvironmentRef, Gate, Input, Job, Located, Pipeline, Reference, Step, Trigger } from './types.js';

/**
 * Azure Pipelines: stages → jobs (plain and `deployment` jobs with their environment and
 * strategy hooks) → steps (scripts and tasks). Stage order and `dependsOn` become `needs`;
 * `ManualValidation` in an agentless job is an in-file gate; service connections and variable
 * groups are references. Templates from other files are recorded as unresolved.
 */

/** Task inputs that name a service connection. */
const SERVICE_CONNECTION_INPUTS = new Set([
  'azuresubscription',
  'connectedservicename',
  'connectedservicenamearm',
  'azureresourcemanagerconnection',
  'kubernetesserviceconnection',
  'kubernetesserviceendpoint',
  'dockerregistryserviceconnection',
  'containerregistry',
  'awscredentials',
  'serviceconnection',
  'backendservicearm',
  'environmentservicenameazurerm',
  'environmentservicename',
  'sshendpoint',
  'githubconnection',
  'gitHubConnection'.toLowerCase(),
  'publishendpoint',
  'externalendpoint',
  'externalendpoints',
  'serviceendpoint',
  'azureserviceconnection',
  'gcpserviceconnection',
  'helmserviceconnection',
  'publishfeedcredentials',
  'nugetserviceconnection',
  'npmserviceconnection',
]);

/** Tasks that carry an inline script, and the input holding it. */
const SCRIPT_TASKS: Record<string, string[]> = {
  azurecli: ['inlinescript'],
  azurepowershell: ['inline'],
  bash: ['script'],
  powershell: ['script'],
  awsshellscript: ['inlinescript'],
  awspowershellmodulescript: ['inlinescript'],
  cmdline: ['script'],
  sshtask: ['commands', 'inline'],
  ssh: ['commands', 'inline'],
};

/** One-word command substitutions in scripts that look like `$(macro)`. */
const SHELL_COMMANDS = new Set(['pwd', 'date', 'whoami', 'hostname', 'nproc', 'id', 'uname', 'ls', 'cat', 'true', 'false', 'tty', 'arch']);

/** Variables Azure sets itself (`Build.SourceBranch`, `System.AccessToken` is a platform token). */
const PREDEFINED = /^(?:build|system|agent|pipeline|release|environment|strategy|resources|checks|task|tf_build|common)\./i;

export function buildAzure(root: DataNode, path: string, docText: string): Pipeline {
  const unresolved: string[] = [];
  const extendsTemplate = str(get(get(root, 'extends'), 'template'));
  if (extendsTemplate) unresolved.push(`extends ${extendsTemplate}`);
  const isTemplate =
    !!get(root, 'parameters') && !get(root, 'trigger') && !get(root, 'pr') && !get(root, 'pool') && !get(root, 'name') && /template/i.test(path);
  const triggers = isTemplate ? [] : azureTriggers(root);
  const defined = definedVariables(get(root, 'variables'));
  const context: Context = { docText, triggers, defined, unresolved, rootGroups: variableGroups(get(root, 'variables')) };

  const stageNodes = get(root, 'stages')
    ? items(get(root, 'stages'))
    : [{ type: 'map', range: root.range, entries: [{ key: 'jobs', keyRange: root.range, value: get(root, 'jobs') ?? singleJob(root) }] } as DataNode];
  const jobs: Job[] = [];
  let previousStage: Job[] = [];
  const stageJobs = new Map<string, Job[]>();
  for (const [index, stage] of stageNodes.entries()) {
    const template = str(get(stage, 'template'));
    if (template) {
      unresolved.push(`template ${template}`);
      continue;
    }
    const stageName = str(get(stage, 'stage')) ?? (stageNodes.length > 1 ? `stage${index + 1}` : '');
    const dependsOn = get(stage, 'dependsOn');
    const upstream = dependsOn ? strings(dependsOn).flatMap((s) => stageJobs.get(s) ?? []) : previousStage;
    const stageCondition = located(get(stage, 'condition'));
    const built = azureJobs(get(stage, 'jobs'), stageName, stage, context);
    for (const job of built) {
      job.needs.push(...upstream.map((j) => j.id));
      job.condition ??= stageCondition;
      if (!job.branches && stageCondition) job.branches = conditionBranches(stageCondition.value);
    }
    stageJobs.set(stageName, built);
    jobs.push(...built);
    if (built.length) previousStage = built;
  }
  return {
    platform: 'azure-pipelines',
    name: str(get(root, 'name')) && !/^\$\(/.test(str(get(root, 'name'))!) ? str(get(root, 'name'))! : path,
    kind: isTemplate ? 'template' : 'pipeline',
    range: root.range,
    triggers,
    triggersRange: entry(root, 'trigger')?.keyRange ?? entry(root, 'pr')?.keyRange,
    env: variableInputs(get(root, 'variables')),
    references: uniqueReferences(macroReferences(get(root, 'variables'), docText, defined)),
    jobs,
    reusable: isTemplate,
    unresolved,
    node: root,
  };
}

interface Context {
  docText: string;
  triggers: Trigger[];
  defined: Set<string>;
  unresolved: string[];
  rootGroups: Located[];
}

function singleJob(root: DataNode): DataNode {
  const steps = entry(root, 'steps');
  if (!steps) return { type: 'seq', range: root.range, items: [] };
  return {
    type: 'seq',
    range: root.range,
    items: [
      {
        type: 'map',
        range: root.range,
        entries: [
          { key: 'job', keyRange: steps.keyRange, value: { type: 'scalar', range: steps.keyRange, value: 'job' } },
          steps,
          ...['pool', 'variables', 'condition'].flatMap((k) => (entry(root, k) ? [entry(root, k)!] : [])),
        ],
      },
    ],
  };
}

function azureJobs(node: DataNode | undefined, stageName: string, stage: DataNode, context: Context): Job[] {
  const jobs: Job[] = [];
  const ids = new Map<string, string>();
  for (const jobNode of items(node)) {
    const template = str(get(jobNode, 'template'));
    if (template) {
      context.unresolved.push(`template ${template}`);
      continue;
    }
    const jobEntry = entry(jobNode, 'deployment') ?? entry(jobNode, 'job');
    if (!jobEntry) continue;
    const name = str(jobEntry.value) ?? `job${jobs.length + 1}`;
    const id = stageName ? `${stageName}.${name}` : name;
    ids.set(name, id);
    jobs.push(azureJob(id, name, jobEntry.keyRange, jobNode, jobEntry.key === 'deployment', stage, context));
  }
  for (const job of jobs) {
    const dependsOn = get(job.node, 'dependsOn');
    if (dependsOn) job.needs = strings(dependsOn).map((d) => ids.get(d) ?? d);
  }
  return jobs;
}

function azureJob(id: string, name: string, keyRange: Range, node: DataNode, deployment: boolean, stage: DataNode, context: Context): Job {
  const { docText } = context;
  const stepNodes = deployment ? strategySteps(get(node, 'strategy')) : items(get(node, 'steps'));
  const steps: Step[] = [];
  for (const stepNode of stepNodes) {
    const template = str(get(stepNode, 'template'));
    if (template) context.unresolved.push(`template ${template}`);
    else if (stepNode.type === 'map') steps.push(azureStep(stepNode, docText));
  }
  const gates: Gate[] = steps.flatMap((s) => (s.gate ? [s.gate] : []));
  const variables = get(node, 'variables');
  const defined = new Set([...context.defined, ...definedVariables(get(stage, 'variables')), ...definedVariables(variables)]);
  const groups = [...context.rootGroups, ...variableGroups(get(stage, 'variables')), ...variableGroups(variables)];
  const references: Reference[] = [
    ...macroReferences(node, docText, defined),
    ...groups.map((g) => ({ kind: 'variable-group' as const, name: g.value, range: g.range })),
    ...steps.flatMap((s) =>
      s.inputs
        .filter((i) => SERVICE_CONNECTION_INPUTS.has(i.name.toLowerCase()) && i.value)
        .map((i) => ({ kind: 'service-connection' as const, name: i.value!, range: i.valueRange, sink: i.name })),
    ),
  ];
  const condition = located(get(node, 'condition'));
  return {
    id,
    name: str(get(node, 'displayName')) ?? name,
    keyRange,
    range: node.range,
    stage: str(get(stage, 'stage')),
    needs: [],
    triggers: context.triggers,
    branches: condition ? conditionBranches(condition.value) : undefined,
    condition,
    environment: deployment ? azureEnvironment(get(node, 'environment')) : undefined,
    contexts: [],
    gates,
    steps,
    env: variableInputs(variables),
    references: uniqueReferences(references),
    node,
  };
}

/** Steps of a deployment job's strategy: `runOnce`/`rolling`/`canary` hooks. */
function strategySteps(strategy: DataNode | undefined): DataNode[] {
  const out: DataNode[] = [];
  for (const kind of entries(strategy)) {
    for (const hook of entries(kind.value)) {
      if (hook.key === 'on') {
        for (const outcome of entries(hook.value)) out.push(...items(get(outcome.value, 'steps')));
      } else {
        out.push(...items(get(hook.value, 'steps')));
      }
    }
  }
  return out;
}

function azureStep(node: DataNode, docText: string): Step {
  const scriptKey = ['script', 'bash', 'pwsh', 'powershell'].find((k) => entry(node, k));
  const taskNode = get(node, 'task');
  const task = located(taskNode);
  const inputs = inputsOf(get(node, 'inputs'));
  const commands: Command[] = [];
  if (scriptKey) commands.push(...commandsOf(get(node, scriptKey), docText, scriptKey === 'pwsh' || scriptKey === 'powershell' ? 'pwsh' : 'sh'));
  if (task) commands.push(...taskScriptCommands(task.value, inputs, docText));
  const step: Step = {
    name: str(get(node, 'displayName')) ?? str(get(node, 'name')),
    range: node.range,
    anchor: task?.range ?? (scriptKey ? entry(node, scriptKey)!.keyRange : node.range),
    uses: task,
    inputs,
    env: inputsOf(get(node, 'env')),
    commands,
    script: scriptKey ? located(get(node, scriptKey)) : undefined,
    condition: located(get(node, 'condition')),
  };
  if (task && /^manualvalidation@/i.test(task.value)) step.gate = manualValidationGate(task, inputs);
  const checkout = entry(node, 'checkout');
  if (checkout) {
    step.uses = { value: 'checkout', range: checkout.keyRange };
    step.inputs = inputsOf(node).filter((i) => i.name !== 'checkout');
  }
  return step;
}

function taskScriptCommands(task: string, inputs: Input[], docText: string): Command[] {
  const name = task.toLowerCase().replace(/@.*$/, '');
  const keys = SCRIPT_TASKS[name];
  if (!keys) return [];
  const scriptType = inputs.find((i) => /^(?:scripttype|targettype)$/i.test(i.name))?.value ?? '';
  if (/filepath/i.test(scriptType) || inputs.some((i) => /^scriptlocation$/i.test(i.name) && /scriptpath/i.test(i.value ?? ''))) return [];
  const dialect = /ps|powershell/i.test(scriptType) || name.includes('powershell') ? 'pwsh' : 'sh';
  const out: Command[] = [];
  for (const input of inputs) {
    if (!keys.includes(input.name.toLowerCase())) continue;
    const source = scalarSource(input.node, docText);
    if (source) out.push(...parseShell(source, { dialect, remote: name === 'ssh' || name === 'sshtask' }));
  }
  return out;
}

function manualValidationGate(task: Located, inputs: Input[]): Gate {
  const onTimeout = inputs.find((i) => i.name.toLowerCase() === 'ontimeout');
  const resumes = /^resume$/i.test(onTimeout?.value ?? '');
  return {
    kind: 'manual-validation',
    blocking: true,
    effective: !resumes,
    weakness: resumes ? { kind: 'resumes-on-timeout' } : undefined,
    range: resumes ? onTimeout!.valueRange : task.range,
  };
}

function azureEnvironment(node: DataNode | undefined): EnvironmentRef | undefined {
  if (!node) return undefined;
  const nameNode = node.type === 'map' ? get(node, 'name') : node;
  const raw = str(nameNode);
  if (raw === undefined || !nameNode) return undefined;
  const name = raw.split('.')[0]!;
  return { name, range: nameNode.range, dynamic: /\$\(|\$\{\{|\$\[/.test(raw), kind: 'environment' };
}

// ---- triggers, variables ------------------------------------------------------------------

function azureTriggers(root: DataNode): Trigger[] {
  const out: Trigger[] = [];
  const trigger = entry(root, 'trigger');
  const range = trigger?.keyRange ?? { start: 0, end: 0 };
  if (!trigger) out.push({ kind: 'push', event: 'trigger', untrusted: false, range });
  else if (str(trigger.value) !== 'none' && bool(trigger.value) !== false) {
    const branchNode = trigger.value.type === 'map' ? get(get(trigger.value, 'branches'), 'include') : trigger.value;
    const branches = strings(branchNode);
    const tags = strings(get(get(trigger.value, 'tags'), 'include'));
    if (trigger.value.type !== 'map' || get(trigger.value, 'branches') || !get(trigger.value, 'tags'))
      out.push({
        kind: 'push',
        event: 'trigger',
        untrusted: false,
        range,
        branches: branches.length ? branches.map((b) => b.replace(/^refs\/heads\//, '')) : undefined,
      });
    if (tags.length) out.push({ kind: 'tag', event: 'trigger', untrusted: false, range, tags });
    for (const b of branches) if (b.startsWith('refs/tags/')) out.push({ kind: 'tag', event: 'trigger', untrusted: false, range });
  }
  const pr = entry(root, 'pr');
  if (!pr || (str(pr.value) !== 'none' && bool(pr.value) !== false))
    out.push({ kind: 'pull-request', event: 'pr', untrusted: false, range: pr?.keyRange ?? range });
  for (const schedule of items(get(root, 'schedules')))
    out.push({ kind: 'schedule', event: 'schedules', untrusted: false, range: schedule.range, branches: strings(get(get(schedule, 'branches'), 'include')) });
  for (const pipeline of items(get(get(root, 'resources'), 'pipelines')))
    if (get(pipeline, 'trigger')) out.push({ kind: 'upstream', event: 'pipeline', untrusted: false, range: pipeline.range });
  return out;
}

/** Branches a condition limits a job to: `eq(variables['Build.SourceBranch'], 'refs/heads/main')`. */
function conditionBranches(condition: string): string[] | undefined {
  const found = [
    ...condition.matchAll(/(?:Build\.SourceBranch(?:Name)?['"\]]{0,3}\s{0,4},\s{0,4}|startsWith\([^,]{1,80},\s{0,4})'(?:refs\/heads\/)?([^']{1,200})'/gi),
  ].map((m) => m[1]!);
  return found.length ? found : undefined;
}

function definedVariables(node: DataNode | undefined): Set<string> {
  const out = new Set<string>();
  if (node?.type === 'map') for (const e of node.entries) out.add(e.key);
  else for (const item of items(node)) if (str(get(item, 'name'))) out.add(str(get(item, 'name'))!);
  return out;
}

function variableInputs(node: DataNode | undefined): Input[] {
  if (node?.type === 'map') return inputsOf(node);
  return items(node).flatMap((item) => {
    const name = entry(item, 'name');
    const value = get(item, 'value');
    if (!name || !value) return [];
    return [{ name: str(name.value) ?? '', keyRange: name.value.range, value: str(value), valueRange: value.range, node: value }];
  });
}

function variableGroups(node: DataNode | undefined): Located[] {
  return items(node).flatMap((item) => {
    const group = get(item, 'group');
    return group && str(group) ? [{ value: str(group)!, range: group.range }] : [];
  });
}

/** `$(name)` macros, `$[variables.name]` and `${{ variables.name }}` the file does not define. */
function macroReferences(node: DataNode | undefined, docText: string, defined: Set<string>): Reference[] {
  const out: Reference[] = [];
  eachString(node, (scalar, value, key) => {
    if (!value.includes('$')) return;
    const source = scalarSource(scalar, docText);
    if (!source) return;
    const pattern = /\$\(\s{0,4}([A-Za-z_][\w.-]{0,127})\s{0,4}\)|variables\[\s{0,4}'([A-Za-z_][\w.-]{0,127})'\s{0,4}\]|variables\.([A-Za-z_][\w-]{0,127})/g;
    for (const m of source.text.matchAll(pattern)) {
      const name = m[1] ?? m[2] ?? m[3]!;
      if (PREDEFINED.test(name) || defined.has(name) || (m[1] && SHELL_COMMANDS.has(name))) continue;
      out.push({ kind: 'variable', name, range: rangeIn(source, m.index, m.index + m[0].length), sink: key });
    }
  });
  return out;
}
