import { defineRule } from '../../src/rule/index.js';
import { assistantConfig } from '../../src/model/assistant/index.js';
import { heldCredentials } from './shared/wording.js';

export default defineRule({
  id: 'agent-on-untrusted-trigger',
  family: 'assistant',
  title: 'CI agent driven by untrusted events with write access',
  description:
    "A workflow runs a coding agent on events anyone can cause (issues, comments, `pull_request_target`) while it holds a write token or secrets, with no actor check or on a checkout of the pull request's own code.",
  severity: 'high',
  confidence: 'medium',
  kinds: ['github-workflow'],
  tags: ['CWE-829', 'CWE-284', 'NHI5', 'CICD-SEC-4'],
  help: `**Why.** Issue bodies, comments and pull requests are written by anyone; an agent that reads them follows instructions hidden in them. If the job's token can write (\`contents: write\`, \`pull-requests: write\`…) or secrets sit in the agent's environment, the attacker gets that reach. Checking out the pull request's head before the agent runs is worse: the PR then supplies the agent's own instructions (\`CLAUDE.md\`, \`.claude/settings.json\` hooks, \`.gemini/settings.json\`) and the scripts it runs — even when a maintainer triggered the run. claude-code-action and codex-action refuse users without write access by default; \`claude-code-base-action\`, \`run-gemini-cli\` and agent CLIs in \`run:\` steps do not, and \`allowed_non_write_users: "*"\` / \`allow-users: "*"\` switch the check off.

**Fix.** Gate the job on the commenter's association, keep the token read-only unless the agent must push, list the agent's tools exactly, and check out pull-request code into a subfolder.

\`\`\`yaml
if: contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)
permissions: { contents: read, issues: write }
steps:
  - uses: actions/checkout@v5            # base branch at the workspace root
  - uses: actions/checkout@v5
    with: { ref: "\${{ github.event.pull_request.head.sha }}", path: pr }
  - uses: anthropics/claude-code-action@v1
    with: { claude_args: '--add-dir pr --allowedTools "Bash(gh pr diff:*)"' }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const run of config.agentRuns) {
      if (!run.untrustedEvents.length) continue;
      const held = heldCredentials(run);
      const events = run.untrustedEvents.map((e) => `\`${e.value}\``).join(', ');
      const related = [
        { target: run.untrustedEvents[0]!.range, message: 'untrusted trigger' },
        { target: run.range, message: 'agent step' },
      ];
      if (run.untrustedCheckout && held) {
        ctx.report(
          run.untrustedCheckout.range,
          `Job \`${run.job}\` checks out pull-request code (\`${run.untrustedCheckout.value}\`) into the workspace and then runs ${run.agent} on ${events} with ${held}, so the pull request supplies the agent's own instructions, settings, hooks and scripts; check out the base branch at the workspace root and the pull request into a subfolder (\`path: pr\`, passed with \`--add-dir\`).`,
          {
            severity: 'high',
            confidence: 'high',
            related,
            properties: { agent: run.agent, job: run.job, events: run.untrustedEvents.map((e) => e.value) },
            fingerprintKey: `checkout:${run.job}:${run.untrustedCheckout.value}`,
          },
        );
        continue;
      }
      const open = run.actorCheckDisabled ?? (!run.actionChecksActor ? { value: 'no actor check', range: run.range } : undefined);
      if (!open || run.actorGate || run.toolsRestricted || !held) continue;
      const why = run.actorCheckDisabled ? `\`${run.actorCheckDisabled.value}\` lets anyone trigger it` : 'nothing checks who triggered it';
      ctx.report(
        open.range,
        `Job \`${run.job}\` runs ${run.agent} on ${events}, which anyone can cause, and ${why}, while the agent holds ${held} and no exact tool list: an instruction hidden in an issue or comment can use that access; gate the job on \`author_association\` (OWNER, MEMBER, COLLABORATOR), keep \`permissions:\` read-only and list the agent's tools exactly.`,
        {
          severity: 'high',
          related,
          properties: { agent: run.agent, job: run.job, events: run.untrustedEvents.map((e) => e.value) },
          fingerprintKey: `trigger:${run.job}:${run.agent}`,
        },
      );
    }
  },
});
