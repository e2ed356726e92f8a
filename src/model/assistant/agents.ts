import { bool, entries, get, items, str, walk, type DataNode } from '../../ast/index.js';
import { addCommand, addKeyedCredential, addServers, analysePrefix, mountSource } from './build.js';
import { analyseCommand, analyseRegex } from './commands.js';
import { addPermissionRule, readHooks } from './claude.js';
import { addAutoRun } from './hooks.js';
import { keyed, readServers, toolCapability } from './mcp.js';
import { coversOwnConfig, pathReach } from './paths.js';
import type { AssistantConfig, PathRemedy } from './types.js';

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
  for (const profile of entries(get(root, 'profiles'))) readCodexPolicy(config, profile.value, profile.key, root);
  readCodexPermissionProfiles(config, root);
  readCodexEnvironmentAndHelpers(config, root);
  const workspace = get(root, 'sandbox_workspace_write');
  const network = get(workspace, 'network_access');
  if (bool(network) === true) {
    config.network.push({
      range: network!.range,
      setting: 'sandbox_workspace_write.network_access',
      text: 'network_access = true',
      covers: 'any-host-from-every-sandboxed-command',
      remedy: 'codex-network-access',
    });
  }
  for (const item of items(get(workspace, 'writable_roots'))) addPath(config, item, 'sandbox_workspace_write.writable_roots', 'write', 'codex-writable-root');
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
        exposes: 'repositories-below-trusted-folder',
        remedy: 'codex-trusted-parent',
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
        reason: { kind: 'codex-key-in-table', table },
        restrictive: key === 'approval_policy' || key === 'sandbox_mode',
        remedy: 'codex-key-in-table',
      });
    }
    return undefined;
  });
}

function readCodexPolicy(config: AssistantConfig, table: DataNode, profile?: string, root?: DataNode): void {
  const prefix = profile ? `profiles.${profile}.` : '';
  const approval = get(table, 'approval_policy');
  const sandboxMode = str(get(table, 'sandbox_mode')) ?? (profile ? str(get(root, 'sandbox_mode')) : undefined);
  const permissions = str(get(table, 'default_permissions')) ?? (profile ? str(get(root, 'default_permissions')) : undefined);
  // With a read-only sandbox nothing that runs unasked can write a file or reach the network.
  const contained = sandboxMode === 'read-only' || (sandboxMode === undefined && permissions === ':read-only');
  if (str(approval) === 'never') {
    config.approvals.push({
      range: approval!.range,
      setting: `${prefix}approval_policy`,
      text: 'approval_policy = "never"',
      covers: 'every-command-edit-and-mcp-call',
      remedy: 'codex-never-approve',
      profile,
      contained,
    });
  }
  const reviewer = get(table, 'approvals_reviewer');
  if (str(reviewer) === 'auto_review' || str(reviewer) === 'model') {
    config.approvals.push({
      range: reviewer!.range,
      setting: `${prefix}approvals_reviewer`,
      text: `approvals_reviewer = "${str(reviewer)}"`,
      covers: 'every-request-model-reviewed',
      remedy: 'codex-auto-reviewer',
      profile,
      delegated: true,
      contained,
    });
  }
  const sandbox = get(table, 'sandbox_mode') ?? get(table, 'default_permissions');
  if (str(sandbox) === 'danger-full-access' || str(sandbox) === ':danger-full-access' || str(sandbox) === ':danger-no-sandbox') {
    config.sandbox.push({
      range: sandbox!.range,
      setting: get(table, 'sandbox_mode') ? `${prefix}sandbox_mode` : `${prefix}default_permissions`,
      text: `"${str(sandbox)}"`,
      weakening: 'off',
      effect: 'unsandboxed-commands',
      remedy: 'codex-full-access',
    });
  }
}

/** `[permissions.<name>]` profiles: filesystem and network rules for sandboxed commands. */
function readCodexPermissionProfiles(config: AssistantConfig, root: DataNode): void {
  for (const profile of entries(get(root, 'permissions'))) {
    const setting = `permissions.${profile.key}`;
    for (const rule of entries(get(profile.value, 'filesystem'))) {
      const access = str(rule.value);
      if (access !== 'write' && access !== 'read') continue;
      const reach = pathReach(rule.key);
      if (reach)
        config.paths.push({
          range: rule.keyRange,
          setting: `${setting}.filesystem`,
          text: `"${rule.key}" = "${access}"`,
          path: rule.key,
          access,
          reach: reach.reach,
          exposes: reach.exposes,
          remedy: 'codex-filesystem-permission',
        });
    }
    const network = get(profile.value, 'network');
    const enabled = get(network, 'enabled');
    const mode = get(network, 'mode');
    const domains = items(get(network, 'allowed_domains') ?? get(network, 'allowed_hosts'));
    const wide = domains.find((d) => /^\*(?:\.\*)?$/.test(str(d) ?? ''));
    if (str(mode) === 'full' || wide || (bool(enabled) === true && !domains.length && str(mode) !== 'limited')) {
      const at = str(mode) === 'full' ? mode! : (wide ?? enabled!);
      config.network.push({
        range: at.range,
        setting: `${setting}.network`,
        text: str(mode) === 'full' ? 'mode = "full"' : wide ? `allowed_domains = ["${str(wide)}"]` : 'enabled = true',
        covers: 'any-host-from-every-sandboxed-command',
        remedy: 'codex-network-mode',
      });
    }
    const sockets = get(network, 'dangerously_allow_all_unix_sockets') ?? get(profile.value, 'dangerously_allow_all_unix_sockets');
    if (bool(sockets) === true)
      config.sandbox.push({
        range: sockets!.range,
        setting: `${setting}.network.dangerously_allow_all_unix_sockets`,
        text: 'dangerously_allow_all_unix_sockets = true',
        weakening: 'escape',
        effect: 'every-unix-socket',
        remedy: 'codex-all-unix-sockets',
      });
  }
}

/** What Codex passes to commands from the developer's environment, and programs it runs on its own. */
function readCodexEnvironmentAndHelpers(config: AssistantConfig, root: DataNode): void {
  const policy = get(root, 'shell_environment_policy');
  const inherit = get(policy, 'inherit');
  const ignoreExcludes = get(policy, 'ignore_default_excludes');
  if (bool(ignoreExcludes) === true && str(inherit) !== 'none' && str(inherit) !== 'core') {
    config.sandbox.push({
      range: ignoreExcludes!.range,
      setting: 'shell_environment_policy.ignore_default_excludes',
      text: 'ignore_default_excludes = true',
      weakening: 'environment',
      effect: 'whole-environment-passed',
      remedy: 'codex-no-default-excludes',
    });
  } else if (str(inherit) === 'all') {
    config.sandbox.push({
      range: inherit!.range,
      setting: 'shell_environment_policy.inherit',
      text: 'inherit = "all"',
      weakening: 'environment',
      secretNamesFiltered: true,
      effect: 'environment-passed-without-secret-names',
      remedy: 'codex-inherit-all',
    });
  }
  const notify = get(root, 'notify');
  const argv = items(notify)
    .map((i) => str(i) ?? '')
    .filter(Boolean);
  if (argv.length) addAutoRun(config, notify!.range, 'notify', argv.join(' '), 'notify', 'after-every-agent-turn');
  for (const provider of entries(get(root, 'model_providers'))) {
    const auth = get(get(provider.value, 'auth'), 'command');
    const command =
      str(auth) ??
      items(auth)
        .map((i) => str(i) ?? '')
        .join(' ');
    if (!command) continue;
    const before = config.autoRuns.length;
    addAutoRun(config, auth!.range, `model_providers.${provider.key}.auth.command`, command, 'helper', 'when-provider-needs-token');
    if (config.scope === 'project') for (const run of config.autoRuns.slice(before)) run.inert = { kind: 'codex-project-model-providers' };
  }
}

function addPath(config: AssistantConfig, item: DataNode, setting: string, access: 'read' | 'write' | 'read-write', remedy: PathRemedy): void {
  const path = str(item);
  const reach = path === undefined ? undefined : pathReach(path);
  if (reach) config.paths.push({ range: item.range, setting, text: path!, path: path!, access, reach: reach.reach, exposes: reach.exposes, remedy });
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
    config.sandbox.push({
      range: sandbox!.range,
      setting: 'tools.sandbox',
      text: 'sandbox: false',
      offByDefault: true,
      effect: 'shell-on-host',
      remedy: 'gemini-sandbox-off',
    });
  }
  const mode = get(get(root, 'general'), 'defaultApprovalMode');
  if (str(mode) === 'yolo') {
    // gemini-cli refuses `yolo` as a default from settings: only the `--yolo` flag turns it on.
    config.ignored.push({
      range: mode!.range,
      setting: 'general.defaultApprovalMode',
      text: '"yolo"',
      reason: { kind: 'gemini-yolo-default' },
      restrictive: false,
      remedy: 'gemini-yolo-default',
    });
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
    addCommand(
      config,
      { range: at.range, setting: options.setting ?? 'settings', text: { kind: 'gemini-core-tools' }, remedy: 'gemini-no-core-tools' },
      analyseCommand([], true),
    );
  }
  for (const item of [...items(get(get(root, 'context'), 'includeDirectories')), ...items(get(root, 'includeDirectories'))]) {
    addPath(config, item, 'context.includeDirectories', 'read', 'gemini-include-directory');
  }
  // Keys nested under the wrong parent are ignored by Gemini; read them so their intent is visible.
  walk(root, (node, path) => {
    if (path.length > 2 && path[path.length - 1] === 'includeDirectories' && path[path.length - 2] === 'context') {
      for (const item of items(node)) {
        const before = config.paths.length;
        addPath(config, item, path.join('.'), 'read', 'gemini-include-directory');
        for (const grant of config.paths.slice(before)) grant.inert = { kind: 'gemini-mis-nested', path: path.join('.') };
      }
      return false;
    }
    return undefined;
  });
  for (const key of ['discoveryCommand', 'callCommand']) {
    const node = get(tools, key) ?? get(root, `tool${key[0]!.toUpperCase()}${key.slice(1)}`);
    if (str(node))
      addAutoRun(
        config,
        node!.range,
        `tools.${key}`,
        str(node)!,
        'helper',
        key === 'discoveryCommand' ? 'session-start-tool-discovery' : 'discovered-tool-called',
      );
  }
  const serverCommand = get(get(root, 'mcp'), 'serverCommand') ?? get(root, 'mcpServerCommand');
  if (str(serverCommand)) addAutoRun(config, serverCommand!.range, 'mcp.serverCommand', str(serverCommand)!, 'server-launch', 'session-start');
  const sandboxNetwork = get(tools, 'sandboxNetworkAccess') ?? get(get(tools, 'sandboxOptions'), 'networkAccess');
  if (bool(sandboxNetwork) === true)
    config.network.push({
      range: sandboxNetwork!.range,
      setting: 'tools.sandboxNetworkAccess',
      text: 'sandboxNetworkAccess: true',
      covers: 'any-host-from-sandboxed-commands',
      remedy: 'gemini-sandbox-network',
    });
  for (const item of items(get(tools, 'sandboxAllowedPaths'))) addPath(config, item, 'tools.sandboxAllowedPaths', 'write', 'gemini-sandbox-path');
  const folderTrust = get(get(get(root, 'security'), 'folderTrust'), 'enabled');
  if (bool(folderTrust) === false) {
    config.autoRuns.push({
      range: folderTrust!.range,
      setting: 'security.folderTrust.enabled',
      text: 'folderTrust.enabled: false',
      kind: 'auto-enable',
      when: 'any-folder-opened',
      danger: { kind: 'trusts-every-folder' },
      remedy: 'gemini-folder-trust-off',
    });
  }
  addServers(config, readServers(get(root, 'mcpServers')));
  readHooks(config, get(root, 'hooks'), 'hooks');
}

function addGeminiTool(config: AssistantConfig, item: DataNode, setting: string): void {
  const text = str(item);
  if (!text) return;
  const shell = /^(?:run_shell_command|ShellTool)(?:\((.*)\))?$/s.exec(text.trim());
  if (shell) {
    const spec = shell[1]?.trim();
    addCommand(
      config,
      { range: item.range, setting, text, remedy: 'exact-commands', example: 'run_shell_command(git status)' },
      spec ? analysePrefix(spec, true) : analyseCommand([], true),
    );
    return;
  }
  if (/^(?:web_fetch|WebFetchTool)$/.test(text)) {
    config.network.push({ range: item.range, setting, text, covers: 'any-url', remedy: 'web-fetch-tool' });
  } else if (/^(?:write_file|replace|WriteFileTool|EditTool|edit)$/.test(text)) {
    config.writesAutoApproved = true;
    config.tools.push({ range: item.range, setting, text, tool: text, capability: 'write', selfModifying: true, remedy: 'gemini-write-tool' });
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
    const mcpName = str(get(rule, 'mcpName'));
    if (tool?.type === 'seq') {
      // A list of named tools: each is allowed on its own, none is a wildcard.
      for (const item of tool.items) {
        const named = str(item);
        if (named === '*')
          config.approvals.push({ range: item.range, setting: 'rule.toolName', text: 'toolName = "*"', covers: 'every-tool', remedy: 'named-read-only-tools' });
        else if (named === 'run_shell_command' && !prefixNode && !regexNode)
          addCommand(
            config,
            { range: item.range, setting: 'rule.toolName', text: 'run_shell_command', remedy: 'gemini-policy-shell' },
            analyseCommand([], true),
          );
        else if (named && /^(?:write_file|replace|edit)$/.test(named)) config.writesAutoApproved = true;
      }
      continue;
    }
    if (mcpName && (name === undefined || name === '*' || name === `${mcpName}__*`)) {
      config.tools.push({
        range: get(rule, 'mcpName')!.range,
        setting: 'rule.mcpName',
        text: `mcpName = "${mcpName}"`,
        server: mcpName,
        tool: '*',
        capability: 'all',
        remedy: 'gemini-policy-server',
      });
      continue;
    }
    if (name === '*' || (name === undefined && !mcpName)) {
      config.approvals.push({
        range: (tool ?? rule).range,
        setting: 'rule.toolName',
        text: 'toolName = "*"',
        covers: 'every-tool',
        remedy: 'named-read-only-tools',
      });
    } else if (name === 'run_shell_command') {
      const prefixes = items(prefixNode);
      if (prefixes.length) {
        for (const p of prefixes)
          if (str(p))
            addCommand(config, { range: p.range, setting: 'rule.commandPrefix', text: str(p)!, remedy: 'exact-commands' }, analysePrefix(str(p)!, true));
      } else if (str(regexNode)) {
        const analysis = analyseRegex(str(regexNode)!);
        if (analysis) addCommand(config, { range: regexNode!.range, setting: 'rule.commandRegex', text: str(regexNode)!, remedy: 'exact-commands' }, analysis);
      } else {
        addCommand(
          config,
          { range: tool!.range, setting: 'rule.toolName', text: 'run_shell_command', remedy: 'gemini-policy-shell' },
          analyseCommand([], true),
        );
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
      config.approvals.push({ range: item.range, setting: 'allowedTools', text, covers: 'every-built-in-and-mcp-tool', remedy: 'amazonq-every-tool' });
    } else if (Q_SHELL_TOOLS.has(text)) {
      addCommand(config, { range: item.range, setting: 'allowedTools', text, remedy: 'amazonq-execute-bash' }, analyseCommand([], true));
    } else if (Q_WRITE_TOOLS.has(text)) {
      config.writesAutoApproved = true;
      config.tools.push({ range: item.range, setting: 'allowedTools', text, tool: text, capability: 'write', selfModifying: true, remedy: 'amazonq-fs-write' });
    } else if (text === 'use_aws' || text === 'aws') {
      config.identities.push({
        range: item.range,
        setting: 'allowedTools',
        text,
        reach: 'any-aws-api',
        remedy: 'amazonq-use-aws',
      });
    } else if (text.startsWith('@')) {
      const [server = '', tool] = text.slice(1).split('/');
      if (tool === undefined || tool === '*') {
        config.tools.push({ range: item.range, setting: 'allowedTools', text, server, tool: '*', capability: 'all', remedy: 'amazonq-whole-server' });
      } else {
        const capability = toolCapability(tool);
        if (capability !== 'read') config.tools.push({ range: item.range, setting: 'allowedTools', text, server, tool, capability, remedy: 'amazonq-tool' });
      }
    }
  }
  for (const key of ['execute_bash', 'shell', 'execute_cmd']) {
    for (const item of items(get(get(settings, key), 'allowedCommands'))) {
      const text = str(item);
      if (!text) continue;
      // Amazon Q matches the whole command line: `cd .*` also matches `cd x && curl … | sh`.
      const analysis = analyseRegex(text, true);
      if (analysis)
        addCommand(config, { range: item.range, setting: `toolsSettings.${key}.allowedCommands`, text, remedy: 'amazonq-allowed-commands' }, analysis);
    }
  }
  for (const key of ['fs_write', 'write']) {
    for (const item of items(get(get(settings, key), 'allowedPaths'))) {
      const text = str(item);
      if (!text) continue;
      if (pathReach(text)) addPath(config, item, `toolsSettings.${key}.allowedPaths`, 'write', 'amazonq-allowed-path');
      else if (coversOwnConfig(text))
        config.tools.push({
          range: item.range,
          setting: `toolsSettings.${key}.allowedPaths`,
          text,
          tool: key,
          capability: 'write',
          selfModifying: true,
          remedy: 'amazonq-write-paths',
        });
    }
  }
  readHooks(config, get(root, 'hooks'), 'hooks');
  addServers(config, readServers(get(root, 'mcpServers')));
}

/**
 * Linters that load no code from the project (no plugins or configuration scripts), so running
 * them after an edit executes nothing the agent wrote: Aider's `lint-cmd` (`python: flake8 …`).
 */
const SELF_CONTAINED_LINTER = /^(?:python3?\s{1,4}-m\s{1,4})?(?:flake8|ruff|black|isort|gofmt|goimports|shellcheck|yamllint|hadolint)(?:\s|$)/;

/** `.aider.conf.yml`. */
export function readAider(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  for (const key of ['yes-always', 'yes']) {
    const node = get(root, key);
    if (bool(node) === true) {
      config.approvals.push({
        range: node!.range,
        setting: key,
        text: `${key}: true`,
        covers: 'every-confirmation-with-files-and-urls',
        remedy: 'aider-yes-always',
      });
    }
  }
  for (const [auto, cmd] of [
    ['auto-test', 'test-cmd'],
    ['auto-lint', 'lint-cmd'],
  ] as const) {
    const node = get(root, cmd);
    const enabled = bool(get(root, auto)) ?? auto === 'auto-lint';
    for (const item of items(node)) {
      const command = str(item);
      if (!command || !enabled) continue;
      // A linter that reads only its own options (flake8, ruff…) runs nothing the agent's edits can change.
      const bare = command.replace(/^[\w+#-]{1,20}:\s{0,4}/, '');
      if (cmd === 'lint-cmd' && SELF_CONTAINED_LINTER.test(bare) && !/[;&|`$<>]/.test(bare)) continue;
      addAutoRun(config, item.range, cmd, command, 'auto-command', 'after-every-edit');
    }
  }
  for (const key of ['read', 'file']) {
    for (const item of items(get(root, key))) addPath(config, item, key, key === 'read' ? 'read' : 'read-write', 'aider-read-file');
  }
  for (const key of ['openai-api-key', 'anthropic-api-key', 'api-key', 'set-env']) {
    for (const item of items(get(root, key))) {
      const text = str(item);
      if (text === undefined) continue;
      const pair = /^([^=]{1,100})=(.*)$/s.exec(text);
      const name = key === 'api-key' && pair ? `${pair[1]} api key` : key === 'set-env' && pair ? pair[1]! : key;
      const value = (key === 'api-key' || key === 'set-env') && pair ? pair[2]! : text;
      addKeyedCredential(
        config,
        { key: key === 'set-env' ? name : `${name.replace(/\s/g, '_')}_KEY`, keyRange: item.range, value, range: item.range },
        'setting',
        'aider',
      );
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
    config.approvals.push({
      range: mode!.range,
      setting: 'GOOSE_MODE',
      text: 'GOOSE_MODE: auto',
      covers: 'every-tool-call-with-shell-and-edits',
      remedy: 'goose-auto-mode',
    });
  } else if (!mode && shellCapable.length) {
    const first = shellCapable[0]!;
    config.approvals.push({
      range: first.keyRange,
      setting: 'GOOSE_MODE',
      text: { kind: 'goose-mode-for-extension', extension: first.key },
      covers: {
        kind: 'goose-extensions',
        extensions: shellCapable.map((e) => e.key),
        automatesDesktop: shellCapable.some((e) => e.key === 'computercontroller'),
      },
      remedy: 'goose-default-mode',
      uncertain: { kind: 'goose-default-mode' },
    });
  }
  for (const extension of entries(extensions)) {
    if (
      extension.value.type !== 'map' ||
      (!get(extension.value, 'cmd') && !get(extension.value, 'command') && !get(extension.value, 'uri') && !get(extension.value, 'url'))
    )
      continue;
    addServers(config, readServers({ type: 'map', range: extensions!.range, entries: [extension] }));
  }
}

/**
 * Goose `secrets.yaml`: where Goose keeps provider keys and extension secrets when the system
 * keyring is off (`GOOSE_DISABLE_KEYRING`), one `NAME: value` per line.
 */
export function readGooseSecrets(config: AssistantConfig, root: DataNode | undefined): void {
  for (const entry of entries(root)) {
    const value = str(entry.value);
    if (value) addKeyedCredential(config, { key: entry.key, keyRange: entry.keyRange, value, range: entry.value.range }, 'setting', undefined);
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
        config.paths.push({
          range: volumes!.range,
          setting: 'sandbox.volumes',
          text: mount.trim(),
          path: source,
          access: /:ro$/.test(mount.trim()) ? 'read' : 'read-write',
          reach: reach.reach,
          exposes: reach.exposes,
          remedy: 'openhands-sandbox-volume',
        });
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
    if (trimmed && !trimmed.startsWith('#'))
      addAutoRun(config, { start: offset + line.indexOf(trimmed), end: offset + line.length }, setting, trimmed, 'setup-script', 'agent-session-on-repository');
    offset += line.length + 1;
  }
}

/**
 * Permission files: Continue's `permissions.yaml` (`allow`/`ask`/`exclude` lists of tool rules in
 * the `Tool(pattern)` syntax) and Kiro's (`capability`/`effect` rules).
 */
export function readPermissionsFile(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  for (const item of items(get(root, 'allow'))) {
    const text = str(item);
    if (text === undefined) continue;
    if (text === '*') config.approvals.push({ range: item.range, setting: 'allow', text, covers: 'every-tool', remedy: 'named-read-only-tools' });
    else if (/^(?:Write|Edit|MultiEdit)$/.test(text)) config.writesAutoApproved = true;
    else addPermissionRule(config, text, item.range, 'allow');
  }
  walk(root, (node) => {
    if (node.type !== 'map') return undefined;
    const effect = str(get(node, 'effect'));
    const capability = get(node, 'capability');
    if (effect !== 'allow' || !capability) return undefined;
    const name = str(capability);
    if (name === 'all' || name === '*')
      config.approvals.push({
        range: capability.range,
        setting: 'capability',
        text: 'capability: all, effect: allow',
        covers: 'every-tool-with-shell-writes-and-network',
        remedy: 'kiro-capability-all',
      });
    else if (name && /^(?:shell|execute_bash|exec|command)$/.test(name)) {
      const patterns = items(get(node, 'patterns') ?? get(node, 'commands'));
      if (!patterns.length)
        addCommand(
          config,
          { range: capability.range, setting: 'capability', text: `capability: ${name}`, remedy: 'kiro-capability-shell' },
          analyseCommand([], true),
        );
      for (const p of patterns)
        if (str(p))
          addCommand(
            config,
            { range: p.range, setting: 'patterns', text: str(p)!, remedy: 'exact-commands' },
            analysePrefix(str(p)!.replace(/\s*\*+$/, ''), /\*$/.test(str(p)!)),
          );
    }
    return false;
  });
}
