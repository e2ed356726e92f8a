import { bool, entries, entry, get, items, str, type DataEntry, type DataMap, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, externalVariableReferences, inputsOf, located, strings, uniqueReferences } from './common.js';
import type { CloudLogin, EnvironmentRef, Gate, Job, Pipeline, Reference, Step, Trigger, TriggerKind } from './types.js';

/**
 * GitLab CI: jobs with `extends` (resolved within the file, deep-merged as GitLab does),
 * `!reference` tags, YAML anchors, `default:`, stage order and `needs`, `rules`/`only`/
 * `except`/`when`, and `environment` with its `action`. Includes and templates from other files
 * are recorded as unresolved.
 */

const RESERVED = new Set([
  'image',
  'services',
  'stages',
  'types',
  'before_script',
  'after_script',
  'variables',
  'cache',
  'include',
  'workflow',
  'default',
  'spec',
]);
const DEFAULT_STAGES = ['.pre', 'build', 'test', 'deploy', '.post'];
/** Keys `default:` gives every job (unless `inherit: default: false`). */
const DEFAULT_KEYS = ['before_script', 'after_script', 'id_tokens', 'image', 'services', 'tags', 'secrets', 'hooks'];
const MAX_EXTENDS_DEPTH = 11;

export function buildGitlab(root: DataNode, path: string, docText: string): Pipeline {
  const templates = new Map<string, DataEntry>();
  for (const e of entries(root)) if (e.value.type === 'map') templates.set(e.key, e);
  const unresolved = strings(get(root, 'include')).length || get(root, 'include') ? includeNotes(get(root, 'include')) : [];
  const resolver = new ExtendsResolver(templates);
  const stages = strings(get(root, 'stages')).length ? ['.pre', ...strings(get(root, 'stages')), '.post'] : DEFAULT_STAGES;
  const pipelineTriggers = workflowTriggers(get(root, 'workflow'));
  const defaults = get(root, 'default');
  const globalVariables = get(root, 'variables');
  const defined = new Set([...entries(globalVariables).map((e) => e.key)]);

  const jobs: Job[] = [];
  for (const e of entries(root)) {
    if (RESERVED.has(e.key) || e.key.startsWith('.') || e.value.type !== 'map') continue;
    const { node, missing } = resolver.resolve(e.key);
    const merged = withDefaults(node, defaults, root);
    const expanded = expandReferences(merged, resolver, 0);
    jobs.push(gitlabJob(e, expanded, { docText, pipelineTriggers, globalVariables, defined, missing }));
  }
  linkStages(jobs, stages);
  return {
    platform: 'gitlab-ci',
    name: path,
    kind: 'pipeline',
    range: root.range,
    triggers: pipelineTriggers,
    triggersRange: entry(root, 'workflow')?.keyRange,
    env: inputsOf(globalVariables),
    references: uniqueReferences(externalVariableReferences([globalVariables], docText, defined, [])),
    jobs,
    reusable: false,
    unresolved,
    node: root,
  };
}

function includeNotes(include: DataNode | undefined): string[] {
  return items(include).map((item) => {
    const local =
      str(item) ??
      str(get(item, 'local')) ??
      str(get(item, 'template')) ??
      str(get(item, 'component')) ??
      str(get(item, 'project')) ??
      str(get(item, 'remote'));
    return `include ${local ?? '(unknown)'}`;
  });
}

// ---- extends, default, !reference ------------------------------------------------------------

class ExtendsResolver {
  private readonly done = new Map<string, { node: DataMap; missing: string[] }>();

  constructor(private readonly templates: Map<string, DataEntry>) {}

  /** The job or template with its `extends` chain deep-merged in (parents first). */
  resolve(name: string, depth = 0): { node: DataMap; missing: string[] } {
    const cached = this.done.get(name);
    if (cached) return cached;
    const own = this.templates.get(name)?.value;
    if (own?.type !== 'map') return { node: { type: 'map', range: { start: 0, end: 0 }, entries: [] }, missing: [name] };
    let merged: DataMap = { type: 'map', range: own.range, entries: [] };
    const missing: string[] = [];
    if (depth < MAX_EXTENDS_DEPTH) {
      for (const parent of strings(get(own, 'extends'))) {
        if (!this.templates.has(parent)) {
          missing.push(parent);
          continue;
        }
        const resolved = this.resolve(parent, depth + 1);
        merged = deepMerge(merged, resolved.node);
        missing.push(...resolved.missing);
      }
    }
    const result = { node: deepMerge(merged, own), missing };
    this.done.set(name, result);
    return result;
  }

  /** The node a `!reference [.job, key, …]` points at. */
  reference(path: string[]): DataNode | undefined {
    const [first, ...rest] = path;
    if (!first || !this.templates.has(first)) return undefined;
    let node: DataNode | undefined = this.resolve(first).node;
    for (const key of rest) node = get(node, key);
    return node;
  }
}

/** GitLab's `extends` merge: maps merge key by key, everything else is replaced. */
function deepMerge(base: DataMap, over: DataMap): DataMap {
  const out: DataEntry[] = [];
  const overKeys = new Set(over.entries.map((e) => e.key));
  for (const e of base.entries) if (!overKeys.has(e.key) && e.key !== 'extends') out.push(e);
  for (const e of over.entries) {
    if (e.key === 'extends') continue;
    const previous = base.entries.find((b) => b.key === e.key);
    if (previous?.value.type === 'map' && e.value.type === 'map' && e.key !== 'rules') out.push({ ...e, value: deepMerge(previous.value, e.value) });
    else out.push(e);
  }
  return { type: 'map', range: over.range, entries: out };
}

function withDefaults(job: DataMap, defaults: DataNode | undefined, root: DataNode): DataMap {
  const inherit = get(get(job, 'inherit'), 'default');
  if (bool(inherit) === false) return job;
  const allowed = inherit?.type === 'seq' ? new Set(strings(inherit)) : undefined;
  const extra: DataEntry[] = [];
  for (const key of DEFAULT_KEYS) {
    if (allowed && !allowed.has(key)) continue;
    if (entry(job, key)) continue;
    const fromDefault =
      entry(defaults, key) ?? (key === 'before_script' || key === 'after_script' || key === 'image' || key === 'services' ? entry(root, key) : undefined);
    if (fromDefault) extra.push(fromDefault);
  }
  return extra.length ? { ...job, entries: [...extra, ...job.entries] } : job;
}

/** Replaces `!reference [.job, key]` sequences with what they point at (nested up to 10 levels). */
function expandReferences(node: DataMap, resolver: ExtendsResolver, depth: number): DataMap {
  const expand = (value: DataNode, level: number): DataNode => {
    if (value.type === 'seq' && value.tag === '!reference') {
      const target = level < 10 ? resolver.reference(strings(value)) : undefined;
      return target ? expand(target, level + 1) : { type: 'seq', range: value.range, items: [] };
    }
    if (value.type === 'seq') return { ...value, items: value.items.map((item) => expand(item, level)) };
    if (value.type === 'map' && level < 10) return { ...value, entries: value.entries.map((e) => ({ ...e, value: expand(e.value, level) })) };
    return value;
  };
  return expand(node, depth) as DataMap;
}

// ---- jobs ------------------------------------------------------------------------------------

interface JobContext {
  docText: string;
  pipelineTriggers: Trigger[];
  globalVariables: DataNode | undefined;
  defined: Set<string>;
  missing: string[];
}

function gitlabJob(e: DataEntry, node: DataMap, context: JobContext): Job {
  const { docText } = context;
  const steps: Step[] = [];
  for (const key of ['before_script', 'script', 'after_script']) {
    const scriptEntry = entry(node, key);
    if (!scriptEntry) continue;
    steps.push({
      name: key,
      range: scriptEntry.value.range,
      anchor: scriptEntry.keyRange,
      inputs: [],
      env: [],
      commands: commandsOf(scriptEntry.value, docText),
      script: located(scriptEntry.value),
    });
  }
  const variables = get(node, 'variables');
  const defined = new Set([...context.defined, ...entries(variables).map((v) => v.key)]);
  const commands = steps.flatMap((s) => s.commands);
  const references: Reference[] = [
    ...externalVariableReferences(
      [entry(node, 'before_script')?.value, entry(node, 'script')?.value, entry(node, 'after_script')?.value, variables, get(node, 'environment')],
      docText,
      defined,
      commands,
    ),
    ...entries(get(node, 'secrets')).map((s) => ({ kind: 'secret' as const, name: s.key, range: s.keyRange, sink: s.key })),
  ];
  const rules = get(node, 'rules');
  const schedule = jobSchedule(node, rules, context.pipelineTriggers);
  const idTokens = entry(node, 'id_tokens');
  const job: Job = {
    id: e.key,
    name: e.key,
    keyRange: e.keyRange,
    range: e.value.range,
    stage: str(get(node, 'stage')) ?? (entry(node, 'trigger') ? 'test' : 'test'),
    needs: needsOf(get(node, 'needs')) ?? [],
    implicitNeeds: get(node, 'needs') === undefined,
    triggers: schedule.triggers,
    branches: schedule.branches,
    environment: gitlabEnvironment(get(node, 'environment')),
    contexts: [],
    gates: schedule.gate ? [schedule.gate] : [],
    steps,
    env: inputsOf(variables),
    references: uniqueReferences(references),
    oidc: idTokens?.keyRange,
    structural: structuralDeploys(e, node),
    logins: idTokens ? [{ provider: 'other', method: 'oidc', evidence: 'id_tokens', range: idTokens.keyRange, references: [] } satisfies CloudLogin] : [],
    unresolved: context.missing.length ? context.missing.map((m) => `extends ${m}`) : undefined,
    node,
  };
  const trigger = get(node, 'trigger');
  if (trigger) {
    const project = str(trigger) ?? str(get(trigger, 'project'));
    const local = str(get(get(trigger, 'include'), 'local')) ?? str(get(trigger, 'include'));
    const target = project ?? local;
    if (target) job.call = { uses: { value: target, range: trigger.range }, local: !project };
  }
  return job;
}

function needsOf(node: DataNode | undefined): string[] | undefined {
  if (!node) return undefined;
  return items(node).flatMap((item) => {
    const name = str(item) ?? (get(item, 'pipeline') || get(item, 'project') ? undefined : str(get(item, 'job')));
    return name ? [name] : [];
  });
}

/**
 * Stage order: a job without `needs` waits for every job of the earlier stages. Linking it to the
 * previous stage is enough when that stage's jobs wait in turn; a stage whose jobs use `needs`
 * breaks the chain, so the stages before it are linked as well.
 */
function linkStages(jobs: Job[], stages: string[]): void {
  const order = (stage: string | undefined) => {
    const index = stages.indexOf(stage ?? 'test');
    return index >= 0 ? index : stages.indexOf('test');
  };
  const byStage = new Map<number, Job[]>();
  for (const job of jobs) {
    const index = order(job.stage);
    (byStage.get(index) ?? byStage.set(index, []).get(index)!).push(job);
  }
  const stageIndexes = [...byStage.keys()].sort((a, b) => a - b);
  const upstream = new Map<number, string[]>();
  for (const [position, index] of stageIndexes.entries()) {
    const linked: string[] = [];
    for (let back = position - 1; back >= 0; back--) {
      const stageJobs = byStage.get(stageIndexes[back]!)!;
      linked.push(...stageJobs.map((j) => j.id));
      if (stageJobs.every((j) => j.implicitNeeds)) break;
    }
    upstream.set(index, linked);
  }
  for (const job of jobs) if (job.implicitNeeds) job.needs = upstream.get(order(job.stage)) ?? [];
}

function gitlabEnvironment(node: DataNode | undefined): EnvironmentRef | undefined {
  if (!node) return undefined;
  const nameNode = node.type === 'map' ? get(node, 'name') : node;
  const name = str(nameNode);
  if (name === undefined || !nameNode) return undefined;
  const tier = str(get(node, 'deployment_tier'));
  return {
    name,
    range: nameNode.range,
    dynamic: /\$/.test(name),
    kind: 'environment',
    action: str(get(node, 'action')) ?? 'start',
    aliases: tier ? [tier] : undefined,
  };
}

function structuralDeploys(e: DataEntry, node: DataMap): Job['structural'] {
  const out: NonNullable<Job['structural']> = [];
  const release = entry(node, 'release');
  if (release) out.push({ kind: 'release', what: 'release: keyword', tool: 'gitlab-release', range: release.keyRange });
  const pages = get(node, 'pages');
  if ((e.key === 'pages' && bool(pages) !== false) || (pages && bool(pages) !== false))
    out.push({ kind: 'deploy', what: 'GitLab Pages', tool: 'gitlab-pages', range: e.keyRange, hints: ['pages'], tier: 'non-production' });
  return out;
}

// ---- rules, only/except, when --------------------------------------------------------------

const SOURCES: Record<string, TriggerKind> = {
  push: 'push',
  merge_request_event: 'pull-request',
  external_pull_request_event: 'pull-request',
  schedule: 'schedule',
  web: 'manual',
  api: 'api',
  trigger: 'api',
  pipeline: 'upstream',
  parent_pipeline: 'upstream',
  chat: 'manual',
  webide: 'manual',
};

/** The pipeline sources GitLab runs by default (merge request pipelines need rules to exist). */
function defaultTriggers(range: Range): Trigger[] {
  return [
    { kind: 'push', event: 'push', untrusted: false, range },
    { kind: 'tag', event: 'push', untrusted: false, range },
    { kind: 'schedule', event: 'schedule', untrusted: false, range },
    { kind: 'manual', event: 'web', untrusted: false, range },
    { kind: 'api', event: 'api', untrusted: false, range },
  ];
}

/** What one `if:` expression admits: pipeline sources, tags, branches. Undefined when unknowable. */
function conditionTriggers(expression: string, range: Range): Trigger[] | undefined {
  const out: Trigger[] = [];
  const add = (kind: TriggerKind, event: string, branches?: string[]) => out.push({ kind, event, untrusted: false, range, branches });
  for (const m of expression.matchAll(/\$CI_PIPELINE_SOURCE\s{0,4}==\s{0,4}["']([a-z_]{1,40})["']/g)) add(SOURCES[m[1]!] ?? 'other', m[1]!);
  if (/\$CI_COMMIT_TAG\b(?!\s{0,4}==\s{0,4}null)/.test(expression) && !/\$CI_COMMIT_TAG\s{0,4}==\s{0,4}null/.test(expression)) add('tag', 'push');
  const branches = [
    ...[...expression.matchAll(/\$CI_COMMIT_(?:BRANCH|REF_NAME)\s{0,4}==\s{0,4}["']([^"']{1,200})["']/g)].map((m) => m[1]!),
    ...[...expression.matchAll(/\$CI_COMMIT_(?:BRANCH|REF_NAME)\s{0,4}==\s{0,4}\$CI_DEFAULT_BRANCH/g)].map(() => 'main'),
    ...[...expression.matchAll(/\$CI_COMMIT_(?:BRANCH|REF_NAME)\s{0,4}=~\s{0,4}\/\^?([A-Za-z0-9_./-]{1,100})/g)].map((m) => m[1]!),
  ];
  if (branches.length) add('push', 'push', branches);
  else if (/\$CI_COMMIT_BRANCH\b/.test(expression) && !/\$CI_COMMIT_BRANCH\s{0,4}!=/.test(expression) && !out.some((t) => t.kind === 'push'))
    add('push', 'push');
  if (/\$CI_MERGE_REQUEST_(?:IID|ID)\b/.test(expression) && !out.some((t) => t.kind === 'pull-request')) add('pull-request', 'merge_request_event');
  return out.length ? out : undefined;
}

function workflowTriggers(workflow: DataNode | undefined): Trigger[] {
  const rules = get(workflow, 'rules');
  const range = workflow?.range ?? { start: 0, end: 0 };
  if (!rules) return defaultTriggers(range);
  const out: Trigger[] = [];
  for (const rule of items(rules)) {
    if (str(get(rule, 'when')) === 'never') continue;
    const condition = str(get(rule, 'if'));
    const found = condition ? conditionTriggers(condition, rule.range) : undefined;
    out.push(...(found ?? defaultTriggers(rule.range)));
  }
  return out;
}

interface JobSchedule {
  triggers: Trigger[];
  branches?: string[];
  gate?: Gate;
}

/**
 * When a job runs and whether it waits for a person. With `rules`, the job is manual only if
 * every rule that can add it says `when: manual` (a rule's manual job blocks unless it allows
 * failure); without rules, a job-level `when: manual` holds the job itself but lets the
 * pipeline continue past it unless `allow_failure: false`.
 */
function jobSchedule(node: DataMap, rules: DataNode | undefined, pipelineTriggers: Trigger[]): JobSchedule {
  const jobWhen = str(get(node, 'when')) ?? 'on_success';
  const jobAllowFailure = bool(get(node, 'allow_failure'));
  const whenEntry = entry(node, 'when');
  if (rules) {
    const active = items(rules).filter((r) => (str(get(r, 'when')) ?? jobWhen) !== 'never');
    const triggers: Trigger[] = [];
    const autoBranches: string[] = [];
    let everyAutoHasBranch = true;
    let manual: DataNode | undefined;
    let manualBlocks = true;
    let automatic = false;
    for (const rule of active) {
      const when = str(get(rule, 'when')) ?? jobWhen;
      const condition = str(get(rule, 'if'));
      const found = (condition ? conditionTriggers(condition, rule.range) : undefined) ?? pipelineTriggers;
      triggers.push(...found);
      if (when === 'manual') {
        manual ??= get(rule, 'when') ?? whenEntry?.value ?? rule;
        if (bool(get(rule, 'allow_failure')) === true || (get(rule, 'allow_failure') === undefined && jobAllowFailure === true)) manualBlocks = false;
      } else {
        automatic = true;
        const branches = found.flatMap((t) => (t.kind === 'push' ? (t.branches ?? []) : t.kind === 'tag' ? [] : []));
        if (found.some((t) => t.kind === 'push' && !t.branches)) everyAutoHasBranch = false;
        autoBranches.push(...branches);
      }
    }
    const gate: Gate | undefined =
      manual && !automatic
        ? {
            kind: 'manual-job',
            blocking: manualBlocks,
            range: manual.range,
            weakness: manualBlocks ? undefined : { kind: 'allow-failure' },
          }
        : undefined;
    return { triggers, branches: automatic && everyAutoHasBranch && autoBranches.length ? autoBranches : undefined, gate };
  }
  const triggers = onlyExceptTriggers(node, pipelineTriggers);
  const branches = refsBranches(get(node, 'only'));
  if (jobWhen === 'manual' && whenEntry) {
    const blocks = jobAllowFailure === false;
    return {
      triggers,
      branches,
      gate: {
        kind: 'manual-job',
        blocking: blocks,
        range: whenEntry.value.range,
        weakness: blocks ? undefined : { kind: 'optional-manual-job' },
      },
    };
  }
  return { triggers, branches };
}

const ONLY_KEYWORDS: Record<string, TriggerKind> = {
  branches: 'push',
  tags: 'tag',
  merge_requests: 'pull-request',
  schedules: 'schedule',
  web: 'manual',
  api: 'api',
  triggers: 'api',
  pipelines: 'upstream',
  pushes: 'push',
  external_pull_requests: 'pull-request',
  chat: 'manual',
};

function onlyExceptTriggers(node: DataMap, pipelineTriggers: Trigger[]): Trigger[] {
  const only = get(node, 'only');
  const refs = only?.type === 'map' ? get(only, 'refs') : only;
  if (!refs) {
    const except = refsList(get(node, 'except'));
    return pipelineTriggers.filter((t) => !except.some((e) => ONLY_KEYWORDS[e] === t.kind && (t.kind !== 'push' || !t.branches)));
  }
  const out: Trigger[] = [];
  const branches: string[] = [];
  for (const ref of strings(refs)) {
    const kind = ONLY_KEYWORDS[ref];
    if (kind) out.push({ kind, event: ref, untrusted: false, range: refs.range });
    else branches.push(ref);
  }
  if (branches.length) out.push({ kind: 'push', event: 'push', untrusted: false, range: refs.range, branches });
  return out;
}

function refsList(node: DataNode | undefined): string[] {
  return strings(node?.type === 'map' ? get(node, 'refs') : node);
}

function refsBranches(only: DataNode | undefined): string[] | undefined {
  const refs = refsList(only)
    .filter((r) => !ONLY_KEYWORDS[r])
    .map((r) => r.replace(/^\/\^?|\$?\/$/g, ''));
  return refs.length ? refs : undefined;
}
