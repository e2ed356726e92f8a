import { entries, entry, get, items, str, type DataEntry, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, externalVariableReferences, inputsOf, located, strings, uniqueReferences } from './common.js';
import type { Gate, Job, Pipeline, Reference, Step, Trigger } from './types.js';

/**
 * CircleCI: one pipeline per workflow; its jobs are the workflow's job invocations (with
 * `requires`, branch/tag `filters`, `context` and `type: approval`), their steps taken from the
 * file's `jobs:` (local `commands:` expanded) or, for orb jobs, the orb job itself as one step.
 */

const MAX_COMMAND_DEPTH = 4;

export function buildCircleci(root: DataNode, path: string, docText: string): Pipeline[] {
  const definitions = get(root, 'jobs');
  const commands = get(root, 'commands');
  const workflows = entries(get(root, 'workflows')).filter((w) => w.value.type === 'map');
  const context = { docText, definitions, commands };
  if (!workflows.length) {
    // No workflows: CircleCI runs the job called `build` on every push.
    const jobs = entries(definitions)
      .filter((e) => e.key === 'build')
      .map((e) => circleJob(e.key, e.key, e.keyRange, e.value, undefined, [pushTrigger(e.keyRange)], context));
    return jobs.length ? [pipeline(path, root, root.range, [pushTrigger(root.range)], jobs, undefined)] : [];
  }
  return workflows.map((w) => {
    const triggers = workflowTriggers(w);
    const jobs: Job[] = [];
    for (const item of items(get(w.value, 'jobs'))) {
      const invocation = invocationOf(item);
      if (!invocation) continue;
      const id = str(get(invocation.config, 'name')) ?? invocation.name;
      jobs.push(circleJob(id, invocation.name, invocation.keyRange, get(definitions, invocation.name), invocation.config, triggers, context));
    }
    return pipeline(w.key, root, w.value.range, triggers, jobs, w.keyRange);
  });
}

function pipeline(name: string, root: DataNode, range: Range, triggers: Trigger[], jobs: Job[], triggersRange: Range | undefined): Pipeline {
  return {
    platform: 'circleci',
    name,
    kind: 'workflow',
    range,
    triggers,
    triggersRange,
    env: [],
    references: [],
    jobs,
    reusable: false,
    unresolved: [],
    node: root,
  };
}

function pushTrigger(range: Range): Trigger {
  return { kind: 'push', event: 'push', untrusted: false, range };
}

function workflowTriggers(w: DataEntry): Trigger[] {
  const scheduled = items(get(w.value, 'triggers')).filter((t) => get(t, 'schedule'));
  if (scheduled.length)
    return scheduled.map((t) => ({
      kind: 'schedule',
      event: 'schedule',
      untrusted: false,
      range: t.range,
      branches: strings(get(get(get(get(t, 'schedule'), 'filters'), 'branches'), 'only')),
    }));
  return [pushTrigger(w.keyRange)];
}

function invocationOf(item: DataNode): { name: string; keyRange: Range; config: DataNode | undefined } | undefined {
  const name = str(item);
  if (name) return { name, keyRange: item.range, config: undefined };
  const first = item.type === 'map' ? item.entries[0] : undefined;
  return first ? { name: first.key, keyRange: first.keyRange, config: first.value } : undefined;
}

interface Context {
  docText: string;
  definitions: DataNode | undefined;
  commands: DataNode | undefined;
}

function circleJob(
  id: string,
  jobName: string,
  keyRange: Range,
  definition: DataNode | undefined,
  config: DataNode | undefined,
  workflowTriggers: Trigger[],
  context: Context,
): Job {
  const approval = str(get(config, 'type')) === 'approval' ? entry(config, 'type') : undefined;
  const gates: Gate[] = approval ? [{ kind: 'approval-job', blocking: true, range: approval.value.range, owner: id }] : [];
  const steps: Step[] = [];
  if (definition) {
    for (const step of items(get(definition, 'steps'))) steps.push(...circleSteps(step, context, 0));
  } else if (jobName.includes('/')) {
    steps.push({
      name: jobName,
      range: keyRange,
      anchor: keyRange,
      uses: { value: jobName, range: keyRange },
      inputs: inputsOf(config).filter((i) => !['requires', 'filters', 'context', 'name', 'matrix', 'type'].includes(i.name)),
      env: [],
      commands: [],
    });
  }
  for (const hook of ['pre-steps', 'post-steps']) for (const step of items(get(config, hook))) steps.push(...circleSteps(step, context, 0));
  const contextNode = get(config, 'context');
  const contexts = items(contextNode).flatMap((c) => (str(c) ? [{ value: str(c)!, range: c.range }] : []));
  const env = [...inputsOf(get(definition, 'environment')), ...steps.flatMap((s) => s.env)];
  const defined = new Set(env.map((e) => e.name));
  const allCommands = steps.flatMap((s) => s.commands);
  const references: Reference[] = [
    ...contexts.map((c) => ({ kind: 'context' as const, name: c.value, range: c.range })),
    ...externalVariableReferences(
      [get(definition, 'environment'), ...scriptNodes(definition), ...(config ? [config] : [])],
      context.docText,
      defined,
      allCommands,
    ),
  ];
  const filters = get(config, 'filters');
  const branchesOnly = strings(get(get(filters, 'branches'), 'only'));
  const tagsFilter = get(filters, 'tags');
  const triggers: Trigger[] = workflowTriggers.flatMap((t) => {
    if (t.kind !== 'push') return [t];
    const out: Trigger[] = [];
    // Without a tag filter CircleCI does not run a job for tags; with only a tag filter and
    // `branches: ignore: /.*/`, it runs for tags alone.
    const ignoresAllBranches = strings(get(get(filters, 'branches'), 'ignore')).some((p) => /^\/?\.\*\/?$/.test(p));
    if (!ignoresAllBranches) out.push({ ...t, branches: branchesOnly.length ? branchesOnly.map(stripRegex) : undefined });
    if (tagsFilter) out.push({ kind: 'tag', event: 'tag', untrusted: false, range: tagsFilter.range, tags: strings(get(tagsFilter, 'only')) });
    return out;
  });
  return {
    id,
    name: id,
    keyRange,
    range: config?.range ?? keyRange,
    needs: strings(get(config, 'requires')),
    triggers,
    branches: branchesOnly.length ? branchesOnly.map(stripRegex) : undefined,
    contexts,
    gates,
    steps,
    env,
    references: uniqueReferences(references),
    approval: approval?.keyRange,
    structural: items(get(definition, 'steps')).flatMap((step) => {
      const legacy = entry(step, 'deploy');
      return legacy ? [{ kind: 'deploy' as const, what: 'a `deploy` step', tool: 'circleci-deploy-step', range: legacy.keyRange }] : [];
    }),
    oidc: allCommands.some((c) => c.argv.some((w) => /CIRCLE_OIDC_TOKEN/.test(w.value))) ? keyRange : undefined,
    node: definition ?? config,
  };
}

function stripRegex(pattern: string): string {
  return pattern.replace(/^\/\^?|\$?\/$/g, '');
}

/** Script strings of a job definition (run commands) for variable references. */
function scriptNodes(definition: DataNode | undefined): DataNode[] {
  return items(get(definition, 'steps'));
}

function circleSteps(node: DataNode, context: Context, depth: number): Step[] {
  const name = str(node);
  if (name) return namedStep(name, node.range, undefined, context, depth);
  const first = node.type === 'map' ? node.entries[0] : undefined;
  if (!first) return [];
  if (first.key === 'run' || first.key === 'deploy') {
    const value = first.value;
    const command = value.type === 'map' ? get(value, 'command') : value;
    const step: Step = {
      name: str(get(value, 'name')) ?? first.key,
      range: node.range,
      anchor: first.keyRange,
      inputs: [],
      env: inputsOf(get(value, 'environment')),
      commands: commandsOf(command, context.docText),
      script: located(command),
    };
    return [step];
  }
  if (first.key === 'when' || first.key === 'unless') return items(get(first.value, 'steps')).flatMap((s) => circleSteps(s, context, depth + 1));
  return namedStep(first.key, first.keyRange, first.value, context, depth);
}

/** `checkout`, an orb command (`aws-cli/setup`) or a local command expanded into its steps. */
function namedStep(name: string, range: Range, params: DataNode | undefined, context: Context, depth: number): Step[] {
  const local = get(context.commands, name);
  if (local && depth < MAX_COMMAND_DEPTH) return items(get(local, 'steps')).flatMap((s) => circleSteps(s, context, depth + 1));
  return [{ name, range, anchor: range, uses: { value: name, range }, inputs: inputsOf(params), env: [], commands: [] }];
}
