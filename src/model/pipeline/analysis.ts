import type { Range } from '../../rule/types.js';
import { commandDeploy, type DeployKind } from './commands.js';
import { knownStep, normaliseUses } from './known.js';
import { effectiveArgv } from './shell.js';
import { isCredentialReference } from './common.js';
import { roleCheckingJobs, trustGate } from './trust.js';
import { isReleaseBranch, isTestJobName, tierOfName, tierOfNames, type NamePattern, type Tier } from './target.js';
import type { Command, EnvironmentRef, Gate, Job, Pipeline, Step } from './types.js';

/** How a deploy was recognised, strongest first. */
type Evidence = 'structural' | 'action' | 'command' | 'name';

/** One deploy, publish or release a job performs. */
export interface Deploy {
  kind: DeployKind;
  evidence: Evidence;
  /** What was recognised, for messages: `kubectl apply`, `azure/webapps-deploy`, `environment "production"`. */
  what: string;
  /**
   * The program, action or platform construct that deploys (`kubectl`, `azure/webapps-deploy`,
   * `gitlab-release`): what code asks about, never {@link what}. An environment that alone
   * declares a deploy is `environment`.
   */
  tool: string;
  range: Range;
  step?: Step;
  hints: string[];
  /** What the command or action itself says about the target. */
  tier?: 'production' | 'non-production';
}

const deployCache = new WeakMap<Job, Deploy[]>();

/** Every deploy a job performs, by evidence (structural, known step, parsed command, name). */
export function jobDeploys(pipeline: Pipeline, job: Job): Deploy[] {
  let cached = deployCache.get(job);
  if (!cached) {
    cached = findDeploys(pipeline, job);
    deployCache.set(job, cached);
  }
  return cached;
}

function findDeploys(pipeline: Pipeline, job: Job): Deploy[] {
  const out: Deploy[] = [];
  for (const s of job.structural ?? []) out.push({ ...s, evidence: 'structural', hints: s.hints ?? [] });
  for (const step of job.steps) {
    if (step.uses) {
      const known = knownStep(pipeline.platform, step.uses.value, step.inputs);
      if (known)
        out.push({
          kind: known.kind,
          evidence: 'action',
          what: known.what,
          tool: known.tool,
          range: step.uses.range,
          step,
          hints: known.hints,
          tier: known.tier,
        });
    }
    for (const command of step.commands) {
      const found = commandDeploy(command) ?? (command.remote ? remoteDeploy(command) : undefined);
      if (found)
        out.push({
          kind: found.kind,
          evidence: 'command',
          what: found.what,
          tool: found.tool,
          range: command.range,
          step,
          hints: found.hints,
          tier: found.tier,
        });
    }
  }
  const env = job.environment;
  if (env && isDeployingEnvironment(env) && !out.some((d) => d.evidence === 'structural')) {
    out.unshift({
      kind: 'deploy',
      evidence: 'structural',
      what: `${env.kind === 'deployment' ? 'deployment' : 'environment'} "${env.name}"`,
      tool: ENVIRONMENT_TOOL,
      range: env.range,
      hints: [],
    });
  }
  if (!out.length && nameSaysDeploy(job) && !opensReleasePullRequest(pipeline, job))
    out.push({ kind: 'deploy', evidence: 'name', what: 'a name that says so', tool: 'job-name', range: job.keyRange, hints: [] });
  return out;
}

/** The tool of a deploy that an environment alone declares. */
const ENVIRONMENT_TOOL = 'environment';

/**
 * Whether nothing the job runs deploys and only its environment (or its name) says it does: many
 * workflows use an environment just to hold secrets for automation (`environment: ci-triage`).
 */
export function declaredOnlyByEnvironment(deploy: Deploy): boolean {
  return deploy.tool === ENVIRONMENT_TOOL || deploy.evidence === 'name';
}

/**
 * Release-PR bots (release-please, changesets without `publish`) open or update a pull request
 * that a person merges: the job is named for releasing but ships nothing itself.
 */
const RELEASE_PR_ACTIONS = new Set(['googleapis/release-please-action', 'google-github-actions/release-please-action', 'changesets/action']);

export function opensReleasePullRequest(pipeline: Pipeline, job: Job): boolean {
  return (
    job.steps.some((s) => s.uses && RELEASE_PR_ACTIONS.has(normaliseUses(pipeline.platform, s.uses.value))) ||
    job.steps.some((s) => s.commands.some((c) => effectiveArgv(c)[0] === 'release-please'))
  );
}

/** GitLab `stop`/`prepare`/`verify`/`access` environments are not deployments. */
function isDeployingEnvironment(env: EnvironmentRef): boolean {
  if (env.kind !== 'environment' && env.kind !== 'deployment') return false;
  return !env.action || env.action === 'start';
}

function nameSaysDeploy(job: Job): boolean {
  return [job.id, job.name].some(
    (n) => n && /(?:^|[^a-z])(?:deploy|deployment|release|publish|rollout|promote|ship)(?:$|[^a-z])/i.test(n.replace(/([a-z])([A-Z])/g, '$1 $2')),
  );
}

/** A command run on a remote host over ssh that changes what runs there. */
function remoteDeploy(command: Command) {
  const argv = effectiveArgv(command);
  const [name, sub, third] = argv;
  const line = argv.join(' ');
  const mutates =
    (((name === 'docker' && (sub === 'compose' || sub === 'stack')) || name === 'docker-compose') && /\b(?:up|pull|restart|deploy)\b/.test(line)) ||
    (name === 'docker' && (sub === 'run' || sub === 'pull' || sub === 'restart')) ||
    (name === 'git' && (sub === 'pull' || sub === 'reset' || sub === 'checkout')) ||
    (name === 'systemctl' && /^(?:restart|reload|start)$/.test(sub ?? '')) ||
    (name === 'service' && /^(?:restart|reload|start)$/.test(third ?? '')) ||
    (name === 'pm2' && /^(?:restart|reload|start|startOrReload|startOrRestart)$/.test(sub ?? '')) ||
    (name === 'supervisorctl' && /^(?:restart|update|start)$/.test(sub ?? '')) ||
    (name === 'php' && sub === 'artisan' && /^(?:migrate|up)$/.test(third ?? ''));
  return mutates ? { kind: 'deploy' as const, what: `${argv.slice(0, 2).join(' ')} on a remote host`, tool: name!, hints: [], tier: undefined } : undefined;
}

/** Evidence order: the strongest deploy of a job is what findings name. */
const STRENGTH: Record<Evidence, number> = { structural: 0, action: 1, command: 2, name: 3 };

/** Actions that create a GitHub release or attach files to one. */
const RELEASE_ASSET_ACTIONS = new Set([
  'softprops/action-gh-release',
  'ncipollo/release-action',
  'svenstaro/upload-release-action',
  'actions/upload-release-asset',
]);

/**
 * The deploy that represents a job in findings, counting only what deploy rules count: plain
 * image pushes on branch builds are build artifacts (unless `includeImagePush`), and a job
 * recognised by its name alone counts only when it holds credentials.
 */
export function mainDeploy(pipeline: Pipeline, job: Job, options: { includeImagePush?: boolean } = {}): Deploy | undefined {
  const releaseOnly = job.triggers.length > 0 && job.triggers.every((t) => t.kind === 'tag' || t.kind === 'release');
  // On GitHub's `release` event the release already exists, made by a person: an action that
  // attaches assets to it publishes nothing new.
  const onPublishedRelease = pipeline.platform === 'github-actions' && job.triggers.length > 0 && job.triggers.every((t) => t.event === 'release');
  const counted = jobDeploys(pipeline, job).filter((d) => {
    if (d.kind === 'image-push') return releaseOnly || options.includeImagePush === true;
    if (d.kind === 'release' && onPublishedRelease && RELEASE_ASSET_ACTIONS.has(d.tool)) return false;
    if (d.evidence === 'name') return job.references.some(isCredentialReference) || job.contexts.length > 0;
    return true;
  });
  // An environment alone declares a deploy; what the job runs describes it better.
  const rank = (d: Deploy) => (d.tool === ENVIRONMENT_TOOL ? 2.5 : STRENGTH[d.evidence]);
  return counted.sort((a, b) => rank(a) - rank(b))[0];
}

// ---- target tier ---------------------------------------------------------------------------

/**
 * What decided a deploy's tier, strongest first: the environment or context it names, a throwaway
 * cluster the job creates, the command's own target (`--namespace prod`, `values-prod.yaml`) or
 * its own say (`vercel --prod`, a Cloud Deploy release that starts at the first target), job
 * hints, job, stage and pipeline names, the branches it runs for, release tags alone, or the
 * deploy being a package publish or a release (which reach users whatever the branch).
 */
export type TierBasis =
  | 'environment'
  | 'context'
  | 'local-cluster'
  | 'target'
  | 'command'
  | 'job-name'
  | 'stage'
  | 'test-job'
  | 'pipeline-name'
  | 'branch'
  | 'release-tags'
  | 'publish'
  | 'release';

export interface TargetTier {
  tier: Tier;
  /** What decided it; undefined when nothing did (`tier: 'unknown'`). */
  basis?: TierBasis;
  /** The name or value behind the basis, for messages: `production`, `--prod`, `main`. */
  label?: string;
}

/**
 * Whether a deploy targets production, staging or an unknown place. The environment the job
 * names decides first, then the command's own flags and targets, contexts, job and step names,
 * the workflow name, and last the branches and tags the job runs for.
 */
export function deployTier(pipeline: Pipeline, job: Job, deploy: Deploy | undefined, patterns: readonly NamePattern[] = []): TargetTier {
  const env = job.environment;
  if (env) {
    const names = env.dynamic ? (env.candidates ?? [...quotedWords(env.name), literalPart(env.name)]) : [env.name, ...(env.aliases ?? [])];
    const tier = tierOfNames(names, patterns);
    if (tier !== 'unknown') return { tier, basis: env.kind === 'context' ? 'context' : 'environment', label: env.dynamic ? names.join('", "') : env.name };
  }
  if (deploy && CLUSTER_TOOLS.has(deploy.tool) && createsLocalCluster(job)) return { tier: 'non-production', basis: 'local-cluster' };
  if (deploy) {
    const hints = expandHints(deploy.hints, pipeline, job);
    const fromHints = tierOfNames(hints, patterns);
    if (fromHints === 'production') return { tier: fromHints, basis: 'target', label: hints.find((h) => tierOfName(h, patterns) === 'production') };
    if (deploy.tier) return { tier: deploy.tier, basis: 'command', label: deploy.what };
    if (fromHints !== 'unknown') return { tier: fromHints, basis: 'target', label: hints.find((h) => tierOfName(h, patterns) !== 'unknown') };
  }
  const jobHints = tierOfNames(job.hints ?? [], patterns);
  if (jobHints !== 'unknown') return { tier: jobHints, basis: 'target', label: (job.hints ?? []).find((h) => tierOfName(h, patterns) !== 'unknown') };
  const contexts = tierOfNames(
    job.contexts.map((c) => c.value),
    patterns,
  );
  if (contexts !== 'unknown')
    return { tier: contexts, basis: 'context', label: job.contexts.map((c) => c.value).find((c) => tierOfName(c, patterns) !== 'unknown') };
  const jobNames = [job.id, job.name, deploy?.step?.name];
  const byName = tierOfNames(jobNames, patterns, true);
  if (byName !== 'unknown') return { tier: byName, basis: 'job-name', label: job.name ?? job.id };
  const byStage = tierOfName(job.stage ?? '', patterns, true);
  if (byStage !== 'unknown') return { tier: byStage, basis: 'stage', label: job.stage };
  const testName = [job.id, job.name].find((n) => n && isTestJobName(n));
  if (testName) return { tier: 'non-production', basis: 'test-job', label: testName };
  const byPipeline = tierOfName(pipeline.name, patterns, true);
  if (byPipeline !== 'unknown') return { tier: byPipeline, basis: 'pipeline-name', label: pipeline.name };
  const byBranch = branchTier(job);
  if (byBranch.tier !== 'unknown') return byBranch;
  if (deploy && (deploy.kind === 'publish' || deploy.kind === 'release')) return { tier: 'production', basis: deploy.kind };
  return { tier: 'unknown' };
}

/** Tools that deploy into a Kubernetes cluster (a throwaway one, when the job creates it). */
const CLUSTER_TOOLS = new Set(['kubectl', 'helm', 'helmfile', 'kustomize', 'skaffold', 'oc', 'ko']);

const VARIABLE =
  /\$\{\{\s{0,4}(?:env|matrix|vars)\.([A-Za-z0-9_-]{1,100})\s{0,4}\}\}|\$\{([A-Za-z_][A-Za-z0-9_]{0,100})\}|\$\(([A-Za-z_][\w.]{0,100})\)|\$([A-Za-z_][A-Za-z0-9_]{0,100})/g;

/**
 * Target hints with variables replaced by the literal values the file gives them: job and
 * pipeline `env:`/`variables:`, and every value of a literal matrix (`${{ matrix.stack }}`).
 */
function expandHints(hints: readonly string[], pipeline: Pipeline, job: Job): string[] {
  const values = new Map<string, string[]>();
  for (const input of [...pipeline.env, ...job.env]) if (input.value !== undefined) values.set(input.name, [input.value]);
  for (const [key, list] of Object.entries(job.matrix ?? {})) if (!values.has(key)) values.set(key, list);
  const out: string[] = [];
  for (const hint of hints) {
    if (!hint.includes('$')) {
      out.push(hint);
      continue;
    }
    // Two rounds: `KUBE_NAMESPACE: $KUBE_NAMESPACE_PROD` points at another variable.
    let known = [hint];
    for (let round = 0; round < 2; round++) {
      known = known.flatMap((h) => {
        const names = [...h.matchAll(VARIABLE)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!);
        const found = names.flatMap((n) => values.get(n) ?? []);
        return found.length ? [h.replace(VARIABLE, ' '), ...found] : [h];
      });
    }
    out.push(...known);
  }
  return out;
}

const LOCAL_CLUSTER_ACTIONS =
  /^(?:helm\/kind-action|engineerd\/setup-kind|container-tools\/kind-action|medyagh\/setup-minikube|manusa\/actions-setup-minikube|nolar\/setup-k3d-k3s|absaoss\/k3d-action|debianmaster\/actions-k3s|jupyterhub\/action-k3s-helm|balchua\/microk8s-actions)(?:@|$)/i;

/** Cloud test clusters an action creates for the job (Replicated's compatibility matrix). */
const EPHEMERAL_CLUSTER_ACTIONS = /^replicatedhq\/replicated-actions\/create-cluster(?:@|$)/i;

/** A command that creates (or deletes) a managed Kubernetes cluster. */
function clusterLifecycle(argv: readonly string[]): 'create' | 'delete' | undefined {
  const [tool, a, b, c, d] = argv;
  const verb =
    tool === 'eksctl' && b === 'cluster'
      ? a
      : tool === 'gcloud' && a === 'container' && b === 'clusters'
        ? c
        : tool === 'az' && a === 'aks'
          ? b
          : tool === 'doctl' && a === 'kubernetes' && b === 'cluster'
            ? c
            : tool === 'replicated' && a === 'cluster'
              ? b
              : tool === 'gcloud' && a === 'beta' && b === 'container' && c === 'clusters'
                ? d
                : undefined;
  if (verb === 'create') return 'create';
  if (verb === 'delete' || verb === 'rm' || verb === 'remove') return 'delete';
  return undefined;
}

/**
 * The job starts a cluster of its own (kind, minikube, k3d, or a managed cluster it creates and
 * deletes again, a cloud test matrix's cluster): what it deploys there is a test.
 */
function createsLocalCluster(job: Job): boolean {
  const lifecycle = new Set(job.steps.flatMap((s) => s.commands.map((c) => clusterLifecycle(effectiveArgv(c)))));
  if (lifecycle.has('create') && lifecycle.has('delete')) return true;
  if (job.steps.some((s) => s.uses && EPHEMERAL_CLUSTER_ACTIONS.test(s.uses.value))) return true;
  return job.steps.some(
    (s) =>
      (s.uses && LOCAL_CLUSTER_ACTIONS.test(s.uses.value)) ||
      s.commands.some((c) => {
        const argv = effectiveArgv(c);
        return (
          (argv[0] === 'kind' && argv[1] === 'create') ||
          (argv[0] === 'minikube' && argv[1] === 'start') ||
          (argv[0] === 'k3d' && argv[1] === 'cluster' && argv[2] === 'create') ||
          (argv[0] === 'ctlptl' && argv[1] === 'create') ||
          (argv[0] === 'microk8s' && argv[1] === 'start')
        );
      }),
  );
}

/** `review/$CI_COMMIT_REF_SLUG` → `review/`: the words of a name around its variables. */
function literalPart(name: string): string {
  return name.replace(/\$\{\{[^}]{0,200}\}\}|\$\{[^}]{0,200}\}|\$\([^)]{0,200}\)|\$[A-Za-z_][A-Za-z0-9_]{0,100}/g, ' ');
}

function quotedWords(expression: string): string[] {
  return [...expression.matchAll(/'([^']{1,100})'/g)].map((m) => m[1]!);
}

/** Release branches and tags make a deploy production-like; feature/develop branches do not. */
function branchTier(job: Job): TargetTier {
  const branches = job.branches ?? unionBranches(job);
  if (branches?.length) {
    if (branches.some(isReleaseBranch)) return { tier: 'production', basis: 'branch', label: branches.find(isReleaseBranch) };
    if (branches.every((b) => tierOfName(b) === 'non-production' || /^(?:develop|dev|feature|features|staging|preview)\b/i.test(b)))
      return { tier: 'non-production', basis: 'branch', label: branches[0] };
  }
  if (job.triggers.length && job.triggers.every((t) => t.kind === 'tag' || t.kind === 'release')) return { tier: 'production', basis: 'release-tags' };
  return { tier: 'unknown' };
}

function unionBranches(job: Job): string[] | undefined {
  const pushes = job.triggers.filter((t) => t.kind === 'push');
  if (!pushes.length || pushes.some((t) => !t.branches)) return undefined;
  return pushes.flatMap((t) => t.branches ?? []);
}

// ---- gates ---------------------------------------------------------------------------------

type Verdict = 'gated' | 'unverified' | 'ungated';

export interface GateVerdict {
  verdict: Verdict;
  /** The in-file gate that holds the job. */
  gate?: Gate;
  /** The environment, context or deployment whose protection lives outside the file. */
  environment?: EnvironmentRef;
  /** The job that names that environment (the job itself or one it runs after). */
  environmentJob?: Job;
  /** Gates on the way that do not block this job. */
  weakGates: Gate[];
  /** The environment is covered by `approvals.protectedEnvironments`. */
  protectedByConfig?: boolean;
  /**
   * Every trigger is a manual one (`workflow_dispatch`, a GitLab web pipeline): one person starts
   * it, and so can any token allowed to dispatch workflows. Not an approval by a second person.
   */
  manualTrigger?: Range;
}

/**
 * The three-state verdict for one job: held by a blocking gate written in the file (a manual
 * job or step, an approval job, a `block` or `input`, a manual-only trigger), by an environment
 * whose protection lives outside the file (unverified, unless the configuration vouches for it),
 * or by nothing.
 */
export function gateVerdict(pipeline: Pipeline, job: Job, protectedEnvironments: readonly string[] = []): GateVerdict {
  const weakGates: Gate[] = job.gates.filter((g) => g.effective === false);
  const self = job.gates.find((g) => g.effective !== false);
  if (self) return { verdict: 'gated', gate: self, weakGates };
  const upstream = upstreamOf(pipeline, job);
  if (upstream.gate) return { verdict: 'gated', gate: upstream.gate, weakGates };
  let environment = upstream.environment?.env;
  let environmentJob = upstream.environment?.job;
  if (job.environment && isGatingEnvironment(job.environment)) {
    environment = job.environment;
    environmentJob = job;
  }
  if (!environment && job.contexts.length) {
    environment = { name: job.contexts[0]!.value, range: job.contexts[0]!.range, dynamic: false, kind: 'context' };
    environmentJob = job;
  }
  if (environment) {
    const covered = isProtected(environment, protectedEnvironments);
    return { verdict: covered ? 'gated' : 'unverified', environment, environmentJob, weakGates, protectedByConfig: covered || undefined };
  }
  const manual = job.triggers.length > 0 && job.triggers.every((t) => t.kind === 'manual') ? job.triggers[0]!.range : undefined;
  return { verdict: 'ungated', weakGates, manualTrigger: manual };
}

/** What the jobs a job runs after contribute to its verdict. */
interface Upstream {
  /** A gate that holds every job ordered after it (blocking), or held on an all-explicit path. */
  gate?: Gate;
  /** A gate on an all-explicit path (any effective gate holds the jobs that name it). */
  explicitGate?: Gate;
  environment?: { env: EnvironmentRef; job: Job };
}

const upstreamCache = new WeakMap<Pipeline, Map<Job, Upstream>>();

/**
 * Memoised over the pipeline's dependency graph, so a verdict for every job costs one pass over
 * the edges (GitLab stage order can link thousands of jobs). Cycles in odd files are cut.
 */
function upstreamOf(pipeline: Pipeline, job: Job): Upstream {
  let memo = upstreamCache.get(pipeline);
  if (!memo) {
    memo = new Map();
    upstreamCache.set(pipeline, memo);
  }
  const byId = jobIndex(pipeline);
  // Post-order over the dependencies with an explicit stack (no recursion on long chains).
  const stack: { job: Job; expanded: boolean }[] = [{ job, expanded: false }];
  const onStack = new Set<Job>([job]);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (memo.has(top.job)) {
      stack.pop();
      onStack.delete(top.job);
      continue;
    }
    const parents = top.job.needs.map((id) => byId.get(id)).filter((p): p is Job => !!p && p !== top.job);
    if (!top.expanded) {
      top.expanded = true;
      for (const parent of parents) {
        if (!memo.has(parent) && !onStack.has(parent)) {
          stack.push({ job: parent, expanded: false });
          onStack.add(parent);
        }
      }
      continue;
    }
    memo.set(top.job, combine(top.job, parents, memo));
    stack.pop();
    onStack.delete(top.job);
  }
  return memo.get(job) ?? {};
}

function combine(current: Job, parents: Job[], memo: Map<Job, Upstream>): Upstream {
  const result: Upstream = {};
  for (const parent of parents) {
    const above = memo.get(parent) ?? {};
    const own = parent.gates.find((g) => g.effective !== false);
    result.gate ??= own?.blocking ? own : above.gate;
    if (!current.implicitNeeds) {
      result.explicitGate ??= own ?? above.explicitGate;
      result.gate ??= result.explicitGate;
    }
    if (!result.environment) {
      const env = parent.environment;
      if (env && isGatingEnvironment(env) && environmentTier(env) !== 'non-production') result.environment = { env, job: parent };
      else result.environment = above.environment;
    }
  }
  return result;
}

function environmentTier(env: EnvironmentRef): Tier {
  return tierOfNames(env.dynamic ? (env.candidates ?? [literalPart(env.name)]) : [env.name, ...(env.aliases ?? [])]);
}

function isGatingEnvironment(env: EnvironmentRef): boolean {
  return env.kind !== 'environment' || !env.action || env.action === 'start';
}

/**
 * On runs of `event`, the job's own condition, or one of the jobs it needs, admits only trusted
 * input (an author, actor, label or same-repository gate): an outsider cannot start it.
 */
export function admitsOnlyTrusted(pipeline: Pipeline, job: Job, event: string): boolean {
  let byEvent = trustedByPipeline.get(pipeline);
  if (!byEvent) trustedByPipeline.set(pipeline, (byEvent = new Map()));
  let trusted = byEvent.get(event);
  if (!trusted) byEvent.set(event, (trusted = new Map()));
  return admitsOnlyTrustedWithin(pipeline, job, event, trusted, roleCheckingJobs(pipeline.jobs));
}

/**
 * Per pipeline and event, each job's answer. A job is gated when its own condition is, or when a
 * job it needs is gated (its own or further up): worked out once per job, so a chain of thousands
 * of jobs costs one pass, not one walk of its ancestors per job.
 */
const trustedByPipeline = new WeakMap<Pipeline, Map<string, Map<Job, boolean>>>();

function admitsOnlyTrustedWithin(pipeline: Pipeline, start: Job, event: string, trusted: Map<Job, boolean>, roleCheckers: ReadonlySet<string>): boolean {
  const byId = jobIndex(pipeline);
  // Depth-first without recursion (a chain of needs may be thousands deep). A job on the current
  // path counts as ungated when met again: a cycle of needs (GitHub rejects one) can only leave a
  // job looking less gated, the side that reports.
  const onPath = new Set<Job>();
  const stack: { job: Job; next: number }[] = [{ job: start, next: 0 }];
  onPath.add(start);
  const own = (job: Job) => trustGate(job.condition?.value, event, roleCheckers) !== undefined;
  const settle = (job: Job, value: boolean) => {
    trusted.set(job, value);
    onPath.delete(job);
  };
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const cached = trusted.get(frame.job);
    if (cached !== undefined) {
      stack.pop();
      onPath.delete(frame.job);
      continue;
    }
    if (frame.next === 0 && own(frame.job)) {
      settle(frame.job, true);
      stack.pop();
      continue;
    }
    const needs = frame.job.needs;
    let descended = false;
    while (frame.next < needs.length) {
      const parent = byId.get(needs[frame.next++]!);
      if (!parent || onPath.has(parent)) continue;
      const known = trusted.get(parent);
      if (known === true) {
        frame.next = Infinity;
        break;
      }
      if (known === undefined) {
        stack.push({ job: parent, next: 0 });
        onPath.add(parent);
        descended = true;
        break;
      }
    }
    if (descended) continue;
    // Every parent is settled (or was skipped): gated when one of them is.
    settle(
      frame.job,
      frame.next === Infinity ||
        needs.some((id) => {
          const parent = byId.get(id);
          return parent !== undefined && trusted.get(parent) === true;
        }),
    );
    stack.pop();
  }
  return trusted.get(start) ?? false;
}

/** The jobs a job runs after, nearest first, and whether every edge on the way is explicit. */
export function ancestors(pipeline: Pipeline, job: Job): { job: Job; explicit: boolean }[] {
  const byId = jobIndex(pipeline);
  const out: { job: Job; explicit: boolean }[] = [];
  const seen = new Map<Job, boolean>();
  const queue: { job: Job; explicit: boolean }[] = [{ job, explicit: true }];
  while (queue.length) {
    const current = queue.shift()!;
    const edgeExplicit = current.explicit && !current.job.implicitNeeds;
    for (const id of current.job.needs) {
      const parent = byId.get(id);
      if (!parent || parent === job) continue;
      const before = seen.get(parent);
      if (before === true || (before === false && !edgeExplicit)) continue;
      seen.set(parent, edgeExplicit);
      const entry = { job: parent, explicit: edgeExplicit };
      out.push(entry);
      queue.push(entry);
    }
  }
  return out;
}

const childrenCache = new WeakMap<Pipeline, Map<Job, Job[]>>();
const descendantsCache = new WeakMap<Pipeline, Map<Job, Set<Job>>>();

/** Every job that runs after `job`, directly or through others (one pass over the edges). */
export function descendants(pipeline: Pipeline, job: Job): Set<Job> {
  let cache = descendantsCache.get(pipeline);
  if (!cache) descendantsCache.set(pipeline, (cache = new Map()));
  const cached = cache.get(job);
  if (cached) return cached;
  let children = childrenCache.get(pipeline);
  if (!children) {
    children = new Map();
    const byId = jobIndex(pipeline);
    for (const child of pipeline.jobs) {
      for (const id of child.needs) {
        const parent = byId.get(id);
        if (parent && parent !== child) (children.get(parent) ?? children.set(parent, []).get(parent)!).push(child);
      }
    }
    childrenCache.set(pipeline, children);
  }
  const out = new Set<Job>();
  const queue = [job];
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (out.has(child) || child === job) continue;
      out.add(child);
      queue.push(child);
    }
  }
  cache.set(job, out);
  return out;
}

const indexCache = new WeakMap<Pipeline, Map<string, Job>>();

function jobIndex(pipeline: Pipeline): Map<string, Job> {
  let index = indexCache.get(pipeline);
  if (!index) {
    index = new Map();
    for (const j of pipeline.jobs) if (!index.has(j.id)) index.set(j.id, j);
    indexCache.set(pipeline, index);
  }
  return index;
}

/** Whether `approvals.protectedEnvironments` (names or globs, case-insensitive) covers an environment. */
export function isProtected(env: EnvironmentRef, patterns: readonly string[]): boolean {
  if (!patterns.length) return false;
  const matchers = patterns.map(globToRegex);
  const names = env.dynamic ? (env.candidates ?? []) : [env.name];
  if (env.dynamic && !names.length) return patterns.includes('*');
  return names.every((name) => matchers.some((m) => m.test(name)));
}

function globToRegex(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}
