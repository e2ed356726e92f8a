import { defineRule } from '../../src/rule/index.js';
import type { Range, RuleContext, Severity } from '../../src/rule/index.js';
import {
  admitsOnlyTrusted,
  ancestors,
  forkInputs,
  githubEventTrust,
  isProtected,
  jobLogins,
  mainDeploy,
  pipelineOf,
  roleCheckStep,
  type ForkInput,
  type Job,
  type Pipeline,
  type Trigger,
} from '../../src/model/pipeline/index.js';

export default defineRule({
  id: 'untrusted-trigger',
  family: 'deploy',
  title: 'Deploy or secrets reachable from an untrusted trigger',
  description:
    'A job that deploys or holds secrets runs on an event whose input an outsider controls (pull_request_target, issue_comment, workflow_run, issues…), worst when it checks out the untrusted code.',
  severity: 'high',
  confidence: 'high',
  kinds: ['github-workflow', 'jenkinsfile'],
  tags: ['CWE-829', 'CWE-913', 'CICD-SEC-4', 'NHI5'],
  help: `**Why.** \`pull_request_target\`, \`issue_comment\`, \`issues\`, \`discussion\` and \`workflow_run\` run in the base repository with its secrets and a writable token, on input anyone can send: a fork's pull request, a comment, the artifacts of a fork-triggered run. A job there that holds deploy credentials or secrets can be steered by that input, and if it checks out the pull request's code, the outsider's build scripts run with the secrets ("pwn request"). A plain \`pull_request\` from a fork gets no secrets and is not flagged. On Jenkins, \`issueCommentTrigger\` lets commenters start credentialed builds. (GitLab, Azure, CircleCI, Bitbucket and Buildkite keep secrets from fork builds by default; the setting that changes that lives outside the file.)

The rule follows the data, not the trigger's name. "A fork can steer it" is said only when fork-controlled input reaches something that runs: a checkout of the pull request's head (\`head.sha\`, \`head_ref\`, \`workflow_run.head_sha\`, \`refs/pull/*\`, merge refs, the fork's repository), artifacts of the triggering run, or event text (titles, bodies, comments, branch names) interpolated into \`run:\`, an \`actions/github-script\` script or an agent's prompt: critical for code and for artifacts downloaded into the workspace or run from their folder, high for event text and for artifacts kept in a folder of their own that nothing runs from (data the job reads or publishes). A job an outsider can start but not steer (no checkout of the head, event text only through \`env:\`, a \`workflow_run\` job that builds the default branch, a clean-up that uses only the pull request number) is reported low.

A job is not reported when its \`if:\` (or a job it needs) admits only trusted input: \`author_association\` checks, same-repository pull requests (\`head.repo.full_name == github.repository\`), a maintainer-applied label, a specific actor or author (\`github.actor == 'x'\`, \`pull_request.user.login == 'dependabot[bot]'\`, an allow-list with \`contains(fromJSON(…), github.actor)\`), or \`workflow_run.event == 'push'\`. The check must hold on every branch of the condition the event can take: \`github.event_name != 'pull_request_target' || <same repository>\` guards pull requests but not a comment. A job also counts as gated when its condition requires the output of a job that looks up the user's repository permission or team membership (\`/collaborators/{user}/permission\`, \`/teams/{team}/memberships/{user}\`, gh-aw's \`pre_activation\`), or when an earlier step of its own does that lookup and fails the job (\`core.setFailed\`, \`exit 1\`) before anything an outsider could steer, which then does not run after failures (\`always()\`). A ref worked out by another step or job (\`steps.pr.outputs.sha\` from \`gh pr view --json headRefOid\`, an output named \`head_sha\`) counts as the pull request's head.

**Fix.** Build and test untrusted code in a \`pull_request\` workflow without secrets, and pass results to a privileged workflow as data only. If the privileged job must exist, gate it on a maintainer (an environment with required reviewers, or an \`author_association\` check) and never check out the pull request's head in it.

\`\`\`yaml
on: pull_request_target
jobs:
  label:
    permissions:
      pull-requests: write
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5   # no checkout of the PR's code, no secrets
\`\`\``,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    for (const pipeline of model.pipelines) for (const job of pipeline.jobs) checkJob(pipeline, job, ctx);
  },
});

function checkJob(pipeline: Pipeline, job: Job, ctx: RuleContext): void {
  // Events a condition admits only trusted input on are out (a same-repository check, say, guards pull requests but not comments).
  const untrusted = job.triggers.filter((t) => t.untrusted && !admitsOnlyTrusted(pipeline, job, t.event));
  if (!untrusted.length) return;
  const holds = privileges(pipeline, job);
  const environment =
    job.environment ??
    ancestors(pipeline, job)
      .map((a) => a.job.environment)
      .find(Boolean);
  if (environment && isProtected(environment, ctx.settings.protectedEnvironments)) return;
  if (pipeline.platform === 'jenkins') {
    // A comment-triggered Jenkins build builds the pull request it was made on.
    if (holds.length) reportJenkins(job, untrusted, holds, ctx);
    return;
  }
  const steering = forkInputs(job, untrusted);
  if (!holds.length && !(steering.length && writesToken(pipeline, job))) return;
  if (stoppedByRoleCheck(job, steering)) return;
  const events = [...new Set(untrusted.map((t) => t.event))];
  const commentersOnly = events.every((e) => githubEventTrust(e).outsider === 'commenter');
  const what = holds.length ? labels(holds) : 'a writable token';
  const gate = environment ? ` (environment "${environment.name}" may hold it if it requires reviewers)` : '';
  const related: { target: Range; message: string }[] = untrusted.slice(0, 2).map((t: Trigger) => ({ target: t.range, message: `trigger ${t.event}` }));
  // The strongest way in decides: running the pull request's code or artifacts, then data and text.
  const first = steering.find((input) => RUNS_FORK_CODE.has(input.kind)) ?? steering[0];
  if (!first) {
    // Only the trigger's name says "untrusted": an outsider can start the job, not steer it.
    const message =
      `Job "${job.id}" runs on ${events.join(', ')} with ${what}${gate}; ${commentersOnly ? 'anyone who can comment or open an issue' : 'any fork'} can start it, ` +
      `but no step runs the pull request's code, its artifacts or event text, so they cannot steer it: keep it that way (no checkout of the head, event text only through \`env:\`) and pin the actions it hands credentials to.`;
    ctx.report(job.keyRange, message, {
      severity: 'low',
      confidence: 'medium',
      related,
      properties: { events, forkInput: 'none' },
      fingerprintKey: `${pipeline.name}:${job.id}:untrusted`,
    });
    return;
  }
  let severity: Severity = RUNS_FORK_CODE.has(first.kind) ? 'critical' : holds.length ? 'high' : 'medium';
  if (environment && severity !== 'medium') severity = severity === 'critical' ? 'high' : 'medium';
  const who = commentersOnly
    ? 'anyone who can comment or open an issue'
    : RUNS_FORK_CODE.has(first.kind) || first.kind === 'triggering-artifact-data'
      ? 'any fork'
      : 'anyone who can open a pull request, issue or comment';
  const fix =
    first.kind === 'event-text-in-script' || first.kind === 'event-text-in-prompt'
      ? 'pass event text through `env:` and quote it (never `${{ }}` inside run: or a prompt), or gate the job on a maintainer'
      : first.kind === 'triggering-artifact-data'
        ? 'treat the artifacts as untrusted input: keep secrets and write tokens away from the steps that read them, and never run anything from them'
        : 'do this work in a pull_request workflow without secrets, or gate the job on a maintainer (an environment with reviewers or an author_association check)';
  const reach = first.kind === 'triggering-artifact-data' ? 'decides what it reads and publishes' : 'can steer it';
  const message = `Job "${job.id}" runs on ${events.join(', ')} with ${what} and ${STEERING[first.kind]}${gate}: ${who} ${reach} with the repository's credentials; ${fix}.`;
  for (const input of steering.slice(0, 2)) related.push({ target: input.range, message: RELATED[input.kind] });
  ctx.report(job.keyRange, message, {
    severity,
    related,
    properties: { events, forkInput: first.kind, untrustedCheckout: first.kind === 'head-checkout' },
    fingerprintKey: `${pipeline.name}:${job.id}:untrusted`,
  });
}

/** Ways in that run the pull request's own code or build output. */
const RUNS_FORK_CODE: ReadonlySet<ForkInput['kind']> = new Set(['head-checkout', 'triggering-artifact']);

const STEERING: Record<ForkInput['kind'], string> = {
  'head-checkout': "checks out the pull request's code",
  'triggering-artifact': 'uses artifacts built by the triggering run',
  'triggering-artifact-data': 'reads or uploads artifacts built by the triggering run (as data: nothing runs from them)',
  'event-text-in-script': 'interpolates event text (titles, bodies, comments or branch names) into a script',
  'event-text-in-prompt': "writes event text (titles, bodies, comments or branch names) into an agent's prompt",
};

const RELATED: Record<ForkInput['kind'], string> = {
  'head-checkout': 'checkout of untrusted code',
  'triggering-artifact': 'untrusted artifacts',
  'triggering-artifact-data': 'untrusted artifacts, used as data',
  'event-text-in-script': 'event text in a script',
  'event-text-in-prompt': 'event text in a prompt',
};

function reportJenkins(job: Job, untrusted: Trigger[], holds: Privilege[], ctx: RuleContext): void {
  const events = [...new Set(untrusted.map((t) => t.event))];
  const severity: Severity = holds.some((h) => h.kind === 'deploy') ? 'high' : 'medium';
  const message = `Stage "${job.id}" runs on ${events.join(', ')} with ${labels(holds)}: anyone who can comment can start a build of the pull request's code with the job's credentials; restrict comment triggers to trusted users or drop the credentials from this build.`;
  ctx.report(job.keyRange, message, {
    severity,
    related: untrusted.slice(0, 2).map((t) => ({ target: t.range, message: `trigger ${t.event}` })),
    properties: { events, forkInput: 'head-checkout' },
    fingerprintKey: `${job.id}:untrusted`,
  });
}

/**
 * A step that looks up the user's role and fails the job comes before everything an outsider could
 * steer, and none of those steps runs after a failure (`always()`, `failure()`, `!cancelled()`).
 */
function stoppedByRoleCheck(job: Job, steering: readonly ForkInput[]): boolean {
  const check = roleCheckStep(job);
  if (!check) return false;
  const at = job.steps.indexOf(check);
  return steering.every((input) => job.steps.indexOf(input.step) > at && !/always\(\)|failure\(\)|cancelled\(\)/.test(input.step.condition?.value ?? ''));
}

/** What makes the job worth stealing, each with its label for messages. */
interface Privilege {
  kind: 'deploy' | 'secrets' | 'every-secret' | 'inherited-secrets' | 'federation';
  label: string;
}

function privileges(pipeline: Pipeline, job: Job): Privilege[] {
  const out: Privilege[] = [];
  const deploy = mainDeploy(pipeline, job);
  if (deploy && deploy.evidence !== 'name') out.push({ kind: 'deploy', label: `a deploy (${deploy.what})` });
  const secrets = [...new Set(job.references.filter((r) => (r.kind === 'secret' && r.name !== 'GITHUB_TOKEN') || r.kind === 'credential').map((r) => r.name))];
  if (job.references.some((r) => r.kind === 'whole-secrets')) out.push({ kind: 'every-secret', label: 'every secret of the repository' });
  else if (secrets.length) out.push({ kind: 'secrets', label: `secrets ${secrets.slice(0, 3).join(', ')}` });
  if (job.call?.inheritSecrets) out.push({ kind: 'inherited-secrets', label: '`secrets: inherit`' });
  const federated = jobLogins(pipeline, job).find((l) => l.method === 'oidc');
  if (federated) out.push({ kind: 'federation', label: `${federated.provider.toUpperCase()} federation (${federated.evidence})` });
  return out;
}

function labels(holds: readonly Privilege[]): string {
  return holds
    .slice(0, 2)
    .map((h) => h.label)
    .join(' and ');
}

function writesToken(pipeline: Pipeline, job: Job): boolean {
  const permissions = job.permissions ?? pipeline.permissions;
  if (!permissions) return true;
  return permissions.all === 'write-all' || permissions.scopes.some((s) => s.level === 'write');
}
