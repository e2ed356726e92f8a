import { entry, get, items, str, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, externalVariableReferences, inputsOf, located, strings, uniqueReferences } from './common.js';
import type { Gate, Input, Job, Pipeline, Reference, Trigger, TriggerKind } from './types.js';

/**
 * Drone (and Woodpecker-style) pipelines: each `kind: pipeline` document is a pipeline, its
 * steps are jobs in order (or by `depends_on`). A step or pipeline that runs only on the
 * `promote` event waits for someone to promote a build: a gate written in the file.
 */

const EVENTS: Record<string, TriggerKind> = {
  push: 'push',
  tag: 'tag',
  pull_request: 'pull-request',
  promote: 'manual',
  rollback: 'manual',
  cron: 'schedule',
  custom: 'api',
};

export function buildDrone(root: DataNode, path: string, docText: string): Pipeline[] {
  const kind = str(get(root, 'kind'));
  if (kind && kind !== 'pipeline') return [];
  const pipelineWhen = get(root, 'trigger');
  const triggers = eventTriggers(pipelineWhen, root.range);
  const promoted = isPromoteOnly(pipelineWhen);
  const jobs: Job[] = [];
  let previous: string | undefined;
  for (const step of items(get(root, 'steps') ?? get(root, 'pipeline'))) {
    if (step.type !== 'map') continue;
    const name = str(get(step, 'name')) ?? `step${jobs.length + 1}`;
    const keyRange = (entry(step, 'name') ?? step.entries[0])?.keyRange ?? step.range;
    const when = get(step, 'when');
    const stepTriggers = get(when, 'event') ? eventTriggers(when, step.range) : triggers;
    const gates: Gate[] = [];
    if (promoted || isPromoteOnly(when)) gates.push({ kind: 'promote', blocking: true, range: (promoted ? pipelineWhen : when)!.range });
    const settings = inputsOf(get(step, 'settings'));
    const env = inputsOf(get(step, 'environment'));
    const commands = commandsOf(get(step, 'commands'), docText);
    const target = strings(get(when, 'target')).concat(strings(get(pipelineWhen, 'target')));
    const dependsOn = strings(get(step, 'depends_on'));
    jobs.push({
      id: name,
      name,
      keyRange,
      range: step.range,
      needs: dependsOn.length ? dependsOn : previous ? [previous] : [],
      triggers: stepTriggers,
      branches: branchFilter(when) ?? branchFilter(pipelineWhen),
      contexts: [],
      gates,
      steps: [
        {
          name,
          range: step.range,
          anchor: (entry(step, 'image') ?? entry(step, 'commands'))?.keyRange ?? keyRange,
          uses: commands.length ? undefined : located(get(step, 'image')),
          inputs: settings,
          env,
          commands,
          script: located(get(step, 'commands')),
        },
      ],
      env: [...env, ...settings],
      references: uniqueReferences([
        ...fromSecret(settings),
        ...fromSecret(env),
        ...externalVariableReferences([get(step, 'commands')], docText, new Set(env.map((e) => e.name)), commands),
      ]),
      environment: target.length
        ? { name: target[0]!, range: (get(when, 'target') ?? get(pipelineWhen, 'target'))!.range, dynamic: false, kind: 'deployment' }
        : undefined,
      node: step,
    });
    previous = name;
  }
  return [
    {
      platform: 'drone',
      name: str(get(root, 'name')) ?? path,
      kind: 'pipeline',
      range: root.range,
      triggers,
      triggersRange: entry(root, 'trigger')?.keyRange,
      env: [],
      references: [],
      jobs,
      reusable: false,
      unresolved: [],
      node: root,
    },
  ];
}

function eventTriggers(when: DataNode | undefined, range: Range): Trigger[] {
  const events = eventList(when);
  const branches = branchFilter(when);
  const list = events.length ? events : ['push', 'tag', 'pull_request', 'promote', 'cron', 'custom'];
  return list.map((event) => ({
    kind: EVENTS[event] ?? 'other',
    event,
    untrusted: false,
    range: get(when, 'event')?.range ?? range,
    branches: EVENTS[event] === 'push' ? branches : undefined,
  }));
}

function eventList(when: DataNode | undefined): string[] {
  const event = get(when, 'event');
  return strings(event?.type === 'map' ? get(event, 'include') : event);
}

function isPromoteOnly(when: DataNode | undefined): boolean {
  const events = eventList(when);
  return events.length > 0 && events.every((e) => e === 'promote' || e === 'rollback');
}

function branchFilter(when: DataNode | undefined): string[] | undefined {
  const branch = get(when, 'branch');
  const list = strings(branch?.type === 'map' ? get(branch, 'include') : branch);
  return list.length ? list : undefined;
}

/** `{ from_secret: name }` values in settings and environment. */
function fromSecret(inputs: Input[]): Reference[] {
  const out: Reference[] = [];
  for (const input of inputs) {
    const secret = get(input.node, 'from_secret');
    if (str(secret)) out.push({ kind: 'secret', name: str(secret)!, range: secret!.range, sink: input.name });
  }
  return out;
}
