import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig } from '../../src/model/assistant/index.js';
import { actingIdentity, fileNoun } from './shared/wording.js';

export default defineRule({
  id: 'unpinned-mcp-server',
  family: 'assistant',
  title: 'MCP server launched from an unpinned package',
  description:
    'An MCP server is started through `npx`, `uvx`, `bunx`, `pipx run` or `docker run` with no exact version or digest, so each start runs whatever the registry serves that day.',
  severity: 'low',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-829', 'CWE-494', 'NHI3', 'CICD-SEC-3'],
  help: `**Why.** \`npx -y pkg\`, \`pkg@latest\`, \`uvx pkg\` and \`image:latest\` fetch the newest release at every start and run it with the agent's access: the developer's files, environment and the credentials given to the server. A hijacked maintainer account or a malicious update (as with \`postmark-mcp\` in 2025, which started copying every e-mail it sent) reaches every machine that starts the server, with no review.

**Fix.** Pin an exact version (or an image digest) and update it deliberately.

\`\`\`json
{ "mcpServers": { "context7": { "command": "npx", "args": ["-y", "@upstash/context7-mcp@1.0.17"] } } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const server of config.servers) {
      const launch = server.launch;
      if (!launch || launch.pinned || server.disabled) continue;
      const example =
        launch.launcher.startsWith('docker') || launch.launcher.startsWith('podman')
          ? `${launch.package.replace(/:[^/:@]*$/, '')}@sha256:<digest>`
          : launch.launcher === 'uvx' || launch.launcher.includes('pipx') || launch.launcher.startsWith('uv ')
            ? `${launch.package.replace(/@.*$/, '')}==<version>`
            : `${launch.package.replace(/(?<=.)@[^/]*$/, '')}@<version>`;
      ctx.report(
        launch.range,
        `MCP server \`${server.name}\` in ${fileNoun(config)} runs \`${launch.package}\` through \`${launch.launcher}\` with no pinned version, so every start fetches and runs whatever the registry serves now, with the agent's access as ${actingIdentity(config)}; pin it (\`${example}\`).`,
        {
          properties: { tool: config.tool, scope: config.scope, server: server.name, package: launch.package, launcher: launch.launcher },
          fingerprintKey: `${server.name}:${launch.package}`,
        },
      );
    }
  },
});
