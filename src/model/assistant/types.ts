import type { DataNode } from '../../ast/data.js';
import type { Identity, Range } from '../../rule/types.js';
import type { CommandAnalysis } from './commands.js';

/** The assistants and agent runners nhiscan reads configuration for. */
export type AssistantTool =
  | 'claude-code'
  | 'claude-desktop'
  | 'cursor'
  | 'vscode'
  | 'copilot'
  | 'codex'
  | 'gemini'
  | 'windsurf'
  | 'cline'
  | 'roo'
  | 'kiro'
  | 'amazonq'
  | 'continue'
  | 'junie'
  | 'zed'
  | 'aider'
  | 'goose'
  | 'openhands'
  | 'opencode'
  | 'amp'
  | 'kilo'
  | 'qwen'
  | 'gh-aw'
  | 'github-actions'
  /** A committed shell script that runs an agent CLI. */
  | 'agent-script';

/**
 * Whose machine a configuration shapes: a file committed to a project is loaded by everyone who
 * opens the repository; a user file (often committed to a dotfiles repository) describes its
 * author's own machine; a managed file every user of an organisation; a CI file a pipeline run.
 */
export type ConfigScope = 'project' | 'user' | 'managed' | 'ci';

/** A value with the place it was written. */
export interface Located {
  value: string;
  range: Range;
}

/** Anything a configuration grants, with where it is granted. */
export interface Grant {
  /** The node that grants it: findings are reported here. */
  range: Range;
  /** The setting that grants it, as written: `permissions.allow`, `approval_policy`. */
  setting: string;
  /** The granting value as written (short): `Bash(curl:*)`, `"never"`; or the setting left out, when the grant is an absence. */
  text: string | MissingSetting;
  /** Lower confidence: the key is legacy or its effect depends on a default. */
  uncertain?: GrantCaveat;
  /** The tool probably does not apply it (misplaced key, wrong file): reported at low severity. */
  inert?: InertReason;
}

/** A grant that comes from a setting left out, so there is no value to quote; the rules word it. */
export type MissingSetting =
  /** A run-gemini-cli `settings` without `tools.core`: every shell command is allowed. */
  | { kind: 'gemini-core-tools' }
  /** run-gemini-cli with no `settings` input at all. */
  | { kind: 'gemini-action-settings' }
  /** A Goose shell-capable extension enabled with no `GOOSE_MODE`. */
  | { kind: 'goose-mode-for-extension'; extension: string }
  /** `goose run` in CI with no `GOOSE_MODE`. */
  | { kind: 'goose-mode-for-run' }
  /** The Supabase MCP server without its read-only mode. */
  | { kind: 'supabase-read-only' };

/** Why a grant's effect is uncertain; the rules lower their confidence and word the caveat. */
export type GrantCaveat =
  /** A legacy key the tool may no longer read (with the key that replaced it, when there is one). */
  | { kind: 'legacy-key'; replacement?: string }
  /** `chat.tools.terminal.autoApprove: true`: the setting expects an object of commands. */
  | { kind: 'expects-command-map' }
  /** No `GOOSE_MODE` is set, so Goose's default mode (autonomous in current releases) applies. */
  | { kind: 'goose-default-mode' };

/** Why the tool probably does not apply a grant; the rules report it at low severity. */
export type InertReason =
  /** Cursor CLI `permissions.allow`/`deny` written in the editor's `permissions.json`. */
  | { kind: 'cursor-cli-shape-in-editor-file' }
  /** Codex ignores `model_providers` in a project's config. */
  | { kind: 'codex-project-model-providers' }
  /** A Gemini key nested under the wrong parent, so Gemini does not read it. */
  | { kind: 'gemini-mis-nested'; path: string };

/** A mode that runs every tool (or every tool of one server) without asking. */
interface ApprovalGrant extends Grant {
  remedy: ApprovalRemedy;
  /** The MCP server all of whose tools run unasked, when the grant covers one server. */
  server?: string;
  /** A read-only sandbox in the same table keeps what runs unasked from writing or sending anything. */
  contained?: boolean;
  /** A model, not a person, reviews the requests (Codex `approvals_reviewer = "auto_review"`). */
  delegated?: boolean;
  /** What runs unasked (every tool, every tool of one MCP server…); worded by `rules/assistant/approval-bypass.ts`. */
  covers: ApprovalCoverage;
  /** Only in effect when a named profile or agent is selected. */
  profile?: string;
}

/** A command pattern the agent may run without asking. */
export interface CommandGrant extends Grant {
  analysis: CommandAnalysis;
  remedy: CommandRemedy;
  /** How this tool spells one exact command, for the remedy: `Bash(npm test)`. */
  example?: string;
}

/** What sits at a path a grant reaches outside the workspace. */
export type PathExposure =
  | 'aws-credentials'
  | 'cloud-credentials'
  | 'every-file-outside-project'
  | 'every-home-directory'
  | 'every-writable-file'
  | 'every-writable-file-outside-workspace'
  | 'home-directory'
  | 'private-keys-and-keychains'
  | 'registry-and-forge-tokens'
  | 'repositories-below-trusted-folder'
  | 'shell-startup-files'
  | 'sibling-projects'
  | 'ssh-keys'
  | 'system-credential-files'
  | 'whole-disk'
  | 'whole-drive';

/** What a weakened sandbox lets the agent's commands (or an MCP server's container) do. */
export type SandboxEffect =
  | 'codex-keeps-sudo'
  | 'codex-unsandboxed-on-runner'
  | 'commands-excluded-from-sandbox'
  | 'container-socket-allowed'
  | 'docker-socket-mounted'
  | 'environment-passed-without-secret-names'
  | 'every-local-unix-socket'
  | 'every-unix-socket'
  | 'privileged-container'
  | 'sandbox-filesystem-off'
  | 'shell-on-host'
  | 'terminal-outside-sandbox'
  | 'transcript-in-actions-log'
  | 'unsandboxed-commands'
  | 'unsandboxed-on-runner'
  | 'whole-environment-passed';

/** What an over-privileged identity lets the agent do. */
export type IdentityReach = 'admin-cloud-profile' | 'any-aws-api' | 'aws-admin-profile' | 'supabase-write';

/** Filesystem reach beyond the workspace. */
interface PathGrant extends Grant {
  remedy: PathRemedy;
  path: string;
  access: 'read' | 'write' | 'read-write';
  /** `root` (the whole disk), `home` (the user's home), `credentials` (a credential store), `parent` (all sibling projects). */
  reach: 'root' | 'home' | 'credentials' | 'parent';
  /** What sits there (SSH keys, the whole home directory…); worded by `rules/assistant/filesystem-reach.ts`. */
  exposes: PathExposure;
}

/** What an approval grant lets run unasked. */
export type ApprovalCoverage =
  | 'every-agent-tool'
  | 'every-built-in-and-mcp-tool'
  | 'every-command'
  | 'every-command-edit-and-mcp-call'
  | 'every-command-edit-request-and-mcp-tool'
  | 'every-command-unsandboxed'
  | 'every-confirmation'
  | 'every-confirmation-with-files-and-urls'
  | 'every-request-model-reviewed'
  | 'every-shell-command'
  | 'every-tool'
  | 'every-tool-call'
  | 'every-tool-call-and-terminal-command'
  | 'every-tool-call-and-terminal-command-in-every-workspace'
  | 'every-tool-call-command-and-edit'
  | 'every-tool-call-with-shell'
  | 'every-tool-call-with-shell-and-edits'
  | 'every-tool-not-denied'
  | 'every-tool-not-narrowed-later'
  | 'every-tool-with-shell'
  | 'every-tool-with-shell-edits-fetch-and-outside-paths'
  | 'every-tool-with-shell-writes-and-network'
  /** Every tool of one MCP server (`trust: true`). */
  | { kind: 'server-tools'; server: string }
  /** Every tool call of Goose's shell-capable extensions (`developer`, `computercontroller`) under its default mode. */
  | { kind: 'goose-extensions'; extensions: string[]; automatesDesktop: boolean };

/** Where a network grant lets the agent connect without asking. */
export type NetworkCoverage =
  | 'any-host-from-every-sandboxed-command'
  | 'any-host-from-sandboxed-commands'
  | 'any-host-from-sandboxed-terminal-commands'
  | 'any-host-from-the-copilot-agent'
  | 'any-url'
  | 'any-web-host'
  | 'host-network-namespace';

/** Network egress without approval or sandbox. */
interface NetworkGrant extends Grant {
  remedy: NetworkRemedy;
  /** Where the agent may connect (any URL, any host from sandboxed commands…); worded by `rules/assistant/unrestricted-network.ts`. */
  covers: NetworkCoverage;
}

/** A sandbox switched off or weakened. */
interface SandboxGrant extends Grant {
  remedy: SandboxRemedy;
  /** What the weakening lets commands do; worded by `rules/assistant/sandbox-disabled.ts`. */
  effect: SandboxEffect;
  /**
   * What is weakened: the sandbox itself (`off`), a way out of it (`escape`: the Docker socket,
   * every Unix socket, commands excluded from it), the developer's environment passed to commands
   * (`environment`), or the agent's transcript printed where others can read it (`disclosure`).
   */
  weakening?: 'off' | 'escape' | 'environment' | 'disclosure';
  /** The tool's sandbox is off unless asked for (Gemini), so the setting mostly restates the default. */
  offByDefault?: boolean;
  /** The environment passed on still leaves out variables named like secrets (`*KEY*`, `*TOKEN*`). */
  secretNamesFiltered?: boolean;
}

/** A non-shell tool (or whole server) that runs without asking. */
export interface ToolGrant extends Grant {
  remedy: ToolRemedy;
  /** The server's auto-approve key the tool is listed under (`alwaysAllow`, `autoApprove`), for the remedy. */
  approvalKey?: string;
  /** The MCP server the tool belongs to, when any. */
  server?: string;
  tool: string;
  /** `all`: every tool (of a server, or everywhere); `exec`/`write`/`network`: what the tool does. */
  capability: 'all' | 'exec' | 'write' | 'network' | 'read';
  /** The tool is made available to an agent that may still ask (a custom agent's `tools` list), not approved in advance. */
  availability?: boolean;
  /** Writes covering the agent's own configuration: the agent can widen its own grants. */
  selfModifying?: boolean;
}

/** Code that runs automatically: hooks, setup scripts, helpers, auto-started servers. */
export interface AutoRun extends Grant {
  remedy: AutoRunRemedy;
  /** What a plugin input installs (`plugins`, `plugin_marketplaces`, `extensions`), for the remedy. */
  installs?: PluginInstall;
  /** `plugin`: a third-party package or marketplace plugin; `code-plugin`: code in the repository the agent loads into its own process (opencode `.opencode/plugin/*.ts`). */
  kind: 'hook' | 'setup-script' | 'helper' | 'auto-enable' | 'auto-command' | 'notify' | 'server-launch' | 'plugin' | 'code-plugin';
  /** When it runs: on a tool's own event (`SessionStart`, `PreToolUse`), after every edit…; worded by `rules/assistant/automatic-code-execution.ts`. */
  when: AutoRunTrigger;
  /** The command, when there is one. */
  command?: string;
  /** What makes this run dangerous beyond running repository code, if anything. */
  danger?: Danger;
}

/** What a CI agent action's plugin input installs. */
export type PluginInstall = 'claude-plugin-marketplaces' | 'claude-plugins' | 'gemini-extensions';

/** When code runs automatically. */
export type AutoRunTrigger =
  | 'after-every-agent-turn'
  | 'after-every-edit'
  | 'agent-session-on-repository'
  | 'any-folder-opened'
  | 'around-every-shell-command'
  | 'background-machine-setup'
  | 'background-machine-start'
  | 'before-copilot-agent-starts'
  | 'credentials-needed'
  | 'discovered-tool-called'
  | 'every-run-before-agent'
  | 'file-suggested'
  | 'mcp-server-connected'
  | 'mcp-server-starts'
  | 'opencode-starts'
  | 'opencode-starts-in-folder'
  | 'session-start'
  | 'session-start-tool-discovery'
  | 'status-refresh'
  | 'subagent-status-refresh'
  | 'when-provider-needs-token'
  /** A Kiro hook whose IDE event is not named. */
  | 'ide-event'
  /** The tool's own hook event, as the configuration names it (`SessionStart`, `PreToolUse`, `fileEdited`). */
  | { kind: 'event'; event: string };

/**
 * What makes code that runs automatically dangerous beyond running repository code: remote code
 * piped to a shell, data sent or a host contacted, persistence outside the session, root-equivalent
 * changes, an unpinned package fetched at each run, or a setting that trusts every folder.
 */
export type Danger =
  | { kind: 'pipes-download-to-shell' }
  | { kind: 'runs-downloaded-code' }
  | { kind: 'opens-docker-socket' }
  | { kind: 'sends-data'; host: string }
  | { kind: 'rewrites-git-config' }
  | { kind: 'installs-lasting-job' }
  | { kind: 'writes-shell-startup' }
  | { kind: 'runs-unpinned-package'; package: string }
  | { kind: 'contacts-host'; host: string }
  /** An HTTP hook posts the session's events to a host. */
  | { kind: 'sends-session-data'; host: string }
  | { kind: 'trusts-every-folder' }
  | { kind: 'trusts-every-worktree' };

/** The dangers a command line can show (the others come from settings, not commands). */
export type CommandDanger = Exclude<Danger, { kind: 'sends-session-data' | 'trusts-every-folder' | 'trusts-every-worktree' }>;

/** How an MCP server is launched, when the launcher fetches a package at start. */
export interface LaunchPackage {
  launcher: string;
  package: string;
  range: Range;
  /** Pinned to an exact version or digest. */
  pinned: boolean;
}

/** One environment variable, header or argument entry. */
export interface KeyedValue {
  key: string;
  keyRange: Range;
  value: string;
  range: Range;
}

/** An MCP server (or Goose extension, Zed context server) as configured. */
export interface McpServer {
  /** The server's own map in the configuration. */
  node: DataNode;
  name: string;
  nameRange: Range;
  range: Range;
  command?: Located;
  args: Located[];
  env: KeyedValue[];
  headers: KeyedValue[];
  url?: Located;
  disabled: boolean;
  launch?: LaunchPackage;
}

/** A credential handed to the agent or one of its servers. */
export interface CredentialUse {
  /** The key or flag it sits under: `SUPABASE_ACCESS_TOKEN`, `--api-key`, `Authorization`. */
  name: string;
  /** The server or model it is for (`supabase`, `openrouter model GLM 4`). */
  consumer?: string;
  where: 'env' | 'header' | 'argument' | 'url' | 'setting';
  range: Range;
  /** A literal value, or a reference to one kept elsewhere. */
  literal?: string;
  /** `variable:NAME`, `input:ID`, `secret:NAME` for references. */
  reference?: Identity;
  /** The value has a known provider prefix (`sk-ant-`, `ghp_`). */
  provider?: string;
}

/** An identity with more reach than the job needs (an admin profile, a writable database). */
interface PrivilegedIdentity extends Grant {
  remedy: IdentityRemedy;
  server?: string;
  /** What the agent can do with it; worded by `rules/assistant/privileged-tool-identity.ts`. */
  reach: IdentityReach;
}

/**
 * The agent's model endpoint (and with it the developer's API key and every prompt) sent to a host
 * the configuration names: `ANTHROPIC_BASE_URL` in project settings (CVE-2026-21852).
 */
interface EndpointRedirect {
  range: Range;
  setting: string;
  /** The variable or key that redirects: `ANTHROPIC_BASE_URL`. */
  variable: string;
  /** The host it points to. */
  host: string;
}

/** An MCP server reached over plain `http://` on a host other than this machine. */
interface PlainTransport {
  range: Range;
  server: string;
  host: string;
  /** The server is sent credentials (headers, a token in the URL). */
  carriesCredentials: boolean;
}

/** A setting the tool silently ignores, so the protection or behaviour it asks for is absent. */
export interface IgnoredSetting extends Grant {
  remedy: IgnoredSettingRemedy;
  /** Why it is ignored; worded by `rules/assistant/ignored-agent-setting.ts`. */
  reason: IgnoredReason;
  /** Whether the ignored setting was meant to restrict the agent. */
  restrictive: boolean;
}

/** Why a tool ignores a setting. */
export type IgnoredReason =
  /** A top-level Codex key written after a `[table]` header, so TOML puts it in that table. */
  | { kind: 'codex-key-in-table'; table: string }
  /** gemini-cli refuses `yolo` as a default approval mode from settings (only the `--yolo` flag enables it). */
  | { kind: 'gemini-yolo-default' }
  /** `mcpServers` in Claude Code settings, which reads servers from `.mcp.json` or `~/.claude.json`. */
  | { kind: 'claude-servers-in-settings' }
  /** A Claude Code setting honoured only from user, local or managed settings. */
  | { kind: 'claude-user-only-setting' }
  /** `defaultMode: auto`, which Claude Code ignores in project settings. */
  | { kind: 'claude-auto-mode-in-project' }
  /** Cursor CLI `permissions.allow/deny` in the editor's `permissions.json`. */
  | { kind: 'cursor-cli-shape' }
  /** A claude-code-action v0 input that v1 no longer reads. */
  | { kind: 'claude-action-v0-input'; input: ClaudeV0Input };

/** The claude-code-action v0 inputs v1 dropped. */
export type ClaudeV0Input =
  | 'allowed_tools'
  | 'disallowed_tools'
  | 'custom_instructions'
  | 'direct_prompt'
  | 'override_prompt'
  | 'mcp_config'
  | 'claude_env'
  | 'max_turns'
  | 'model'
  | 'timeout_minutes'
  | 'mode'
  | 'fallback_model'
  | 'anthropic_model'
  | 'experimental_allowed_domains';

/** An agent run in a CI workflow, with what can trigger it and what it holds. */
export interface AgentRun {
  /** The step that runs the agent. */
  range: Range;
  agent: string;
  /** The job's name. */
  job: string;
  /**
   * Events anyone can cause (issues, comments, `pull_request_target`…), with their ranges: those
   * no job or step condition gates, or all of them when every one is gated ({@link actorGate}).
   */
  untrustedEvents: Located[];
  /** Job or step conditions (or a role check before the step) restrict who can trigger it, on every untrusted event. */
  actorGate: boolean;
  /** The action itself refuses users without write access. */
  actionChecksActor: boolean;
  /** An input that opens the action to anyone (`allowed_non_write_users: "*"`). */
  actorCheckDisabled?: Located;
  /** Write scopes of the job's token (`contents: write`…), `write-all`, or `unknown` when none are declared. */
  writeScopes: string[] | 'write-all' | 'unknown';
  permissionsRange?: Range;
  /** Secrets passed to the agent step beyond its own model key. */
  secrets: string[];
  /** A checkout of code the pull request author controls, before the agent runs. */
  untrustedCheckout?: Located;
  /** The agent's tools are limited to an exact list with no broad command. */
  toolsRestricted: boolean;
}

/** Everything nhiscan reads from one assistant or agent configuration. */
export interface AssistantConfig {
  tool: AssistantTool;
  scope: ConfigScope;
  approvals: ApprovalGrant[];
  commands: CommandGrant[];
  paths: PathGrant[];
  network: NetworkGrant[];
  sandbox: SandboxGrant[];
  tools: ToolGrant[];
  autoRuns: AutoRun[];
  servers: McpServer[];
  credentials: CredentialUse[];
  identities: PrivilegedIdentity[];
  ignored: IgnoredSetting[];
  agentRuns: AgentRun[];
  redirects: EndpointRedirect[];
  /** A GitHub Agentic Workflow source (`.github/workflows/<name>.md`), when this is one. */
  agentic?: AgenticWorkflow;
  transports: PlainTransport[];
  /** File writes in the workspace run without asking (edits can rewrite scripts the agent may run). */
  writesAutoApproved: boolean;
}

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

// Which safe alternative applies to a grant, by name: the rule that reports the grant words it
// (`REMEDY` in rules/assistant/<rule>.ts), so the model states facts and the rule owns the advice.

/** The remedy for a approvals grant; worded by `rules/assistant/approval-bypass.ts`. */
export type ApprovalRemedy =
  | 'aider-cli-yes'
  | 'aider-yes-always'
  | 'amazonq-every-tool'
  | 'amp-allow-all'
  | 'amp-any-tool'
  | 'amp-cli-allow-all'
  | 'claude-bypass-mode'
  | 'claude-cli-permission-mode'
  | 'claude-cli-skip-permissions'
  | 'cn-cli-auto'
  | 'codex-auto-reviewer'
  | 'codex-cli-bypass'
  | 'codex-cli-override'
  | 'codex-never-approve'
  | 'copilot-allow-all'
  | 'copilot-cli-allow-all'
  | 'copilot-cli-shell-tool'
  | 'cursor-cli-force'
  | 'cursor-yolo'
  | 'goose-auto-mode'
  | 'goose-ci-mode'
  | 'goose-cli'
  | 'goose-default-mode'
  | 'kiro-capability-all'
  | 'mcp-server-trust'
  | 'named-read-only-tools'
  | 'opencode-any-command'
  | 'opencode-any-tool'
  | 'opencode-cli-skip'
  | 'trust-all-tools-flag'
  | 'vscode-global-auto-approve'
  | 'vscode-permission-level'
  | 'yolo-flag'
  | 'zed-always-allow'
  | 'zed-default-allow'
  | 'zed-permission-mode';

/** The remedy for a commands grant; worded by `rules/assistant/wildcard-command-allow.ts`. */
export type CommandRemedy =
  | 'amazonq-allowed-commands'
  | 'amazonq-execute-bash'
  | 'anchored-patterns'
  | 'anchored-regexes'
  | 'exact-command-prefixes'
  | 'exact-commands'
  | 'gemini-action-no-settings'
  | 'gemini-no-core-tools'
  | 'gemini-policy-shell'
  | 'kiro-capability-shell'
  | 'vscode-terminal-true'
  | 'zed-terminal-allow';

/** The remedy for a paths grant; worded by `rules/assistant/filesystem-reach.ts`. */
export type PathRemedy =
  | 'agent-add-dir'
  | 'aider-read-file'
  | 'amazonq-allowed-path'
  | 'claude-additional-directory'
  | 'claude-path-rule'
  | 'codex-filesystem-permission'
  | 'codex-trusted-parent'
  | 'codex-writable-root'
  | 'docker-volume'
  | 'filesystem-server-root'
  | 'gemini-include-directory'
  | 'gemini-sandbox-path'
  | 'opencode-any-external-directory'
  | 'opencode-external-directory'
  | 'openhands-sandbox-volume'
  | 'roo-write-outside-workspace'
  | 'sandbox-write-path'
  | 'trusted-parent-folder'
  | 'workspace-outside-folder'
  | 'zed-write-all';

/** The remedy for a network grant; worded by `rules/assistant/unrestricted-network.ts`. */
export type NetworkRemedy =
  | 'any-host-entry'
  | 'claude-sandbox-domains'
  | 'claude-web-fetch'
  | 'codex-network-access'
  | 'codex-network-mode'
  | 'copilot-firewall-off'
  | 'docker-host-network'
  | 'gemini-sandbox-network'
  | 'opencode-webfetch'
  | 'vscode-sandbox-network'
  | 'vscode-url-auto-approve'
  | 'web-fetch-tool'
  | 'zed-all-hosts'
  | 'zed-fetch-tool';

/** The remedy for a sandbox grant; worded by `rules/assistant/sandbox-disabled.ts`. */
export type SandboxRemedy =
  | 'action-full-output'
  | 'claude-all-unix-sockets'
  | 'claude-container-socket'
  | 'claude-excluded-commands'
  | 'claude-filesystem-off'
  | 'codex-action-full-access'
  | 'codex-action-unsafe'
  | 'codex-all-unix-sockets'
  | 'codex-cli-full-access'
  | 'codex-full-access'
  | 'codex-inherit-all'
  | 'codex-no-default-excludes'
  | 'docker-privileged'
  | 'docker-socket-mount'
  | 'gemini-sandbox-off'
  | 'zed-unsandboxed';

/** The remedy for a tools grant; worded by `rules/assistant/auto-approved-tools.ts`. */
export type ToolRemedy =
  | 'amazonq-fs-write'
  | 'amazonq-tool'
  | 'amazonq-whole-server'
  | 'amazonq-write-paths'
  | 'claude-tool'
  | 'claude-whole-server'
  | 'codex-server-approve'
  | 'codex-tool-approve'
  | 'copilot-agent-all-tools'
  | 'cursor-any-write'
  | 'cursor-mcp-all'
  | 'gemini-policy-server'
  | 'gemini-write-tool'
  | 'server-auto-approve-list'
  | 'vscode-edit-pattern'
  | 'vscode-edits-true'
  | 'zed-tool-allow';

/** The remedy for a autoRuns grant; worded by `rules/assistant/automatic-code-execution.ts`. */
export type AutoRunRemedy =
  | 'claude-credential-helper'
  | 'claude-enable-all-servers'
  | 'claude-helper-command'
  | 'claude-plugin'
  | 'claude-shell-prefix'
  | 'claude-status-line'
  | 'gemini-folder-trust-off'
  | 'hook-command'
  | 'http-hook'
  | 'mcp-headers-helper'
  | 'setup-command'
  | 'shell-launched-server'
  | 'unpinned-plugins'
  | 'opencode-plugin-package'
  | 'opencode-plugin-code'
  | 'zed-trust-all-worktrees';

/** The remedy for a identities grant; worded by `rules/assistant/privileged-tool-identity.ts`. */
export type IdentityRemedy = 'admin-profile-argument' | 'admin-profile-variable' | 'amazonq-use-aws' | 'supabase-arguments' | 'supabase-url';

/** The remedy for a ignored grant; worded by `rules/assistant/ignored-agent-setting.ts`. */
export type IgnoredSettingRemedy =
  'claude-action-v0-input' | 'claude-settings-servers' | 'codex-key-in-table' | 'cursor-cli-permissions' | 'gemini-yolo-default' | 'project-only-setting';
