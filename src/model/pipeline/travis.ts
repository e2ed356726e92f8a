import { bool, entries, entry, get, items, str, type DataEntry, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, externalVariableReferences, inputsOf, located, strings, uniqueReferences } from './common.js';
import type { Job, Pipeline, Reference, Step, Trigger } from './types.js';

/**
 * Travis CI: the top-level build (its `script` phases and `deploy:` providers) and each
 * `jobs.include` entry. Travis has no gate: `deploy.on` only filters branches and tags.
 */

const PHASES = ['before_install', 'install', 'before_script', 'script', 'after_success', 'before_deploy', 'after_deploy'];
const PUBLISHERS = new Set(['npm', 'pypi', 'rubygems', 'gems', 'releases', 'cargo', 'hex', 'puppetforge', 'bintray', 'packagecloud', 'snap', 'pub']);

export function buildTravis(root: DataNode, path: string, docText: string): Pipeline {
  const branches = strings(get(get(root, 'branches'), 'only'));
  const triggers: Trigger[] = [
    { kind: 'push', event: 'push', untrusted: false, range: root.range, branches: branches.length ? branches : undefined },
    { kind: 'tag', event: 'push', untrusted: false, range: root.range },
    { kind: 'pull-request', event: 'pull_request', untrusted: false, range: root.range },
  ];
  const globalEnv = envInputs(get(root, 'env'));
  const context: Context = { docText, triggers, globalEnv: globalEnv.map((e) => e.name) };
  const jobs: Job[] = travisJobs('build', undefined, entry(root, 'script')?.keyRange ?? root.range, root, context, []);
  for (const include of items(get(get(root, 'jobs') ?? get(root, 'matrix'), 'include'))) {
    const name = str(get(include, 'name')) ?? str(get(include, 'stage')) ?? `job@${include.range.start}`;
    const keyRange =
      (entry(include, 'name') ?? entry(include, 'stage') ?? (include.type === 'map' ? include.entries[0] : undefined))?.keyRange ?? include.range;
    jobs.push(
      ...travisJobs(
        name,
        str(get(include, 'stage')),
        keyRange,
        include,
        context,
        jobs.map((j) => j.id),
      ),
    );
  }
  return {
    platform: 'travis',
    name: path,
    kind: 'pipeline',
    range: root.range,
    triggers,
    env: globalEnv,
    references: [],
    jobs: jobs.filter((j) => j.steps.length || j.structural?.length),
    reusable: false,
    unresolved: [],
    node: root,
  };
}

interface Context {
  docText: string;
  triggers: Trigger[];
  globalEnv: string[];
}

/** A build job (its script phases) and one job per `deploy:` provider, run after it. */
function travisJobs(id: string, stage: string | undefined, keyRange: Range, node: DataNode, context: Context, taken: string[]): Job[] {
  const { docText, triggers } = context;
  const steps: Step[] = [];
  for (const phase of PHASES) {
    const e = entry(node, phase);
    if (e)
      steps.push({
        name: phase,
        range: e.value.range,
        anchor: e.keyRange,
        inputs: [],
        env: [],
        commands: commandsOf(e.value, docText),
        script: located(e.value),
      });
  }
  const env = envInputs(get(node, 'env'));
  const defined = new Set([...context.globalEnv, ...env.map((e) => e.name)]);
  const build: Job = {
    id,
    name: id,
    keyRange,
    range: node.range,
    stage,
    needs: [],
    triggers,
    condition: located(get(node, 'if')),
    contexts: [],
    gates: [],
    steps,
    env,
    references: uniqueReferences(
      externalVariableReferences(
        PHASES.map((p) => get(node, p)),
        docText,
        defined,
        steps.flatMap((s) => s.commands),
      ),
    ),
    node,
  };
  const out = [build];
  for (const provider of deployProviders(node)) {
    const name = str(get(provider, 'provider')) ?? 'script';
    if (bool(get(provider, 'dry_run')) === true) continue;
    const kind = PUBLISHERS.has(name) ? (name === 'releases' ? 'release' : 'publish') : 'deploy';
    const hints = ['app', 'bucket', 'project', 'site', 'environment', 'stage', 'repo', 'target_branch', 'function_name', 'env']
      .map((k) => str(get(provider, k)))
      .filter((h): h is string => !!h);
    const providerKey = (entry(provider, 'provider') ?? (provider.type === 'map' ? provider.entries[0] : undefined))?.keyRange ?? provider.range;
    const on = get(provider, 'on');
    const onBranch = strings(get(on, 'branch'));
    const deployTriggers: Trigger[] = [];
    if (bool(get(on, 'tags')) === true) deployTriggers.push({ kind: 'tag', event: 'push', untrusted: false, range: on!.range });
    else
      deployTriggers.push({
        kind: 'push',
        event: 'push',
        untrusted: false,
        range: on?.range ?? providerKey,
        branches: onBranch.length ? onBranch : bool(get(on, 'all_branches')) === true ? undefined : ['master'],
      });
    const inputs = inputsOf(provider).filter((i) => i.name !== 'on' && i.name !== 'provider');
    let jobId = `deploy:${name}`;
    while (taken.includes(jobId) || out.some((j) => j.id === jobId)) jobId += "'";
    out.push({
      id: jobId,
      name: jobId,
      keyRange: providerKey,
      range: provider.range,
      stage,
      needs: [id],
      triggers: deployTriggers,
      branches: deployTriggers[0]?.branches,
      contexts: [],
      gates: [],
      steps:
        name === 'script'
          ? [{ name: 'deploy', range: provider.range, anchor: providerKey, inputs: [], env: [], commands: commandsOf(get(provider, 'script'), docText) }]
          : [],
      env: inputs,
      references: uniqueReferences([...entries(provider).flatMap(secureValues), ...externalVariableReferences([provider], docText, defined, [])]),
      structural: [{ kind, what: `the ${name} deploy provider`, tool: `travis-${name}`, range: providerKey, hints }],
      provider: name,
      node: provider,
    });
  }
  return out;
}

function deployProviders(node: DataNode): DataNode[] {
  const deploy = get(node, 'deploy');
  return deploy ? items(deploy).filter((d) => d.type === 'map') : [];
}

/** Travis `secure:` values are encrypted long-lived secrets. */
function secureValues(e: DataEntry): Reference[] {
  const secure = get(e.value, 'secure');
  return secure ? [{ kind: 'secret', name: e.key, range: e.keyRange, sink: e.key }] : [];
}

/** `env:` as a map, a list of `KEY=value` strings, or `global:`/`jobs:` lists. */
function envInputs(node: DataNode | undefined) {
  if (node?.type === 'map' && !get(node, 'global') && !get(node, 'jobs') && !get(node, 'matrix')) return inputsOf(node);
  const lists = node?.type === 'map' ? [get(node, 'global'), get(node, 'jobs'), get(node, 'matrix')] : [node];
  const out: ReturnType<typeof inputsOf> = [];
  for (const list of lists) {
    for (const item of items(list)) {
      const text = str(item);
      if (text) {
        for (const m of text.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]{0,127})=("[^"]{0,2000}"|'[^']{0,2000}'|\S{0,2000})/g)) {
          out.push({ name: m[1]!, keyRange: item.range, value: m[2]!.replace(/^["']|["']$/g, ''), valueRange: item.range, node: item });
        }
      } else if (item.type === 'map') {
        out.push(...inputsOf(item));
      }
    }
  }
  return out;
}
