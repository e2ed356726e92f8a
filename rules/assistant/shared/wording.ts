import type { AgentRun, AssistantConfig, AssistantTool, Grant, GrantCaveat, InertReason, MissingSetting } from '../../../src/model/assistant/index.js';

/**
 * Wording shared by the assistant rules, so every message names the same things the same way:
 * which file, which identity, and how this tool spells the safe alternative. The model states
 * facts (the tool, the scope, typed caveats); the English is written here and in the rules.
 */

const TOOL_NAMES: Record<AssistantTool, string> = {
  'claude-code': 'Claude Code',
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code / Copilot',
  copilot: 'Copilot',
  codex: 'Codex',
  gemini: 'Gemini CLI',
  windsurf: 'Windsurf',
  cline: 'Cline',
  roo: 'Roo Code',
  kiro: 'Kiro',
  amazonq: 'Amazon Q',
  continue: 'Continue',
  junie: 'Junie',
  zed: 'Zed',
  aider: 'Aider',
  goose: 'Goose',
  openhands: 'OpenHands',
  opencode: 'opencode',
  amp: 'Amp',
  kilo: 'Kilo Code',
  qwen: 'Qwen Code',
  'gh-aw': 'the agentic workflow',
  'github-actions': 'the CI agent',
  'agent-script': 'agent script',
};

/** Who the agent acts as under this configuration: "the account of every developer who opens this repository". */
export function actingIdentity(config: Pick<AssistantConfig, 'tool' | 'scope'>): string {
  if (config.tool === 'agent-script') return 'whoever runs the script (a developer, or the CI job that calls it)';
  switch (config.scope) {
    case 'project':
      return 'the account of every developer who opens this repository';
    case 'user':
      return "its owner's own account";
    case 'managed':
      return "every managed user's account";
    case 'ci':
      return "the workflow's token and secrets";
  }
}

/** "this committed Claude Code config", "this user-level Zed config", "this workflow". */
export function fileNoun(config: AssistantConfig): string {
  if (config.tool === 'agent-script') return 'this committed script';
  if (config.scope === 'ci') return config.tool === 'copilot' ? 'this Copilot setup-steps workflow' : 'this workflow';
  const kind = config.scope === 'managed' ? 'managed' : config.scope === 'user' ? 'user-level' : 'committed';
  return `this ${kind} ${TOOL_NAMES[config.tool]} config`;
}

/** How a tool spells a reference to a credential kept outside the file. */
export function referenceSyntax(tool: AssistantTool, name: string): string {
  const variable = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'API_KEY';
  switch (tool) {
    case 'vscode':
      return `\`\${input:${variable.toLowerCase()}}\` (a promptString input with \`password: true\`) or \`\${env:${variable}}\``;
    case 'cursor':
    case 'windsurf':
    case 'roo':
      return `\`\${env:${variable}}\``;
    case 'gemini':
    case 'qwen':
    case 'kiro':
    case 'claude-code':
      return `\`\${${variable}}\``;
    case 'codex':
      return `\`env_vars = ["${variable}"]\` (or \`bearer_token_env_var\`)`;
    case 'continue':
      return `\`\${{ secrets.${variable} }}\``;
    case 'aider':
      return `the \`${variable}\` environment variable or a git-ignored \`.env\``;
    case 'github-actions':
    case 'copilot':
      return `\`\${{ secrets.${variable} }}\``;
    default:
      return 'an environment variable set outside the repository';
  }
}

/** What an agent step's job token and secrets allow, or undefined when it holds nothing writable. */
export function heldCredentials(run: AgentRun): string | undefined {
  const parts: string[] = [];
  if (run.writeScopes === 'unknown') parts.push("the default token (write access unless the repository's default is read-only)");
  else if (run.writeScopes === 'write-all') parts.push('a token with `all scopes: write`');
  else if (run.writeScopes.length) parts.push(`a token with \`${run.writeScopes.map((s) => `${s}: write`).join(', ')}\``);
  if (run.secrets.length) parts.push(`the secret${run.secrets.length > 1 ? 's' : ''} \`${run.secrets.join('`, `')}\``);
  return parts.length ? parts.join(' and ') : undefined;
}

/** The caveat that makes a grant's effect uncertain, as messages and `properties.caveat` word it. */
function caveatText(caveat: GrantCaveat): string {
  switch (caveat.kind) {
    case 'legacy-key':
      return caveat.replacement ? `legacy key name (now \`${caveat.replacement}\`)` : 'legacy setting';
    case 'expects-command-map':
      return 'the setting expects an object of commands';
    case 'goose-default-mode':
      return "Goose's default mode (autonomous in current releases) applies";
  }
}

/** Why the tool probably ignores a grant, as messages and `properties.inert` word it. */
function inertText(reason: InertReason): string {
  switch (reason.kind) {
    case 'cursor-cli-shape-in-editor-file':
      return 'it sits in `permissions.json`, which reads `terminalAllowlist`/`mcpAllowlist` instead';
    case 'codex-project-model-providers':
      return 'Codex ignores `model_providers` in project config';
    case 'gemini-mis-nested':
      return `\`${reason.path}\` is mis-nested, so Gemini does not read it`;
  }
}

/** A grant's value as written, or a short name for the setting left out: quoted in messages and part of fingerprints. */
export function grantText(grant: Pick<Grant, 'text'>): string {
  return typeof grant.text === 'string' ? grant.text : missingText(grant.text);
}

function missingText(missing: MissingSetting): string {
  switch (missing.kind) {
    case 'gemini-core-tools':
      return 'no tools.core list';
    case 'gemini-action-settings':
      return 'run-gemini-cli without settings';
    case 'goose-mode-for-extension':
      return `${missing.extension} extension without GOOSE_MODE`;
    case 'goose-mode-for-run':
      return 'goose run without GOOSE_MODE';
    case 'supabase-read-only':
      return 'Supabase MCP without read-only mode';
  }
}

/** A clause for the message when the tool probably ignores the grant. */
export function inertNote(grant: Pick<Grant, 'inert'>): string {
  return grant.inert ? ` (probably not applied: ${inertText(grant.inert)})` : '';
}

/** Properties every assistant finding carries. */
export function grantProperties(config: AssistantConfig, grant: Pick<Grant, 'setting' | 'inert' | 'uncertain'>): Record<string, string> {
  const properties: Record<string, string> = { tool: config.tool, scope: config.scope, setting: grant.setting };
  if (grant.uncertain) properties['caveat'] = caveatText(grant.uncertain);
  if (grant.inert) properties['inert'] = inertText(grant.inert);
  return properties;
}
