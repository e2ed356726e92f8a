import { bool, entries, entry, get, items, str, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, externalVariableReferences, inputsOf, located, uniqueReferences } from './common.js';
import type { Gate, Job, Pipeline, Step, Trigger, TriggerKind } from './types.js';

/**
 * Bitbucket Pipelines: one pipeline per section and pattern (`default`, `branches/main`,
 * `tags/v*`, `pull-requests/**`, `custom/deploy-prod`). Steps run in order (parallel groups
 * together); a `trigger: manual` step pauses the pipeline; `deployment:` names the environment.
 */
export function buildBitbucket(root: DataNode, path: string, docText: string): Pipeline[] {
  const sections = get(root, 'pipelines');
  const out: Pipeline[] = [];
  for (const section of entries(sections)) {
    if (section.key === 'default') {
      out.push(bitbucketPipeline('default', section.value, [trigger('push', 'default', section.keyRange)], docText, root));
      continue;
    }
    const kind: TriggerKind | undefined = (
      { branches: 'push', bookmarks: 'push', tags: 'tag', 'pull-requests': 'pull-request', custom: 'manual' } as Record<string, TriggerKind>
    )[section.key];
    if (!kind) continue;
    for (const pattern of entries(section.value)) {
      const t = trigger(kind, section.key, pattern.keyRange, kind === 'push' || kind === 'pull-request' ? [pattern.key] : undefined);
      out.push(bitbucketPipeline(`${section.key}/${pattern.key}`, pattern.value, [t], docText, root));
    }
  }
  if (!out.length) return [];
  for (const p of out) p.name = `${path} ${p.name}`;
  return out;
}

function trigger(kind: TriggerKind, event: string, range: Range, branches?: string[]): Trigger {
  return { kind, event, untrusted: false, range, branches };
}

function bitbucketPipeline(name: string, node: DataNode, triggers: Trigger[], docText: string, root: DataNode): Pipeline {
  const jobs: Job[] = [];
  let previous: string[] = [];
  const add = (stepNode: DataNode, keyRange: Range, stage: DataNode | undefined, first: boolean) => {
    const job = bitbucketJob(stepNode, keyRange, jobs.length, triggers, docText, stage, first);
    if (jobs.some((j) => j.id === job.id)) job.id = `${job.id} #${jobs.length + 1}`;
    jobs.push(job);
    return job;
  };
  for (const item of items(node)) {
    const step = entry(item, 'step');
    const parallel = get(item, 'parallel');
    const stage = get(item, 'stage');
    if (step) {
      const job = add(step.value, step.keyRange, undefined, false);
      job.needs = previous;
      previous = [job.id];
    } else if (parallel) {
      const group = items(parallel.type === 'map' ? get(parallel, 'steps') : parallel).flatMap((p) => (entry(p, 'step') ? [entry(p, 'step')!] : []));
      const ids: string[] = [];
      for (const s of group) {
        const job = add(s.value, s.keyRange, undefined, false);
        job.needs = previous;
        ids.push(job.id);
      }
      if (ids.length) previous = ids;
    } else if (stage) {
      items(get(stage, 'steps')).forEach((s, index) => {
        const inner = entry(s, 'step');
        if (!inner) return;
        const job = add(inner.value, inner.keyRange, stage, index === 0);
        job.needs = previous;
        previous = [job.id];
      });
    }
  }
  return {
    platform: 'bitbucket',
    name,
    kind: 'pipeline',
    range: node.range,
    triggers,
    env: [],
    references: [],
    jobs,
    reusable: false,
    unresolved: [],
    node: root,
  };
}

function bitbucketJob(
  node: DataNode,
  keyRange: Range,
  index: number,
  triggers: Trigger[],
  docText: string,
  stage: DataNode | undefined,
  firstInStage: boolean,
): Job {
  const steps: Step[] = [];
  for (const key of ['script', 'after-script']) {
    for (const item of items(get(node, key))) {
      const pipe = entry(item, 'pipe');
      if (pipe) {
        steps.push({
          name: str(pipe.value),
          range: item.range,
          anchor: pipe.value.range,
          uses: located(pipe.value),
          inputs: inputsOf(get(item, 'variables')),
          env: [],
          commands: [],
        });
      } else if (item.type === 'scalar') {
        steps.push({ name: key, range: item.range, anchor: item.range, inputs: [], env: [], commands: commandsOf(item, docText), script: located(item) });
      }
    }
  }
  const name = str(get(node, 'name')) ?? `step ${index + 1}`;
  const triggerNode = entry(node, 'trigger') ?? (firstInStage ? entry(stage, 'trigger') : undefined);
  const gates: Gate[] = str(triggerNode?.value) === 'manual' ? [{ kind: 'manual-job', blocking: true, range: triggerNode!.value.range }] : [];
  const deployment = located(get(node, 'deployment')) ?? located(get(stage, 'deployment'));
  const oidc = entry(node, 'oidc');
  const commands = steps.flatMap((s) => s.commands);
  const pipeVariables = steps.flatMap((s) => s.inputs.map((i) => i.node));
  return {
    id: name,
    name,
    keyRange,
    range: node.range,
    stage: str(get(stage, 'name')),
    needs: [],
    triggers,
    contexts: [],
    gates,
    steps,
    env: steps.flatMap((s) => s.inputs),
    references: uniqueReferences(externalVariableReferences([get(node, 'script'), get(node, 'after-script'), ...pipeVariables], docText, new Set(), commands)),
    environment: deployment ? { name: deployment.value, range: deployment.range, dynamic: deployment.value.includes('$'), kind: 'deployment' } : undefined,
    oidc: oidc && bool(oidc.value) === true ? oidc.keyRange : undefined,
    node,
  };
}
