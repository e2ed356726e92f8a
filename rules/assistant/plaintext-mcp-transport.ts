import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, scaleForScope } from '../../src/model/assistant/index.js';
import { actingIdentity, fileNoun } from './shared/wording.js';

export default defineRule({
  id: 'plaintext-mcp-transport',
  family: 'assistant',
  title: 'MCP server reached over plain HTTP',
  description:
    'An MCP server on another host is reached over `http://`: its credentials, the tool calls and the results the agent acts on cross the network unencrypted and can be read or changed on the way.',
  severity: 'medium',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-319', 'NHI5'],
  help: `**Why.** Over plain HTTP anyone on the path (a café network, a proxy, a compromised router) reads the \`Authorization\` header and the data the agent sends, and can rewrite tool results — a direct route for prompt injection into an agent that then acts with the developer's access. \`localhost\` and private addresses are not reported.

**Fix.** Use the server's \`https://\` endpoint.

\`\`\`json
{ "mcpServers": { "docs": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer \${DOCS_TOKEN}" } } } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const transport of config.transports) {
      const carries = transport.carriesCredentials ? ', including the credentials it is sent,' : '';
      ctx.report(
        transport.range,
        `MCP server \`${transport.server}\` in ${fileNoun(config)} is reached over plain HTTP at \`${transport.host}\`, so its traffic${carries} crosses the network unencrypted and tool results can be rewritten on the way to an agent acting as ${actingIdentity(config)}; use its \`https://\` endpoint.`,
        {
          severity: scaleForScope(transport.carriesCredentials ? 'high' : 'medium', config.scope),
          properties: { tool: config.tool, scope: config.scope, server: transport.server, host: transport.host },
          fingerprintKey: `${transport.server}:${transport.host}`,
        },
      );
    }
  },
});
