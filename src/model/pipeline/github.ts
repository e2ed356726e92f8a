import { entries, entry, get, items, str, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { commandsOf, eachString, githubReferences, inputsOf, located, strings, uniqueReferences } from './common.js';
import { normaliseUses, SCRIPT_INPUTS } from './known.js';
import { parseShell } from './shell.js';
import { conjuncts, topLevel } from './expressions.js';
import { githubEventTrust, isPrivilegedOutsiderEvent } from './trust.js';
import { scalarSource, type SourceText } from './source.js';
import type { Command, EnvironmentRef, Job, Permissions, PermissionLevel, Pipeline, Reference, Step, Trigger } from './types.js';

/**
 * GitHub Actions: workflows (`.github/workflows/*.yml`) and composite actions (`action.yml`).
 * Reusable-workflow calls become jobs with a `call`; their secrets (`secrets: inherit`) are kept.
 */
export function buildGithubWorkflow(root: DataNode, path: string, docText: string): Pipeline {
  const onEntry = entry(root, 'on') ?? entry(root, 'true');
  const triggers = onEntry ? githubTriggers(onEntry.value) : [];
  const dispatchInputs = onEntry ? workflowInputs(onEntry.value) : {};
  const permissions = githubPermissions(root);
  const env = inputsOf(get(root, 'env'));
  const defaultShell = str(get(get(get(root, 'defaults'), 'run'), 'shell'));
  // A job switched off with `if: false` never runs: nothing it would do is a risk (its secrets are still read by the secret rules).
  const jobs = entries(get(root, 'jobs')).flatMap((e) =>
    e.value.type === 'map' && !neverRuns(str(get(e.value, 'if')))
      ? [githubJob(e.key, e.keyRange, e.value, { triggers, docText, defaultShell, dispatchInputs })]
      : [],
  );
  const references = uniqueReferences(collectReferences(get(root, 'env'), docText));
  return {
    platform: 'github-actions',
    name: str(get(root, 'name')) ?? path,
    kind: 'workflow',
    range: root.range,
    triggers,
    triggersRange: onEntry?.keyRange,
    permissions,
    env,
    references,
    jobs,
    reusable: triggers.length > 0 && triggers.every((t) => t.kind === 'call'),
    unresolved: [],
    node: root,
  };
}

/** A composite action: one job of steps; its secrets arrive as inputs. */
export function buildGithubAction(root: DataNode, path: string, docText: string): Pipeline {
  const runs = get(root, 'runs');
  const steps = items(get(runs, 'steps')).flatMap((s) => (s.type === 'map' ? [githubStep(s, docText, undefined)] : []));
  const name = str(get(root, 'name')) ?? path;
  const job: Job = {
    id: name,
    name,
    keyRange: entry(root, 'runs')?.keyRange ?? root.range,
    range: runs?.range ?? root.range,
    needs: [],
    triggers: [],
    contexts: [],
    gates: [],
    steps,
    env: [],
    references: uniqueReferences(collectReferences(runs, docText)),
    node: runs,
  };
  return {
    platform: 'github-actions',
    name,
    kind: 'action',
    range: root.range,
    triggers: [],
    env: [],
    references: [],
    jobs: steps.length ? [job] : [],
    reusable: true,
    unresolved: [],
    node: root,
  };
}

interface JobContext {
  triggers: Trigger[];
  docText: string;
  defaultShell?: string;
  dispatchInputs: Record<string, string[]>;
}

/** `if: false`, `if: ${{ false }}`, `if: 'false'`: a condition that can never hold. */
function neverRuns(condition: string | undefined): boolean {
  return condition !== undefined && /^\s*(?:\$\{\{\s*)?false(?:\s*\}\})?\s*$/.test(condition);
}

function githubJob(id: string, keyRange: Range, node: DataNode, context: JobContext): Job {
  const condition = located(get(node, 'if'));
  const matrix = literalMatrix(get(get(node, 'strategy'), 'matrix'));
  const runsOn = strings(get(node, 'runs-on')).join(' ');
  const shell = str(get(get(get(node, 'defaults'), 'run'), 'shell')) ?? context.defaultShell ?? (/windows/i.test(runsOn) ? 'pwsh' : 'bash');
  const steps = items(get(node, 'steps')).flatMap((s) => (s.type === 'map' ? [githubStep(s, context.docText, shell)] : []));
  const usesNode = get(node, 'uses');
  const uses = located(usesNode);
  const secretsNode = get(node, 'secrets');
  const permissions = githubPermissions(node);
  const idToken = permissions?.scopes.find((s) => s.name === 'id-token' && s.level === 'write');
  const job: Job = {
    id,
    name: str(get(node, 'name')),
    keyRange,
    range: node.range,
    needs: strings(get(node, 'needs')),
    triggers: filterTriggers(context.triggers, condition?.value),
    branches: refBranches(condition?.value),
    condition,
    environment: githubEnvironment(get(node, 'environment'), matrix, context.dispatchInputs),
    contexts: [],
    gates: [],
    steps,
    env: inputsOf(get(node, 'env')),
    references: uniqueReferences(collectReferences(node, context.docText)),
    permissions,
    oidc: idToken?.range ?? (permissions?.all === 'write-all' ? permissions.range : undefined),
    matrix,
    node,
  };
  if (uses) {
    job.call = {
      uses,
      local: uses.value.startsWith('./'),
      inheritSecrets: str(secretsNode) === 'inherit' ? secretsNode!.range : undefined,
    };
  }
  return job;
}

function githubStep(node: DataNode, docText: string, shell: string | undefined): Step {
  const uses = located(get(node, 'uses'));
  const runEntry = entry(node, 'run');
  const stepShell = str(get(node, 'shell')) ?? shell ?? 'bash';
  const dialect = /^(?:pwsh|powershell)\b/.test(stepShell) ? 'pwsh' : 'sh';
  const withNode = get(node, 'with');
  // A `run:` with `shell: python` (or node, cmd…) carries code, not shell commands.
  const codeShell = /^(?:python|node|cmd|perl|ruby|rscript)\b/i.test(stepShell);
  const commands = runEntry && !codeShell ? commandsOf(runEntry.value, docText, dialect) : [];
  if (uses) commands.push(...scriptInputCommands(uses.value, withNode, docText));
  return {
    name: str(get(node, 'name')) ?? str(get(node, 'id')),
    id: str(get(node, 'id')),
    range: node.range,
    anchor: uses?.range ?? runEntry?.keyRange ?? node.range,
    uses,
    inputs: inputsOf(withNode),
    env: inputsOf(get(node, 'env')),
    commands,
    script: runEntry ? located(runEntry.value) : undefined,
    condition: located(get(node, 'if')),
    node,
  };
}

/** Commands carried in the inputs of script-running actions (`azure/cli`, `appleboy/ssh-action`). */
function scriptInputCommands(uses: string, withNode: DataNode | undefined, docText: string): Command[] {
  const specs = SCRIPT_INPUTS[normaliseUses('github-actions', uses)];
  if (!specs) return [];
  const out: Command[] = [];
  for (const spec of specs) {
    const input = entries(withNode).find((e) => e.key.toLowerCase() === spec.input);
    const source = input ? scalarSource(input.value, docText) : undefined;
    if (!source) continue;
    const prefix = spec.prefix ?? '';
    const prefixed: SourceText = prefix ? { text: prefix + source.text, offset: (i) => source.offset(Math.max(0, i - prefix.length)) } : source;
    out.push(...parseShell(prefixed, { remote: spec.remote }));
  }
  return out;
}

// ---- triggers --------------------------------------------------------------------------------

/** The triggers of a workflow's `on:` (a string, a list or a map of events). */
function githubTriggers(on: DataNode): Trigger[] {
  const out: Trigger[] = [];
  const add = (event: string, config: DataNode | undefined, range: Range) => {
    const trust = githubEventTrust(event);
    if (event === 'push') {
      const branches = patterns(config, 'branches');
      const tags = patterns(config, 'tags');
      const hasBranchFilter = get(config, 'branches') !== undefined || get(config, 'branches-ignore') !== undefined;
      const hasTagFilter = get(config, 'tags') !== undefined || get(config, 'tags-ignore') !== undefined;
      // A push with only tag filters runs on tags only, and the other way round.
      if (!hasTagFilter || hasBranchFilter)
        out.push({ kind: 'push', event, untrusted: false, branches: hasBranchFilter ? (branches ?? []) : undefined, range });
      if (!hasBranchFilter || hasTagFilter) out.push({ kind: 'tag', event, untrusted: false, tags: tags, range });
      return;
    }
    out.push({ kind: trust.kind, event, untrusted: isPrivilegedOutsiderEvent(event), branches: patterns(config, 'branches'), range });
  };
  if (on.type === 'scalar') {
    const event = str(on);
    if (event) add(event, undefined, on.range);
  } else if (on.type === 'seq') {
    for (const item of on.items) {
      const event = str(item);
      if (event) add(event, undefined, item.range);
    }
  } else {
    for (const e of entries(on)) add(e.key, e.value, e.keyRange);
  }
  return out;
}

/** Branch or tag patterns of an event filter; undefined when there is no positive filter. */
function patterns(config: DataNode | undefined, key: 'branches' | 'tags'): string[] | undefined {
  const list = get(config, key);
  return list ? strings(list) : undefined;
}

/** Choice options of `workflow_dispatch`/`workflow_call` inputs, for environments chosen at run time. */
function workflowInputs(on: DataNode): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const event of ['workflow_dispatch', 'workflow_call']) {
    for (const input of entries(get(get(on, event), 'inputs'))) {
      const options = strings(get(input.value, 'options'));
      const fallback = str(get(input.value, 'default'));
      if (options.length) out[input.key] = options;
      else if (fallback) out[input.key] = [fallback];
    }
  }
  return out;
}

/**
 * Narrows the workflow's triggers by a job's `if:`: `github.event_name == 'push'` keeps only
 * those events, `!= 'x'` drops one. Anything more complex keeps every trigger (over-approximation
 * is the safe side for "can this job run on that event").
 */
function filterTriggers(triggers: Trigger[], condition: string | undefined): Trigger[] {
  if (!condition) return triggers;
  let out = triggers;
  for (const part of conjuncts(condition)) {
    const disjuncts = topLevel(part, '||');
    // `github.event_name == 'a' || github.event_name == 'b'`: only those events.
    const events = disjuncts.map((d) => /^\(?\s{0,4}github\.event_name\s{0,4}==\s{0,4}['"]([a-z_]{1,64})['"]\s{0,4}\)?$/.exec(d.trim())?.[1]);
    if (events.every((e) => e !== undefined)) out = out.filter((t) => events.includes(t.event));
    const excluded = /^github\.event_name\s{0,4}!=\s{0,4}['"]([a-z_]{1,64})['"]$/.exec(part.trim())?.[1];
    if (excluded) out = out.filter((t) => t.event !== excluded);
    // `startsWith(github.ref, 'refs/tags/')`: pushes of tags only (manual runs on a tag stay).
    if (
      /^startsWith\(\s{0,4}github\.ref\s{0,4},\s{0,4}['"]refs\/tags\/[^'"]{0,100}['"]\s{0,4}\)$|^github\.ref_type\s{0,4}==\s{0,4}['"]tag['"]$/.test(part.trim())
    ) {
      out = out.filter((t) => t.kind !== 'push' && t.kind !== 'pull-request');
    }
  }
  return out;
}

/** Branches a job's `if:` limits it to: `github.ref == 'refs/heads/main'`, `github.ref_name == 'main'`. */
function refBranches(condition: string | undefined): string[] | undefined {
  if (!condition) return undefined;
  const found = [
    ...[...condition.matchAll(/github\.ref\s{0,4}==\s{0,4}['"]refs\/heads\/([^'"]{1,200})['"]/g)].map((m) => m[1]!),
    ...[...condition.matchAll(/github\.(?:ref_name|head_ref|base_ref)\s{0,4}==\s{0,4}['"]([^'"]{1,200})['"]/g)].map((m) => m[1]!),
    ...[
      ...condition.matchAll(/github\.ref\s{0,4}==\s{0,4}format\(\s{0,4}['"]refs\/heads\/\{0\}['"]\s{0,4},\s{0,4}github\.event\.repository\.default_branch/g),
    ].map(() => 'main'),
  ];
  return found.length ? found : undefined;
}

// ---- environment, permissions, matrix --------------------------------------------------------

function githubEnvironment(
  node: DataNode | undefined,
  matrix: Record<string, string[]> | undefined,
  inputs: Record<string, string[]>,
): EnvironmentRef | undefined {
  if (!node) return undefined;
  const nameNode = node.type === 'map' ? get(node, 'name') : node;
  const name = str(nameNode);
  if (name === undefined || !nameNode) return undefined;
  const dynamic = name.includes('${{');
  const ref: EnvironmentRef = { name, range: nameNode.range, dynamic, kind: 'environment' };
  if (dynamic) {
    const candidates = expressionCandidates(name, matrix, inputs);
    if (candidates.length) ref.candidates = candidates;
  }
  return ref;
}

/** Values an expression can take when it draws from a literal matrix, a choice input or a ternary. */
function expressionCandidates(expression: string, matrix: Record<string, string[]> | undefined, inputs: Record<string, string[]>): string[] {
  const out = new Set<string>();
  for (const m of expression.matchAll(/matrix\.([A-Za-z0-9_-]{1,100})/g)) for (const v of matrix?.[m[1]!] ?? []) out.add(v);
  for (const m of expression.matchAll(/(?:github\.event\.)?inputs\.([A-Za-z0-9_-]{1,100})/g)) for (const v of inputs[m[1]!] ?? []) out.add(v);
  // `cond && 'production' || 'staging'`
  for (const m of expression.matchAll(/(?:&&|\|\|)\s{0,4}'([^']{1,100})'/g)) out.add(m[1]!);
  return [...out];
}

function literalMatrix(node: DataNode | undefined): Record<string, string[]> | undefined {
  if (node?.type !== 'map') return undefined;
  const out: Record<string, string[]> = {};
  for (const e of node.entries) {
    if (e.key === 'include') {
      for (const item of items(e.value)) for (const inner of entries(item)) (out[inner.key] ??= []).push(...strings(inner.value));
      continue;
    }
    if (e.key === 'exclude') continue;
    const values = strings(e.value);
    if (values.length) out[e.key] = values;
  }
  return out;
}

/** A `permissions:` block: `write-all`, `read-all`, `{}` or scope → level. */
function githubPermissions(node: DataNode | undefined): Permissions | undefined {
  const e = entry(node, 'permissions');
  if (!e) return undefined;
  const value = e.value;
  const base = { range: value.range, keyRange: e.keyRange, scopes: [] as Permissions['scopes'] };
  const scalar = str(value);
  if (scalar === 'write-all' || scalar === 'read-all') return { ...base, all: scalar };
  if (value.type === 'map' && value.entries.length === 0) return { ...base, all: 'none' };
  for (const scope of entries(value)) {
    const level = str(scope.value);
    if (level === 'read' || level === 'write' || level === 'none')
      base.scopes.push({ name: scope.key, level: level as PermissionLevel, range: { start: scope.keyRange.start, end: scope.value.range.end } });
  }
  return base;
}

// ---- references ------------------------------------------------------------------------------

/** Every `${{ secrets.* }}` / `${{ vars.* }}` under a node; `if:` values are bare expressions. */
function collectReferences(node: DataNode | undefined, docText: string): Reference[] {
  const out: Reference[] = [];
  eachString(node, (scalar, value, key) => {
    if (!value.includes('secrets') && !value.includes('vars')) return;
    const source = scalarSource(scalar, docText);
    if (source) out.push(...githubReferences(source, key, key === 'if'));
  });
  return out;
}
