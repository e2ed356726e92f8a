import type { DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';

/**
 * The shared pipeline model: every CI/CD file kind is read into this one shape, so the deploy and
 * identity rules are written once for all platforms. Every node keeps a source range so findings
 * point at the tight spot (the job key, the step, the `uses:` line, the `environment:` value).
 */

export type Platform =
  | 'github-actions'
  | 'gitlab-ci'
  | 'azure-pipelines'
  | 'circleci'
  | 'bitbucket'
  | 'jenkins'
  | 'buildkite'
  | 'cloud-build'
  | 'codebuild'
  | 'travis'
  | 'drone'
  | 'argocd';

/** A value with the source range it came from. */
export interface Located<T = string> {
  value: T;
  range: Range;
}

/**
 * What starts a pipeline or job, normalised across platforms. `event` keeps the platform's own
 * name (`pull_request_target`, `merge_request_event`, `promote`, `issueCommentTrigger`).
 */
export type TriggerKind = 'push' | 'tag' | 'pull-request' | 'schedule' | 'manual' | 'release' | 'api' | 'call' | 'upstream' | 'comment' | 'issue' | 'other';

export interface Trigger {
  kind: TriggerKind;
  event: string;
  /**
   * Runs with the repository's secrets on input an outsider controls (a fork's pull request
   * code, a comment, an issue, the artifacts of a fork-triggered run).
   */
  untrusted: boolean;
  /** Branch filters; undefined means any branch. */
  branches?: string[];
  /** Tag filters for tag pushes; undefined means any tag. */
  tags?: string[];
  range: Range;
}

/** A secret, variable, stored credential, context or service connection a job references. */
export interface Reference {
  kind: 'secret' | 'variable' | 'credential' | 'context' | 'service-connection' | 'variable-group' | 'secure-file' | 'whole-secrets';
  /** The name as the platform knows it (`AWS_KEY`, `prod-deployer`, `my-context`). */
  name: string;
  range: Range;
  /** The env var or input it feeds, when known (`AWS_ACCESS_KEY_ID`, `aws-access-key-id`). */
  sink?: string;
}

/** A word of a shell command: quotes removed, expansions kept as written. */
export interface Word {
  value: string;
  range: Range;
  /** Any part was quoted. */
  quoted: boolean;
  /** Contains a parameter expansion, command substitution or CI expression. */
  expansion: boolean;
}

/** One simple command parsed from a script: `FOO=1 kubectl apply -f k8s/`. */
export interface Command {
  argv: Word[];
  /** `NAME=value` words before the command name. */
  assignments: Word[];
  range: Range;
  /** Nested inside `$(…)`, backticks, `sh -c '…'` or a heredoc fed to a shell. */
  nested: boolean;
  /** Runs on another host (`ssh host '…'`, an ssh action's script). */
  remote?: boolean;
  /** Reads the previous command's output through a pipe (`curl … | sh`). */
  piped?: boolean;
  /** Where the command's input and output are redirected (`> out.sh`, `>> ~/.bashrc`). */
  redirects?: Redirect[];
}

/** One redirection: the operator as written (`>`, `>>`, `<`, `&>`), its target word, and the file descriptor when one is named (`2>`). */
export interface Redirect {
  op: string;
  target: string;
  fd?: number;
}

/** A named value given to a step or job: `with:`, `inputs:`, `env:`, pipe `variables:`. */
export interface Input {
  name: string;
  keyRange: Range;
  /** The scalar value, when the value is a scalar. */
  value?: string;
  valueRange: Range;
  node: DataNode;
}

export interface Step {
  name?: string;
  /** The step's id (GitHub Actions `id:`), which other steps read outputs through. */
  id?: string;
  range: Range;
  /** The tightest spot that identifies the step (its `uses:`/`task:`/`pipe:` value, or `run:` key). */
  anchor: Range;
  /** An action, task, orb command, pipe, plugin or builder image. */
  uses?: Located;
  inputs: Input[];
  env: Input[];
  commands: Command[];
  /** The raw script text, when the step runs one. */
  script?: Located;
  condition?: Located;
  /** A gate written as a step (Jenkins `input`, Azure `ManualValidation`, Buildkite `block`). */
  gate?: Gate;
  /** The step's data node, for platform-specific queries (an agent action's inputs). */
  node?: DataNode;
}

/**
 * Why a gate lets the run go on without a person: a Buildkite `input` step only collects data;
 * a GitLab manual job with `allow_failure: true`, or a job-level `when: manual` (optional by
 * default); Azure's `onTimeout: resume`; an Argo `suspend` with a `duration`; a Jenkins `input`
 * with no `submitter` (anyone who can build the job can approve).
 */
export type GateWeakness =
  | { kind: 'collects-input-only' }
  | { kind: 'allow-failure' }
  | { kind: 'optional-manual-job' }
  | { kind: 'resumes-on-timeout' }
  | { kind: 'resumes-after-duration'; duration: string }
  | { kind: 'no-submitter' };

type GateKind = 'manual-job' | 'approval-job' | 'block-step' | 'input-step' | 'manual-validation' | 'input' | 'promote' | 'suspend' | 'manual-sync';

/** A human gate written in the file. */
export interface Gate {
  kind: GateKind;
  /**
   * Whether it holds back what is ordered after it implicitly (by stage or step order). Every
   * effective gate holds back the jobs that name it explicitly (`needs`, `depends_on`).
   */
  blocking: boolean;
  /** False when the gate never holds anything (`onTimeout: resume`, `suspend` with a duration). */
  effective?: boolean;
  /** Why the gate does not hold the run, when it does not. */
  weakness?: GateWeakness;
  range: Range;
  /** The job or step that holds the gate. */
  owner?: string;
}

/** The environment, context or deployment target a job names: its protection lives outside. */
export interface EnvironmentRef {
  name: string;
  range: Range;
  /** Built from an expression or variable: the target is unknowable from the file. */
  dynamic: boolean;
  /** Candidate names when the expression draws from a literal matrix. */
  candidates?: string[];
  /** Other names the platform gives the target (GitLab `deployment_tier`). */
  aliases?: string[];
  kind: 'environment' | 'context' | 'deployment' | 'service-connection';
  /** GitLab `environment:action` (`start`, `stop`, `prepare`, `verify`, `access`). */
  action?: string;
}

export type PermissionLevel = 'read' | 'write' | 'none';

export interface Permissions {
  range: Range;
  keyRange: Range;
  /** `write-all`, `read-all` or `{}` (none). */
  all?: 'write-all' | 'read-all' | 'none';
  scopes: { name: string; level: PermissionLevel; range: Range }[];
}

/** A cloud or registry login a job performs. */
export interface CloudLogin {
  provider: 'aws' | 'gcp' | 'azure' | 'npm' | 'pypi' | 'rubygems' | 'crates' | 'nuget' | 'docker' | 'vault' | 'kubernetes' | 'other';
  method: 'static' | 'oidc' | 'unknown';
  /** What was seen: `aws-actions/configure-aws-credentials with aws-access-key-id`. */
  evidence: string;
  range: Range;
  /** The OIDC role or service account, when named literally. */
  role?: string;
  /** The references that carry the static credential. */
  references: Reference[];
  /**
   * For a login step: the inputs that point at stored values, as written (`${{ secrets.AWS_KEY }}`),
   * so that uses of one stored key can be told from uses of another.
   */
  storedInputs?: string[];
  /**
   * The login is inferred rather than written: a cloud CLI run with no federation in sight
   * (`cli-without-federation`), an orb that reads keys from the environment by default
   * (`orb-default`), a stored secret read under a name the SDK uses (`variable-read`).
   */
  inferred?: 'cli-without-federation' | 'orb-default' | 'variable-read';
}

/** A call of a reusable workflow, template or child pipeline. */
interface Call {
  uses: Located;
  /** Local to the repository (`./.github/workflows/x.yml`, a local template). */
  local: boolean;
  /** `secrets: inherit` (GitHub). */
  inheritSecrets?: Range;
}

export interface Job {
  id: string;
  name?: string;
  /** The job's key (or label) in the file: where job-level findings point. */
  keyRange: Range;
  range: Range;
  stage?: string;
  /** Ids of jobs this job runs after (explicit `needs`/`requires`/`depends_on` and stage order). */
  needs: string[];
  /** `needs` come from stage or step order rather than an explicit list. */
  implicitNeeds?: boolean;
  /** The pipeline triggers that can run this job, after job-level filters. */
  triggers: Trigger[];
  /** Branch filter of the job itself (GitLab `only`, CircleCI filters, Jenkins `when { branch }`). */
  branches?: string[];
  condition?: Located;
  environment?: EnvironmentRef;
  /** CircleCI contexts, Azure variable groups and other named secret bundles the job receives. */
  contexts: Located[];
  /** Gates held by this job itself. */
  gates: Gate[];
  steps: Step[];
  env: Input[];
  references: Reference[];
  permissions?: Permissions;
  call?: Call;
  /** The job can mint an OIDC token (`id-token: write`, `id_tokens:`, `oidc: true`). */
  oidc?: Range;
  /** Source ranges of anything marking the job as an approval job (CircleCI `type: approval`). */
  approval?: Range;
  /** Matrix values by key, when literal. */
  matrix?: Record<string, string[]>;
  /** Deploys the platform itself declares (GitLab `release:`, Travis `deploy:`, an Argo CD app). */
  structural?: {
    kind: 'deploy' | 'infrastructure' | 'publish' | 'release' | 'image-push';
    what: string;
    tool: string;
    range: Range;
    hints?: string[];
    tier?: 'production' | 'non-production';
  }[];
  /** Travis CI: the deploy provider (`heroku`, `s3`, `script`) this job stands for. */
  provider?: string;
  /** Cloud and registry logins the builder recognised in platform-specific constructs. */
  logins?: CloudLogin[];
  /** Words that name the job's target outside an environment (Jenkins `when { environment … }`). */
  hints?: string[];
  /** Parts of the job defined where the builder cannot see (a template from another file). */
  unresolved?: string[];
  /** The job's data node, for platform-specific queries. */
  node?: DataNode;
}

export interface Pipeline {
  platform: Platform;
  /** Workflow or pipeline name, else the file path. */
  name: string;
  kind: 'workflow' | 'action' | 'pipeline' | 'template' | 'application';
  range: Range;
  triggers: Trigger[];
  /** Where the triggers are written (`on:`), for pipeline-level findings. */
  triggersRange?: Range;
  permissions?: Permissions;
  env: Input[];
  references: Reference[];
  jobs: Job[];
  /** Only callable by other workflows/pipelines (GitHub `workflow_call` only, templates). */
  reusable: boolean;
  /** Constructs the builder could not follow (cross-file includes, unknown templates). */
  unresolved: string[];
  /** The pipeline's data root, for platform-specific queries. */
  node?: DataNode;
}

export interface PipelineModel {
  platform: Platform;
  pipelines: Pipeline[];
}
