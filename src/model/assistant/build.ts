import { bool, entries, get, str } from '../../ast/index.js';
import type { Document } from '../../document/document.js';
import type { Range } from '../../rule/types.js';
import { isPlaceholder } from '../../detect/index.js';
import { analyseCommand, commandWords, type CommandAnalysis } from './commands.js';
import { CREDENTIAL_FLAG, CREDENTIAL_QUERY, credentialPart, isCredentialName, isLiteralCredential, providerOf, referenceOf } from './credentials.js';
import { autoApproved, toolCapability } from './mcp.js';
import { commandDanger } from './hooks.js';
import { pathReach } from './paths.js';
import { scopeOf } from './scope.js';
import { commandName } from '../pipeline/shell.js';
import type { AssistantConfig, AssistantTool, CommandRemedy, CredentialUse, GrantCaveat, MissingSetting, KeyedValue, Located, McpServer } from './types.js';

/** An empty configuration model for a document read by `tool`. */
export function newConfig(doc: Document, tool: AssistantTool): AssistantConfig {
  const scope = scopeOf(doc, tool);
  return {
    tool,
    scope,
    approvals: [],
    commands: [],
    paths: [],
    network: [],
    sandbox: [],
    tools: [],
    autoRuns: [],
    servers: [],
    credentials: [],
    identities: [],
    ignored: [],
    agentRuns: [],
    redirects: [],
    transports: [],
    writesAutoApproved: false,
  };
}

/** Adds a pre-approved command pattern when it reaches further than one fixed program. */
export function addCommand(
  config: AssistantConfig,
  grant: { range: Range; setting: string; text: string | MissingSetting; remedy: CommandRemedy; example?: string; uncertain?: GrantCaveat },
  analysis: CommandAnalysis,
): void {
  if (analysis.reach === 'bounded') return;
  config.commands.push({ ...grant, analysis });
}

/** Analyses a command prefix written as text (`uv run`, `curl`) with or without a trailing wildcard. */
export function analysePrefix(prefix: string, open: boolean): CommandAnalysis {
  return analyseCommand(commandWords(prefix), open);
}

/**
 * An entry of an allow-list whose tool treats `*` as "every command" (Cursor `terminalAllowlist`,
 * Windsurf, Roo/Kilo `allowedCommands`, Amp): otherwise a command prefix that may take arguments.
 * (VS Code terminal rules are different: there a `*` key is a literal prefix.)
 */
export function analyseAllowEntry(text: string): CommandAnalysis {
  return /^\s*\*{1,2}\s*$/.test(text) ? analyseCommand([], true) : analysePrefix(text, true);
}

const AWS_ADMIN = /(?:^|[-_.])(?:admin|administrator|administratoraccess|root|poweruser|poweruseraccess|superuser|fullaccess|owner)(?:$|[-_.])/i;

/**
 * Adds what MCP servers grant, whatever the client: auto-approved tools, `trust: true`, docker
 * flags that widen the container, filesystem roots, credentials and privileged identities.
 */
export function addServers(config: AssistantConfig, servers: McpServer[]): void {
  for (const server of servers) {
    config.servers.push(server);
    addServerCredentials(config, server);
    if (server.disabled) continue;
    addAutoApprovals(config, server);
    addCodexApprovalModes(config, server);
    addTransport(config, server);
    addShellLaunch(config, server);
    addHeadersHelper(config, server);
    addDockerReach(config, server);
    addFilesystemRoots(config, server);
    addPrivilegedIdentity(config, server);
  }
}

function addAutoApprovals(config: AssistantConfig, server: McpServer): void {
  const trust = get(server.node, 'trust');
  if (bool(trust) === true) {
    config.approvals.push({
      range: trust!.range,
      setting: `mcpServers.${server.name}.trust`,
      text: 'trust: true',
      covers: { kind: 'server-tools', server: server.name },
      server: server.name,
      remedy: 'mcp-server-trust',
    });
  }
  for (const { setting, items } of autoApproved(server.node)) {
    for (const item of items) {
      const capability = toolCapability(item.value);
      if (capability === 'read') continue;
      config.tools.push({
        range: item.range,
        setting: `${server.name}.${setting}`,
        text: item.value,
        server: server.name,
        tool: item.value,
        capability,
        remedy: 'server-auto-approve-list',
        approvalKey: setting,
      });
    }
  }
}

/** Codex `default_tools_approval_mode = "approve"` and `[mcp_servers.x.tools.<t>] approval_mode = "approve"`. */
function addCodexApprovalModes(config: AssistantConfig, server: McpServer): void {
  const mode = get(server.node, 'default_tools_approval_mode');
  if (str(mode) === 'approve') {
    config.tools.push({
      range: mode!.range,
      setting: `mcp_servers.${server.name}.default_tools_approval_mode`,
      text: 'default_tools_approval_mode = "approve"',
      server: server.name,
      tool: '*',
      capability: 'all',
      remedy: 'codex-server-approve',
    });
  }
  for (const tool of entries(get(server.node, 'tools'))) {
    const toolMode = get(tool.value, 'approval_mode');
    if (str(toolMode) !== 'approve') continue;
    const capability = toolCapability(tool.key);
    if (capability === 'read') continue;
    config.tools.push({
      range: toolMode!.range,
      setting: `mcp_servers.${server.name}.tools.${tool.key}.approval_mode`,
      text: `${tool.key}: approval_mode = "approve"`,
      server: server.name,
      tool: tool.key,
      capability,
      remedy: 'codex-tool-approve',
    });
  }
}

const LOCAL_HOSTS = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|::1|host\.docker\.internal|[a-z0-9-]{1,63}\.localhost)$/i;

/** A remote server reached over plain HTTP: tokens and tool results cross the network in clear text. */
function addTransport(config: AssistantConfig, server: McpServer): void {
  const url = server.url;
  if (!url) return;
  const m = /^http:\/\/(?:[^/@\s]{1,200}@)?(\[[^\]]{1,60}\]|[^/:?#\s]{1,253})/i.exec(url.value.trim());
  if (!m) return;
  const host = m[1]!;
  if (LOCAL_HOSTS.test(host) || /^\$\{|^\{\{/.test(host) || isPrivateAddress(host)) return;
  const carriesCredentials =
    server.headers.length > 0 ||
    config.credentials.some((c) => c.consumer === server.name) ||
    CREDENTIAL_QUERY.test(url.value) ||
    /^http:\/\/[^/@\s]{1,200}@/i.test(url.value);
  config.transports.push({ range: url.range, server: server.name, host, carriesCredentials });
}

function isPrivateAddress(host: string): boolean {
  return /^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)\d{1,3}\.\d{1,3}(?:\.\d{1,3})?$/.test(host) || /\.(?:local|internal|lan|home\.arpa)$/i.test(host);
}

/** A server started through a shell that downloads and runs code (`bash -c "curl … | sh"`). */
function addShellLaunch(config: AssistantConfig, server: McpServer): void {
  const name = server.command ? commandName(server.command.value) : '';
  if (!SHELL_LAUNCHERS.has(name)) return;
  const at = server.args.findIndex((a) => /^-[a-z]*c$/.test(a.value));
  const script = at >= 0 ? server.args[at + 1] : undefined;
  if (!script) return;
  const danger = commandDanger(script.value);
  if (!danger) return;
  config.autoRuns.push({
    range: script.range,
    setting: `${server.name}.args`,
    text: script.value.length > 80 ? `${script.value.slice(0, 77)}…` : script.value,
    kind: 'server-launch',
    when: 'mcp-server-starts',
    command: script.value,
    danger,
    remedy: 'shell-launched-server',
  });
}

const SHELL_LAUNCHERS = new Set(['sh', 'bash', 'zsh', 'dash', 'pwsh', 'powershell', 'cmd']);

/** Claude Code `.mcp.json` `headersHelper`: a shell command run to produce request headers. */
function addHeadersHelper(config: AssistantConfig, server: McpServer): void {
  const helper = get(server.node, 'headersHelper');
  const command = str(helper);
  if (!command) return;
  config.autoRuns.push({
    range: helper!.range,
    setting: `${server.name}.headersHelper`,
    text: command.length > 80 ? `${command.slice(0, 77)}…` : command,
    kind: 'helper',
    when: 'mcp-server-connected',
    command,
    danger: commandDanger(command),
    remedy: 'mcp-headers-helper',
  });
}

function addDockerReach(config: AssistantConfig, server: McpServer): void {
  const name = server.command ? commandName(server.command.value) : '';
  if (name !== 'docker' && name !== 'podman') return;
  const args = server.args;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!.value;
    const next = args[i + 1];
    const joined = /^--(?:network|net)=(.+)$/.exec(word)?.[1] ?? (word === '--network' || word === '--net' ? next?.value : undefined);
    if (joined === 'host') {
      config.network.push({
        range: args[i]!.range,
        setting: `${server.name}.args`,
        text: '--network host',
        covers: 'host-network-namespace',
        remedy: 'docker-host-network',
      });
    }
    if (word === '--privileged') {
      config.sandbox.push({
        range: args[i]!.range,
        setting: `${server.name}.args`,
        text: '--privileged',
        effect: 'privileged-container',
        remedy: 'docker-privileged',
      });
    }
    const mount = /^(?:-v|--volume)=?(.*)$/.exec(word);
    if (mount) {
      const spec = mount[1] || next?.value || '';
      const target = mount[1] ? args[i]! : (next ?? args[i]!);
      const source = mountSource(spec);
      if (/docker\.sock$/.test(source)) {
        config.sandbox.push({
          range: target.range,
          setting: `${server.name}.args`,
          text: spec,
          effect: 'docker-socket-mounted',
          remedy: 'docker-socket-mount',
        });
        continue;
      }
      const reach = pathReach(source);
      if (reach && reach.reach !== 'parent') {
        config.paths.push({
          range: target.range,
          setting: `${server.name}.args`,
          text: spec,
          path: source,
          access: /:ro$/.test(spec) ? 'read' : 'read-write',
          reach: reach.reach,
          exposes: reach.exposes,
          remedy: 'docker-volume',
        });
      }
    }
  }
}

/** The host side of a `-v host:container[:mode]` mount (a `${VAR}` or drive letter may hold a colon). */
export function mountSource(spec: string): string {
  return /^(?:[A-Za-z]:)?(?:\$\{[^}]{0,100}\}|\$(?!\{)|[^:$])*/.exec(spec)?.[0] ?? '';
}

const FILESYSTEM_SERVER = /filesystem|(?:^|[/@-])fs(?:[-_]|$)|desktop-commander|file-?system|files-mcp/i;

function addFilesystemRoots(config: AssistantConfig, server: McpServer): void {
  const pkg = server.launch?.package ?? server.args.map((a) => a.value).find((a) => FILESYSTEM_SERVER.test(a)) ?? '';
  if (!FILESYSTEM_SERVER.test(pkg) && !FILESYSTEM_SERVER.test(server.name)) return;
  for (const arg of server.args) {
    if (arg.value === pkg || arg.value.startsWith('-')) continue;
    const reach = pathReach(arg.value);
    if (!reach) continue;
    config.paths.push({
      range: arg.range,
      setting: `${server.name}.args`,
      text: arg.value,
      path: arg.value,
      access: 'read-write',
      reach: reach.reach,
      exposes: reach.exposes,
      remedy: 'filesystem-server-root',
    });
  }
}

function addPrivilegedIdentity(config: AssistantConfig, server: McpServer): void {
  for (const entry of server.env) {
    if (/^AWS_(?:DEFAULT_)?PROFILE$/i.test(entry.key) && AWS_ADMIN.test(entry.value)) {
      config.identities.push({
        range: entry.range,
        setting: `${server.name}.env.${entry.key}`,
        text: `${entry.key}=${entry.value}`,
        server: server.name,
        reach: 'aws-admin-profile',
        remedy: 'admin-profile-variable',
      });
    }
  }
  server.args.forEach((arg, i) => {
    const profile = arg.value === '--profile' ? server.args[i + 1] : undefined;
    if (profile && AWS_ADMIN.test(profile.value)) {
      config.identities.push({
        range: profile.range,
        setting: `${server.name}.args`,
        text: `--profile ${profile.value}`,
        server: server.name,
        reach: 'admin-cloud-profile',
        remedy: 'admin-profile-argument',
      });
    }
  });
  const text = [server.launch?.package ?? '', server.url?.value ?? '', ...server.args.map((a) => a.value)].join(' ');
  if (/supabase\/mcp-server-supabase|mcp\.supabase\.com/i.test(text)) {
    const readOnly = /--read-only\b|read_only=true/i.test(text) || server.env.some((e) => /READ_ONLY/i.test(e.key) && /^(?:1|true)$/i.test(e.value));
    if (!readOnly) {
      const at = server.url && /mcp\.supabase\.com/i.test(server.url.value) ? server.url.range : (server.launch?.range ?? server.nameRange);
      config.identities.push({
        range: at,
        setting: `${server.name}`,
        text: { kind: 'supabase-read-only' },
        server: server.name,
        reach: 'supabase-write',
        remedy: server.url ? 'supabase-url' : 'supabase-arguments',
      });
    }
  }
}

/** Records every credential a server receives, literal or referenced. */
function addServerCredentials(config: AssistantConfig, server: McpServer): void {
  for (const entry of server.env) addKeyedCredential(config, entry, 'env', server.name);
  for (const entry of server.headers) addKeyedCredential(config, entry, 'header', server.name);
  addArgumentCredentials(config, server.args, server.name);
  if (server.url) addUrlCredential(config, server.url, server.name);
  const bearer = get(server.node, 'experimental_bearer_token') ?? get(server.node, 'bearer_token');
  if (str(bearer))
    addKeyedCredential(config, { key: 'bearer_token', keyRange: bearer!.range, value: str(bearer)!, range: bearer!.range }, 'header', server.name);
  const codexBearer = str(get(server.node, 'bearer_token_env_var'));
  if (codexBearer)
    config.credentials.push({
      name: 'bearer_token_env_var',
      consumer: server.name,
      where: 'env',
      range: get(server.node, 'bearer_token_env_var')!.range,
      reference: { type: 'variable', name: codexBearer },
    });
  const envVars = get(server.node, 'env_vars');
  if (envVars?.type === 'seq') {
    for (const item of envVars.items) {
      const name = str(item);
      if (name && isCredentialName(name))
        config.credentials.push({ name, consumer: server.name, where: 'env', range: item.range, reference: { type: 'variable', name } });
    }
  }
}

/** A `KEY: value` credential (env entry, header, settings key): literal or reference. */
export function addKeyedCredential(config: AssistantConfig, entry: KeyedValue, where: CredentialUse['where'], consumer: string | undefined): void {
  const named = isCredentialName(entry.key);
  const reference = referenceOf(entry.value);
  if (reference) {
    if (named || reference.type === 'secret' || reference.type === 'input')
      config.credentials.push({ name: entry.key, consumer, where, range: entry.range, reference });
    return;
  }
  const value = credentialPart(entry.value);
  const provider = providerOf(value);
  if ((named || provider) && isLiteralCredential(entry.value, named)) {
    config.credentials.push({ name: entry.key, consumer, where, range: entry.range, literal: value, provider });
  }
  // A connection string with a password: `postgres://user:pass@host/db`.
  const dsn = DSN_PASSWORD.exec(entry.value);
  if (dsn && !isDefaultPassword(dsn[1]!) && !LOCAL_HOST.test(dsn[2]!)) {
    config.credentials.push({ name: entry.key, consumer, where, range: entry.range, literal: dsn[1]! });
  }
}

/** `scheme://user:password@host`: the password and the host. */
const DSN_PASSWORD = /^[a-z][a-z0-9+.-]{1,20}:\/\/[^/:@\s]{1,200}:([^/@\s]{1,200})@([^/:?\s]{1,200})/i;
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|db|database|postgres|mysql|redis|mongo)$/i;

function isDefaultPassword(value: string): boolean {
  return (
    value.length < 6 ||
    !!referenceOf(value) ||
    isPlaceholder(value) ||
    /^(?:password|pass|postgres|root|admin|secret|changeme|example|test|mysql)$/i.test(value)
  );
}

/** Credentials in a command line: `--api-key=…`, `--token …`, `-e KEY=value`, provider-prefixed values. */
function addArgumentCredentials(config: AssistantConfig, args: readonly Located[], consumer: string | undefined): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = /^(--?[A-Za-z0-9-]{1,60})=(.*)$/.exec(arg.value);
    if (inline && CREDENTIAL_FLAG.test(inline[1]!)) {
      addFlagValue(config, inline[1]!, inline[2]!, arg.range, consumer);
      continue;
    }
    if (CREDENTIAL_FLAG.test(arg.value) && args[i + 1] && !args[i + 1]!.value.startsWith('-')) {
      addFlagValue(config, arg.value, args[i + 1]!.value, args[i + 1]!.range, consumer);
      i++;
      continue;
    }
    // docker run -e KEY=value
    const assignment = /^([A-Za-z_][A-Za-z0-9_]{0,100})=(.+)$/.exec(arg.value);
    if (assignment) {
      addKeyedCredential(config, { key: assignment[1]!, keyRange: arg.range, value: assignment[2]!, range: arg.range }, 'argument', consumer);
      continue;
    }
    if (args[i - 1]?.value === '-e' || args[i - 1]?.value === '--env') {
      if (isCredentialName(arg.value))
        config.credentials.push({ name: arg.value, consumer, where: 'argument', range: arg.range, reference: { type: 'variable', name: arg.value } });
      continue;
    }
    const provider = providerOf(arg.value);
    if (provider && isLiteralCredential(arg.value, false)) {
      config.credentials.push({ name: 'argument', consumer, where: 'argument', range: arg.range, literal: arg.value, provider });
    }
    if (/^https?:\/\//i.test(arg.value)) addUrlCredential(config, arg, consumer);
  }
}

function addFlagValue(config: AssistantConfig, flag: string, value: string, range: Range, consumer: string | undefined): void {
  const reference = referenceOf(value);
  if (reference) {
    config.credentials.push({ name: flag, consumer, where: 'argument', range, reference });
    return;
  }
  if (isLiteralCredential(value, true))
    config.credentials.push({ name: flag, consumer, where: 'argument', range, literal: value, provider: providerOf(value) });
}

/** A credential in a URL's query string or user info. */
function addUrlCredential(config: AssistantConfig, url: Located, consumer: string | undefined): void {
  const query = CREDENTIAL_QUERY.exec(url.value);
  if (query) {
    const value = decodeSafely(query[2]!);
    const reference = referenceOf(value);
    if (reference) config.credentials.push({ name: query[1]!.slice(0, -1), consumer, where: 'url', range: url.range, reference });
    else if (isLiteralCredential(value, true))
      config.credentials.push({ name: query[1]!.slice(0, -1), consumer, where: 'url', range: url.range, literal: value, provider: providerOf(value) });
  }
  const userinfo = DSN_PASSWORD.exec(url.value);
  if (userinfo && !isDefaultPassword(userinfo[1]!) && !LOCAL_HOST.test(userinfo[2]!)) {
    config.credentials.push({ name: 'password in URL', consumer, where: 'url', range: url.range, literal: userinfo[1]! });
  }
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
