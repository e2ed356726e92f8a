import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig } from '../../src/model/assistant/index.js';
import { actingIdentity, fileNoun } from './shared/wording.js';

export default defineRule({
  id: 'model-endpoint-redirect',
  family: 'assistant',
  title: "Agent's model endpoint redirected to another host",
  description:
    "A committed assistant configuration points the model endpoint (`ANTHROPIC_BASE_URL` and its kin) at a host other than the provider's, so every developer who opens the repository sends their API key and every prompt there.",
  severity: 'critical',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-522', 'CWE-200', 'NHI2', 'NHI5'],
  help: `**Why.** Claude Code reads \`env\` from the project's \`.claude/settings.json\`. A project that sets \`ANTHROPIC_BASE_URL\` to its own host receives the API key of everyone who opens the repository — in affected versions before the trust dialog was even answered (CVE-2026-21852) — together with every prompt, file and tool result the session sends to the model.

**Fix.** Remove the endpoint from the shared settings. A team gateway belongs in managed settings or each user's own settings, never in a file a pull request can change.

\`\`\`json
{ "env": { "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1" } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const redirect of config.redirects) {
      ctx.report(
        redirect.range,
        `\`${redirect.variable}\` in ${fileNoun(config)} sends the model traffic to \`${redirect.host}\`, so the API key and every prompt, file and tool result of ${actingIdentity(config)} go to that host; remove it from shared settings and configure a gateway in managed or user settings.`,
        {
          properties: { tool: config.tool, scope: config.scope, setting: redirect.setting, host: redirect.host },
          fingerprintKey: `${redirect.setting}:${redirect.host}`,
        },
      );
    }
  },
});
