import { bool, entries, get, items, str, type DataNode } from '../../ast/index.js';
import { scalarSpan } from '../../ast/embedded.js';
import type { Document } from '../../document/document.js';
import type { Range } from '../../rule/types.js';
import { addCommand, addKeyedCredential, addServers, analysePrefix } from './build.js';
import { analyseCommand } from './commands.js';
import { keyed, readServers, toolCapability } from './mcp.js';
import { pathReach } from './paths.js';
import { commandDanger, readHookCommand } from './hooks.js';
import type { AssistantConfig } from './types.js';

/** A permission rule such as `Bash(curl:*)`, `WebFetch(domain:*)`, `mcp__github`, `Read(~/.ssh/**)`. */
interface PermissionRule {
  tool: string;
  /** The text inside the parentheses; undefined for a bare tool name. */
  spec?: string;
}

/** Parses a Claude Code / Cursor permission rule. */
function parseRule(text: string): PermissionRule | undefined {
  const m = /^\s*([A-Za-z_*][\w*-]{0,200})\s*(?:\(([\s\S]*)\))?\s*$/.exec(text);
  return m ? { tool: m[1]!, spec: m[2] } : undefined;
}

/** Splits a tool list written as one string (`"Bash(git add:*), Read Edit"`) at top-level commas and spaces. */
function splitToolList(text: string, base: number): { value: string; range: Range }[] {
  const out: { value: string; range: Range }[] = [];
  let depth = 0;
  let start = -1;
  const flush = (end: number) => {
    if (start >= 0) {
      const raw = text.slice(start, end);
      const value = raw.trim().replace(/^["']|["']$/g, '');
      if (value) out.push({ value, range: { start: base + start, end: base + end } });
    }
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === ',' || c === ' ' || c === '\n' || c === '\t')) {
      flush(i);
      continue;
    }
    if (start < 0) start = i;
  }
  flush(text.length);
  return out;
}

const SHELL_TOOLS = new Set(['Bash', 'PowerShell', 'Shell']);
const WRITE_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const PATH_TOOLS = new Set(['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep', 'LS']);

/**
 * Adds what one allow-list entry grants. `setting` names the list for messages; `prefixMatch`
 * marks tools whose command rules match by prefix without a wildcard (Cursor `Shell(x)`).
 */
export function addPermissionRule(config: AssistantConfig, text: string, range: Range, setting: string, prefixMatch = false): void {
  const rule = parseRule(text);
  if (!rule) return;
  const spec = rule.spec?.trim();
  const grant = { range, setting, text };
  if (SHELL_TOOLS.has(rule.tool)) {
    const analysis = spec === undefined || spec === '' ? analyseCommand([], true) : commandRule(spec, prefixMatch);
    addCommand(config, { ...grant, remedy: 'exact-commands', example: `${rule.tool}(npm test)` }, analysis);
    return;
  }
  if (rule.tool === 'WebFetch') {
    if (spec === undefined || spec === '' || /^(?:domain:)?\*$/.test(spec) || spec === '**') {
      config.network.push({ ...grant, covers: 'any-web-host', remedy: 'claude-web-fetch' });
    }
    return;
  }
  if (PATH_TOOLS.has(rule.tool)) {
    const write = WRITE_TOOLS.has(rule.tool);
    if (spec === undefined || /^(?:\*\*?|\.\/\*\*|\*\*\/\*)$/.test(spec)) {
      if (write) config.writesAutoApproved = true;
      if (write && prefixMatch) {
        config.tools.push({ ...grant, tool: rule.tool, capability: 'write', selfModifying: true, remedy: 'cursor-any-write' });
      }
      return;
    }
    const reach = pathReach(spec);
    if (reach) {
      config.paths.push({
        ...grant,
        path: spec,
        access: write ? 'write' : 'read',
        reach: reach.reach,
        exposes: reach.exposes,
        remedy: 'claude-path-rule',
      });
    }
    return;
  }
  if (rule.tool.startsWith('mcp__')) {
    addMcpRule(config, rule.tool, grant);
    return;
  }
  if (rule.tool === 'Mcp' && spec !== undefined) {
    const [server = '', tool = '*'] = spec.split(':');
    if (tool === '*' || tool === '') {
      config.tools.push({ ...grant, server: server === '*' ? undefined : server, tool: '*', capability: 'all', remedy: 'cursor-mcp-all' });
    } else {
      const capability = toolCapability(tool);
      if (capability !== 'read') config.tools.push({ ...grant, server, tool, capability, remedy: 'claude-tool' });
    }
  }
}

function addMcpRule(config: AssistantConfig, tool: string, grant: { range: Range; setting: string; text: string }): void {
  const rest = tool.slice('mcp__'.length);
  const split = rest.indexOf('__');
  const server = split < 0 ? rest : rest.slice(0, split);
  const name = split < 0 ? '' : rest.slice(split + 2);
  if (name === '' || name === '*') {
    config.tools.push({ ...grant, server, tool: '*', capability: 'all', remedy: 'claude-whole-server' });
    return;
  }
  const capability = toolCapability(name);
  if (capability !== 'read') config.tools.push({ ...grant, server, tool: name, capability, remedy: 'claude-tool' });
}

/** A command rule's spec (`curl:*`, `npm run *`, `git push`) analysed as a prefix. */
function commandRule(spec: string, prefixMatch: boolean): ReturnType<typeof analyseCommand> {
  const star = spec.indexOf('*');
  if (star < 0) return analysePrefix(spec, prefixMatch);
  const prefix = spec.slice(0, star).replace(/:\s*$/, '').trim();
  return analysePrefix(prefix, true);
}

/** Reads a Claude Code settings object (a settings file, or the `settings` input of the action). */
export function readClaudeSettings(config: AssistantConfig, root: DataNode | undefined, where = 'settings'): void {
  if (root?.type !== 'map') return;
  const permissions = get(root, 'permissions');
  readDefaultMode(config, get(permissions, 'defaultMode'));
  for (const item of items(get(permissions, 'allow'))) {
    const text = str(item);
    if (text !== undefined) addPermissionRule(config, text, item.range, 'permissions.allow');
  }
  for (const item of items(get(permissions, 'additionalDirectories'))) {
    const path = str(item);
    const reach = path === undefined ? undefined : pathReach(path);
    if (reach) {
      config.paths.push({
        range: item.range,
        setting: 'permissions.additionalDirectories',
        text: path!,
        path: path!,
        access: 'read-write',
        reach: reach.reach,
        exposes: reach.exposes,
        remedy: 'claude-additional-directory',
      });
    }
  }
  const enableAll = get(root, 'enableAllProjectMcpServers');
  if (bool(enableAll) === true) {
    config.autoRuns.push({
      range: enableAll!.range,
      setting: 'enableAllProjectMcpServers',
      text: 'enableAllProjectMcpServers: true',
      kind: 'auto-enable',
      when: 'session-start',
      remedy: 'claude-enable-all-servers',
    });
  }
  // `disableAllHooks: true` turns hooks (and the status line) off for this settings layer.
  if (bool(get(root, 'disableAllHooks')) !== true) readHooks(config, get(root, 'hooks'), 'hooks');
  for (const key of ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'otelHeadersHelper', 'gcpAuthRefresh']) {
    const node = get(root, key);
    const command = str(node);
    if (command)
      config.autoRuns.push({
        range: node!.range,
        setting: key,
        text: command,
        kind: 'helper',
        when: 'credentials-needed',
        command,
        remedy: 'claude-credential-helper',
      });
  }
  const statusLine = get(get(root, 'statusLine'), 'command');
  if (str(statusLine) && config.scope !== 'user') {
    config.autoRuns.push({
      range: statusLine!.range,
      setting: 'statusLine.command',
      text: str(statusLine)!,
      kind: 'helper',
      when: 'status-refresh',
      command: str(statusLine),
      remedy: 'claude-status-line',
    });
  }
  for (const key of ['fileSuggestion', 'subagentStatusLine']) {
    const node = get(get(root, key), 'command');
    const command = str(node);
    if (command && config.scope !== 'user') {
      config.autoRuns.push({
        range: node!.range,
        setting: `${key}.command`,
        text: command,
        kind: 'helper',
        when: key === 'fileSuggestion' ? 'file-suggested' : 'subagent-status-refresh',
        command,
        danger: commandDanger(command),
        remedy: 'claude-helper-command',
      });
    }
  }
  for (const entry of keyed(get(root, 'env'))) addKeyedCredential(config, entry, 'setting', `${where}.env`);
  readClaudeEnv(config, get(root, 'env'), where);
  readPlugins(config, root);
  readSandbox(config, get(root, 'sandbox'));
  const servers = get(root, 'mcpServers');
  if (servers && where === 'settings') {
    config.ignored.push({
      range: entries(root).find((e) => e.key === 'mcpServers')!.keyRange,
      setting: 'mcpServers',
      text: 'mcpServers',
      reason: { kind: 'claude-servers-in-settings' },
      restrictive: false,
      remedy: 'claude-settings-servers',
    });
  }
  addServers(config, readServers(servers));
  const skip = get(root, 'skipDangerousModePermissionPrompt');
  if (bool(skip) === true && config.scope === 'project') {
    config.ignored.push({
      range: skip!.range,
      setting: 'skipDangerousModePermissionPrompt',
      text: 'true',
      reason: { kind: 'claude-user-only-setting' },
      restrictive: false,
      remedy: 'project-only-setting',
    });
  }
}

function readDefaultMode(config: AssistantConfig, node: DataNode | undefined, profile?: string): void {
  const mode = str(node);
  if (!mode) return;
  if (mode === 'bypassPermissions') {
    config.approvals.push({
      range: node!.range,
      setting: 'permissions.defaultMode',
      text: `defaultMode: ${mode}`,
      covers: 'every-command-edit-request-and-mcp-tool',
      remedy: 'claude-bypass-mode',
      profile,
    });
  } else if (mode === 'acceptEdits') {
    config.writesAutoApproved = true;
  } else if (mode === 'auto' && config.scope === 'project') {
    config.ignored.push({
      range: node!.range,
      setting: 'permissions.defaultMode',
      text: 'auto',
      reason: { kind: 'claude-auto-mode-in-project' },
      restrictive: false,
      remedy: 'project-only-setting',
    });
  }
}

/** Variables that send the model traffic (and the API key with it) to another host. */
const ENDPOINT_VARIABLES = /^(?:ANTHROPIC_BASE_URL|ANTHROPIC_BEDROCK_BASE_URL|ANTHROPIC_VERTEX_BASE_URL|ANTHROPIC_FOUNDRY_BASE_URL|CLAUDE_CODE_API_BASE_URL)$/;
const TRUSTED_ENDPOINT = /^(?:[a-z0-9-]+\.)*(?:anthropic\.com|claude\.ai|amazonaws\.com|googleapis\.com|azure\.com|microsoft\.com|localhost)$|^127\.0\.0\.1$/i;

/** Project `env` that redirects the model endpoint or wraps every shell command. */
function readClaudeEnv(config: AssistantConfig, env: DataNode | undefined, where: string): void {
  for (const entry of keyed(env)) {
    if (ENDPOINT_VARIABLES.test(entry.key) && config.scope !== 'user') {
      const host = /^[a-z][a-z0-9+.-]{0,20}:\/\/(?:[^/@\s]{1,200}@)?([^/:?#\s]{1,253})/i.exec(entry.value.trim())?.[1];
      if (host && !TRUSTED_ENDPOINT.test(host) && !/\$\{|\$[A-Z_]/.test(entry.value))
        config.redirects.push({ range: entry.range, setting: `${where}.env.${entry.key}`, variable: entry.key, host });
    }
    if (entry.key === 'CLAUDE_CODE_SHELL_PREFIX' && entry.value.trim()) {
      config.autoRuns.push({
        range: entry.range,
        setting: `${where}.env.CLAUDE_CODE_SHELL_PREFIX`,
        text: entry.value,
        kind: 'helper',
        when: 'around-every-shell-command',
        command: entry.value,
        danger: commandDanger(entry.value),
        remedy: 'claude-shell-prefix',
      });
    }
  }
}

/** Official marketplaces; plugins from any other source run code nobody at Anthropic reviewed. */
const OFFICIAL_MARKETPLACE = /^(?:claude-plugins-official|anthropic(?:s)?(?:-[a-z-]+)?|claude-code-plugins)$/;

/** `extraKnownMarketplaces` and `enabledPlugins`: third-party plugins install hooks, MCP servers and commands. */
function readPlugins(config: AssistantConfig, root: DataNode): void {
  const marketplaces = new Map<string, string>();
  const local = new Set<string>();
  for (const market of entries(get(root, 'extraKnownMarketplaces'))) {
    const source = get(market.value, 'source');
    // A marketplace in a folder of the repository is the repository's own code, reviewed with it.
    if (str(get(source, 'source')) === 'directory' || /^\.{1,2}\//.test(str(get(source, 'path')) ?? '')) {
      local.add(market.key);
      continue;
    }
    const repo = str(get(source, 'repo')) ?? str(get(source, 'url')) ?? str(get(source, 'path')) ?? '';
    marketplaces.set(market.key, repo);
  }
  for (const plugin of entries(get(root, 'enabledPlugins'))) {
    if (bool(plugin.value) !== true) continue;
    const market = plugin.key.includes('@') ? plugin.key.slice(plugin.key.lastIndexOf('@') + 1) : '';
    const source = marketplaces.get(market) ?? '';
    if (OFFICIAL_MARKETPLACE.test(market) || local.has(market) || /^anthropics\//i.test(source)) continue;
    if (!market && !marketplaces.size) continue;
    config.autoRuns.push({
      range: plugin.keyRange,
      setting: 'enabledPlugins',
      text: plugin.key,
      kind: 'plugin',
      when: 'session-start',
      command: source || market,
      remedy: 'claude-plugin',
    });
  }
}

function readSandbox(config: AssistantConfig, sandbox: DataNode | undefined): void {
  for (const item of items(get(sandbox, 'excludedCommands'))) {
    const text = str(item);
    if (text === undefined) continue;
    // Excluding one tool that cannot run sandboxed (`docker`) is the documented use; a wildcard, a shell or an interpreter is every command.
    if (/^\s*(?:\*{1,2}|(?:ba|z|da|k|fi)?sh|pwsh|powershell|cmd|python[0-9.]*|node|bun|deno|ruby|perl|env|xargs|sudo)(?:\s|:|\*|$)/.test(text))
      config.sandbox.push({
        range: item.range,
        setting: 'sandbox.excludedCommands',
        text,
        weakening: 'escape',
        effect: 'commands-excluded-from-sandbox',
        remedy: 'claude-excluded-commands',
      });
  }
  const network = get(sandbox, 'network');
  const allSockets = get(network, 'allowAllUnixSockets');
  if (bool(allSockets) === true)
    config.sandbox.push({
      range: allSockets!.range,
      setting: 'sandbox.network.allowAllUnixSockets',
      text: 'allowAllUnixSockets: true',
      weakening: 'escape',
      effect: 'every-local-unix-socket',
      remedy: 'claude-all-unix-sockets',
    });
  for (const item of items(get(network, 'allowUnixSockets'))) {
    if (/docker\.sock|podman\.sock|containerd\.sock/.test(str(item) ?? ''))
      config.sandbox.push({
        range: item.range,
        setting: 'sandbox.network.allowUnixSockets',
        text: str(item)!,
        weakening: 'escape',
        effect: 'container-socket-allowed',
        remedy: 'claude-container-socket',
      });
  }

  for (const item of items(get(get(sandbox, 'network'), 'allowedDomains'))) {
    if (str(item) === '*')
      config.network.push({
        range: item.range,
        setting: 'sandbox.network.allowedDomains',
        text: '*',
        covers: 'any-host-from-sandboxed-commands',
        remedy: 'claude-sandbox-domains',
      });
  }
  // `filesystem.disabled` keeps the network proxy but drops the filesystem boundary (bubblewrap/Seatbelt).
  const filesystemOff = get(get(sandbox, 'filesystem'), 'disabled');
  if (bool(filesystemOff) === true)
    config.sandbox.push({
      range: filesystemOff!.range,
      setting: 'sandbox.filesystem.disabled',
      text: 'filesystem.disabled: true',
      weakening: 'off',
      effect: 'sandbox-filesystem-off',
      remedy: 'claude-filesystem-off',
    });
  for (const item of items(get(get(sandbox, 'filesystem'), 'allowWrite'))) {
    const path = str(item);
    const reach = path === undefined ? undefined : pathReach(path);
    if (reach) {
      config.paths.push({
        range: item.range,
        setting: 'sandbox.filesystem.allowWrite',
        text: path!,
        path: path!,
        access: 'write',
        reach: reach.reach,
        exposes: reach.exposes,
        remedy: 'sandbox-write-path',
      });
    }
  }
}

/**
 * Reads a hooks object: `{ Event: [{ matcher, hooks: [{ type, command }] }] }`, plus the flat
 * shape `{ Event: [{ type, command }] }` and Codex's TOML tables of the same structure.
 */
export function readHooks(config: AssistantConfig, hooks: DataNode | undefined, setting: string): void {
  for (const event of entries(hooks)) {
    for (const group of items(event.value)) {
      const inner = get(group, 'hooks');
      const list = inner ? items(inner) : [group];
      for (const hook of list) readHookCommand(config, hook, event.key, `${setting}.${event.key}`);
    }
  }
}

/** Reads the frontmatter of a Claude agent, command or skill file. */
export function readClaudeFrontmatter(config: AssistantConfig, doc: Document, front: DataNode | undefined): void {
  if (front?.type !== 'map') return;
  readDefaultMode(config, get(front, 'permissionMode'));
  const allowed = get(front, 'allowed-tools') ?? get(front, 'allowedTools');
  for (const tool of toolEntries(doc, allowed)) addPermissionRule(config, tool.value, tool.range, 'allowed-tools');
  readHooks(config, get(front, 'hooks'), 'hooks');
  const servers = get(front, 'mcpServers');
  if (servers?.type === 'map') addServers(config, readServers(servers));
}

/** Entries of a tool list written as a YAML list or one comma/space separated string. */
export function toolEntries(doc: Document, node: DataNode | undefined): { value: string; range: Range }[] {
  if (!node) return [];
  if (node.type === 'seq') return node.items.flatMap((item) => (str(item) !== undefined ? [{ value: str(item)!, range: item.range }] : []));
  const text = str(node);
  if (text === undefined || node.type !== 'scalar') return [];
  // A string: locate each entry when the scalar's source is the text itself, else point at the scalar.
  const span = scalarSpan(doc, node);
  if (span) return splitToolList(doc.text.slice(span.start, span.end), span.start);
  return splitToolList(text, 0).map((p) => ({ value: p.value, range: node.range }));
}

/** Reads `~/.claude.json`: user MCP servers and per-project servers and allowed tools. */
export function readClaudeState(config: AssistantConfig, root: DataNode | undefined): void {
  addServers(config, readServers(get(root, 'mcpServers')));
  for (const project of entries(get(root, 'projects'))) {
    addServers(config, readServers(get(project.value, 'mcpServers')));
    for (const item of items(get(project.value, 'allowedTools'))) {
      const text = str(item);
      if (text !== undefined) addPermissionRule(config, text, item.range, `projects.${project.key}.allowedTools`);
    }
  }
}
