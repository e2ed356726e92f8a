import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, type IgnoredSettingRemedy, type IgnoredSetting } from '../../src/model/assistant/index.js';
import { fileNoun } from './shared/wording.js';

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<IgnoredSettingRemedy, string | ((grant: IgnoredSetting) => string)> = {
  'claude-action-v0-input': (g) => `move it to ${g.replacement}`,
  'claude-settings-servers': 'move the servers to `.mcp.json`',
  'codex-key-in-table': (g) => `move \`${g.text}\` above the first \`[table]\` header`,
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
        `\`${setting.text}\` in ${fileNoun(config)} is ignored: ${setting.reason}, so ${setting.restrictive ? 'the restriction it asks for is not applied' : 'it has no effect'}; ${remedy(setting)}.`,
        {
          // Ignored restrictions leave the tool's defaults in place; in CI those defaults hold a token.
          severity: setting.restrictive && config.scope === 'ci' ? 'medium' : 'low',
          properties: { tool: config.tool, scope: config.scope, setting: setting.setting },
          fingerprintKey: `${setting.setting}:${setting.text}`,
        },
      );
    }
  },
});
