import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, type ToolGrant, type ToolRemedy } from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { actingIdentity, fileNoun, grantProperties, grantText, inertNote } from './shared/wording.js';

const WHAT: Record<Exclude<ToolGrant['capability'], 'read'>, string> = {
  all: 'every tool',
  exec: 'a tool that executes code',
  write: 'a tool that changes things',
  network: 'a tool that reaches arbitrary URLs',
};

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<ToolRemedy, string | ((grant: ToolGrant) => string)> = {
  'amazonq-fs-write': 'remove it from `allowedTools`, or limit `toolsSettings.fs_write.allowedPaths` to source folders',
  'amazonq-tool': 'confirm this tool each time',
  'amazonq-whole-server': (g) => `list the read-only tools of \`${g.server}\` (\`@${g.server}/get_x\`) instead of the whole server`,
  'amazonq-write-paths': 'allow writes only under source folders, e.g. `./src/**`',
  'claude-tool': 'confirm this tool each time and pre-approve only read-only tools',
  'claude-whole-server': (g) => `list the read-only tools of \`${g.server}\` you trust (\`mcp__${g.server}__get_x\`) instead of the whole server`,
  'codex-server-approve': (g) => `set it to "prompt" and approve only read-only tools of \`${g.server}\` one by one`,
  'codex-tool-approve': 'keep `approval_mode = "prompt"` for tools that change or run things',
  'copilot-agent-all-tools': 'list the tools the agent needs (e.g. `read`, `search`, `edit`) instead of `*`',
  'cursor-any-write': 'allow writes only to source folders, e.g. `Write(src/**)`',
  'cursor-mcp-all': 'list the read-only tools you trust, e.g. `Mcp(github:get_issue)`',
  'gemini-policy-server': (g) => `allow named read-only tools of \`${g.server}\` instead of the whole server`,
  'gemini-write-tool': 'confirm file writes (they can rewrite `.gemini/settings.json`)',
  'server-auto-approve-list': (g) => `keep \`${g.approvalKey}\` to read-only tools of \`${g.server}\` and confirm this one each time`,
  'vscode-edit-pattern': 'auto-approve edits only under source folders (e.g. `src/**`) and keep `.vscode/**` and `.github/**` confirmed',
  'vscode-edits-true': 'auto-approve edits only under source folders (e.g. `{ "src/**": true }`)',
  'zed-tool-allow': (g) => `set \`${g.tool}\` back to "confirm"`,
};

function remedy(grant: ToolGrant): string {
  const text = REMEDY[grant.remedy];
  return typeof text === 'string' ? text : text(grant);
}

export default defineRule({
  id: 'auto-approved-tools',
  family: 'assistant',
  title: 'Auto-approved agent tools that execute, write or reach the network',
  description:
    'An MCP or built-in tool that executes code, writes, or fetches arbitrary URLs — or every tool of a server — runs without asking (`alwaysAllow`, `autoApprove`, `mcp__server`, `Mcp(*:*)`, `mcpAllowlist`, `@server`).',
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
        ctx.report(
          grant.range,
          `\`${grantText(grant)}\` in \`${grant.setting}\` of ${fileNoun(config)} gives the agent every tool, built-in and MCP: the cloud agent runs them without asking, as ${actingIdentity(config)}; ${remedy(grant)}.`,
          {
            severity: 'low',
            properties: { ...grantProperties(config, grant), capability: grant.capability },
            fingerprintKey: `${grant.setting}:${grantText(grant)}`,
          },
        );
        continue;
      }
      const wholeServer = grant.capability === 'all' && grant.server !== undefined;
      let severity: Severity = grant.capability === 'exec' || (grant.capability === 'all' && !wholeServer) ? 'high' : 'medium';
      if (grant.selfModifying) severity = 'high';
      const server = grant.server ? ` of the \`${grant.server}\` MCP server` : '';
      const subject =
        grant.capability === 'all'
          ? wholeServer
            ? `every tool of the \`${grant.server}\` MCP server (including tools later versions add)`
            : 'every MCP tool of every server'
          : grant.selfModifying
            ? 'file writes that cover its own configuration'
            : `${WHAT[grant.capability]}${server}`;
      const self = grant.selfModifying ? ', so a prompt-injected agent can rewrite its own settings and widen its grants' : '';
      ctx.report(
        grant.range,
        `\`${grantText(grant)}\` in ${fileNoun(config)} auto-approves ${subject}${inertNote(grant)}, which then runs unasked as ${actingIdentity(config)}${self}; ${remedy(grant)}.`,
        {
          severity: grantSeverity(severity, config, grant),
          confidence: grantConfidence(grant.capability === 'all' || grant.selfModifying ? 'high' : 'medium', grant),
          properties: { ...grantProperties(config, grant), capability: grant.capability, ...(grant.server ? { server: grant.server } : {}) },
          fingerprintKey: `${grant.setting}:${grantText(grant)}`,
        },
      );
    }
  },
});
