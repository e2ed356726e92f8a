import { defineRule, type Severity } from '../../src/rule/index.js';
import {
  ASSISTANT_KINDS,
  assistantConfig,
  scaleForScope,
  type AutoRun,
  type AutoRunTrigger,
  type Danger,
  type PluginInstall,
  type AutoRunRemedy,
} from '../../src/model/assistant/index.js';
import { actingIdentity, fileNoun, grantText } from './shared/wording.js';

type AutoRunKind = AutoRun['kind'];

/** When the code runs, for each trigger the model names. */
const WHEN: Record<Exclude<AutoRunTrigger, object>, string> = {
  'after-every-agent-turn': 'after every agent turn',
  'after-every-edit': 'after every edit',
  'agent-session-on-repository': 'when an agent session starts on the repository',
  'any-folder-opened': 'when any folder is opened',
  'around-every-shell-command': 'around every shell command the agent runs',
  'background-machine-setup': "when a background agent's machine is set up",
  'background-machine-start': "when a background agent's machine starts",
  'before-copilot-agent-starts': "before Copilot's cloud agent starts, on its machine",
  'credentials-needed': 'whenever credentials are needed',
  'discovered-tool-called': 'whenever a discovered tool is called',
  'every-run-before-agent': 'at every run, before the agent starts',
  'file-suggested': 'whenever a file is suggested',
  'mcp-server-connected': 'each time the MCP server is connected',
  'mcp-server-starts': 'each time the MCP server starts',
  'opencode-starts': 'whenever opencode starts',
  'opencode-starts-in-folder': 'whenever opencode starts in this folder',
  'session-start': 'when a session starts',
  'session-start-tool-discovery': 'when a session starts, to discover tools',
  'status-refresh': 'on every status refresh',
  'subagent-status-refresh': 'on every subagent status refresh',
  'when-provider-needs-token': 'whenever the provider needs a token',
  'ide-event': 'on an IDE event',
};

/** What a plugin input installs, for the remedy. */
const INSTALLS: Record<PluginInstall, string> = {
  'claude-plugin-marketplaces': 'Claude Code plugin marketplaces',
  'claude-plugins': 'Claude Code plugins',
  'gemini-extensions': 'Gemini CLI extensions',
};

function whenText(trigger: AutoRunTrigger): string {
  return typeof trigger === 'string' ? WHEN[trigger] : `on ${trigger.event}`;
}

/** What makes the run dangerous, as a clause: "it sends data to `example.com`". */
function dangerText(danger: Danger): string {
  switch (danger.kind) {
    case 'pipes-download-to-shell':
      return 'it pipes a script downloaded from the network into a shell';
    case 'runs-downloaded-code':
      return 'it runs code downloaded from the network';
    case 'opens-docker-socket':
      return 'it opens the Docker socket (root-equivalent) to every process';
    case 'sends-data':
      return `it sends data to \`${danger.host}\``;
    case 'rewrites-git-config':
      return 'it rewrites git configuration so repository scripts run on later git commands';
    case 'installs-lasting-job':
      return 'it installs a job that outlives the session';
    case 'writes-shell-startup':
      return "it writes to the user's shell startup files";
    case 'runs-unpinned-package':
      return `it fetches and runs the unpinned package \`${danger.package}\` each time`;
    case 'contacts-host':
      return `it contacts \`${danger.host}\` over the network`;
    case 'sends-session-data':
      return `it sends session data to \`${danger.host}\``;
    case 'trusts-every-folder':
      return 'every folder is trusted, so its project settings, hooks and MCP servers load without asking';
    case 'trusts-every-worktree':
      return 'every opened folder is trusted, so its project settings and MCP servers load without asking';
  }
}

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

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<AutoRunRemedy, string | ((grant: AutoRun) => string)> = {
  'claude-credential-helper': 'keep credential helpers in your user settings, not the repository',
  'claude-enable-all-servers': 'list the servers you reviewed in `enabledMcpjsonServers` instead',
  'claude-helper-command': 'keep helper commands in your user settings',
  'claude-plugin': 'enable third-party plugins in your user settings after reviewing them, pinned to a commit of their marketplace',
  'claude-shell-prefix': 'remove the shell prefix from the shared settings; keep wrappers in your user settings',
  'claude-status-line': 'keep status-line commands in your user settings',
  'gemini-folder-trust-off': 'keep folder trust on and trust folders one at a time',
  'hook-command': 'keep hooks to pinned, self-contained tools (e.g. `bunx prettier@3.5.3 --no-config`) and review them like CI code',
  'http-hook': 'keep hooks that post data in your user settings, pointed at a host you control',
  'mcp-headers-helper': 'keep header helpers in your user configuration, not the repository',
  'setup-command': 'install from lockfiles and pinned versions only',
  'shell-launched-server': 'install the server from a pinned package or image and start that directly',
  'unpinned-plugins': (g) => `pin ${g.installs ? INSTALLS[g.installs] : 'them'} to reviewed commits, or vendor them into the repository`,
  'opencode-plugin-package': 'review the package and pin it to an exact version, or vendor it under `.opencode/plugin/`',
  'opencode-plugin-code': 'review plugin code like CI code, keep it to what the project needs, and never let it send data or read credentials',
  'zed-trust-all-worktrees': 'leave worktree trust off and trust projects one at a time',
};

function remedy(grant: AutoRun): string {
  const text = REMEDY[grant.remedy];
  return typeof text === 'string' ? text : text(grant);
}

export default defineRule({
  id: 'automatic-code-execution',
  family: 'assistant',
  title: 'Code an agent runs automatically',
  description:
    'Hooks, setup scripts, credential helpers, plugins and auto-enabled MCP servers run code with no prompt when a session starts or a tool runs — and in headless or CI runs without any trust check.',
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
      const danger = run.danger && dangerText(run.danger);
      const when = whenText(run.when);
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
          ? `\`${grantText(run)}\` in ${fileNoun(config)} starts code without review ${when}${danger ? `: ${danger}` : ': every MCP server in `.mcp.json`, including ones a later change adds, starts without approval'}`
          : `${fileNoun(config).replace(/^this/, 'This')} runs \`${grantText(run)}\` automatically ${when} (${KIND_NOUN[run.kind]}), with no prompt and, in headless or CI runs, no trust check${danger ? `, and ${danger}` : ''}`;
      ctx.report(run.range, `${what}, as ${actingIdentity(config)}; ${remedy(run)}.`, {
        severity: scaleForScope(base, config.scope),
        properties: { tool: config.tool, scope: config.scope, kind: run.kind, when, ...(danger ? { danger } : {}) },
        fingerprintKey: `${run.setting}:${run.command ?? grantText(run)}`,
      });
    }
  },
});
