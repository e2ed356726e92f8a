import type { Range } from '../../rule/types.js';
import { conjuncts, topLevel, unwrap } from './expressions.js';
import { inputReader, normaliseUses } from './known.js';
import type { Job, Step, Trigger, TriggerKind } from './types.js';

/**
 * Who controls what a GitHub Actions run sees, per event: the one trigger-trust table of the
 * project. The deploy rules and the assistant workflow reader both read it, so "untrusted" means
 * the same thing everywhere, and where the two uses differ the table says so.
 */
export interface EventTrust {
  kind: TriggerKind;
  /**
   * The run has the base repository's secrets and a writable token even when an outsider (a
   * fork's author, a commenter, an issue author) starts it. `pull_request` from a fork does not.
   */
  privilegedForOutsiders: boolean;
  /** Who outside the project can start it. */
  outsider?: 'fork' | 'commenter';
  /**
   * The event carries text an outsider writes (titles, bodies, comments, review text, branch
   * names). As data in a privileged run it can inject shell; as a prompt it can steer an agent
   * even where the run itself is not privileged for outsiders (review events: a fork's review
   * run gets no secrets, but a same-repository agent reading a stranger's review text does).
   */
  outsiderText: boolean;
  /**
   * The run belongs to a pull request whose head it can check out (a pull request or review
   * event, a comment that may sit on a pull request, a run after a pull request's workflow).
   */
  namesPullRequest?: boolean;
}

const GITHUB_EVENT_TRUST: Readonly<Record<string, EventTrust>> = {
  push: { kind: 'push', privilegedForOutsiders: false, outsiderText: false },
  pull_request: { kind: 'pull-request', namesPullRequest: true, privilegedForOutsiders: false, outsider: 'fork', outsiderText: true },
  pull_request_target: { kind: 'pull-request', namesPullRequest: true, privilegedForOutsiders: true, outsider: 'fork', outsiderText: true },
  pull_request_review: { kind: 'pull-request', namesPullRequest: true, privilegedForOutsiders: false, outsider: 'commenter', outsiderText: true },
  pull_request_review_comment: { kind: 'pull-request', namesPullRequest: true, privilegedForOutsiders: false, outsider: 'commenter', outsiderText: true },
  merge_group: { kind: 'push', privilegedForOutsiders: false, outsiderText: false },
  workflow_dispatch: { kind: 'manual', privilegedForOutsiders: false, outsiderText: false },
  repository_dispatch: { kind: 'api', privilegedForOutsiders: false, outsiderText: false },
  schedule: { kind: 'schedule', privilegedForOutsiders: false, outsiderText: false },
  release: { kind: 'release', privilegedForOutsiders: false, outsiderText: false },
  workflow_call: { kind: 'call', privilegedForOutsiders: false, outsiderText: false },
  // Runs privileged after a workflow a fork's pull request started: its artifacts, caches and
  // head branch name are the fork's.
  workflow_run: { kind: 'upstream', namesPullRequest: true, privilegedForOutsiders: true, outsider: 'fork', outsiderText: true },
  issue_comment: { kind: 'comment', namesPullRequest: true, privilegedForOutsiders: true, outsider: 'commenter', outsiderText: true },
  discussion_comment: { kind: 'comment', privilegedForOutsiders: true, outsider: 'commenter', outsiderText: true },
  issues: { kind: 'issue', privilegedForOutsiders: true, outsider: 'commenter', outsiderText: true },
  discussion: { kind: 'issue', privilegedForOutsiders: true, outsider: 'commenter', outsiderText: true },
  create: { kind: 'other', privilegedForOutsiders: false, outsiderText: false },
  deployment: { kind: 'api', privilegedForOutsiders: false, outsiderText: false },
  deployment_status: { kind: 'upstream', privilegedForOutsiders: false, outsiderText: false },
};

/**
 * Triggers only a GitHub Agentic Workflow's frontmatter has; its compiler turns them into
 * ordinary events. A slash command is a comment anyone can post on an issue, pull request or
 * discussion; a label command needs someone allowed to label (triage access).
 */
const AGENTIC_ONLY_EVENT_TRUST: Readonly<Record<string, EventTrust>> = {
  command: { kind: 'comment', namesPullRequest: true, privilegedForOutsiders: true, outsider: 'commenter', outsiderText: true },
  slash_command: { kind: 'comment', namesPullRequest: true, privilegedForOutsiders: true, outsider: 'commenter', outsiderText: true },
  label_command: { kind: 'other', privilegedForOutsiders: false, outsiderText: false },
};

const OTHER: EventTrust = { kind: 'other', privilegedForOutsiders: false, outsiderText: false };

/** Where the trigger is written: a GitHub Actions workflow, or an agentic workflow's frontmatter. */
export type TriggerSource = 'workflow' | 'agentic-workflow';

export function githubEventTrust(event: string, source: TriggerSource = 'workflow'): EventTrust {
  return GITHUB_EVENT_TRUST[event] ?? (source === 'agentic-workflow' ? AGENTIC_ONLY_EVENT_TRUST[event] : undefined) ?? OTHER;
}

/** Privileged runs an outsider can start: what deploy and identity rules call untrusted. */
export function isPrivilegedOutsiderEvent(event: string, source: TriggerSource = 'workflow'): boolean {
  const trust = githubEventTrust(event, source);
  return trust.privilegedForOutsiders && trust.outsider !== undefined;
}

/** Events whose text must not reach an agent's prompt: privileged outsider events, and review events. */
export function isUntrustedForAgentPrompt(event: string, source: TriggerSource = 'workflow'): boolean {
  const trust = githubEventTrust(event, source);
  return isPrivilegedOutsiderEvent(event, source) || (trust.outsiderText && trust.kind === 'pull-request' && trust.outsider === 'commenter');
}

/**
 * Whether a GitHub Actions job runs a pull request's own code: `pull_request` and review events
 * build the pull request's merge commit; a privileged event (`pull_request_target`,
 * `workflow_run`, a comment) runs the base branch's code unless a step checks out the head or
 * fetches the triggering run's artifacts, or its event text (a title, a branch name) is written into a script.
 */
export function runsPullRequestCode(job: Job): boolean {
  const builds = job.triggers.some((t) => {
    const trust = githubEventTrust(t.event);
    return trust.kind === 'pull-request' && !trust.privilegedForOutsiders;
  });
  if (builds) return true;
  const privileged = job.triggers.filter((t) => githubEventTrust(t.event).namesPullRequest && githubEventTrust(t.event).privilegedForOutsiders);
  return (
    privileged.length > 0 &&
    forkInputs(job, privileged).some((input) => input.kind === 'head-checkout' || input.kind === 'triggering-artifact' || input.kind === 'event-text-in-script')
  );
}

/** Untrusted events after which the run can check out the pull request's own code. */
export function canCheckOutOutsiderCode(event: string, source: TriggerSource = 'workflow'): boolean {
  return isUntrustedForAgentPrompt(event, source) && githubEventTrust(event, source).namesPullRequest === true;
}

// ---- gates on who started the run ------------------------------------------------------------

/** A condition that admits only trusted input, by what it checks. */
export type TrustGate =
  | 'author-association'
  | 'same-repository'
  | 'not-a-fork'
  | 'trusted-actor'
  | 'maintainer-label'
  | 'merged'
  | 'upstream-push'
  | 'repository-permission'
  | 'role-check-job';

const TRUST_GATES: readonly [TrustGate, RegExp][] = [
  ['author-association', /author_association/],
  [
    'same-repository',
    /head\.repo\.full_name\s{0,4}==\s{0,4}github\.repository\b|github\.repository\s{0,4}==\s{0,4}github\.event\.pull_request\.head\.repo\.full_name|head_repository\.full_name\s{0,4}==\s{0,4}github\.repository/,
  ],
  [
    'not-a-fork',
    /head\.repo\.fork\s{0,4}==\s{0,4}false|!\s{0,4}github\.event\.pull_request\.head\.repo\.fork|head\.repo\.fork\s{0,4}!=\s{0,4}true|head_repository\.fork\s{0,4}==\s{0,4}false/,
  ],
  ['upstream-push', /workflow_run\.event\s{0,4}==\s{0,4}'push'|workflow_run\.event\s{0,4}!=\s{0,4}'pull_request'/],
  // `github.actor == 'dependabot[bot]'`, `pull_request.user.login == 'renovate[bot]'`, an allow-list.
  [
    'trusted-actor',
    /github\.(?:actor|triggering_actor|event\.sender\.login|event\.comment\.user\.login)\s{0,4}==\s{0,4}'[^']{1,100}'|(?:pull_request|issue|comment|review|sender)\.user\.login\s{0,4}==\s{0,4}'[^']{1,100}'|'[^']{1,100}'\s{0,4}==\s{0,4}github\.(?:actor|triggering_actor)|contains\(\s{0,4}(?:fromJSON\(|\[|').{0,400}?,\s{0,4}github\.(?:actor|triggering_actor|event\.(?:sender|comment\.user|pull_request\.user|issue\.user)\.login)\s{0,4}\)/i,
  ],
  ['maintainer-label', /contains\(\s{0,4}github\.event\.(?:pull_request|issue)\.labels|github\.event\.label\.name\s{0,4}==/],
  ['merged', /github\.event\.pull_request\.merged\s{0,4}==\s{0,4}true|github\.event\.pull_request\.merged(?:\s|$|\))/],
  ['repository-permission', /github\.repository_owner\s{0,4}==.{0,200}github\.actor|permission\s{0,4}==\s{0,4}'(?:admin|write)'/],
  // gh-aw's compiled workflows: every job waits for `pre_activation`, which checks the actor's repository role.
  ['role-check-job', /needs\.pre_activation\.outputs\.activated\s{0,4}==\s{0,4}'true'/],
];

/**
 * What, in a job condition, admits only trusted input on runs started by `event`; undefined
 * when nothing does. Every way through the condition must pass a gate: in
 * `github.event_name != 'pull_request' || <same repository>` a comment-triggered run takes the
 * first branch and meets no gate, while a pull request meets the same-repository check. A
 * branch that cannot hold for the event (`github.event_name == 'push'`) is no way through.
 * Without an event, no branch is ruled out. Conditions nested deeper than {@link MAX_NESTING}
 * (written by no person; a hostile file's) count as ungated, the side that reports.
 */
export function trustGate(condition: string | undefined, event?: string, roleCheckers: ReadonlySet<string> = NONE): TrustGate | undefined {
  return condition ? gateOfCondition(condition, event, roleCheckers, 0) : undefined;
}

/** {@link trustGate} at a nesting depth: the gate of the first `&&` operand that has one. */
function gateOfCondition(condition: string, event: string | undefined, roleCheckers: ReadonlySet<string>, depth: number): TrustGate | undefined {
  if (depth > MAX_NESTING) return undefined;
  for (const part of conjuncts(condition)) {
    const gate = gateOfOperand(part, event, roleCheckers, depth);
    if (gate) return gate;
  }
  return undefined;
}

/** How deep `&&`/`||` groups are followed: each level scans the condition once, so the work stays linear in its length. */
const MAX_NESTING = 16;

/** The gate an operand of a top-level `&&` enforces for the event: on each of its `||` branches the event can take. */
function gateOfOperand(operand: string, event: string | undefined, roleCheckers: ReadonlySet<string>, depth: number): TrustGate | undefined {
  const branches = topLevel(operand, '||').map(unwrap);
  if (branches.length === 1) {
    const parts = conjuncts(operand);
    if (parts.length > 1) return gateOfCondition(operand, event, roleCheckers, depth + 1);
    const checker = ROLE_CHECK_OUTPUT.exec(operand.trim())?.[1];
    if (checker && roleCheckers.has(checker)) return 'role-check-job';
    return TRUST_GATES.find(([, pattern]) => pattern.test(operand))?.[0];
  }
  let found: TrustGate | undefined;
  for (const branch of branches) {
    if (excludesEvent(branch, event)) continue;
    const gate = gateOfCondition(branch, event, roleCheckers, depth + 1);
    if (!gate) return undefined;
    found ??= gate;
  }
  return found;
}

const NONE: ReadonlySet<string> = new Set();

/** `needs.<job>.outputs.<name> == 'true'` (or the bare output): a later job waiting on an earlier job's verdict. */
const ROLE_CHECK_OUTPUT = /^needs\.([\w-]{1,100})\.outputs\.[\w-]{1,100}(?:\s{0,4}==\s{0,4}'true'|\s{0,4}!=\s{0,4}'false')?$/;

/** REST calls and Octokit methods that look up a user's repository permission, team or organisation membership. */
const ROLE_LOOKUP =
  /\/collaborators\/[^\s'"]{1,200}\/permission|getCollaboratorPermissionLevel|\/teams\/[^\s'"]{1,200}\/memberships\/|\/orgs\/[^\s'"]{1,200}\/members\/|checkMembershipForUser|getMembershipForUserInOrg/;

/**
 * Jobs that look up the triggering user's role (repository permission, team or organisation
 * membership) in a script: a later job whose condition requires one of their outputs waits on
 * that check, as gh-aw's `pre_activation` job does. What the script concludes is not read; the
 * lookup alone marks the job as the workflow's own gate.
 */
export function roleCheckingJobs(jobs: readonly Job[]): ReadonlySet<string> {
  const cached = roleCheckersOf.get(jobs);
  if (cached) return cached;
  const found = new Set<string>();
  roleCheckersOf.set(jobs, found);
  for (const job of jobs) {
    const texts = job.steps.flatMap((s) => [s.script?.value, ...s.inputs.map((i) => i.value)]);
    if (texts.some((text) => text !== undefined && ROLE_LOOKUP.test(text))) found.add(job.id);
  }
  return found;
}

/** Per pipeline: rules ask once per job and event. */
const roleCheckersOf = new WeakMap<readonly Job[], ReadonlySet<string>>();

/** A script stopping the job: `core.setFailed`, `exit 1`, `process.exit(1)`, a thrown error. */
const FAILS_JOB = /\bsetFailed\s{0,4}\(|\bexit\s{1,4}[1-9]|process\.exit\(\s{0,4}[1-9]|\bthrow\s{1,4}new\b/;

/**
 * The step that looks up the triggering user's role and fails the job when it falls short (the
 * "snapshot on comment" pattern: `getCollaboratorPermissionLevel`, then `core.setFailed`), when
 * one does; the steps after it run only for users it admits (unless they ask for `always()`).
 */
export function roleCheckStep(job: Job): Step | undefined {
  return job.steps.find((s) => {
    const texts = [s.script?.value, ...s.inputs.map((i) => i.value)].filter((t): t is string => t !== undefined);
    return texts.some((t) => ROLE_LOOKUP.test(t)) && texts.some((t) => FAILS_JOB.test(t));
  });
}

/** A branch that cannot hold on a run of this event: `github.event_name == 'other'`, `!= 'this'`, in any of its `&&` operands. */
function excludesEvent(branch: string, event: string | undefined): boolean {
  if (!event) return false;
  return conjuncts(branch).some((part) => {
    const test = /^github\.event_name\s{0,4}(==|!=)\s{0,4}['"]([a-z_]{1,64})['"]$/.exec(part.trim());
    return test !== null && (test[1] === '==' ? test[2] !== event : test[2] === event);
  });
}

// ---- fork-controlled input that reaches something that runs ----------------------------------

/**
 * How fork- or outsider-controlled input reaches something that runs in a privileged job:
 * - `head-checkout`: the pull request's head, a merge ref or a fork repository is checked out;
 * - `triggering-artifact`: artifacts or caches of the run that triggered a `workflow_run`,
 *   downloaded into the workspace (where they can replace what the job runs next) or run;
 * - `triggering-artifact-data`: the same artifacts downloaded into a folder of their own that no
 *   later step runs anything from: data the job reads or uploads;
 * - `event-text-in-script`: event text (titles, bodies, comments, branch names) interpolated
 *   into `run:` or an `actions/github-script` script;
 * - `event-text-in-prompt`: the same text written into an agent's prompt.
 */
type ForkInputKind = 'head-checkout' | 'triggering-artifact' | 'triggering-artifact-data' | 'event-text-in-script' | 'event-text-in-prompt';

export interface ForkInput {
  kind: ForkInputKind;
  range: Range;
  /** The step it happens in. */
  step: Step;
  /** Where `actions/checkout` puts the code (its `path` input); the workspace root when absent. */
  path?: string;
}

/** A ref or repository of the pull request's own code (or a fork's). */
const HEAD_REF =
  /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.workflow_run\.head_(?:sha|branch)|github\.event\.workflow_run\.pull_requests|head\.repo\.full_name|head_repository\.full_name|\.merge_commit_sha/;

/**
 * Event fields whose text an outsider writes. Numbers, SHAs, ids and GitHub-assigned values
 * (`github.event.number`, `pull_request.head.sha`) are not text and cannot inject anything.
 */
const EVENT_TEXT =
  /\$\{\{[^}]{0,300}?(?:github\.event\.(?:issue|pull_request|comment|review|review_comment|discussion|head_commit|workflow_run)\.(?:[\w.[\]*]{0,80}\.)?(?:title|body|message|label|ref|head_branch|name|email|default_branch|page_name)\b|github\.head_ref|github\.event\.commits\b|github\.event\.pages\b)[^}]{0,300}\}\}/;

const EVENT_TEXT_GLOBAL = new RegExp(EVENT_TEXT.source, 'g');
/** An expression whose value is a boolean: a test function or a comparison, whatever text it reads. */
const BOOLEAN_EXPRESSION = /^\$\{\{\s*(?:!?\s*(?:contains|startsWith|endsWith)\s*\([^]*\)\s*|[^]*?(?:==|!=|<=|>=)[^]*?)\}\}$/i;

/**
 * Whether a script or prompt interpolates event text an outsider writes. `${{ contains(
 * github.event.pull_request.labels.*.name, 'bug') }}` reads a label but interpolates `true` or
 * `false`: a test function or a comparison cannot carry the text into the script.
 */
function interpolatesEventText(value: string): boolean {
  // `a || b` and `a && b` yield an operand, not a boolean (the `cond && x || y` idiom yields text).
  for (const match of value.matchAll(EVENT_TEXT_GLOBAL)) if (/&&|\|\|/.test(match[0]) || !BOOLEAN_EXPRESSION.test(match[0])) return true;
  return false;
}

/** Agent actions and the inputs that become their prompt. */
const AGENT_PROMPT_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'anthropics/claude-code-action': ['prompt', 'direct-prompt', 'override-prompt', 'custom-instructions', 'claude-args'],
  'anthropics/claude-code-base-action': ['prompt', 'append-system-prompt', 'claude-args'],
  'openai/codex-action': ['prompt', 'prompt-file'],
  'google-github-actions/run-gemini-cli': ['prompt'],
  'google-gemini/gemini-cli-action': ['prompt'],
};

/** git commands that put fetched commits into the working tree. */
const WORKTREE_CHANGES = new Set(['checkout', 'switch', 'merge', 'reset', 'rebase', 'cherry-pick', 'worktree', 'restore', 'pull', 'am']);

/** Every way fork-controlled input reaches something that runs in this job, in step order. */
export function forkInputs(job: Job, triggers: readonly Trigger[]): ForkInput[] {
  const out: ForkInput[] = [];
  const upstream = triggers.some((t) => t.event === 'workflow_run');
  // `git fetch` of the head only brings objects (to diff against, say); the checkout that follows, if any, is what runs them.
  let fetchedHead: Range | undefined;
  let fetchStep: Step | undefined;
  for (const step of job.steps) {
    const uses = step.uses ? normaliseUses('github-actions', step.uses.value) : '';
    const inputs = inputReader(step.inputs);
    if (
      uses === 'actions/checkout' &&
      (HEAD_REF.test(`${inputs.get('ref') ?? ''} ${inputs.get('repository') ?? ''}`) || headFromOutput(inputs.get('ref'), job))
    )
      out.push({ kind: 'head-checkout', range: step.anchor, step, path: inputs.get('path') });
    if (
      upstream &&
      (uses === 'dawidd6/action-download-artifact' || (uses === 'actions/download-artifact' && /workflow_run|run[-_]id/.test(inputs.get('run-id') ?? '')))
    )
      out.push({ kind: artifactUse(job, step, inputs.get('path')), range: step.anchor, step, path: inputs.get('path') });
    for (const command of step.commands) {
      const argv = command.argv.map((w) => w.value);
      if (argv[0] === 'gh' && argv[1] === 'pr' && argv[2] === 'checkout') out.push({ kind: 'head-checkout', range: command.range, step });
      else if (argv[0] === 'git' && argv[1] === 'fetch' && argv.some((w) => HEAD_REF.test(w) || /^(?:\+?refs\/)?pull\//.test(w))) {
        fetchedHead ??= command.range;
        fetchStep ??= step;
      } else if (
        argv[0] === 'git' &&
        (argv[1] === 'checkout' || argv[1] === 'pull' || argv[1] === 'switch') &&
        argv.some((w) => HEAD_REF.test(w) || /^(?:\+?refs\/)?pull\//.test(w))
      )
        out.push({ kind: 'head-checkout', range: command.range, step });
      else if (fetchedHead && argv[0] === 'git' && WORKTREE_CHANGES.has(argv[1] ?? '')) {
        out.push({ kind: 'head-checkout', range: fetchedHead, step: fetchStep! });
        fetchedHead = undefined;
      } else if (argv[0] === 'gh' && argv[1] === 'run' && argv[2] === 'download' && upstream) {
        const dir = argv[argv.findIndex((w) => w === '-D' || w === '--dir') + 1];
        const path = argv.includes('-D') || argv.includes('--dir') ? dir : undefined;
        out.push({ kind: artifactUse(job, step, path), range: command.range, step, path });
      }
    }
    const script = step.script ?? (uses === 'actions/github-script' ? located(step, 'script') : undefined);
    if (script && interpolatesEventText(script.value)) out.push({ kind: 'event-text-in-script', range: script.range, step });
    for (const name of AGENT_PROMPT_INPUTS[uses] ?? []) {
      const input = located(step, name);
      if (input && interpolatesEventText(input.value)) out.push({ kind: 'event-text-in-prompt', range: input.range, step });
    }
  }
  return out;
}

/** An output named for a pull request's head, or set by a step that looks the head up (`gh pr view --json headRefName`). */
const HEAD_OUTPUT_NAME = /^(?:head[_-]?(?:sha|ref|branch)|headRef(?:Name|Oid))$/i;
const HEAD_LOOKUP = /headRef(?:Name|Oid)|\.head\.(?:sha|ref)\b|refs\/pull\//;

/**
 * `ref: ${{ steps.pr.outputs.sha }}` or `${{ needs.find-pr.outputs.head_sha }}`: a ref another
 * step or job worked out. It is the pull request's head when the output is named so, or when the
 * step in this job that sets it reads the head.
 */
function headFromOutput(ref: string | undefined, job: Job): boolean {
  const output = ref && /\b(steps|needs)\.([\w-]{1,100})\.outputs\.([\w-]{1,100})/.exec(ref);
  if (!output) return false;
  if (HEAD_OUTPUT_NAME.test(output[3]!)) return true;
  if (output[1] !== 'steps') return false;
  const source = job.steps.find((s) => s.id === output[2]);
  if (!source) return false;
  const texts = [source.script?.value, ...source.inputs.map((i) => i.value)].filter((text): text is string => text !== undefined);
  const readsHead = (text: string) => HEAD_REF.test(text) || HEAD_LOOKUP.test(text);
  // A step that sets several outputs (`base_sha` and `head_sha`): judge the value this output is set to, where it can be found.
  // A variable (`ref`, `$REF`) says nothing by itself: then the whole step is judged.
  const assigned = texts.flatMap((text) => outputAssignments(text, output[3]!));
  const telling = assigned.filter((value) => !OPAQUE_VALUE.test(value));
  return telling.length && telling.length === assigned.length ? telling.some(readsHead) : texts.some(readsHead);
}

/** An output set from a bare variable: `ref)`, `"$REF"`, `${ref}`. */
const OPAQUE_VALUE = /^\s{0,10}[`'"]?\$?\{?[A-Za-z_]\w{0,100}\}?[`'"]?\s{0,10}\)?;?\s{0,10}$/;

/** What a script sets an output to: `core.setOutput('name', value)` or `echo "name=value" >> "$GITHUB_OUTPUT"`. */
function outputAssignments(script: string, name: string): string[] {
  const quoted = name.replace(/[-]/g, '\\-');
  const pattern = new RegExp(`setOutput\\(\\s{0,4}['"\`]${quoted}['"\`]\\s{0,4},([^\\n]{0,300})|(?:^|[\\s"'])${quoted}=([^\\n]{0,300})`, 'g');
  return [...script.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? '');
}

/** Programs that run the file they are given. */
const RUNS_ITS_ARGUMENT = new Set([
  'bash',
  'sh',
  'zsh',
  'source',
  '.',
  'node',
  'python',
  'python3',
  'ruby',
  'perl',
  'pwsh',
  'php',
  'deno',
  'bun',
  'npx',
  'make',
]);

/**
 * How a job uses the artifacts it downloads: into the workspace root, or run from their folder by
 * a later step (`bash coverage/upload.sh`, `./dist/tool`, `cd dist && …`), they steer what runs;
 * in a folder of their own that nothing runs from, they are data.
 */
function artifactUse(job: Job, download: Step, path: string | undefined): 'triggering-artifact' | 'triggering-artifact-data' {
  const folder = path
    ?.trim()
    .replace(/^\$\{\{\s{0,4}github\.workspace\s{0,4}\}\}\/?|^\.\//, '')
    .replace(/\/+$/, '');
  if (!folder || folder === '.' || folder.includes('${{')) return 'triggering-artifact';
  const inFolder = (word: string) => {
    const w = word.replace(/^\.\//, '');
    return w === folder || w.startsWith(folder + '/');
  };
  const later = job.steps.slice(job.steps.indexOf(download) + 1);
  const runsFromFolder = later.some((step) =>
    step.commands.some((command) => {
      const argv = command.argv.map((w) => w.value);
      const program = argv[0] ?? '';
      return inFolder(program) || (RUNS_ITS_ARGUMENT.has(program) && argv.slice(1).some(inFolder)) || (program === 'cd' && inFolder(argv[1] ?? ''));
    }),
  );
  return runsFromFolder ? 'triggering-artifact' : 'triggering-artifact-data';
}

function located(step: Step, name: string): { value: string; range: Range } | undefined {
  const input = step.inputs.find((i) => i.name.toLowerCase().replace(/_/g, '-') === name);
  return input?.value !== undefined ? { value: input.value, range: input.valueRange } : undefined;
}
