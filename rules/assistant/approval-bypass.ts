import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, fileNoun, grantConfidence, grantProperties, grantSeverity, inertNote, shiftSeverity } from '../../src/model/assistant/index.js';

export default defineRule({
  id: 'approval-bypass',
  family: 'assistant',
  title: 'Agent approval bypass',
  description: 'An assistant or agent configuration runs every tool without asking: a bypass permission mode, a YOLO switch, an auto-approve-everything key or flag.',
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
      const perServer = grant.covers.startsWith('every tool of the');
      let severity: Severity = perServer ? 'high' : 'critical';
      if (config.scope === 'ci') severity = ciUntrusted ? 'critical' : 'high';
      severity = grantSeverity(severity, config, grant);
      if (grant.profile) severity = shiftSeverity(severity, -1);
      // A model reviewing the requests is weaker than a person, stronger than nothing.
      if (grant.delegated) severity = shiftSeverity(severity, -1);
      // Under a read-only sandbox what runs unasked can neither write nor send anything.
      if (grant.contained) severity = 'low';
      const profile = grant.profile ? ` when the \`${grant.profile}\` profile is selected` : '';
      ctx.report(grant.range, `\`${grant.text}\` in ${fileNoun(config)} runs ${grant.covers} without asking${profile}${grant.contained ? ' (inside a read-only sandbox, which limits what they can change)' : ''}${inertNote(grant)}, as ${config.identity}; ${grant.fix}.`, {
        severity,
        confidence: grantConfidence('high', grant),
        properties: grantProperties(config, grant),
        fingerprintKey: `${grant.setting}:${grant.text}`,
      });
    }
  },
});
