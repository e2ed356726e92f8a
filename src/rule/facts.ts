import type { Location, SecretPreview, Target } from './base.js';

/**
 * The fact vocabulary: what file rules and extractors record about machine identities, and what
 * repository rules and `nhiscan inventory` read. A fact is a discriminated union on `kind`, each
 * kind with its own typed attributes; identities are `{ type, name }` and become a string
 * (`secret:NAME`) only where a key or a message needs one (`identityKey`).
 */

/** What an identity is, as the extractors name it. */
export type IdentityKind =
  /** A stored CI secret by name (`secrets.NAME`, `from_secret`, Secret Manager). */
  | 'secret'
  /** A stored CI variable or an environment variable a tool reads. */
  | 'variable'
  | 'jenkins-credential'
  | 'circleci-context'
  | 'azure-service-connection'
  | 'azure-variable-group'
  /** An AWS role ARN, GCP service-account e-mail or Azure client id. */
  | 'cloud-role'
  /** An IAM user infrastructure code gives an access key. */
  | 'cloud-user'
  /** `<folder>:<type>.<name>`: a Terraform resource that owns a key. */
  | 'terraform'
  | 'aws-iam-user'
  /** `<namespace>/<name>` (namespace empty when the manifest sets none). */
  | 'k8s-sa'
  | 'k8s-secret'
  /** `<namespace>/<Kind>/<name>`. */
  | 'k8s-role'
  | 'k8s-namespace'
  /** A literal value: the name is its keyed hash, never the value. */
  | 'literal'
  /** An environment variable a compose service reads by reference. */
  | 'env'
  /** A compose `env_file` by path. */
  | 'env-file'
  | 'compose-secret'
  /** `<login>@<machine>`. */
  | 'netrc'
  /** A person's e-mail address or name. */
  | 'person'
  /** An assistant's `${input:id}` prompt. */
  | 'input'
  /** `<module path>#<export path>`: a JavaScript module export. */
  | 'js-export'
  /** `<workflow path>#<job>`: a coding agent run in CI, or an agentic workflow (`<path>`). */
  | 'agent'
  /** `<workflow path>#<job>`: a CI job that deploys, publishes or releases. */
  | 'ci-job'
  | 'unknown';

/** A machine identity. */
export interface Identity {
  readonly type: IdentityKind;
  readonly name: string;
}

/** The identity as one string (`secret:NAME`): for grouping keys, fingerprints and output. */
export function identityKey(identity: Identity): string {
  return `${identity.type}:${identity.name}`;
}

/** What a pipeline job uses a credential for. */
export type Purpose = 'deploy' | 'release' | 'test' | 'build' | 'backup' | 'other' | 'assistant';

/**
 * Where and how an identity is used or defined. One shape for every kind that places an identity,
 * so correlation reads the context of any occurrence alike; every attribute is optional and each
 * producer fills in what it knows.
 */
export interface IdentityAttributes {
  /** Which file format or model recorded the fact. */
  source?: 'pipeline' | 'compose' | 'dotenv' | 'kubernetes' | 'kubernetes-secret' | 'terraform' | 'gcp-key-file' | 'netrc' | 'code';
  // Pipelines (src/model/pipeline/facts.ts)
  /** `github-actions`, `gitlab-ci`, `jenkins`, … */
  platform?: string;
  /** Workflow or pipeline name (the file path when unnamed). */
  pipeline?: string;
  /** Job id; `*` for pipeline-wide references. */
  job?: string;
  /** The environment, deployment or context the job targets (`''` if none). */
  environment?: string;
  /** The job targets a production-like environment or deploys to production. */
  production?: boolean;
  /** Events that can run the job, as the platform names them. */
  triggers?: readonly string[];
  /** One of the triggers runs on input outsiders control. */
  untrustedTrigger?: boolean;
  /**
   * The job runs a pull request's own code: on an event that builds the pull request's commit,
   * or on a privileged event after checking out its head or fetching its artifacts. Set for
   * GitHub Actions; elsewhere the trigger names decide.
   */
  pullRequestCode?: boolean;
  /** Branch filters (empty: any branch). */
  branches?: readonly string[];
  /** GitHub token scopes, `scope:level` or `write-all`/`read-all`. */
  permissions?: readonly string[];
  purpose?: Purpose;
  /** A reusable workflow's reference: its callers' references are the real uses. */
  reusable?: boolean;
  /** The local reusable workflow the job calls, repository-relative (`.github/workflows/release.yml`): what it does with the secrets it passes. */
  calls?: string;
  /** The name as written in the file. */
  secretName?: string;
  /** The environment variable or input the credential feeds (`''` if none). */
  sink?: string;
  /** `secret`, `variable`, `credential`, `context`, `service-connection`, `variable-group`, `cloud-role`. */
  referenceKind?: string;
  /** How many times the job references it. */
  occurrences?: number;
  // Services, workloads and files
  /** The variable or key a value is assigned to. */
  name?: string;
  /** Compose service, workload or Secret name. */
  service?: string;
  namespace?: string;
  /** A workload's `app` label. */
  app?: string;
  /** The larger application a workload belongs to (`app.kubernetes.io/part-of`, `instance`, a Helm release). */
  partOf?: string;
  image?: string;
  /** A data store's own bootstrap credential (defines the account rather than using it). */
  serverSide?: boolean;
  /** The key of a `secretKeyRef`. */
  key?: string;
  /** A compose secret's or env_file's file. */
  file?: string;
  /** A compose secret declared `external`. */
  external?: boolean;
  // Credentials
  /** A stored credential (true) rather than a federated role (false). */
  longLived?: boolean;
  lifetime?: 'long-lived' | 'short-lived' | 'unknown';
  provider?: string;
  keyType?: string;
  /** A GCP key file's project. */
  project?: string;
  /** A Terraform resource address. */
  resource?: string;
  /** What kind of credential code passes (`password`, `access-key`, …). */
  credential?: string;
  /** An IAM user with administrator policies. */
  admin?: boolean;
  /** A key whose secret the code outputs or writes somewhere readable. */
  exposed?: boolean;
  // People and logins
  /** `git-identity`, `cloud-account`, `netrc-login`. */
  context?: string;
  /** A `.netrc` machine. */
  machine?: string;
  // Assistants
  /** The assistant tool whose configuration holds it. */
  tool?: string;
  /** The MCP server that receives it. */
  server?: string;
  /** `project` or `user` configuration. */
  scope?: string;
  /** `env`, `header`, `argument`, `url`, `settings`. */
  where?: string;
  /** Also seen by an assistant (merged occurrences). */
  assistant?: boolean;
  // Kubernetes
  /** `Deployment`, `CronJob`, … */
  workloadKind?: string;
  /** The pod spec names its service account (else it runs as `default`). */
  explicit?: boolean;
  /** `automountServiceAccountToken` when set. */
  automount?: boolean;
  /** The `k8s-sa:` key a workload identity annotation sits on. */
  serviceAccount?: string;
  /** `RoleBinding/<name>` or `ClusterRoleBinding/<name>`. */
  binding?: string;
  role?: string;
  roleKind?: string;
  /** The `k8s-role:` key of the bound role. */
  roleKey?: string;
  clusterWide?: boolean;
  clusterAdmin?: boolean;
  /** `cluster-admin`, `admin` or `edit`. */
  builtinBroad?: boolean;
}

/** Attributes of each fact kind. */
interface FactAttributesByKind {
  /** A credential is used here: a CI reference, a literal in configuration, a Secret a workload reads, a person's login. */
  'credential-use': IdentityAttributes;
  /** A credential is created here: a cloud key, a key file, a data store's bootstrap password, a compose secret. */
  'credential-definition': IdentityAttributes;
  /** A Kubernetes workload runs as a service account. */
  'service-account-use': IdentityAttributes;
  /** A Kubernetes `ServiceAccount`. */
  'service-account-definition': IdentityAttributes;
  /** A (Cluster)RoleBinding grants a role to a service account. */
  'role-binding': IdentityAttributes;
  /** A Kubernetes service account federated to a cloud identity. */
  'workload-identity': IdentityAttributes;
  /** A Role or ClusterRole; `wide` when it grants `*` verbs or resources. */
  'role-definition': { source: 'kubernetes'; wide: boolean; namespace?: string };
  /** A kustomization sets the namespace of the manifests under its folder. */
  'namespace-scope': { folder: string; namespace: string };
  /** A module exports a credential-shaped string under a path. */
  'js-string-export': { exportPath: string; randomLooking: boolean };
  /** A module re-exports another module's binding. */
  'js-reexport': { name: string; imported: string; from: string };
  /**
   * A coding agent runs in a CI job (a step of a workflow, or a GitHub Agentic Workflow): what can
   * start it and what the job holds, for the separation-of-duties rule and the inventory.
   */
  'agent-run': {
    /** `claude-code-action`, `` `codex` CLI ``, `gh-aw (copilot)`. */
    agent: string;
    /** A GitHub Agentic Workflow: the agent job writes only through safe outputs. */
    agentic: boolean;
    pipeline: string;
    job: string;
    triggers: readonly string[];
    untrustedTrigger: boolean;
    /** The job token's scopes, `scope:level`, or `write-all`; `unknown` when none are declared. */
    permissions: readonly string[];
    environment: string;
    production: boolean;
    /** Repository secrets the agent step (or the agentic workflow) can read. */
    secrets: readonly string[];
    /** Every secret an agentic workflow reads, in any of its jobs. */
    workflowSecrets?: readonly string[];
    /** Scopes an agentic workflow's safe-output jobs write with. */
    safeOutputWrites?: readonly string[];
  };
  /** A CI job that deploys, publishes or releases, with whether anything in the file holds it for a person. */
  'deploy-job': {
    pipeline: string;
    job: string;
    triggers: readonly string[];
    branches: readonly string[];
    environment: string;
    production: boolean;
    purpose: Purpose;
    /** A blocking gate in the file, or an environment whose reviewers live in the platform. */
    gated: boolean;
    /**
     * What says the job ships: a step it runs (a deploy command or action), or only its
     * environment or name (an environment may just hold secrets for automation).
     */
    shipsBy: 'step' | 'environment';
  };
  /**
   * A GitHub Agentic Workflow's compiled lock file names the frontmatter hash of the source it was
   * compiled from (the identity is the source, `agent:<path>.md`).
   */
  'agentic-lock': { source: string; recordedHash: string; compiler: string };
  /**
   * The parts of a markdown file under `.github/` that gh-aw's frontmatter hash covers: an agentic
   * workflow's source or a file such a workflow imports (identity `agent:<path>`). `frontmatter`
   * is `null` when the file's frontmatter never closes.
   */
  'agentic-frontmatter': { frontmatter: string | null; imports: readonly string[]; expressions: readonly string[] };
  /** A module passes an imported binding where a credential goes. */
  'js-credential-import': { module: string; exportPath: string; viaRequire: boolean; credential: string; where: string; strength: 'weak' | 'strong' };
}

export type FactKind = keyof FactAttributesByKind;

/** Kinds that place an identity (the others are bookkeeping for one rule or for correlation). */
type IdentityFactKind =
  'credential-use' | 'credential-definition' | 'service-account-use' | 'service-account-definition' | 'role-binding' | 'workload-identity';

interface FactOf<K extends FactKind> {
  kind: K;
  identity: Identity;
  location: Location;
  attributes: FactAttributesByKind[K];
  /** A masked preview of the literal value the fact was given (`FactInput.secret`); never the value. */
  secret?: SecretPreview;
}

/** A fact about a machine identity: where it is defined or used, with the context correlation needs. */
export type Fact = { [K in FactKind]: FactOf<K> }[FactKind];

/** A fact of one kind. */
export type FactOfKind<K extends FactKind> = Extract<Fact, { kind: K }>;

/** A fact that places an identity. */
export type IdentityFact = FactOfKind<IdentityFactKind>;

interface FactInputOf<K extends FactKind> {
  kind: K;
  /** Omit when `secret` is given: the identity then becomes `literal:<keyed hash>`. */
  identity?: Identity;
  target: Target;
  attributes: FactAttributesByKind[K];
  /**
   * A literal credential value. Without `identity` it is hashed with a slow keyed hash into the
   * identity; with `identity` it is not hashed. Either way the fact keeps only a masked preview
   * (`Fact.secret`) and the value is dropped.
   */
  secret?: string;
}

/** What a rule or extractor passes to `ctx.fact` / `emit`. */
export type FactInput = { [K in FactKind]: FactInputOf<K> }[FactKind];

const IDENTITY_FACT_KINDS: ReadonlySet<FactKind> = new Set<IdentityFactKind>([
  'credential-use',
  'credential-definition',
  'service-account-use',
  'service-account-definition',
  'role-binding',
  'workload-identity',
]);

export function isIdentityFact(fact: Fact): fact is IdentityFact {
  return IDENTITY_FACT_KINDS.has(fact.kind);
}
