import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, scaleForScope, type IdentityReach, type IdentityRemedy } from '../../src/model/assistant/index.js';
import { fileNoun, grantText } from './shared/wording.js';

/** What the identity lets the agent do, for each reach the model names. */
const REACH: Record<IdentityReach, string> = {
  'admin-cloud-profile': 'act with an administrator cloud profile',
  'any-aws-api': "call any AWS API the developer's credentials allow, unasked",
  'aws-admin-profile': 'act with an administrator AWS profile: create, change and delete resources across the account',
  'supabase-write': 'run write SQL, apply migrations and change project settings through the Supabase management API',
};

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<IdentityRemedy, string> = {
  'admin-profile-argument': 'pass a profile whose role grants only the actions the server needs',
  'admin-profile-variable': 'point the server at a profile whose role grants only the read actions it needs',
  'amazonq-use-aws': 'confirm AWS calls, or limit `toolsSettings.use_aws.allowedServices` to read-only services',
  'supabase-arguments': 'add `--read-only` and `--project-ref=<ref>` to the server arguments',
  'supabase-url': 'add `read_only=true` to the URL (and keep `project_ref`)',
};

export default defineRule({
  id: 'privileged-tool-identity',
  family: 'assistant',
  title: 'Agent tool running with an administrator identity',
  description:
    'An MCP server or agent tool is given an administrator cloud profile, unrestricted AWS calls, or a database management token without read-only mode, though its job needs read access.',
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
      ctx.report(
        identity.range,
        `${subject} in ${fileNoun(config)} (\`${grantText(identity)}\`) can ${REACH[identity.reach]} on behalf of the agent, though its job needs far less; ${REMEDY[identity.remedy]}.`,
        {
          severity: scaleForScope('medium', config.scope),
          properties: { tool: config.tool, scope: config.scope, ...(identity.server ? { server: identity.server } : {}) },
          fingerprintKey: `${identity.setting}:${grantText(identity)}`,
        },
      );
    }
  },
});
