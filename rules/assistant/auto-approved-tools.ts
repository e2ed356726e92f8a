import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, fileNoun, grantConfidence, grantProperties, grantSeverity, inertNote, type ToolGrant } from '../../src/model/assistant/index.js';

const WHAT: Record<Exclude<ToolGrant['capability'], 'read'>, string> = {
  all: 'every tool',
  exec: 'a tool that executes code',
  write: 'a tool that changes things',
  network: 'a tool that reaches arbitrary URLs',
};

export default defineRule({
  id: 'auto-approved-tools',
  family: 'assistant',
  title: 'Auto-approved agent tools that execute, write or reach the network',
  description: 'An MCP or built-in tool that executes code, writes, or fetches arbitrary URLs — or every tool of a server — runs without asking (`alwaysAllow`, `autoApprove`, `mcp__server`, `Mcp(*:*)`, `mcpAllowlist`, `@server`).',
  severity: 'high',
  confidence: 'medium',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-250', 'CWE-862', 'NHI5', 'CICD-SEC-8'],
  help: `**Why.** An auto-approved tool runs whenever the model decides to call it, including when a web page, issue or file it just read tells it to. Tools that evaluate code (\`browser_run_code\`, \`playwright_evaluate\`), write (\`*_post\`, \`*_delete\`, \`fs_write\`) or fetch any URL (\`fetch\`, \`browser_navigate\`) turn that into code execution, changes made as the developer, or exfiltration. Approving a whole server (\`mcp__github\`, \`@server\`, \`Mcp(server:*)\`, \`"*"\`) also approves every tool a later version of it adds. Writes that cover the agent's own configuration let it widen its own grants.

**Fix.** Auto-approve read-only tools by name and confirm the rest.

\`\`\`json
{ "mcpServers": { "playwright": { "command": "npx", "args": ["-y", "@playwright/mcp@0.0.41"], "alwaysAllow": ["browser_snapshot", "browser_take_screenshot"] } } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const grant of config.tools) {
      if (grant.capability === 'read') continue;
      // In CI an explicit, named tool list is the narrow form: nothing else can run.
      if (config.scope === 'ci' && grant.capability !== 'all') continue;
      if (grant.availability) {
        ctx.report(grant.range, `\`${grant.text}\` in \`${grant.setting}\` of ${fileNoun(config)} gives the agent every tool, built-in and MCP: the cloud agent runs them without asking, as ${config.identity}; ${grant.fix}.`, {
          severity: 'low',
          properties: { ...grantProperties(config, grant), capability: grant.capability },
          fingerprintKey: `${grant.setting}:${grant.text}`,
        });
        continue;
      }
      const wholeServer = grant.capability === 'all' && grant.server !== undefined;
      let severity: Severity = grant.capability === 'exec' || (grant.capability === 'all' && !wholeServer) ? 'high' : 'medium';
      if (grant.selfModifying) severity = 'high';
      const server = grant.server ? ` of the \`${grant.server}\` MCP server` : '';
      const subject =
        grant.capability === 'all'
          ? wholeServer ? `every tool of the \`${grant.server}\` MCP server (including tools later versions add)` : 'every MCP tool of every server'
          : grant.selfModifying ? 'file writes that cover its own configuration' : `${WHAT[grant.capability]}${server}`;
      const self = grant.selfModifying ? ', so a prompt-injected agent can rewrite its own settings and widen its grants' : '';
      ctx.report(grant.range, `\`${grant.text}\` in ${fileNoun(config)} auto-approves ${subject}${inertNote(grant)}, which then runs unasked as ${config.identity}${self}; ${grant.fix}.`, {
        severity: grantSeverity(severity, config, grant),
        confidence: grantConfidence(grant.capability === 'all' || grant.selfModifying ? 'high' : 'medium', grant),
        properties: { ...grantProperties(config, grant), capability: grant.capability, ...(grant.server ? { server: grant.server } : {}) },
        fingerprintKey: `${grant.setting}:${grant.text}`,
      });
    }
  },
});
