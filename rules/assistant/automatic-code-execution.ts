import { defineRule, type Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, fileNoun, scaleForScope, type AutoRun } from '../../src/model/assistant/index.js';

type AutoRunKind = AutoRun['kind'];

const KIND_NOUN: Record<AutoRunKind, string> = {
  'setup-script': 'a setup script',
  hook: 'a hook',
  helper: 'a helper',
  'auto-enable': 'an automatic switch',
  'auto-command': 'an automatic command',
  notify: 'a notification program',
  'server-launch': 'an MCP server launcher',
  plugin: 'a third-party plugin, with the hooks, MCP servers and commands it ships',
  'code-plugin': "a code plugin, loaded into the agent's own process where it sees every tool call and the developer's environment",
};

export default defineRule({
  id: 'automatic-code-execution',
  family: 'assistant',
  title: 'Code an agent runs automatically',
  description: 'Hooks, setup scripts, credential helpers, plugins and auto-enabled MCP servers run code with no prompt when a session starts or a tool runs — and in headless or CI runs without any trust check.',
  severity: 'medium',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-94', 'CWE-829', 'NHI5', 'CICD-SEC-4'],
  help: `**Why.** Hooks (\`SessionStart\`, \`PreToolUse\`…), helpers (\`apiKeyHelper\`, \`statusLine\`), setup scripts (\`.openhands/setup.sh\`, \`.cursor/environment.json\`, \`copilot-setup-steps.yml\`), plugins (opencode loads every file in \`.opencode/plugin/\` and every package in \`plugin\` into its own process at start) and \`enableAllProjectMcpServers\` run code without a prompt. Headless runs (\`claude -p\`, the SDK, CI) treat the folder as trusted, so a pull request that edits a hook runs code with the CI job's secrets. Commands that download and run scripts, contact outside hosts, rewrite git configuration (\`core.hooksPath\`) or open the Docker socket reach beyond the session.

**Fix.** Keep hooks to pinned, self-contained tools that take their configuration on the command line; install from lockfiles in setup scripts; list reviewed MCP servers instead of enabling all.

\`\`\`json
{ "hooks": { "PostToolUse": [{ "matcher": "Edit|Write", "hooks": [{ "type": "command", "command": "bunx prettier@3.5.3 --no-config --write ." }] }] } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const run of config.autoRuns) {
      // A setup script is expected to run commands: only dangerous ones are worth a finding.
      if (run.kind === 'setup-script' && !run.danger) continue;
      // Setup steps on an ephemeral CI runner are ordinary CI hygiene; on a developer's agent machine they reach the user's tokens.
      let base: Severity = run.danger && !(run.kind === 'setup-script' && config.scope === 'ci') ? 'medium' : 'low';
      if (run.kind === 'auto-enable' && config.scope !== 'user') base = 'medium';
      // A third-party plugin brings hooks, MCP servers and commands nobody reviewed in this repository;
      // a code plugin is arbitrary code in the agent's process, before any prompt or trust check.
      if (run.kind === 'plugin' || run.kind === 'code-plugin') base = 'medium';
      const what =
        run.kind === 'auto-enable'
          ? `\`${run.text}\` in ${fileNoun(config)} starts code without review ${run.when}${run.danger ? `: ${run.danger}` : ': every MCP server in `.mcp.json`, including ones a later change adds, starts without approval'}`
          : `${fileNoun(config).replace(/^this/, 'This')} runs \`${run.text}\` automatically ${run.when} (${KIND_NOUN[run.kind]}), with no prompt and, in headless or CI runs, no trust check${run.danger ? `, and ${run.danger}` : ''}`;
      ctx.report(run.range, `${what}, as ${config.identity}; ${run.fix}.`, {
        severity: scaleForScope(base, config.scope),
        properties: { tool: config.tool, scope: config.scope, kind: run.kind, when: run.when, ...(run.danger ? { danger: run.danger } : {}) },
        fingerprintKey: `${run.setting}:${run.command ?? run.text}`,
      });
    }
  },
});
