import { defineRule } from '../../src/rule/index.js';
import type { Range, RuleContext, Severity } from '../../src/rule/index.js';
import {
  ancestors,
  inputReader,
  isProtected,
  jobLogins,
  mainDeploy,
  normaliseUses,
  pipelineOf,
  type Job,
  type Pipeline,
  type Step,
  type Trigger,
} from '../../src/model/pipeline/index.js';

/** Conditions that keep outsiders out: same-repository pull requests, trusted authors, maintainer labels. */
const GUARDS: readonly RegExp[] = [
  /author_association/,
  /head\.repo\.full_name\s{0,4}==\s{0,4}github\.repository\b|github\.repository\s{0,4}==\s{0,4}github\.event\.pull_request\.head\.repo\.full_name/,
  /head\.repo\.fork\s{0,4}==\s{0,4}false|!\s{0,4}github\.event\.pull_request\.head\.repo\.fork|head\.repo\.fork\s{0,4}!=\s{0,4}true/,
  /head_repository\.full_name\s{0,4}==\s{0,4}github\.repository|head_repository\.fork\s{0,4}==\s{0,4}false/,
  /workflow_run\.event\s{0,4}==\s{0,4}'push'|workflow_run\.event\s{0,4}!=\s{0,4}'pull_request'/,
  /github\.(?:actor|triggering_actor|event\.sender\.login|event\.comment\.user\.login)\s{0,4}==\s{0,4}'[^']{1,100}'/,
  /contains\(\s{0,4}github\.event\.pull_request\.labels|github\.event\.label\.name\s{0,4}==/,
  /github\.event\.pull_request\.merged\s{0,4}==\s{0,4}true|github\.event\.pull_request\.merged(?:\s|$|\))/,
  /github\.repository_owner\s{0,4}==.{0,200}github\.actor|permission\s{0,4}==\s{0,4}'(?:admin|write)'/,
  // gh-aw's compiled workflows: every job waits for `pre_activation`, which checks the actor's repository role.
  /needs\.pre_activation\.outputs\.activated\s{0,4}==\s{0,4}'true'/,
];

/** A checkout of the pull request's own code (or a fork-built artifact) under a privileged trigger. */
const UNTRUSTED_REF = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.workflow_run\.head_(?:sha|branch)|github\.event\.issue\.number|github\.event\.number|pull_request\.number|head\.repo\.full_name/;

export default defineRule({
  id: 'untrusted-trigger',
  family: 'deploy',
  title: 'Deploy or secrets reachable from an untrusted trigger',
  description: 'A job that deploys or holds secrets runs on an event whose input an outsider controls (pull_request_target, issue_comment, workflow_run, issues…), worst when it checks out the untrusted code.',
  severity: 'high',
  confidence: 'high',
  kinds: ['github-workflow', 'jenkinsfile'],
  tags: ['CWE-829', 'CWE-913', 'CICD-SEC-4', 'NHI5'],
  help: `**Why.** \`pull_request_target\`, \`issue_comment\`, \`issues\`, \`discussion\` and \`workflow_run\` run in the base repository with its secrets and a writable token, on input anyone can send: a fork's pull request, a comment, the artifacts of a fork-triggered run. A job there that holds deploy credentials or secrets can be steered by that input, and if it checks out the pull request's code, the outsider's build scripts run with the secrets ("pwn request"). A plain \`pull_request\` from a fork gets no secrets and is not flagged. On Jenkins, \`issueCommentTrigger\` lets commenters start credentialed builds. (GitLab, Azure, CircleCI, Bitbucket and Buildkite keep secrets from fork builds by default; the setting that changes that lives outside the file.)

A job is not reported when its \`if:\` (or a job it needs) admits only trusted input: \`author_association\` checks, same-repository pull requests (\`head.repo.full_name == github.repository\`), a maintainer-applied label, a specific actor, or \`workflow_run.event == 'push'\`.

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
  const untrusted = job.triggers.filter((t) => t.untrusted);
  if (!untrusted.length || guarded(pipeline, job)) return;
  const holds = privileges(pipeline, job);
  const checkout = untrustedCheckout(job, untrusted);
  if (!holds.length && !(checkout && writesToken(pipeline, job))) return;
  const environment = job.environment ?? ancestors(pipeline, job).map((a) => a.job.environment).find(Boolean);
  if (environment && isProtected(environment, ctx.settings.protectedEnvironments)) return;

  const events = [...new Set(untrusted.map((t) => t.event))];
  const deploys = holds.some((h) => h.startsWith('a deploy'));
  let severity: Severity = checkout ? 'critical' : deploys || events.some((e) => e === 'pull_request_target' || e === 'workflow_run') ? 'high' : 'medium';
  if (environment && severity !== 'medium') severity = severity === 'critical' ? 'high' : 'medium';
  const what = holds.length ? holds.slice(0, 2).join(' and ') : 'a writable token';
  const runsCode = checkout ? ` and ${checkout.kind === 'artifact' ? 'uses artifacts built by the triggering run' : "checks out the pull request's code"}` : '';
  const who = events.every((e) => /comment|issue|discussion/i.test(e)) ? 'anyone who can comment or open an issue' : 'any fork';
  const gate = environment ? ` (environment "${environment.name}" may hold it if it requires reviewers)` : '';
  const fix = pipeline.platform === 'jenkins'
    ? 'restrict comment triggers to trusted users or drop the credentials from this build'
    : 'do this work in a pull_request workflow without secrets, or gate the job on a maintainer (an environment with reviewers or an author_association check)';
  const message = `${pipeline.platform === 'jenkins' ? 'Stage' : 'Job'} "${job.id}" runs on ${events.join(', ')} with ${what}${runsCode}${gate}: ${who} can steer it with the repository's credentials; ${fix}.`;
  const related: { target: Range; message: string }[] = untrusted.slice(0, 2).map((t: Trigger) => ({ target: t.range, message: `trigger ${t.event}` }));
  if (checkout) related.push({ target: checkout.range, message: checkout.kind === 'artifact' ? 'untrusted artifacts' : 'checkout of untrusted code' });
  ctx.report(job.keyRange, message, { severity, related, properties: { events: events, untrustedCheckout: !!checkout }, fingerprintKey: `${pipeline.name}:${job.id}:untrusted` });
}

/** The job's own condition, or one of the jobs it needs, admits only trusted input. */
function guarded(pipeline: Pipeline, job: Job): boolean {
  const conditions = [job.condition?.value, ...ancestors(pipeline, job).map((a) => a.job.condition?.value)];
  return conditions.some((c) => c !== undefined && GUARDS.some((g) => g.test(c)));
}

/** What makes the job worth stealing: deploys, secrets, cloud federation, inherited secrets. */
function privileges(pipeline: Pipeline, job: Job): string[] {
  const out: string[] = [];
  const deploy = mainDeploy(pipeline, job);
  if (deploy && deploy.evidence !== 'name') out.push(`a deploy (${deploy.what})`);
  const secrets = [...new Set(job.references.filter((r) => (r.kind === 'secret' && r.name !== 'GITHUB_TOKEN') || r.kind === 'credential').map((r) => r.name))];
  if (job.references.some((r) => r.kind === 'whole-secrets')) out.push('every secret of the repository');
  else if (secrets.length) out.push(`secrets ${secrets.slice(0, 3).join(', ')}`);
  if (job.call?.inheritSecrets) out.push('`secrets: inherit`');
  const federated = jobLogins(pipeline, job).find((l) => l.method === 'oidc');
  if (federated) out.push(`${federated.provider.toUpperCase()} federation (${federated.evidence})`);
  return out;
}

function writesToken(pipeline: Pipeline, job: Job): boolean {
  const permissions = job.permissions ?? pipeline.permissions;
  if (!permissions) return true;
  return permissions.all === 'write-all' || permissions.scopes.some((s) => s.level === 'write');
}

function untrustedCheckout(job: Job, triggers: Trigger[]): { range: Range; kind: 'code' | 'artifact' } | undefined {
  for (const step of job.steps) {
    const found = checkoutOf(step, triggers);
    if (found) return found;
  }
  return undefined;
}

function checkoutOf(step: Step, triggers: Trigger[]): { range: Range; kind: 'code' | 'artifact' } | undefined {
  const uses = step.uses ? normaliseUses('github-actions', step.uses.value) : '';
  const inputs = inputReader(step.inputs);
  if (uses === 'actions/checkout' && UNTRUSTED_REF.test(`${inputs.get('ref') ?? ''} ${inputs.get('repository') ?? ''}`)) return { range: step.anchor, kind: 'code' };
  if (triggers.some((t) => t.event === 'workflow_run') && (uses === 'dawidd6/action-download-artifact' || (uses === 'actions/download-artifact' && /workflow_run/.test(inputs.get('run-id') ?? '')))) {
    return { range: step.anchor, kind: 'artifact' };
  }
  for (const command of step.commands) {
    const argv = command.argv.map((w) => w.value);
    if (argv[0] === 'gh' && argv[1] === 'pr' && argv[2] === 'checkout') return { range: command.range, kind: 'code' };
    if (argv[0] === 'git' && (argv[1] === 'fetch' || argv[1] === 'checkout' || argv[1] === 'pull') && argv.some((w) => UNTRUSTED_REF.test(w) || /^(?:\+?refs\/)?pull\//.test(w))) return { range: command.range, kind: 'code' };
    if (argv[0] === 'gh' && argv[1] === 'run' && argv[2] === 'download' && triggers.some((t) => t.event === 'workflow_run')) return { range: command.range, kind: 'artifact' };
  }
  return undefined;
}
