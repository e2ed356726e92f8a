import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, fileNoun, scaleForScope } from '../../src/model/assistant/index.js';

export default defineRule({
  id: 'privileged-tool-identity',
  family: 'assistant',
  title: 'Agent tool running with an administrator identity',
  description: 'An MCP server or agent tool is given an administrator cloud profile, unrestricted AWS calls, or a database management token without read-only mode, though its job needs read access.',
  severity: 'medium',
  confidence: 'medium',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-250', 'CWE-272', 'NHI5', 'CICD-SEC-2'],
  help: `**Why.** Whatever identity an MCP server runs with is the agent's identity for that tool: an \`AWS_PROFILE=admin\`, a Supabase access token without \`--read-only\`, or \`use_aws\` in \`allowedTools\` lets one approved (or auto-approved) call create, change or delete production resources. Prompt injection turns that into an attacker's reach.

**Fix.** Give each server the narrowest identity that does its job: a read-only role, \`--read-only\` with a \`--project-ref\`, a scoped token.

\`\`\`json
{ "mcpServers": { "supabase": { "command": "npx", "args": ["-y", "@supabase/mcp-server-supabase@0.5.5", "--read-only", "--project-ref=<ref>"], "env": { "SUPABASE_ACCESS_TOKEN": "\${SUPABASE_ACCESS_TOKEN}" } } } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const identity of config.identities) {
      const subject = identity.server ? `MCP server \`${identity.server}\`` : 'the agent';
      ctx.report(identity.range, `${subject} in ${fileNoun(config)} (\`${identity.text}\`) can ${identity.reach} on behalf of the agent, though its job needs far less; ${identity.fix}.`, {
        severity: scaleForScope('medium', config.scope),
        properties: { tool: config.tool, scope: config.scope, ...(identity.server ? { server: identity.server } : {}) },
        fingerprintKey: `${identity.setting}:${identity.text}`,
      });
    }
  },
});
