import { bool, entries, get, items, str, type DataNode } from '../../ast/index.js';
import type { Document } from '../../document/document.js';
import { addCommand, addServers, analyseAllowEntry, analysePrefix } from './build.js';
import { analyseCommand, analyseRegex, type CommandAnalysis } from './commands.js';
import { addPermissionRule, readHooks } from './claude.js';
import { addAutoRun } from './hooks.js';
import { readServers, toolCapability } from './mcp.js';
import { coversOwnConfig, pathReach } from './paths.js';
import type { AssistantConfig, InertReason } from './types.js';

/**
 * Readers for editor-hosted agents: Cursor (CLI permissions, editor auto-run lists, background
 * agent environment), VS Code / Copilot settings, Zed settings, and the MCP files they share.
 */

/** `.cursor/cli.json`, `permissions.json`, `environment.json`. */
export function readCursor(config: AssistantConfig, doc: Document, root: DataNode | undefined): void {
  const name = doc.path.toLowerCase().replace(/^.*\//, '');
  if (name === 'environment.json') {
    readCursorEnvironment(config, root);
    return;
  }
  const permissions = get(root, 'permissions');
  const cliShapeInEditorFile = name === 'permissions.json' && permissions?.type === 'map';
  if (cliShapeInEditorFile) {
    const deny = get(permissions, 'deny');
    config.ignored.push({
      range: entries(root).find((e) => e.key === 'permissions')!.keyRange,
      setting: 'permissions',
      text: 'permissions',
      reason: { kind: 'cursor-cli-shape' },
      restrictive: deny?.type === 'seq' && deny.items.length > 0,
      remedy: 'cursor-cli-permissions',
    });
  }
  const before = [config.commands.length, config.tools.length, config.network.length, config.paths.length];
  for (const item of items(get(permissions, 'allow'))) {
    const text = str(item);
    if (text !== undefined) addPermissionRule(config, text, item.range, 'permissions.allow', true);
  }
  if (cliShapeInEditorFile) markInert(config, before, { kind: 'cursor-cli-shape-in-editor-file' });
  for (const item of items(get(root, 'terminalAllowlist'))) {
    const text = str(item);
    if (text === undefined) continue;
    addCommand(config, { range: item.range, setting: 'terminalAllowlist', text, remedy: 'exact-command-prefixes' }, analyseAllowEntry(text));
  }
  for (const item of items(get(root, 'mcpAllowlist'))) {
    const text = str(item);
    if (text !== undefined) addPermissionRule(config, `Mcp(${text})`, item.range, 'mcpAllowlist');
  }
}

/** Marks the grants added since `before` (lengths of commands, tools, network, paths) as probably not applied. */
function markInert(config: AssistantConfig, before: readonly number[], why: InertReason): void {
  const lists = [config.commands, config.tools, config.network, config.paths] as { inert?: InertReason }[][];
  lists.forEach((list, i) => {
    for (const grant of list.slice(before[i])) grant.inert = why;
  });
}

function readCursorEnvironment(config: AssistantConfig, root: DataNode | undefined): void {
  for (const key of ['install', 'start']) {
    const node = get(root, key);
    const command = str(node);
    if (command) addAutoRun(config, node!.range, key, command, 'setup-script', key === 'install' ? 'background-machine-setup' : 'background-machine-start');
  }
  for (const terminal of items(get(root, 'terminals'))) {
    const node = get(terminal, 'command');
    const command = str(node);
    if (command) addAutoRun(config, node!.range, 'terminals', command, 'setup-script', 'background-machine-start');
  }
}

const VSCODE_GLOBAL = [
  'chat.tools.global.autoApprove',
  'chat.tools.autoApprove',
  'chat.experimental.agent.autoApprove',
  'chat.agent.autoApprove',
  'github.copilot.chat.agent.autoApprove',
];
/** Keys that were never documented (or were renamed) but still appear in repositories. */
const VSCODE_LEGACY = new Set(['chat.tools.autoApprove', 'chat.agent.autoApprove', 'github.copilot.chat.agent.autoApprove']);
const VSCODE_TERMINAL = ['chat.tools.terminal.autoApprove', 'chat.agent.terminal.allowList', 'github.copilot.chat.agent.terminal.allowList'];

/** `.vscode/settings.json`, `*.code-workspace` (`settings`), user `settings.json`. */
export function readVscode(config: AssistantConfig, root: DataNode | undefined): void {
  // `*.code-workspace` keeps settings under `settings`; a devcontainer under `customizations.vscode.settings`.
  const devcontainer = get(get(get(root, 'customizations'), 'vscode'), 'settings');
  const settings = devcontainer ?? (get(root, 'settings')?.type === 'map' && !get(root, 'chat.tools.terminal.autoApprove') ? get(root, 'settings') : root);
  for (const key of VSCODE_GLOBAL) {
    const node = get(settings, key);
    if (bool(node) === true) {
      config.approvals.push({
        range: node!.range,
        setting: key,
        text: `"${key}": true`,
        covers: 'every-tool-call-and-terminal-command-in-every-workspace',
        remedy: 'vscode-global-auto-approve',
        uncertain: VSCODE_LEGACY.has(key) ? { kind: 'legacy-key', replacement: 'chat.tools.global.autoApprove' } : undefined,
      });
    }
  }
  const mode = get(settings, 'chat.permissions.default');
  if (str(mode) === 'autoApprove' || str(mode) === 'autopilot') {
    config.approvals.push({
      range: mode!.range,
      setting: 'chat.permissions.default',
      text: `"chat.permissions.default": "${str(mode)}"`,
      covers: 'every-tool-call-and-terminal-command',
      remedy: 'vscode-permission-level',
    });
  }
  const terminalAll = get(settings, 'chat.tools.terminal.autoApprove');
  if (bool(terminalAll) === true) {
    addCommand(
      config,
      {
        range: terminalAll!.range,
        setting: 'chat.tools.terminal.autoApprove',
        text: 'true',
        remedy: 'vscode-terminal-true',
        uncertain: { kind: 'expects-command-map' },
      },
      analyseCommand([], true),
    );
  }
  const editsAll = get(settings, 'chat.tools.edits.autoApprove');
  if (bool(editsAll) === true) {
    config.tools.push({
      range: editsAll!.range,
      setting: 'chat.tools.edits.autoApprove',
      text: 'true',
      tool: 'edit',
      capability: 'write',
      selfModifying: true,
      remedy: 'vscode-edits-true',
    });
  }
  // `chat.tools.terminal.enableAutoApprove: false` switches every terminal auto-approve rule off.
  const terminalRulesOff = bool(get(settings, 'chat.tools.terminal.enableAutoApprove')) === false;
  for (const key of terminalRulesOff ? [] : VSCODE_TERMINAL) {
    const list = get(settings, key);
    // The legacy allow-lists were also written as arrays of command prefixes.
    if (list?.type === 'seq') {
      for (const item of list.items) {
        const text = str(item);
        const analysis = text === undefined ? undefined : terminalRule(text);
        if (analysis)
          addCommand(
            config,
            {
              range: item.range,
              setting: key,
              text: text!,
              remedy: 'exact-commands',
              uncertain: key === 'chat.tools.terminal.autoApprove' ? undefined : { kind: 'legacy-key' },
            },
            analysis,
          );
      }
      continue;
    }
    for (const entry of entries(list)) {
      const approve = entry.value.type === 'map' ? bool(get(entry.value, 'approve')) : bool(entry.value);
      if (approve !== true) continue;
      const analysis = terminalRule(entry.key);
      if (!analysis) continue;
      addCommand(config, { range: entry.keyRange, setting: key, text: entry.key, remedy: 'anchored-regexes' }, analysis);
    }
  }
  for (const entry of entries(get(settings, 'chat.tools.edits.autoApprove'))) {
    if (bool(entry.value) === true && coversOwnConfig(entry.key)) {
      config.tools.push({
        range: entry.keyRange,
        setting: 'chat.tools.edits.autoApprove',
        text: entry.key,
        tool: 'edit',
        capability: 'write',
        selfModifying: true,
        remedy: 'vscode-edit-pattern',
      });
    }
  }
  for (const entry of entries(get(settings, 'chat.tools.urls.autoApprove'))) {
    const approved = entry.value.type === 'map' ? bool(get(entry.value, 'approveRequest')) !== false : bool(entry.value) === true;
    if (approved && /^(?:\*|https?:\/\/\*|\*\*|https?:\/\/\*\*?(?:\/\*\*?)?)$/.test(entry.key)) {
      config.network.push({
        range: entry.keyRange,
        setting: 'chat.tools.urls.autoApprove',
        text: entry.key,
        covers: 'any-url',
        remedy: 'vscode-url-auto-approve',
      });
    }
  }
  const sandboxNetwork = get(settings, 'chat.agent.sandbox.allowNetwork') ?? get(settings, 'chat.agent.sandbox.network.allowAll');
  if (bool(sandboxNetwork) === true)
    config.network.push({
      range: sandboxNetwork!.range,
      setting: 'chat.agent.sandbox.allowNetwork',
      text: 'true',
      covers: 'any-host-from-sandboxed-terminal-commands',
      remedy: 'vscode-sandbox-network',
    });
  for (const key of [
    'chat.agent.sandbox.fileSystem.allowWrite',
    'chat.agent.sandbox.fileSystem.allowRead',
    'chat.agent.sandbox.fileSystem.linux.allowWrite',
    'chat.agent.sandbox.fileSystem.mac.allowWrite',
  ]) {
    for (const item of items(get(settings, key))) {
      const path = str(item);
      const reach = path === undefined ? undefined : pathReach(path);
      if (reach)
        config.paths.push({
          range: item.range,
          setting: key,
          text: path!,
          path: path!,
          access: /allowRead$/.test(key) ? 'read' : 'write',
          reach: reach.reach,
          exposes: reach.exposes,
          remedy: 'workspace-outside-folder',
        });
    }
  }
  readOtherAgents(config, settings);
  for (const item of items(get(settings, 'windsurf.cascadeCommandsAllowList'))) {
    const text = str(item);
    if (text !== undefined)
      addCommand(config, { range: item.range, setting: 'windsurf.cascadeCommandsAllowList', text, remedy: 'exact-commands' }, analyseAllowEntry(text));
  }
  addServers(config, readServers(get(get(settings, 'mcp'), 'servers')));
}

/**
 * Other agents' keys kept in VS Code settings (and in their own exports): Roo Code and Kilo Code
 * command allow-lists and auto-approve switches, Amp's settings (`.amp/settings.json` uses the
 * same `amp.*` keys), Cline's YOLO toggle.
 */
function readOtherAgents(config: AssistantConfig, settings: DataNode | undefined): void {
  const exported = get(settings, 'globalSettings');
  for (const container of [settings, exported]) {
    for (const key of ['roo-cline.allowedCommands', 'kilo-code.allowedCommands', 'allowedCommands']) {
      for (const item of items(get(container, key))) {
        const text = str(item);
        if (text !== undefined) addCommand(config, { range: item.range, setting: key, text, remedy: 'exact-commands' }, analyseAllowEntry(text));
      }
    }
    const outside = get(container, 'alwaysAllowWriteOutsideWorkspace') ?? get(container, 'roo-cline.alwaysAllowWriteOutsideWorkspace');
    if (bool(outside) === true)
      config.paths.push({
        range: outside!.range,
        setting: 'alwaysAllowWriteOutsideWorkspace',
        text: 'true',
        path: '/',
        access: 'write',
        reach: 'root',
        exposes: 'every-writable-file-outside-workspace',
        remedy: 'roo-write-outside-workspace',
      });
    for (const key of ['yoloModeToggled', 'autoApprovalEnabled']) {
      const toggle = get(container, key);
      if (bool(toggle) === true && key === 'yoloModeToggled')
        config.approvals.push({
          range: toggle!.range,
          setting: key,
          text: `${key}: true`,
          covers: 'every-tool-call-command-and-edit',
          remedy: 'cursor-yolo',
        });
    }
  }
  const amp = get(settings, 'amp.dangerouslyAllowAll');
  if (bool(amp) === true)
    config.approvals.push({
      range: amp!.range,
      setting: 'amp.dangerouslyAllowAll',
      text: 'amp.dangerouslyAllowAll: true',
      covers: 'every-tool-call-with-shell',
      remedy: 'amp-allow-all',
    });
  for (const item of items(get(settings, 'amp.commands.allowlist'))) {
    const text = str(item);
    if (text !== undefined)
      addCommand(config, { range: item.range, setting: 'amp.commands.allowlist', text, remedy: 'exact-commands' }, analyseAllowEntry(text));
  }
  for (const rule of items(get(settings, 'amp.permissions'))) {
    if (str(get(rule, 'action')) !== 'allow') continue;
    const tool = str(get(rule, 'tool')) ?? '';
    const cmd = get(get(rule, 'matches'), 'cmd');
    if (/^(?:\*|Bash|shell_command)$/.test(tool)) {
      const patterns = cmd ? items(cmd) : [];
      if (!patterns.length)
        addCommand(config, { range: rule.range, setting: 'amp.permissions', text: `${tool}: allow`, remedy: 'exact-commands' }, analyseCommand([], true));
      for (const pattern of patterns) {
        const text = str(pattern);
        if (text !== undefined)
          addCommand(
            config,
            { range: pattern.range, setting: 'amp.permissions', text, remedy: 'exact-commands' },
            text.trim() === '*' ? analyseCommand([], true) : analysePrefix(text.replace(/\*+$/, ''), /\*$/.test(text)),
          );
      }
    }
    if (tool === '*' && !cmd)
      config.approvals.push({
        range: rule.range,
        setting: 'amp.permissions',
        text: 'tool: "*", action: allow',
        covers: 'every-tool-call',
        remedy: 'amp-any-tool',
      });
  }
  addServers(config, readServers(get(settings, 'amp.mcpServers')));
}

/** A VS Code terminal auto-approve key: a command prefix, or `/regex/`. */
function terminalRule(key: string): CommandAnalysis | undefined {
  const regex = /^\/(.*)\/[a-z]*$/s.exec(key);
  if (!regex) return analysePrefix(key, true);
  return analyseRegex(regex[1]!);
}

/** Zed `settings.json` (user or `.zed/settings.json`). */
export function readZed(config: AssistantConfig, root: DataNode | undefined): void {
  const agent = get(root, 'agent') ?? get(root, 'assistant');
  const legacy = get(agent, 'always_allow_tool_actions');
  if (bool(legacy) === true) {
    config.approvals.push({
      range: legacy!.range,
      setting: 'agent.always_allow_tool_actions',
      text: 'always_allow_tool_actions: true',
      covers: 'every-agent-tool',
      remedy: 'zed-always-allow',
      uncertain: undefined,
    });
  }
  const permissions = get(agent, 'tool_permissions');
  const globalDefault = get(permissions, 'default');
  if (str(globalDefault) === 'allow') {
    config.approvals.push({
      range: globalDefault!.range,
      setting: 'agent.tool_permissions.default',
      text: 'default: "allow"',
      covers: 'every-agent-tool',
      remedy: 'zed-default-allow',
    });
  }
  const mode = get(agent, 'permission_mode');
  if (str(mode) === 'auto' || str(mode) === 'full_access') {
    config.approvals.push({
      range: mode!.range,
      setting: 'agent.permission_mode',
      text: `permission_mode: "${str(mode)}"`,
      covers: 'every-agent-tool',
      remedy: 'zed-permission-mode',
    });
  }
  for (const tool of entries(get(permissions, 'tools'))) {
    const def = get(tool.value, 'default');
    if (str(def) === 'allow') addZedToolDefault(config, tool.key, def!.range);
    for (const rule of items(get(tool.value, 'always_allow'))) {
      const pattern = get(rule, 'pattern');
      const text = str(pattern);
      if (text === undefined) continue;
      if (tool.key === 'terminal') {
        const analysis = analyseRegex(text);
        if (analysis)
          addCommand(
            config,
            { range: pattern!.range, setting: 'agent.tool_permissions.tools.terminal.always_allow', text, remedy: 'anchored-patterns' },
            analysis,
          );
      } else if (/^\^?\.\*\$?$|^\.\+$/.test(text)) {
        addZedToolDefault(config, tool.key, pattern!.range);
      }
    }
  }
  for (const sandbox of [get(agent, 'sandbox_permissions'), get(get(root, 'terminal'), 'sandbox_permissions'), get(root, 'sandbox_permissions')]) {
    if (!sandbox) continue;
    const unsandboxed = get(sandbox, 'allow_unsandboxed');
    if (bool(unsandboxed) === true)
      config.sandbox.push({
        range: unsandboxed!.range,
        setting: 'sandbox_permissions.allow_unsandboxed',
        text: 'allow_unsandboxed: true',
        weakening: 'off',
        effect: 'terminal-outside-sandbox',
        remedy: 'zed-unsandboxed',
      });
    const allHosts = get(sandbox, 'allow_all_hosts');
    if (bool(allHosts) === true)
      config.network.push({
        range: allHosts!.range,
        setting: 'sandbox_permissions.allow_all_hosts',
        text: 'allow_all_hosts: true',
        covers: 'any-host-from-sandboxed-commands',
        remedy: 'zed-all-hosts',
      });
    const writeAll = get(sandbox, 'allow_fs_write_all');
    if (bool(writeAll) === true)
      config.paths.push({
        range: writeAll!.range,
        setting: 'sandbox_permissions.allow_fs_write_all',
        text: 'allow_fs_write_all: true',
        path: '/',
        access: 'write',
        reach: 'root',
        exposes: 'every-writable-file',
        remedy: 'zed-write-all',
      });
    for (const item of items(get(sandbox, 'write_paths'))) {
      const path = str(item);
      const reach = path === undefined ? undefined : pathReach(path);
      if (reach)
        config.paths.push({
          range: item.range,
          setting: 'sandbox_permissions.write_paths',
          text: path!,
          path: path!,
          access: 'write',
          reach: reach.reach,
          exposes: reach.exposes,
          remedy: 'sandbox-write-path',
        });
    }
  }
  const trustAll = get(get(root, 'session'), 'trust_all_worktrees');
  if (bool(trustAll) === true) {
    config.autoRuns.push({
      range: trustAll!.range,
      setting: 'session.trust_all_worktrees',
      text: 'trust_all_worktrees: true',
      kind: 'auto-enable',
      when: 'any-folder-opened',
      remedy: 'zed-trust-all-worktrees',
      danger: { kind: 'trusts-every-worktree' },
    });
  }
  addServers(config, readServers(get(root, 'context_servers')));
  for (const server of entries(get(root, 'agent_servers'))) addServers(config, readServers({ type: 'map', range: server.value.range, entries: [server] }));
}

function addZedToolDefault(config: AssistantConfig, tool: string, range: { start: number; end: number }): void {
  const text = `${tool}: allow`;
  if (tool === 'terminal') {
    addCommand(config, { range, setting: `agent.tool_permissions.tools.${tool}`, text, remedy: 'zed-terminal-allow' }, analyseCommand([], true));
    return;
  }
  if (tool === 'fetch') {
    config.network.push({ range, setting: `agent.tool_permissions.tools.${tool}`, text, covers: 'any-url', remedy: 'zed-fetch-tool' });
    return;
  }
  const capability = /edit|write|create|delete|move|copy/.test(tool) ? 'write' : toolCapability(tool);
  if (capability === 'read') return;
  config.tools.push({
    range,
    setting: `agent.tool_permissions.tools.${tool}`,
    text,
    tool,
    capability,
    selfModifying: capability === 'write',
    remedy: 'zed-tool-allow',
  });
}

/**
 * Copilot CLI settings (`.github/copilot/settings.json` in a repository, `~/.copilot/settings.json`
 * or `config.json` for a user): URLs, tools and folders allowed without a prompt, hooks and servers.
 */
export function readCopilotSettings(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  for (const key of ['allowAllTools', 'allowAll', 'yolo', 'allow_all_tools']) {
    const node = get(root, key);
    if (bool(node) === true)
      config.approvals.push({
        range: node!.range,
        setting: key,
        text: `${key}: true`,
        covers: 'every-tool-with-shell',
        remedy: 'copilot-allow-all',
      });
  }
  for (const key of ['allowedUrls', 'allowed_urls']) {
    for (const item of items(get(root, key))) {
      if (/^(?:\*|\*\.\*|https?:\/\/\*(?:\/\*)?)$/.test(str(item) ?? ''))
        config.network.push({ range: item.range, setting: key, text: str(item)!, covers: 'any-url', remedy: 'any-host-entry' });
    }
  }
  for (const key of ['allowedTools', 'allowTools', 'allowed_tools']) {
    for (const item of items(get(root, key))) {
      const text = str(item);
      if (text === undefined) continue;
      const shell = /^shell(?:\((.*)\))?$/s.exec(text.trim());
      if (shell) {
        const spec = shell[1]?.trim();
        addCommand(
          config,
          { range: item.range, setting: key, text, remedy: 'exact-commands', example: 'shell(npm test)' },
          spec ? analysePrefix(spec.replace(/:?\*$/, ''), /\*$/.test(spec)) : analyseCommand([], true),
        );
      } else if (text === '*') {
        config.approvals.push({ range: item.range, setting: key, text, covers: 'every-tool', remedy: 'amp-any-tool' });
      } else if (text === 'write') {
        config.writesAutoApproved = true;
      }
    }
  }
  for (const key of ['trustedFolders', 'trusted_folders']) {
    for (const item of items(get(root, key))) {
      const path = str(item);
      const reach = path === undefined ? undefined : pathReach(path);
      if (reach && reach.reach !== 'credentials')
        config.paths.push({
          range: item.range,
          setting: key,
          text: path!,
          path: path!,
          access: 'read-write',
          reach: reach.reach,
          exposes: reach.exposes,
          remedy: 'trusted-parent-folder',
        });
    }
  }
  readHooks(config, get(root, 'hooks'), 'hooks');
  addServers(config, readServers(get(root, 'mcpServers')));
}

/** Copilot custom agents (`.github/agents/*.agent.md`, chat modes): the tools the agent may use, and its MCP servers. */
export function readCopilotAgent(config: AssistantConfig, front: DataNode | undefined): void {
  if (front?.type !== 'map') return;
  for (const item of items(get(front, 'tools'))) {
    const text = str(item);
    // `server/*` is how an agent enables one MCP server; only the all-tools wildcard is worth a note.
    if (text === '*' || text === 'all') {
      config.tools.push({ range: item.range, setting: 'tools', text, tool: '*', capability: 'all', availability: true, remedy: 'copilot-agent-all-tools' });
    }
  }
  addServers(config, readServers(get(front, 'mcp-servers') ?? get(front, 'mcpServers')));
}
