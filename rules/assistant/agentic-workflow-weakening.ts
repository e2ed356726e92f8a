import { defineRule, type Severity } from '../../src/rule/index.js';
import { assistantConfig, type AgenticWeakening } from '../../src/model/assistant/index.js';
import { githubEventTrust } from '../../src/model/pipeline/index.js';

type Kind = AgenticWeakening['kind'];

const SEVERITY: Record<Kind, Severity> = {
  'strict-off': 'medium',
  'agent-write-permission': 'high',
  'safe-output-ships': 'high',
  'roles-all': 'high',
  'firewall-off': 'medium',
  'network-wide': 'medium',
  'tool-secret': 'medium',
  'unpinned-import': 'medium',
};

/** Scopes a read-only agent's token may write without changing code, releases or cloud access. */
const MILD_SCOPES = new Set(['issues', 'discussions', 'pull-requests', 'checks', 'statuses']);

/** What a stranger writes that reaches the agent through these events. */
function strangersInput(events: readonly string[]): string {
  const fromForks = events.some((e) => githubEventTrust(e, 'agentic-workflow').outsider === 'fork');
  const fromComments = events.some((e) => githubEventTrust(e, 'agentic-workflow').outsider === 'commenter');
  return fromForks && fromComments ? 'pull request, issue or comment' : fromForks ? 'pull request' : 'issue or comment';
}

function describe(w: AgenticWeakening, untrusted: boolean, writesCode: boolean): { message: string; severity: Severity } {
  switch (w.kind) {
    case 'strict-off':
      return {
        severity: SEVERITY[w.kind],
        message:
          '`strict: false` turns off the checks that keep the agent job read-only, its network limited and its actions pinned; remove it and move writes to `safe-outputs`.',
      };
    case 'agent-write-permission': {
      const severity: Severity = MILD_SCOPES.has(w.scope) ? 'medium' : 'high';
      return {
        severity,
        message: `\`${w.scope}: write\` gives the agent job itself a token that can write${w.scope === 'id-token' ? ' (mint cloud credentials)' : ''}, so a prompt-injected agent acts directly instead of through reviewed safe outputs; keep the agent job read-only and declare the write as a \`safe-outputs\` entry.`,
      };
    }
    case 'safe-output-ships':
      return {
        severity: SEVERITY[w.kind],
        message: `Safe output \`${w.output}\`${w.branch ? ` to \`${w.branch}\`` : ''} lets the agent's output land on ${w.branch ? 'a protected branch' : 'the default branch'} with no person approving the change; let the agent open a pull request and keep merging with a reviewer.`,
      };
    case 'roles-all':
      // Open to anyone by design (a moderator, a triage bot) is tolerable while its outputs only label and comment.
      return {
        severity: untrusted && writesCode ? 'high' : 'medium',
        message: `\`roles: all\` lets anyone run this agent through ${w.events.map((e) => `\`${e}\``).join(', ')}, so a stranger's ${strangersInput(w.events)} becomes the agent's instructions; keep the default roles (admin, maintainer, write).`,
      };
    case 'firewall-off':
      return {
        severity: SEVERITY[w.kind],
        message:
          "The agent's network firewall is switched off, so anything the agent can read can be sent to any host; keep the firewall and list the domains it needs under `network.allowed`.",
      };
    case 'network-wide':
      return {
        severity: SEVERITY[w.kind],
        message: `\`${w.entry}\` in \`network.allowed\` lets the agent reach any host, so an injected instruction can send out what it reads; list the ecosystems or domains the task needs (\`defaults\`, \`python\`, \`node\`).`,
      };
    case 'tool-secret':
      return {
        severity: SEVERITY[w.kind],
        message: `The \`${w.server}\` tool the agent drives holds the secret \`${w.secret}\`, so the agent can use everything it grants; give the tool a read-only token and keep write access in safe outputs.`,
      };
    case 'unpinned-import':
      return {
        severity: SEVERITY[w.kind],
        message: `\`${w.source}\` is imported from another repository without a commit SHA, so whoever controls that ref changes this agent's tools, permissions and instructions at the next compile; pin it to a full commit SHA.`,
      };
  }
}

export default defineRule({
  id: 'agentic-workflow-weakening',
  family: 'assistant',
  title: 'GitHub Agentic Workflow that weakens its safeguards',
  description:
    "A GitHub Agentic Workflow (`.github/workflows/<name>.md`) undoes part of gh-aw's design: strict mode off, write permissions on the agent job, safe outputs that merge or push to a protected branch, `roles: all` on outsider triggers, the firewall off or a wide-open allow-list, tools holding secrets, or imports at mutable refs.",
  severity: 'high',
  confidence: 'high',
  kinds: ['agentic-workflow'],
  tags: ['CWE-250', 'CWE-284', 'NHI5', 'CICD-SEC-1', 'CICD-SEC-4'],
  help: `**Why.** gh-aw runs the agent with a read-only token behind a network firewall and performs writes in separate, narrowly-permitted **safe-output** jobs; \`roles:\` limits who can trigger it and strict mode refuses anything else. Each of these settings hands an injected instruction a capability that design keeps away from it. Findings are reported on the markdown source, the file people edit; the generated \`.lock.yml\` is not judged line by line.

**Fix.** Keep the defaults and ask for writes through safe outputs.

\`\`\`yaml
---
on:
  issues:
    types: [opened]
permissions:
  contents: read
  issues: read
network: defaults
safe-outputs:
  add-comment:
  add-labels:
    allowed: [bug, question]
---
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    const workflow = config?.agentic;
    if (!workflow) return;
    const untrusted = workflow.untrustedEvents.length > 0;
    const writesCode = workflow.writes.includes('contents') || workflow.weakenings.some((w) => w.kind === 'agent-write-permission' || w.kind === 'tool-secret');
    for (const weakening of workflow.weakenings) {
      const { message, severity } = describe(weakening, untrusted, writesCode);
      ctx.report(weakening.range, message, {
        severity,
        properties: { kind: weakening.kind, engine: workflow.engine },
        fingerprintKey: `${weakening.kind}:${'scope' in weakening ? weakening.scope : 'source' in weakening ? weakening.source : 'secret' in weakening ? weakening.secret : 'output' in weakening ? weakening.output : ''}`,
      });
    }
  },
});
