import { bool, entries, get, items, str, walk, type DataNode } from '../../ast/index.js';
import { addCommand, addKeyedCredential, addServers, analysePrefix, EXACT_COMMANDS, mountSource } from './build.js';
import { analyseCommand, analyseRegex } from './commands.js';
import { readHooks } from './claude.js';
import { addAutoRun } from './hooks.js';
import { keyed, readServers, toolCapability } from './mcp.js';
import { coversOwnConfig, pathReach } from './paths.js';
import type { AssistantConfig } from './types.js';

/**
 * Readers for terminal agents: Codex, Gemini CLI (settings and policy files), Amazon Q / Kiro
 * agents, Aider, Continue, Goose and OpenHands.
 */

/** Keys Codex reads only at the top level (or inside `[profiles.x]`). */
const CODEX_TOP_LEVEL = ['approval_policy', 'sandbox_mode', 'web_search', 'notify'];

/** `.codex/config.toml` / `~/.codex/config.toml`. */
export function readCodex(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  readCodexPolicy(config, root);
  for (const profile of entries(get(root, 'profiles'))) readCodexPolicy(config, profile.value, profile.key);
  const workspace = get(root, 'sandbox_workspace_write');
  const network = get(workspace, 'network_access');
  if (bool(network) === true) {
    config.network.push({ range: network!.range, setting: 'sandbox_workspace_write.network_access', text: 'network_access = true', covers: 'any host, from every sandboxed command', fix: 'keep `network_access = false` and approve networked commands when they come up' });
  }
  for (const item of items(get(workspace, 'writable_roots'))) addPath(config, item, 'sandbox_workspace_write.writable_roots', 'write', 'keep writable roots inside the project');
  for (const project of entries(get(root, 'projects'))) {
    const trust = get(project.value, 'trust_level');
    const reach = pathReach(project.key);
    if (str(trust) === 'trusted' && reach && reach.reach !== 'credentials') {
      config.paths.push({
        range: project.keyRange,
        setting: 'projects',
        text: `[projects."${project.key}"] trust_level = "trusted"`,
        path: project.key,
        access: 'read-write',
        reach: reach.reach,
        exposes: 'every repository below it, whose own `.codex/` config, hooks and MCP servers then load without a trust prompt',
        fix: 'trust each project directory on its own, not its parent',
      });
    }
  }
  addServers(config, readServers(get(root, 'mcp_servers')));
  readHooks(config, get(root, 'hooks'), 'hooks');
  for (const entry of keyed(get(get(root, 'shell_environment_policy'), 'set'))) addKeyedCredential(config, entry, 'setting', 'shell_environment_policy.set');
  walk(root, (node, path) => {
    if (path[0] === 'profiles') return false;
    if (!path.length || node.type !== 'map') return undefined;
    const table = path.join('.');
    for (const key of CODEX_TOP_LEVEL) {
      const misplaced = node.entries.find((e) => e.key === key);
      if (!misplaced || (table === 'windows' && key === 'sandbox_mode')) continue;
      config.ignored.push({
        range: misplaced.keyRange,
        setting: `${table}.${key}`,
        text: key,
        reason: `TOML places it inside the \`[${table}]\` table above it, where Codex does not look for it`,
        restrictive: key === 'approval_policy' || key === 'sandbox_mode',
        fix: `move \`${key}\` above the first \`[table]\` header`,
      });
    }
    return undefined;
  });
}

function readCodexPolicy(config: AssistantConfig, table: DataNode, profile?: string): void {
  const approval = get(table, 'approval_policy');
  if (str(approval) === 'never') {
    config.approvals.push({ range: approval!.range, setting: profile ? `profiles.${profile}.approval_policy` : 'approval_policy', text: 'approval_policy = "never"', covers: 'every command, edit and MCP tool call', fix: 'use `approval_policy = "on-request"` (or "untrusted") with `sandbox_mode = "workspace-write"`', profile });
  }
  const sandbox = get(table, 'sandbox_mode') ?? get(table, 'default_permissions');
  if (str(sandbox) === 'danger-full-access' || str(sandbox) === ':danger-full-access') {
    config.sandbox.push({ range: sandbox!.range, setting: profile ? `profiles.${profile}.sandbox_mode` : 'sandbox_mode', text: `"${str(sandbox)}"`, effect: 'commands run with no sandbox: full disk and network access as the user', fix: 'use `sandbox_mode = "workspace-write"`' });
  }
}

function addPath(config: AssistantConfig, item: DataNode, setting: string, access: 'read' | 'write' | 'read-write', fix: string): void {
  const path = str(item);
  const reach = path === undefined ? undefined : pathReach(path);
  if (reach) config.paths.push({ range: item.range, setting, text: path!, path: path!, access, reach: reach.reach, exposes: reach.exposes, fix });
}

/** Options for reading Gemini settings. */
export interface GeminiOptions {
  /** The CLI runs with `--yolo` (run-gemini-cli does): the core tool list is what runs unasked. */
  yolo?: boolean;
  /** Where the settings sit, for messages. */
  setting?: string;
}

/** `.gemini/settings.json` (v2 nested keys and v1 flat keys), or the settings input of the action. */
export function readGemini(config: AssistantConfig, root: DataNode | undefined, options: GeminiOptions = {}): void {
  if (root?.type !== 'map') return;
  const tools = get(root, 'tools');
  const sandbox = get(tools, 'sandbox') ?? get(root, 'sandbox');
  if (bool(sandbox) === false) {
    config.sandbox.push({ range: sandbox!.range, setting: 'tools.sandbox', text: 'sandbox: false', effect: 'shell commands run directly on the host with the user\'s files, network and credentials', fix: 'set `"sandbox": "docker"` (or true)' });
  }
  const mode = get(get(root, 'general'), 'defaultApprovalMode');
  if (str(mode) === 'yolo') {
    config.approvals.push({ range: mode!.range, setting: 'general.defaultApprovalMode', text: '"yolo"', covers: 'every tool call', fix: 'use "default" (or "auto_edit")' });
  } else if (str(mode) === 'auto_edit') {
    config.writesAutoApproved = true;
  }
  const allowed = [get(tools, 'allowed'), get(root, 'allowedTools')];
  const core = [get(tools, 'core'), get(root, 'coreTools')];
  for (const list of options.yolo ? [...allowed, ...core] : allowed) {
    for (const item of items(list)) addGeminiTool(config, item, options.yolo ? 'tools.core' : 'tools.allowed');
  }
  if (options.yolo && !core.some(Boolean)) {
    const at = get(root, 'tools') ?? root;
    addCommand(config, { range: at.range, setting: options.setting ?? 'settings', text: 'no tools.core list', fix: 'list the tools the run needs in `tools.core`, e.g. `run_shell_command(gh issue view)`' }, analyseCommand([], true));
  }
  for (const item of [...items(get(get(root, 'context'), 'includeDirectories')), ...items(get(root, 'includeDirectories'))]) {
    addPath(config, item, 'context.includeDirectories', 'read', 'include only the sibling folder the work needs');
  }
  // Keys nested under the wrong parent are ignored by Gemini; read them so their intent is visible.
  walk(root, (node, path) => {
    if (path.length > 2 && path[path.length - 1] === 'includeDirectories' && path[path.length - 2] === 'context') {
      for (const item of items(node)) {
        const before = config.paths.length;
        addPath(config, item, path.join('.'), 'read', 'include only the sibling folder the work needs');
        for (const grant of config.paths.slice(before)) grant.inert = `\`${path.join('.')}\` is mis-nested, so Gemini does not read it`;
      }
      return false;
    }
    return undefined;
  });
  addServers(config, readServers(get(root, 'mcpServers')));
  readHooks(config, get(root, 'hooks'), 'hooks');
}

function addGeminiTool(config: AssistantConfig, item: DataNode, setting: string): void {
  const text = str(item);
  if (!text) return;
  const shell = /^(?:run_shell_command|ShellTool)(?:\((.*)\))?$/s.exec(text.trim());
  if (shell) {
    const spec = shell[1]?.trim();
    addCommand(config, { range: item.range, setting, text, fix: `${EXACT_COMMANDS}, e.g. \`run_shell_command(git status)\`` }, spec ? analysePrefix(spec, true) : analyseCommand([], true));
    return;
  }
  if (/^(?:web_fetch|WebFetchTool)$/.test(text)) {
    config.network.push({ range: item.range, setting, text, covers: 'any URL', fix: 'confirm web fetches' });
  } else if (/^(?:write_file|replace|WriteFileTool|EditTool|edit)$/.test(text)) {
    config.writesAutoApproved = true;
    config.tools.push({ range: item.range, setting, text, tool: text, capability: 'write', selfModifying: true, fix: 'confirm file writes (they can rewrite `.gemini/settings.json`)' });
  }
}

/** A Gemini policy file: `[[rule]]` tables with `decision = "allow"`. */
export function readGeminiPolicy(config: AssistantConfig, root: DataNode | undefined): void {
  for (const rule of items(get(root, 'rule'))) {
    if (str(get(rule, 'decision')) !== 'allow') continue;
    const tool = get(rule, 'toolName');
    const name = str(tool);
    const prefixNode = get(rule, 'commandPrefix');
    const regexNode = get(rule, 'commandRegex');
    if (name === '*' || name === undefined && !get(rule, 'mcpName')) {
      config.approvals.push({ range: (tool ?? rule).range, setting: 'rule.toolName', text: 'toolName = "*"', covers: 'every tool', fix: 'allow named read-only tools only' });
    } else if (name === 'run_shell_command') {
      const prefixes = items(prefixNode);
      if (prefixes.length) {
        for (const p of prefixes) if (str(p)) addCommand(config, { range: p.range, setting: 'rule.commandPrefix', text: str(p)!, fix: EXACT_COMMANDS }, analysePrefix(str(p)!, true));
      } else if (str(regexNode)) {
        const analysis = analyseRegex(str(regexNode)!);
        if (analysis) addCommand(config, { range: regexNode!.range, setting: 'rule.commandRegex', text: str(regexNode)!, fix: EXACT_COMMANDS }, analysis);
      } else {
        addCommand(config, { range: tool!.range, setting: 'rule.toolName', text: 'run_shell_command', fix: 'add a `commandPrefix` naming the exact commands' }, analyseCommand([], true));
      }
    }
  }
}

const Q_SHELL_TOOLS = new Set(['execute_bash', 'execute_cmd', 'shell', 'execute_shell']);
const Q_WRITE_TOOLS = new Set(['fs_write', 'write', 'fs_*']);

/** An Amazon Q / Kiro agent file (`.amazonq/cli-agents/*.json`, `.kiro/agents/*.json`). */
export function readAgentJson(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  const settings = get(root, 'toolsSettings');
  for (const item of items(get(root, 'allowedTools'))) {
    const text = str(item);
    if (!text) continue;
    if (text === '*' || text === '@*') {
      config.approvals.push({ range: item.range, setting: 'allowedTools', text, covers: 'every tool, built-in and MCP', fix: 'list the read-only tools the agent needs (e.g. `fs_read`)' });
    } else if (Q_SHELL_TOOLS.has(text)) {
      addCommand(config, { range: item.range, setting: 'allowedTools', text, fix: 'remove it from `allowedTools` and list exact commands in `toolsSettings.execute_bash.allowedCommands` (e.g. `"^npm test$"`)' }, analyseCommand([], true));
    } else if (Q_WRITE_TOOLS.has(text)) {
      config.writesAutoApproved = true;
      config.tools.push({ range: item.range, setting: 'allowedTools', text, tool: text, capability: 'write', selfModifying: true, fix: 'remove it from `allowedTools`, or limit `toolsSettings.fs_write.allowedPaths` to source folders' });
    } else if (text === 'use_aws' || text === 'aws') {
      config.identities.push({ range: item.range, setting: 'allowedTools', text, reach: "call any AWS API the developer's credentials allow, unasked", fix: 'confirm AWS calls, or limit `toolsSettings.use_aws.allowedServices` to read-only services' });
    } else if (text.startsWith('@')) {
      const [server = '', tool] = text.slice(1).split('/');
      if (tool === undefined || tool === '*') {
        config.tools.push({ range: item.range, setting: 'allowedTools', text, server, tool: '*', capability: 'all', fix: `list the read-only tools of \`${server}\` (\`@${server}/get_x\`) instead of the whole server` });
      } else {
        const capability = toolCapability(tool);
        if (capability !== 'read') config.tools.push({ range: item.range, setting: 'allowedTools', text, server, tool, capability, fix: 'confirm this tool each time' });
      }
    }
  }
  for (const key of ['execute_bash', 'shell', 'execute_cmd']) {
    for (const item of items(get(get(settings, key), 'allowedCommands'))) {
      const text = str(item);
      if (!text) continue;
      // Amazon Q matches the whole command line: `cd .*` also matches `cd x && curl … | sh`.
      const analysis = analyseRegex(text, true);
      if (analysis) addCommand(config, { range: item.range, setting: `toolsSettings.${key}.allowedCommands`, text, fix: 'write anchored patterns without `.*`, e.g. `"^npm test$"`' }, analysis);
    }
  }
  for (const key of ['fs_write', 'write']) {
    for (const item of items(get(get(settings, key), 'allowedPaths'))) {
      const text = str(item);
      if (!text) continue;
      if (pathReach(text)) addPath(config, item, `toolsSettings.${key}.allowedPaths`, 'write', 'allow writes only under source folders');
      else if (coversOwnConfig(text)) config.tools.push({ range: item.range, setting: `toolsSettings.${key}.allowedPaths`, text, tool: key, capability: 'write', selfModifying: true, fix: 'allow writes only under source folders, e.g. `./src/**`' });
    }
  }
  readHooks(config, get(root, 'hooks'), 'hooks');
  addServers(config, readServers(get(root, 'mcpServers')));
}

/** `.aider.conf.yml`. */
export function readAider(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  for (const key of ['yes-always', 'yes']) {
    const node = get(root, key);
    if (bool(node) === true) {
      config.approvals.push({ range: node!.range, setting: key, text: `${key}: true`, covers: 'every confirmation, including running the shell commands it suggests and adding files and URLs', fix: 'remove it and confirm commands, or pass `--yes-always` only in a disposable container' });
    }
  }
  for (const [auto, cmd] of [['auto-test', 'test-cmd'], ['auto-lint', 'lint-cmd']] as const) {
    const node = get(root, cmd);
    const enabled = bool(get(root, auto)) ?? auto === 'auto-lint';
    for (const item of items(node)) {
      const command = str(item);
      if (command && enabled) addAutoRun(config, item.range, cmd, command, 'auto-command', 'after every edit');
    }
  }
  for (const key of ['openai-api-key', 'anthropic-api-key', 'api-key', 'set-env']) {
    for (const item of items(get(root, key))) {
      const text = str(item);
      if (text === undefined) continue;
      const pair = /^([^=]{1,100})=(.*)$/s.exec(text);
      const name = key === 'api-key' && pair ? `${pair[1]} api key` : key === 'set-env' && pair ? pair[1]! : key;
      const value = (key === 'api-key' || key === 'set-env') && pair ? pair[2]! : text;
      addKeyedCredential(config, { key: key === 'set-env' ? name : `${name.replace(/\s/g, '_')}_KEY`, keyRange: item.range, value, range: item.range }, 'setting', 'aider');
    }
  }
}

/** Continue `config.yaml` / `config.json` and `.continue/mcpServers/*.yaml` blocks. */
export function readContinue(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  for (const model of items(get(root, 'models'))) {
    const consumer = `${str(get(model, 'provider')) ?? 'model'} model ${str(get(model, 'name')) ?? str(get(model, 'model')) ?? ''}`.trim();
    const key = get(model, 'apiKey');
    if (str(key) !== undefined) addKeyedCredential(config, { key: 'apiKey', keyRange: key!.range, value: str(key)!, range: key!.range }, 'setting', consumer);
    for (const header of keyed(get(get(model, 'requestOptions'), 'headers'))) addKeyedCredential(config, header, 'header', consumer);
  }
  addServers(config, readServers(get(root, 'mcpServers')));
}

/** Goose `config.yaml`. */
export function readGoose(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  const mode = get(root, 'GOOSE_MODE');
  const extensions = get(root, 'extensions');
  const shellCapable = entries(extensions).filter((e) => /^(?:developer|computercontroller)$/.test(e.key) && bool(get(e.value, 'enabled')) !== false);
  if (str(mode) === 'auto') {
    config.approvals.push({ range: mode!.range, setting: 'GOOSE_MODE', text: 'GOOSE_MODE: auto', covers: 'every tool call, including shell commands and file edits', fix: 'use `GOOSE_MODE: smart_approve` or `approve`' });
  } else if (!mode && shellCapable.length) {
    const first = shellCapable[0]!;
    config.approvals.push({
      range: first.keyRange,
      setting: 'GOOSE_MODE',
      text: `${first.key} extension without GOOSE_MODE`,
      covers: `every tool call of the \`${shellCapable.map((e) => e.key).join('` and `')}\` extensions (shell, file edits${shellCapable.some((e) => e.key === 'computercontroller') ? ', desktop and browser automation' : ''})`,
      fix: 'set `GOOSE_MODE: smart_approve` (or `approve`) explicitly',
      uncertain: "Goose's default mode (autonomous in current releases) applies",
    });
  }
  for (const extension of entries(extensions)) {
    if (extension.value.type !== 'map' || !get(extension.value, 'cmd') && !get(extension.value, 'command')) continue;
    addServers(config, readServers({ type: 'map', range: extensions!.range, entries: [extension] }));
  }
}

/** OpenHands `config.toml`. */
export function readOpenHandsConfig(config: AssistantConfig, root: DataNode | undefined): void {
  const volumes = get(get(root, 'sandbox'), 'volumes');
  const spec = str(volumes);
  if (spec) {
    for (const mount of spec.split(',')) {
      const source = mountSource(mount.trim());
      const reach = pathReach(source);
      if (reach && reach.reach !== 'parent') {
        config.paths.push({ range: volumes!.range, setting: 'sandbox.volumes', text: mount.trim(), path: source, access: /:ro$/.test(mount.trim()) ? 'read' : 'read-write', reach: reach.reach, exposes: reach.exposes, fix: 'mount only the project directory into the sandbox' });
      }
    }
  }
  const key = get(get(root, 'llm'), 'api_key');
  if (str(key)) addKeyedCredential(config, { key: 'api_key', keyRange: key!.range, value: str(key)!, range: key!.range }, 'setting', 'llm');
}

/** An OpenHands repository setup script: every line runs when a session starts on the repository. */
export function readSetupScript(config: AssistantConfig, text: string, setting: string): void {
  let offset = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('#')) addAutoRun(config, { start: offset + line.indexOf(trimmed), end: offset + line.length }, setting, trimmed, 'setup-script', 'when an agent session starts on the repository');
    offset += line.length + 1;
  }
}

