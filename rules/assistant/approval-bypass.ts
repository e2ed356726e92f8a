import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, shiftSeverity, type ApprovalCoverage, type ApprovalRemedy } from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { actingIdentity, fileNoun, grantProperties, grantText, inertNote } from './shared/wording.js';

/** What runs unasked, for each coverage the model names. */
const COVERS: Record<Exclude<ApprovalCoverage, object>, string> = {
  'every-agent-tool': 'every agent tool, including the terminal and file edits',
  'every-built-in-and-mcp-tool': 'every tool, built-in and MCP',
  'every-command': 'every command',
  'every-command-edit-and-mcp-call': 'every command, edit and MCP tool call',
  'every-command-edit-request-and-mcp-tool': 'every command, file edit, web request and MCP tool',
  'every-command-unsandboxed': 'every command, with no sandbox',
  'every-confirmation': 'every confirmation, including shell commands',
  'every-confirmation-with-files-and-urls': 'every confirmation, including running the shell commands it suggests and adding files and URLs',
  'every-request-model-reviewed': 'every request that would ask for approval, decided by a reviewing model instead of a person',
  'every-shell-command': 'every shell command',
  'every-tool': 'every tool',
  'every-tool-call': 'every tool call',
  'every-tool-call-and-terminal-command': 'every tool call and terminal command',
  'every-tool-call-and-terminal-command-in-every-workspace': 'every tool call and terminal command in every workspace',
  'every-tool-call-command-and-edit': 'every tool call, command and file edit',
  'every-tool-call-with-shell': 'every tool call, including any shell command',
  'every-tool-call-with-shell-and-edits': 'every tool call, including shell commands and file edits',
  'every-tool-not-denied': 'every tool that no rule denies',
  'every-tool-not-narrowed-later': 'every tool that no later rule narrows',
  'every-tool-with-shell': 'every tool, including any shell command',
  'every-tool-with-shell-edits-fetch-and-outside-paths': 'every tool, including any shell command, file edit, web fetch and path outside the project',
  'every-tool-with-shell-writes-and-network': 'every tool, including shell commands, file writes and network calls',
};

function covers(coverage: ApprovalCoverage): string {
  if (typeof coverage === 'string') return COVERS[coverage];
  if (coverage.kind === 'server-tools') return `every tool of the \`${coverage.server}\` MCP server`;
  return `every tool call of the \`${coverage.extensions.join('` and `')}\` extensions (shell, file edits${coverage.automatesDesktop ? ', desktop and browser automation' : ''})`;
}

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<ApprovalRemedy, string> = {
  'aider-cli-yes': 'drop `--yes-always`',
  'aider-yes-always': 'remove it and confirm commands, or pass `--yes-always` only in a disposable container',
  'amazonq-every-tool': 'list the read-only tools the agent needs (e.g. `fs_read`)',
  'amp-allow-all': 'remove it and allow exact commands in `amp.commands.allowlist`',
  'amp-any-tool': 'allow named tools only',
  'amp-cli-allow-all': 'drop the flag',
  'claude-bypass-mode': 'remove it and pre-approve only the exact commands the work needs in `permissions.allow` (e.g. `Bash(npm test)`)',
  'claude-cli-permission-mode': 'drop it and pass `--allowedTools` with the exact commands the job needs',
  'claude-cli-skip-permissions': 'drop the flag and pass `--allowedTools` with the exact commands the job needs',
  'cn-cli-auto': 'drop `--auto` and allow exact tools in `permissions.yaml` (or `--allow`)',
  'codex-auto-reviewer': 'keep approvals with a person (`approvals_reviewer = "user"`)',
  'codex-cli-bypass': 'use `--sandbox workspace-write` with the default approvals',
  'codex-cli-override': 'drop the override and keep the default approvals',
  'codex-never-approve': 'use `approval_policy = "on-request"` (or "untrusted") with `sandbox_mode = "workspace-write"`',
  'copilot-allow-all': 'remove it and allow exact commands with `allowedTools` entries such as `shell(npm test)`',
  'copilot-cli-allow-all': 'use `--allow-tool` with the exact commands',
  'copilot-cli-shell-tool': "allow exact commands (`--allow-tool 'shell(git:*)'`) and deny the rest",
  'cursor-cli-force': 'drop `--force` and allow exact commands in `.cursor/cli.json`',
  'cursor-yolo': 'turn YOLO mode off and auto-approve only read-only actions',
  'goose-auto-mode': 'use `GOOSE_MODE: smart_approve` or `approve`',
  'goose-ci-mode': 'set `GOOSE_MODE: approve` (or `smart_approve`) for the step',
  'goose-cli': 'set `GOOSE_MODE: approve`',
  'goose-default-mode': 'set `GOOSE_MODE: smart_approve` (or `approve`) explicitly',
  'kiro-capability-all': 'allow named read-only capabilities only',
  'mcp-server-trust': 'remove `trust: true` and list read-only tools in `includeTools`, confirming the rest',
  'named-read-only-tools': 'allow named read-only tools only',
  'opencode-any-command': 'set `"*": "ask"` and allow only the exact commands the work needs under `bash`',
  'opencode-any-tool': 'set `"*": "ask"` and allow named tools only',
  'opencode-cli-skip': 'drop the flag and allow exact commands under `permission.bash` in `opencode.json`',
  'trust-all-tools-flag': 'use `--trust-tools` with read-only tools',
  'vscode-global-auto-approve': 'remove it and approve tools per session, or list read-only commands in `chat.tools.terminal.autoApprove`',
  'vscode-permission-level': 'keep the "default" permission level and approve tools per session',
  'yolo-flag': 'drop `--yolo` and list the allowed tools in `tools.allowed`',
  'zed-always-allow': 'remove it and allow only specific terminal patterns under `agent.tool_permissions.tools.terminal.always_allow`',
  'zed-default-allow': 'set it to "confirm" and allow specific terminal patterns with `always_allow`',
  'zed-permission-mode': 'use the confirming mode and allow specific terminal patterns',
};

export default defineRule({
  id: 'approval-bypass',
  family: 'assistant',
  title: 'Agent approval bypass',
  description:
    'An assistant or agent configuration runs every tool without asking: a bypass permission mode, a YOLO switch, an auto-approve-everything key or flag.',
  severity: 'critical',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-250', 'CWE-269', 'NHI5', 'CICD-SEC-7'],
  help: `**Why.** A coding agent acts with the identity of whoever runs it: their shell, files, SSH keys, cloud credentials and tokens. A bypass mode (\`defaultMode: bypassPermissions\`, \`approval_policy = "never"\`, \`chat.tools.global.autoApprove\`, \`always_allow_tool_actions\`, \`yes-always\`, \`--dangerously-skip-permissions\`, \`--yolo\`, MCP \`trust: true\`) removes the one human check between a prompt-injected instruction — from a README, an issue, a web page — and a command run with that identity. Committed in a project file it applies to everyone who opens the repository; in bypass mode Claude Code even writes its own settings unasked. A deny list does not make a bypass safe: interpreters and wrappers run what it denies.

**Fix.** Remove the bypass and pre-approve the exact commands the work needs; keep unattended runs inside a disposable container or VM.

\`\`\`json
{ "permissions": { "allow": ["Bash(npm test)", "Bash(git status)"], "deny": ["Read(./.env*)"] } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    const ciUntrusted = config.agentRuns.some((run) => run.untrustedEvents.length > 0);
    for (const grant of config.approvals) {
      // Under a read-only sandbox what runs unasked can neither write a file nor reach the network:
      // Codex's `never` then only stops it asking to leave the sandbox (its documented read-only mode).
      if (grant.contained) continue;
      const perServer = grant.server !== undefined;
      let severity: Severity = perServer ? 'high' : 'critical';
      if (config.scope === 'ci') severity = ciUntrusted ? 'critical' : 'high';
      severity = grantSeverity(severity, config, grant);
      if (grant.profile) severity = shiftSeverity(severity, -1);
      // A model reviewing the requests is weaker than a person, stronger than nothing.
      if (grant.delegated) severity = shiftSeverity(severity, -1);
      const profile = grant.profile ? ` when the \`${grant.profile}\` profile is selected` : '';
      ctx.report(
        grant.range,
        `\`${grantText(grant)}\` in ${fileNoun(config)} runs ${covers(grant.covers)} without asking${profile}${inertNote(grant)}, as ${actingIdentity(config)}; ${REMEDY[grant.remedy]}.`,
        {
          severity,
          confidence: grantConfidence('high', grant),
          properties: grantProperties(config, grant),
          fingerprintKey: `${grant.setting}:${grantText(grant)}`,
        },
      );
    }
  },
});
