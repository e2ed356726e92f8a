import { defineRule } from '../../src/rule/index.js';
import type { Fact, FactOfKind, RelatedLocation, Severity } from '../../src/rule/index.js';

type AgentRun = FactOfKind<'agent-run'>;
type DeployJob = FactOfKind<'deploy-job'>;

/** How an agent's identity reaches a deploy: the three paths the rule follows. */
type Path =
  /** The agent runs inside the deploying job, with its environment, cloud role and secrets. */
  | { kind: 'same-job'; deploys: DeployJob[] }
  /** The agent's token can start workflows (`actions: write`, a personal token) that deploy with no approval. */
  | { kind: 'starts-workflow'; via: string; deploys: DeployJob[] }
  /**
   * The agent's token can push to a branch whose push deploys with no approval. With the job's own
   * GITHUB_TOKEN (`platformToken`) the push starts no workflow — GitHub does not run workflows for
   * its events — so the agent's commit ships unreviewed with the next push instead.
   */
  | { kind: 'pushes-branch'; via: string; deploys: DeployJob[]; platformToken: boolean };

const DISPATCH = new Set(['workflow_dispatch', 'repository_dispatch']);
const ENGINE_TOKENS = /^(?:COPILOT_GITHUB_TOKEN|GH_AW_COPILOT_TOKEN)$/;
/** A GitHub personal token by its name (one for another service cannot start or push workflows here). */
const PERSONAL =
  /^(?:GH|GITHUB)_PAT$|^PAT$|(?:^|_)(?:GH|GITHUB)_(?:PAT|PERSONAL_?(?:ACCESS_?)?TOKEN)(?:_|$)|^(?:GH|GITHUB)_PERSONAL_|^PERSONAL_ACCESS_TOKEN$|^GH_TOKEN$/i;

function fileOf(fact: Fact): string {
  return fact.location.path;
}

/** What gives the run's token write access to `scope`, worded for the message; `defaultToken` when only the undeclared default does. */
function holds(run: AgentRun, scope: string): { via: string; defaultToken: boolean } | undefined {
  const permissions = run.attributes.permissions;
  if (permissions.includes('write-all')) return { via: '`permissions: write-all`', defaultToken: false };
  if (permissions.includes(`${scope}:write`)) return { via: `\`${scope}: write\``, defaultToken: false };
  if (permissions.includes('unknown') && scope === 'contents')
    return { via: 'the default token (write access unless the repository default is read-only)', defaultToken: true };
  return undefined;
}

function pathsOf(run: AgentRun, deploys: readonly DeployJob[]): Path[] {
  const paths: Path[] = [];
  // A job whose only sign of deploying is its environment (`environment: ci-triage`) ships nothing
  // the agent writes: the environment holds its secrets. A production one still hands the agent
  // production credentials, so it counts.
  const sameJob = deploys.filter(
    (d) => fileOf(d) === fileOf(run) && d.attributes.job === run.attributes.job && (d.attributes.shipsBy === 'step' || d.attributes.production),
  );
  if (sameJob.length) paths.push({ kind: 'same-job', deploys: sameJob });
  const elsewhere = deploys.filter((d) => !sameJob.includes(d) && d.attributes.production && !d.attributes.gated);
  // The engine's own key (`COPILOT_GITHUB_TOKEN` is a personal token for Copilot requests only) reaches no repository.
  const pat = run.attributes.secrets.find((s) => PERSONAL.test(s) && !ENGINE_TOKENS.test(s));
  const personal = pat ? { via: `the personal token \`${pat}\``, defaultToken: false } : undefined;
  const starter = holds(run, 'actions') ?? personal;
  const dispatchable = elsewhere.filter((d) => d.attributes.triggers.some((t) => DISPATCH.has(t)));
  if (starter && dispatchable.length) paths.push({ kind: 'starts-workflow', via: starter.via, deploys: dispatchable });
  // gh-aw agents write through safe outputs only; their agent job holds what `permissions:` says.
  const pusher = personal ?? holds(run, 'contents');
  const onPush = elsewhere.filter((d) => d.attributes.triggers.includes('push'));
  if (pusher && onPush.length && !(run.attributes.agentic && pusher.defaultToken))
    paths.push({ kind: 'pushes-branch', via: pusher.via, deploys: onPush, platformToken: !pat });
  return paths;
}

function target(d: DeployJob): string {
  const where = d.attributes.environment ? ` to \`${d.attributes.environment}\`` : d.attributes.production ? ' to production' : '';
  const what = d.attributes.purpose === 'release' ? 'publishes' : 'deploys';
  return `\`${d.location.path} › ${d.attributes.job}\` (${what}${where})`;
}

function describe(run: AgentRun, path: Path): { message: string; severity: Severity } {
  const agent = `${run.attributes.agent} in \`${run.location.path} › ${run.attributes.job}\``;
  const untrusted = run.attributes.untrustedTrigger ? ', and outsiders can trigger it with an issue, comment or pull request' : '';
  const targets = path.deploys.map(target).join(', ');
  switch (path.kind) {
    case 'same-job': {
      const production = path.deploys.some((d) => d.attributes.production || d.attributes.purpose === 'release');
      return {
        severity: production || run.attributes.untrustedTrigger ? 'high' : 'medium',
        message: `${agent} runs in the job that ${path.deploys[0]!.attributes.purpose === 'release' ? 'publishes' : 'deploys'}: the agent → the job's environment, token and secrets → ${targets}${untrusted}, so the identity that writes the change also ships it; run the agent in its own job with a read-only token and deploy in a separate job behind an approval.`,
      };
    }
    case 'starts-workflow':
      return {
        severity: 'high',
        message: `${agent} holds ${path.via}, which can start ${targets} — a production deploy with no approval — so the agent → ${path.via} → production path has no person on it${untrusted}; drop \`actions: write\` (and personal tokens) from the agent's job, or put the deploy behind an environment with required reviewers.`,
      };
    case 'pushes-branch':
      if (path.platformToken) {
        return {
          severity: 'medium',
          message: `${agent} holds ${path.via}, so it can push its own commits, unreviewed, to the branch whose push runs ${targets} with no approval; a push made with the job's GITHUB_TOKEN starts no workflow, so the agent's change ships with the next push there and no person reviews it on the way${untrusted}; give the agent a read-only token and let it open pull requests, or put the deploy behind an environment with required reviewers.`,
        };
      }
      return {
        severity: 'high',
        message: `${agent} holds ${path.via}, and a push runs ${targets} with no approval, so the agent → ${path.via} → push → production path has no person on it${untrusted}; give the agent a read-only token and let it open pull requests, or put the deploy behind an environment with required reviewers.`,
      };
  }
}

export default defineRule({
  id: 'agent-can-deploy',
  family: 'deploy',
  title: 'Coding agent that can deploy',
  description:
    'A coding agent in CI can ship what it writes: it runs in a job that deploys or publishes, or its token can start or push to an unapproved production deploy.',
  severity: 'high',
  confidence: 'medium',
  tags: ['CWE-284', 'CWE-269', 'NHI5', 'CICD-SEC-1', 'CICD-SEC-5'],
  help: `**Why.** The identity that suggests code should not be the identity that ships it. An agent follows instructions from whatever it reads — issues, comments, files in a pull request — so anything its identity can reach, an injected instruction can reach. The rule follows three paths across the repository's workflows, with a related location for every hop:

- the agent runs **in the deploying job**, holding its environment, cloud role and publish tokens;
- the agent's token can **start an ungated production workflow** (\`actions: write\`, a personal token, \`gh workflow run\`);
- the agent's token can **push to a branch whose push deploys** with no approval (\`contents: write\`).

Committed assistant configurations that pre-approve \`git push\`, \`terraform apply\` or \`wrangler deploy\` for developers are reported by \`assistant/wildcard-command-allow\`.

**Fix.** A separate job and identity for the agent, with a read-only token; deploys in their own jobs behind an environment with required reviewers.

\`\`\`yaml
jobs:
  agent:
    permissions: { contents: read, pull-requests: write }
    steps:
      - uses: anthropics/claude-code-action@v1
  deploy:
    needs: build
    environment: production   # required reviewers in the repository settings
\`\`\``,
  correlate(facts, ctx) {
    const runs = facts.filter((f): f is AgentRun => f.kind === 'agent-run');
    if (!runs.length) return;
    const deploys = facts.filter((f): f is DeployJob => f.kind === 'deploy-job');
    for (const run of runs) {
      for (const path of pathsOf(run, deploys)) {
        const { message, severity } = describe(run, path);
        const related: RelatedLocation[] = path.deploys.map((d) => ({ location: d.location, message: `deploy job ${d.attributes.job}` }));
        ctx.report(run.location, message, {
          severity,
          related,
          properties: { path: path.kind, agent: run.attributes.agent },
          fingerprintKey: `${path.kind}:${run.location.path}:${run.attributes.job}`,
        });
      }
    }
  },
});
