import { entry, get, items, str, type DataEntry, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, externalVariableReferences, inputsOf, located, strings, uniqueReferences } from './common.js';
import type { Gate, Job, Pipeline, Step, Trigger } from './types.js';

/**
 * Buildkite: steps run in parallel until a `wait` or `block`, which every later step implicitly
 * waits for; a `block` also waits for a person. An `input` step collects data and blocks nothing
 * unless a step names it in `depends_on`. A step with `depends_on` waits only for what it names,
 * skipping earlier `wait` and `block` steps.
 */
export function buildBuildkite(root: DataNode, path: string, docText: string): Pipeline {
  const triggers: Trigger[] = [{ kind: 'push', event: 'push', untrusted: false, range: root.range }];
  const stepList = root.type === 'seq' ? root : get(root, 'steps');
  const builder = new Builder(
    docText,
    triggers,
    inputsOf(get(root, 'env')).map((i) => i.name),
  );
  for (const step of items(stepList)) builder.add(step, undefined);
  return {
    platform: 'buildkite',
    name: path,
    kind: 'pipeline',
    range: root.range,
    triggers,
    env: inputsOf(get(root, 'env')),
    references: [],
    jobs: builder.jobs,
    reusable: false,
    unresolved: [],
    node: root,
  };
}

class Builder {
  readonly jobs: Job[] = [];
  /** The last `wait`/`block` barrier, and the steps added since. */
  private barrier: string | undefined;
  private since: string[] = [];

  constructor(
    private readonly docText: string,
    private readonly triggers: Trigger[],
    private readonly pipelineEnv: string[],
  ) {}

  add(node: DataNode, group: DataNode | undefined): void {
    const word = str(node);
    if (word === 'wait' || word === 'waiter') return this.addBarrier(undefined, node.range, node);
    if (word === 'block') return this.addBarrier({ kind: 'block-step', blocking: true, range: node.range }, node.range, node);
    if (node.type !== 'map') return;
    const first = node.entries[0];
    if (!first) return;
    const type = str(get(node, 'type'));
    if (entry(node, 'wait') || type === 'wait') return this.addBarrier(undefined, first.keyRange, node);
    if (entry(node, 'block') || type === 'block' || type === 'manual')
      return this.addBarrier({ kind: 'block-step', blocking: true, range: (entry(node, 'block') ?? first).keyRange }, first.keyRange, node);
    if (entry(node, 'input') || type === 'input') {
      const job = this.job(node, first, []);
      job.gates.push({
        kind: 'input-step',
        blocking: false,
        range: (entry(node, 'input') ?? first).keyRange,
        weakness: { kind: 'collects-input-only' },
      });
      job.needs = this.explicitNeeds(node, group) ?? [];
      job.implicitNeeds = false;
      this.jobs.push(job);
      return;
    }
    if (entry(node, 'group')) {
      for (const inner of items(get(node, 'steps'))) this.add(inner, node);
      return;
    }
    const job = this.job(node, first, this.steps(node));
    const trigger = get(node, 'trigger');
    if (trigger) job.call = { uses: { value: str(trigger) ?? '', range: trigger.range }, local: false };
    this.place(job, node, group);
  }

  private addBarrier(gate: Gate | undefined, range: Range, node: DataNode): void {
    const id = str(get(node, 'key')) ?? `${gate ? 'block' : 'wait'}@${range.start}`;
    const job: Job = {
      id,
      name: str(get(node, 'block')) ?? str(get(node, 'label')) ?? (gate ? 'block' : 'wait'),
      keyRange: range,
      range: node.range,
      needs: [...(this.barrier ? [this.barrier] : []), ...this.since],
      implicitNeeds: true,
      triggers: this.triggers,
      branches: branchList(get(node, 'branches')),
      condition: located(get(node, 'if')),
      contexts: [],
      gates: gate ? [gate] : [],
      steps: [],
      env: [],
      references: [],
      node,
    };
    const explicit = this.explicitNeeds(node, undefined);
    if (explicit) {
      job.needs = explicit;
      job.implicitNeeds = false;
    }
    this.jobs.push(job);
    this.barrier = id;
    this.since = [];
  }

  private place(job: Job, node: DataNode, group: DataNode | undefined): void {
    const explicit = this.explicitNeeds(node, group);
    if (explicit) {
      job.needs = explicit;
      job.implicitNeeds = false;
    } else {
      job.needs = this.barrier ? [this.barrier] : [];
      job.implicitNeeds = true;
    }
    this.jobs.push(job);
    this.since.push(job.id);
  }

  private explicitNeeds(node: DataNode, group: DataNode | undefined): string[] | undefined {
    const own = get(node, 'depends_on') ?? get(group, 'depends_on');
    if (!own) return undefined;
    return items(own).flatMap((d) => (str(d) ? [str(d)!] : str(get(d, 'step')) ? [str(get(d, 'step'))!] : []));
  }

  private job(node: DataNode, first: DataEntry, steps: Step[]): Job {
    const label = str(get(node, 'label')) ?? str(get(node, 'name')) ?? str(get(node, 'input')) ?? str(get(node, 'trigger'));
    const env = inputsOf(get(node, 'env'));
    const defined = new Set([...this.pipelineEnv, ...env.map((e) => e.name)]);
    const commands = steps.flatMap((s) => s.commands);
    return {
      id: str(get(node, 'key')) ?? str(get(node, 'id')) ?? label ?? `step@${node.range.start}`,
      name: label,
      keyRange: (entry(node, 'label') ?? entry(node, 'key') ?? first).keyRange,
      range: node.range,
      needs: [],
      triggers: this.triggers,
      branches: branchList(get(node, 'branches')),
      condition: located(get(node, 'if')),
      contexts: [],
      gates: [],
      steps,
      env,
      references: uniqueReferences(
        externalVariableReferences([get(node, 'command'), get(node, 'commands'), get(node, 'env'), get(node, 'plugins')], this.docText, defined, commands),
      ),
      oidc: commands.some((c) => c.argv[0]?.value === 'buildkite-agent' && c.argv[1]?.value === 'oidc') ? first.keyRange : undefined,
      node,
    };
  }

  private steps(node: DataNode): Step[] {
    const out: Step[] = [];
    const commandEntry = entry(node, 'command') ?? entry(node, 'commands');
    if (commandEntry) {
      out.push({
        name: str(get(node, 'label')),
        range: commandEntry.value.range,
        anchor: commandEntry.keyRange,
        inputs: [],
        env: [],
        commands: commandsOf(commandEntry.value, this.docText),
        script: located(commandEntry.value),
      });
    }
    for (const plugin of pluginEntries(get(node, 'plugins'))) {
      out.push({
        name: plugin.key,
        range: plugin.value.range,
        anchor: plugin.keyRange,
        uses: { value: plugin.key, range: plugin.keyRange },
        inputs: inputsOf(plugin.value),
        env: [],
        commands: [],
      });
    }
    return out;
  }
}

/** Plugins as a list of one-key maps, or one map. */
function pluginEntries(node: DataNode | undefined): DataEntry[] {
  if (node?.type === 'map') return node.entries;
  return items(node).flatMap((item) => {
    if (item.type === 'map') return item.entries;
    const name = str(item);
    return name ? [{ key: name, keyRange: item.range, value: { type: 'scalar', range: item.range, value: null } as DataNode }] : [];
  });
}

/** `branches: "main release/*"` or a list. */
function branchList(node: DataNode | undefined): string[] | undefined {
  const list = strings(node)
    .flatMap((s) => s.split(/\s+/))
    .filter((b) => b && !b.startsWith('!'));
  return list.length ? list : undefined;
}
