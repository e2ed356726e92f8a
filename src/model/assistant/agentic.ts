import { bool, entries, get, items, str, walk, type DataNode } from '../../ast/index.js';
import type { Range } from '../../rule/types.js';
import { addServers } from './build.js';
import { readServers } from './mcp.js';
import type { AssistantConfig, Located } from './types.js';

/**
 * GitHub Agentic Workflows (`gh aw`): a `.github/workflows/<name>.md` file whose YAML frontmatter
 * `gh aw compile` turns into `<name>.lock.yml`. The design keeps the agent job read-only and does
 * writes in separate safe-output jobs, gates triggers on repository roles and limits egress with
 * a firewall; the model records the frontmatter and the places where a workflow weakens that
 * design. Keys follow the reference at github.github.io/gh-aw/reference/frontmatter.
 */

/** How a workflow weakens gh-aw's defaults; each rule decides its severity and wording. */
export type AgenticWeakening =
  /** `strict: false`: the compiler no longer refuses write permissions, wide network and unpinned actions. */
  | { kind: 'strict-off'; range: Range }
  /** The agent job's token can write (`contents: write`, `id-token: write`…). */
  | { kind: 'agent-write-permission'; range: Range; scope: string }
  /** A safe output that merges pull requests, pushes to a named branch or auto-merges. */
  | { kind: 'safe-output-ships'; range: Range; output: string; branch?: string }
  /** `roles: all` while anyone can trigger the workflow (issues, comments, `pull_request_target`). */
  | { kind: 'roles-all'; range: Range; events: string[] }
  /** The agent firewall is switched off (`sandbox.agent: false`, `network.firewall: false`). */
  | { kind: 'firewall-off'; range: Range }
  /** The network allow-list admits any host. */
  | { kind: 'network-wide'; range: Range; entry: string }
  /** An MCP server (or the GitHub tool) the agent drives holds a repository secret. */
  | { kind: 'tool-secret'; range: Range; server: string; secret: string }
  /** A workflow imported from another repository at a mutable ref. */
  | { kind: 'unpinned-import'; range: Range; source: string };

/** What one agentic workflow source declares. */
export interface AgenticWorkflow {
  engine: string;
  events: Located[];
  /** Events outsiders can cause (issues, comments, `pull_request_target`, discussions, forks). */
  untrustedEvents: Located[];
  /** Secrets the workflow reads (`${{ secrets.X }}` anywhere in the frontmatter, and the engine's key). */
  secrets: string[];
  /** Secrets handed to the tools and MCP servers the agent itself drives. */
  agentSecrets: string[];
  /** Safe-output types, i.e. what the workflow may write after the agent ran. */
  safeOutputs: Located[];
  /** Scopes the safe-output jobs write with, derived from the outputs. */
  writes: string[];
  strict: boolean;
  weakenings: AgenticWeakening[];
}

const UNTRUSTED = new Set(['issues', 'issue_comment', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'discussion', 'discussion_comment', 'command', 'slash_command']);
/** Write scopes an agent job may need without being able to change the repository. */
const HARMLESS_WRITES = new Set(['copilot-requests', 'models']);
const ENGINE_SECRETS: Record<string, string[]> = {
  copilot: ['COPILOT_GITHUB_TOKEN'],
  claude: ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN'],
  codex: ['OPENAI_API_KEY', 'CODEX_API_KEY'],
  gemini: ['GEMINI_API_KEY'],
};
/** What each safe output writes with, as token scopes. */
const OUTPUT_SCOPES: Record<string, string[]> = {
  'create-issue': ['issues'],
  'update-issue': ['issues'],
  'close-issue': ['issues'],
  'add-comment': ['issues', 'pull-requests'],
  'add-labels': ['issues', 'pull-requests'],
  'remove-labels': ['issues', 'pull-requests'],
  'create-pull-request': ['contents', 'pull-requests'],
  'push-to-pull-request-branch': ['contents'],
  'merge-pull-request': ['contents', 'pull-requests'],
  'create-pull-request-review-comment': ['pull-requests'],
  'submit-pull-request-review': ['pull-requests'],
  'update-pull-request': ['pull-requests'],
  'close-pull-request': ['pull-requests'],
  'create-discussion': ['discussions'],
  'update-discussion': ['discussions'],
  'close-discussion': ['discussions'],
  'add-reviewer': ['pull-requests'],
  'assign-to-agent': ['issues'],
  'update-release': ['contents'],
  'upload-asset': ['contents'],
  'create-code-scanning-alert': ['security-events'],
  'dispatch-workflow': ['actions'],
  'create-agent-task': ['issues'],
  'create-agent-session': ['issues'],
  'assign-to-user': ['issues'],
  'reply-to-pull-request-review-comment': ['pull-requests'],
  'resolve-pull-request-review-thread': ['pull-requests'],
};
/** `safe-outputs` keys that configure the safe-output jobs rather than name an output. */
const SYSTEM_OUTPUTS = new Set(['noop', 'missing-tool', 'missing-data', 'report-incomplete', 'report-failure-as-issue', 'github-token', 'github-app', 'app', 'staged', 'env', 'jobs', 'threat-detection', 'allowed-domains', 'allowed-github-references', 'max-patch-size', 'runs-on', 'messages', 'footer', 'needs', 'mentions', 'steps']);

/** Whether a workflow text is gh-aw's compiled output (its first lines name the compiler). */
export function isCompiledAgenticWorkflow(text: string): boolean {
  const head = text.slice(0, 4000);
  return /^# gh-aw-metadata:/m.test(head) || /^# This file was automatically generated by gh-aw\b/m.test(head);
}

/** Reads the frontmatter of an agentic workflow source; undefined when it has no `on:` trigger. */
export function readAgenticWorkflow(config: AssistantConfig, front: DataNode | undefined): AgenticWorkflow | undefined {
  if (front?.type !== 'map' || !get(front, 'on')) return undefined;
  const on = get(front, 'on')!;
  const events: Located[] = on.type === 'map' ? on.entries.map((e) => ({ value: e.key, range: e.keyRange })) : items(on).flatMap((i) => (str(i) ? [{ value: str(i)!, range: i.range }] : []));
  // `pull_request` reaches forks only when `forks:` lets them in.
  const forks = items(get(get(on, 'pull_request'), 'forks')).some((f) => str(f) === '*');
  const untrustedEvents = events.filter((e) => UNTRUSTED.has(e.value) || (e.value === 'pull_request' && forks));
  const engineNode = get(front, 'engine');
  const engine = str(engineNode) ?? str(get(engineNode, 'id')) ?? 'copilot';
  const weakenings: AgenticWeakening[] = [];

  const strictNode = get(front, 'strict');
  const strict = bool(strictNode) !== false;
  if (bool(strictNode) === false) weakenings.push({ kind: 'strict-off', range: strictNode!.range });

  const permissions = get(front, 'permissions');
  if (str(permissions) === 'write-all') weakenings.push({ kind: 'agent-write-permission', range: permissions!.range, scope: 'write-all' });
  // `id-token: write` is how the engine authenticates when `engine.auth.type` is `github-oidc`.
  const oidcEngine = str(get(get(engineNode, 'auth'), 'type')) === 'github-oidc';
  for (const entry of entries(permissions)) {
    if (entry.key === 'id-token' && oidcEngine) continue;
    if (str(entry.value) === 'write' && !HARMLESS_WRITES.has(entry.key)) weakenings.push({ kind: 'agent-write-permission', range: entry.value.range, scope: entry.key });
  }

  const roles = get(front, 'roles') ?? get(on, 'roles');
  const rolesAll = str(roles) === 'all' ? roles : items(roles).find((r) => str(r) === 'all');
  if (rolesAll && untrustedEvents.length) weakenings.push({ kind: 'roles-all', range: rolesAll.range, events: untrustedEvents.map((e) => e.value) });

  readNetwork(front, weakenings);

  const safeOutputs: Located[] = [];
  const writes = new Set<string>();
  const outputs = get(front, 'safe-outputs');
  for (const output of entries(outputs)) {
    if (SYSTEM_OUTPUTS.has(output.key) || bool(output.value) === false) continue;
    safeOutputs.push({ value: output.key, range: output.keyRange });
    for (const scope of OUTPUT_SCOPES[output.key] ?? []) writes.add(scope);
    if (output.key === 'merge-pull-request') weakenings.push({ kind: 'safe-output-ships', range: output.keyRange, output: output.key });
    const autoMerge = get(output.value, 'auto-merge');
    if (bool(autoMerge) === true) weakenings.push({ kind: 'safe-output-ships', range: autoMerge!.range, output: `${output.key}.auto-merge` });
    if (output.key === 'push-to-branch' || output.key === 'push-to-pull-request-branch') {
      const branch = get(output.value, 'branch');
      if (str(branch) && /^(?:main|master|trunk|develop|release.*|production|prod)$/.test(str(branch)!)) weakenings.push({ kind: 'safe-output-ships', range: branch!.range, output: output.key, branch: str(branch)! });
    }
  }
  // Without a `safe-outputs` section gh-aw adds `create-issue`.
  if (!outputs) writes.add('issues');

  const secrets = new Set<string>(ENGINE_SECRETS[engine] ?? []);
  walk(front, (node) => {
    const text = str(node);
    if (text) for (const m of text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]{0,100})/g)) if (m[1] !== 'GITHUB_TOKEN') secrets.add(m[1]!);
    return undefined;
  });

  const tools = get(front, 'tools');
  const githubToken = get(get(tools, 'github'), 'github-token');
  for (const m of (str(githubToken) ?? '').matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]{0,100})/g)) weakenings.push({ kind: 'tool-secret', range: githubToken!.range, server: 'github', secret: m[1]! });
  for (const server of entries(get(front, 'mcp-servers'))) {
    walk(server.value, (node) => {
      const text = str(node);
      for (const m of (text ?? '').matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]{0,100})/g)) if (m[1] !== 'GITHUB_TOKEN') weakenings.push({ kind: 'tool-secret', range: node.range, server: server.key, secret: m[1]! });
      return undefined;
    });
  }
  addServers(config, readServers(get(front, 'mcp-servers')));

  for (const item of items(get(front, 'imports'))) {
    const source = str(item) ?? str(get(item, 'path')) ?? str(get(item, 'uses'));
    if (!source || !/^[\w.-]+\/[\w.-]+\/.+/.test(source) || source.startsWith('./') || source.startsWith('shared/') || source.startsWith('.github/')) continue;
    const ref = /@([^@/]+)$/.exec(source)?.[1];
    if (!ref || !/^[0-9a-f]{40}$/i.test(ref)) weakenings.push({ kind: 'unpinned-import', range: item.range, source });
  }

  const agentSecrets = [...new Set(weakenings.flatMap((w) => (w.kind === 'tool-secret' ? [w.secret] : [])))].sort();
  return { engine, events, untrustedEvents, secrets: [...secrets].sort(), agentSecrets, safeOutputs, writes: [...writes].sort(), strict, weakenings };
}

function readNetwork(front: DataNode, weakenings: AgenticWeakening[]): void {
  const network = get(front, 'network');
  const firewall = get(network, 'firewall');
  if (bool(firewall) === false || str(firewall) === 'disable') weakenings.push({ kind: 'firewall-off', range: firewall!.range });
  const sandbox = get(front, 'sandbox');
  const agentSandbox = get(sandbox, 'agent');
  if (bool(agentSandbox) === false || str(agentSandbox) === 'false') weakenings.push({ kind: 'firewall-off', range: agentSandbox!.range });
  for (const entry of items(get(network, 'allowed'))) {
    const host = str(entry) ?? '';
    if (/^(?:\*|\*\.\*|https?:\/\/\*)$/.test(host.trim())) weakenings.push({ kind: 'network-wide', range: entry.range, entry: host });
  }
}
