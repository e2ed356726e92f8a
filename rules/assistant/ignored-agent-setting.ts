import { defineRule } from '../../src/rule/index.js';
import {
  ASSISTANT_KINDS,
  assistantConfig,
  type ClaudeV0Input,
  type IgnoredReason,
  type IgnoredSettingRemedy,
  type IgnoredSetting,
} from '../../src/model/assistant/index.js';
import { fileNoun, grantText } from './shared/wording.js';

/** What replaced each claude-code-action v0 input in v1. */
const REPLACEMENT: Record<ClaudeV0Input, string> = {
  allowed_tools: '`claude_args: --allowedTools …`',
  disallowed_tools: '`claude_args: --disallowedTools …`',
  custom_instructions: '`claude_args: --append-system-prompt …`',
  direct_prompt: '`prompt`',
  override_prompt: '`prompt`',
  mcp_config: '`claude_args: --mcp-config …`',
  claude_env: 'the `settings` input with an `env` object',
  max_turns: '`claude_args: --max-turns …`',
  model: '`claude_args: --model …`',
  timeout_minutes: "the job's `timeout-minutes`",
  mode: 'automatic mode detection',
  fallback_model: '`claude_args: --fallback-model …`',
  anthropic_model: '`claude_args: --model …`',
  experimental_allowed_domains: '`settings` with `sandbox.network.allowedDomains`',
};

/** Why the tool ignores the setting, for each reason the model names. */
function reasonText(reason: IgnoredReason): string {
  switch (reason.kind) {
    case 'codex-key-in-table':
      return `TOML places it inside the \`[${reason.table}]\` table above it, where Codex does not look for it`;
    case 'gemini-yolo-default':
      return 'gemini-cli does not accept `yolo` as a default approval mode from settings (only the `--yolo` flag enables it)';
    case 'claude-servers-in-settings':
      return 'Claude Code reads MCP servers from `.mcp.json` or `~/.claude.json`, not from settings files';
    case 'claude-user-only-setting':
      return 'it is honoured only from user, local or managed settings';
    case 'claude-auto-mode-in-project':
      return 'Claude Code ignores `auto` mode from project settings';
    case 'cursor-cli-shape':
      return "Cursor's `permissions.json` reads `terminalAllowlist` and `mcpAllowlist`; the `permissions.allow/deny` shape belongs to `cli.json`";
    case 'claude-action-v0-input':
      return `claude-code-action v1 no longer reads \`${reason.input}\` (use ${REPLACEMENT[reason.input]})`;
  }
}

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<IgnoredSettingRemedy, string | ((grant: IgnoredSetting) => string)> = {
  'claude-action-v0-input': (g) => `move it to ${g.reason.kind === 'claude-action-v0-input' ? REPLACEMENT[g.reason.input] : 'its v1 replacement'}`,
  'claude-settings-servers': 'move the servers to `.mcp.json`',
  'codex-key-in-table': (g) => `move \`${grantText(g)}\` above the first \`[table]\` header`,
  'cursor-cli-permissions': 'move the rules to `.cursor/cli.json`, or rewrite them as `terminalAllowlist`/`mcpAllowlist`',
  'gemini-yolo-default': 'remove it, or use "auto_edit"/"default"',
  'project-only-setting': 'remove it from the project settings',
};

function remedy(grant: IgnoredSetting): string {
  const text = REMEDY[grant.remedy];
  return typeof text === 'string' ? text : text(grant);
}

export default defineRule({
  id: 'ignored-agent-setting',
  family: 'assistant',
  title: 'Agent setting that is silently ignored',
  description:
    'An assistant or agent-action setting sits where the tool does not read it — a legacy claude-code-action input on v1, a TOML key under the wrong table, a rule list in the wrong file — so the restriction or behaviour it asks for is absent.',
  severity: 'low',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-693', 'CWE-1188', 'NHI5'],
  help: `**Why.** A setting the tool never reads gives a false sense of control: \`disallowed_tools\` on claude-code-action v1, \`approval_policy\` placed after a \`[table]\` header in Codex TOML, \`permissions.deny\` in Cursor's \`permissions.json\`. The agent runs with its defaults while the file says otherwise.

**Fix.** Move the setting to where the tool reads it.

\`\`\`yaml
- uses: anthropics/claude-code-action@v1
  with:
    claude_args: --disallowedTools "Bash(git push:*)" --max-turns 10
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const setting of config.ignored) {
      ctx.report(
        setting.range,
        `\`${grantText(setting)}\` in ${fileNoun(config)} is ignored: ${reasonText(setting.reason)}, so ${setting.restrictive ? 'the restriction it asks for is not applied' : 'it has no effect'}; ${remedy(setting)}.`,
        {
          // Ignored restrictions leave the tool's defaults in place; in CI those defaults hold a token.
          severity: setting.restrictive && config.scope === 'ci' ? 'medium' : 'low',
          properties: { tool: config.tool, scope: config.scope, setting: setting.setting },
          fingerprintKey: `${setting.setting}:${grantText(setting)}`,
        },
      );
    }
  },
});
