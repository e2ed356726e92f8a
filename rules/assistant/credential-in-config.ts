import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, scaleForScope } from '../../src/model/assistant/index.js';
import { fileNoun, referenceSyntax } from './shared/wording.js';

/** The public, non-secret head of a provider token (`sk-ant-`, `sbp_`, `AKIA`), shown in previews. */
const PUBLIC_PREFIX = /^(?:[a-z]{2,8}[-_](?:[a-z0-9]{2,6}[-_])?|AKIA|ASIA|BSA|AIza|ATATT|eyJ)/i;

const WHERE = { env: 'environment variable', header: 'header', argument: 'argument', url: 'URL', setting: 'setting' } as const;

export default defineRule({
  id: 'credential-in-config',
  family: 'assistant',
  title: 'Literal credential in an assistant configuration',
  description:
    "A literal API key, token or password sits in an MCP server's `env`, `headers`, `args` or URL, or in an assistant's model or settings keys, instead of a reference to a secret kept outside the repository.",
  severity: 'high',
  confidence: 'medium',
  kinds: ASSISTANT_KINDS,
  fallback: true,
  tags: ['CWE-798', 'CWE-522', 'NHI2', 'NHI7', 'CICD-SEC-6'],
  help: `**Why.** MCP and assistant configs are copied between projects, committed and shared; a token pasted into \`env\`, \`headers\`, \`--api-key=…\` or a \`?key=\` URL is readable by everyone with the repository and by the agent itself (which a prompt injection can make print it). MCP tokens are usually personal access tokens with the developer's full reach.

**Fix.** Revoke the credential, then reference it from the environment or a prompt input instead.

\`\`\`json
{ "servers": { "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": { "Authorization": "Bearer \${input:github_token}" } } },
  "inputs": [{ "id": "github_token", "type": "promptString", "password": true }] }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const credential of config.credentials) {
      if (credential.literal === undefined) continue;
      const what = credential.provider ? `${credential.provider} credential` : 'credential';
      const consumer = credential.consumer ? ` for \`${credential.consumer}\`` : '';
      // Point at the value itself (inside quotes, after `Bearer `, after `--api-key=`) when it is written as is.
      const at = doc.text.indexOf(credential.literal, credential.range.start);
      const span = at >= 0 && at + credential.literal.length <= credential.range.end ? { start: at, end: at + credential.literal.length } : credential.range;
      ctx.report(
        span,
        `A literal ${what} in the ${WHERE[credential.where]} \`${credential.name}\`${consumer} sits in ${fileNoun(config)}, where everyone with the repository (and the agent itself) can read and use it; revoke it and pass it as ${referenceSyntax(config.tool, credential.name)} instead.`,
        {
          severity: scaleForScope('high', config.scope),
          confidence: credential.provider ? 'high' : 'medium',
          secret: credential.literal,
          publicPrefix: credential.provider ? (PUBLIC_PREFIX.exec(credential.literal)?.[0].length ?? 0) : 0,
          properties: {
            tool: config.tool,
            scope: config.scope,
            where: credential.where,
            name: credential.name,
            ...(credential.consumer ? { consumer: credential.consumer } : {}),
          },
        },
      );
    }
  },
});
