import { bool, entry, get, items, str, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { inputsOf, located, strings } from './common.js';
import type { Gate, Job, Pipeline, Step, Trigger, Word } from './types.js';

/**
 * Argo: an Argo CD `Application`/`ApplicationSet` is a deployment; with `syncPolicy.automated`
 * every commit to its source is deployed with no one in the loop, without it someone syncs by
 * hand. An Argo Workflow's `suspend` template waits for `argo resume`, unless it has a
 * `duration`, after which it resumes by itself.
 */
export function buildArgo(root: DataNode, path: string): Pipeline[] {
  const apiVersion = str(get(root, 'apiVersion')) ?? '';
  if (!apiVersion.startsWith('argoproj.io/')) return [];
  const kind = str(get(root, 'kind'));
  if (kind === 'Application') return [application(root, get(root, 'spec'), path, false)];
  if (kind === 'ApplicationSet') return [application(root, get(get(get(root, 'spec'), 'template'), 'spec'), path, true)];
  if (kind === 'Workflow' || kind === 'WorkflowTemplate' || kind === 'ClusterWorkflowTemplate' || kind === 'CronWorkflow') {
    const spec = kind === 'CronWorkflow' ? get(get(root, 'spec'), 'workflowSpec') : get(root, 'spec');
    return [workflow(root, spec, path, kind)];
  }
  return [];
}

function application(root: DataNode, spec: DataNode | undefined, path: string, templated: boolean): Pipeline {
  const name = str(get(get(root, 'metadata'), 'name')) ?? path;
  const nameRange = get(get(root, 'metadata'), 'name')?.range ?? root.range;
  const destination = get(spec, 'destination');
  const sources = [get(spec, 'source'), ...items(get(spec, 'sources'))].filter((s): s is DataNode => !!s);
  const hints = [
    name,
    str(get(destination, 'namespace')),
    str(get(destination, 'name')),
    str(get(destination, 'server')),
    str(get(spec, 'project')),
    ...sources.flatMap((s) => [str(get(s, 'path')), str(get(s, 'targetRevision')), ...strings(get(get(s, 'helm'), 'valueFiles'))]),
  ].filter((h): h is string => !!h);
  const syncPolicy = entry(spec, 'syncPolicy');
  const automated = entry(syncPolicy?.value, 'automated');
  const auto = !!automated && bool(get(automated.value, 'enabled')) !== false;
  const gates: Gate[] = auto ? [] : [{ kind: 'manual-sync', blocking: true, range: syncPolicy?.keyRange ?? nameRange }];
  const trigger: Trigger = { kind: 'push', event: auto ? 'automated sync' : 'manual sync', untrusted: false, range: automated?.keyRange ?? nameRange };
  const job: Job = {
    id: name,
    name,
    keyRange: automated?.keyRange ?? nameRange,
    range: root.range,
    needs: [],
    triggers: [trigger],
    contexts: [],
    gates,
    steps: [],
    env: [],
    references: [],
    environment: undefined,
    structural: [
      {
        kind: 'deploy',
        what: auto ? 'Argo CD automated sync' : 'Argo CD application',
        tool: 'argocd-application',
        range: automated?.keyRange ?? nameRange,
        hints,
      },
    ],
    node: spec,
  };
  if (templated || name.includes('{{')) job.unresolved = ['templated application name'];
  return {
    platform: 'argocd',
    name,
    kind: 'application',
    range: root.range,
    triggers: [trigger],
    env: [],
    references: [],
    jobs: [job],
    reusable: false,
    unresolved: [],
    node: root,
  };
}

function workflow(root: DataNode, spec: DataNode | undefined, path: string, kind: string): Pipeline {
  const name = str(get(get(root, 'metadata'), 'name')) ?? str(get(get(root, 'metadata'), 'generateName')) ?? path;
  const jobs: Job[] = [];
  let previous: string | undefined;
  for (const template of items(get(spec, 'templates'))) {
    const templateName = str(get(template, 'name')) ?? `template${jobs.length + 1}`;
    const keyRange = entry(template, 'name')?.value.range ?? template.range;
    const suspend = entry(template, 'suspend');
    const gates: Gate[] = [];
    if (suspend) {
      const duration = entry(suspend.value, 'duration');
      gates.push(
        duration
          ? {
              kind: 'suspend',
              blocking: true,
              effective: false,
              range: duration.keyRange,
              weakness: { kind: 'resumes-after-duration', duration: str(duration.value) ?? '' },
            }
          : { kind: 'suspend', blocking: true, range: suspend.keyRange },
      );
    }
    const container = get(template, 'container') ?? get(template, 'script');
    const steps: Step[] = container ? [containerStep(container, keyRange)] : [];
    jobs.push({
      id: templateName,
      name: templateName,
      keyRange,
      range: template.range,
      needs: previous ? [previous] : [],
      implicitNeeds: true,
      triggers: [],
      contexts: [],
      gates,
      steps,
      env: steps.flatMap((s) => s.env),
      references: [],
      node: template,
    });
    previous = templateName;
  }
  return {
    platform: 'argocd',
    name,
    kind: 'pipeline',
    range: root.range,
    triggers: [],
    env: [],
    references: [],
    jobs,
    reusable: kind !== 'Workflow' && kind !== 'CronWorkflow',
    unresolved: [],
    node: root,
  };
}

/** A container's `command` + `args` as one command (scripts are left as text). */
function containerStep(container: DataNode, keyRange: Range): Step {
  const words: Word[] = [...items(get(container, 'command')), ...items(get(container, 'args'))].flatMap((n) =>
    str(n) === undefined ? [] : [{ value: str(n)!, range: n.range, quoted: true, expansion: str(n)!.includes('{{') }],
  );
  return {
    name: str(get(container, 'image')),
    range: container.range,
    anchor: keyRange,
    uses: located(get(container, 'image')),
    inputs: [],
    env: inputsOf(get(container, 'env')),
    commands: words.length
      ? [{ argv: words, assignments: [], range: { start: words[0]!.range.start, end: words[words.length - 1]!.range.end }, nested: false }]
      : [],
    script: located(get(container, 'source')),
  };
}
