import type { Range } from '../../rule/types.js';
import { jobDeploys } from './analysis.js';
import { assignedNames, isRuntimeVariable, shellVariableReferences } from './common.js';
import { inputReader, normaliseUses } from './known.js';
import { effectiveArgv, hasFlag } from './shell.js';
import type { CloudLogin, Input, Job, Pipeline, Platform, Reference, Step } from './types.js';

/**
 * Cloud and registry logins a job performs, told apart into long-lived static credentials
 * (access keys, service-account key files, service-principal secrets, registry API tokens) and
 * short-lived federation (OIDC roles, workload identity). Evidence comes from well-known login
 * steps, environment variables the cloud SDKs read, login commands, and secret names.
 */

export type Provider = CloudLogin['provider'];

/** Names of variables that hold a cloud provider's long-lived secret. */
const STATIC_NAMES: { provider: Provider; pattern: RegExp; secret: boolean }[] = [
  { provider: 'aws', pattern: /(?:^|_)(?:AWS_)?SECRET_ACCESS_KEY$|^AWS_SECRET(?:_KEY)?$|(?:^|_)AWS_SECRET_KEY$/i, secret: true },
  { provider: 'aws', pattern: /(?:^|_)AWS_ACCESS_KEY(?:_ID)?$|^ACCESS_KEY_ID$/i, secret: false },
  {
    provider: 'gcp',
    pattern:
      /^(?:GOOGLE_CREDENTIALS|GOOGLE_APPLICATION_CREDENTIALS(?:_JSON)?|GCLOUD_SERVICE_KEY|GCLOUD_KEY|GCP_SA_KEY|GCP_CREDENTIALS|GCP_SERVICE_ACCOUNT_KEY|GKE_SA_KEY|GCR_JSON_KEY|GOOGLE_CLOUD_KEYFILE_JSON|GCP_KEY(?:_FILE)?|GCP_JSON_KEY|SERVICE_ACCOUNT_JSON|SERVICE_ACCOUNT_KEY|GOOGLE_SERVICE_ACCOUNT(?:_KEY)?|CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE)$|(?:^|_)(?:GCP|GCLOUD|GKE|GCR|GAR|GOOGLE)_(?:SA_)?(?:SERVICE_ACCOUNT_)?(?:KEY|CREDENTIALS|JSON_KEY|KEYFILE)(?:_JSON|_B64|_BASE64)?$/i,
    secret: true,
  },
  {
    provider: 'azure',
    pattern:
      /^(?:AZURE_CREDENTIALS|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET|AZURE_SP_PASSWORD|AZURE_SP_SECRET|AZURE_PASSWORD|AZURE_APP_PASSWORD|SERVICE_PRINCIPAL_(?:KEY|SECRET|PASSWORD)|AZ_CLIENT_SECRET|ARM_CLIENT_CERTIFICATE_PASSWORD)$|(?:^|_)AZURE_(?:SP_)?(?:CLIENT_SECRET|CREDENTIALS)$/i,
    secret: true,
  },
];

/** Registry tokens where trusted publishing (OIDC) exists. */
const REGISTRY_NAMES: { provider: Provider; pattern: RegExp }[] = [
  { provider: 'npm', pattern: /^(?:NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN|NPM_PUBLISH_TOKEN|NPMJS_TOKEN)$/i },
  {
    provider: 'pypi',
    pattern:
      /^(?:PYPI_TOKEN|PYPI_API_TOKEN|PYPI_PASSWORD|TWINE_PASSWORD|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|POETRY_PYPI_TOKEN_PYPI|FLIT_PASSWORD|HATCH_INDEX_AUTH|PYPI_UPLOAD_TOKEN)$/i,
  },
  { provider: 'crates', pattern: /^(?:CARGO_REGISTRY_TOKEN|CRATES_IO_TOKEN|CARGO_TOKEN)$/i },
  { provider: 'rubygems', pattern: /^(?:GEM_HOST_API_KEY|RUBYGEMS_API_KEY|RUBYGEMS_AUTH_TOKEN|RUBYGEMS_TOKEN)$/i },
  { provider: 'nuget', pattern: /^(?:NUGET_API_KEY|NUGET_KEY|NUGET_TOKEN|NUGET_AUTH_TOKEN)$/i },
];

/** Platforms with OIDC federation to the big clouds. */
const OIDC_PLATFORMS = new Set<Platform>([
  'github-actions',
  'gitlab-ci',
  'circleci',
  'bitbucket',
  'buildkite',
  'azure-pipelines',
  'jenkins',
  'cloud-build',
  'codebuild',
  'argocd',
]);
/** Platforms where registries accept trusted publishing, by registry. */
const TRUSTED_PUBLISHING: Record<string, readonly Platform[]> = {
  npm: ['github-actions', 'gitlab-ci'],
  pypi: ['github-actions', 'gitlab-ci'],
  crates: ['github-actions'],
  rubygems: ['github-actions'],
  nuget: ['github-actions'],
};

/** Whether the platform can federate to the provider instead of holding a static secret. */
export function federationAvailable(platform: Platform, provider: Provider): boolean {
  const registry = TRUSTED_PUBLISHING[provider];
  if (registry) return registry.includes(platform);
  return OIDC_PLATFORMS.has(platform);
}

export function isRegistry(provider: Provider): boolean {
  return provider in TRUSTED_PUBLISHING;
}

const cache = new WeakMap<Job, CloudLogin[]>();

/** Every login the job performs (builder-recognised ones first). */
export function jobLogins(pipeline: Pipeline, job: Job): CloudLogin[] {
  let cached = cache.get(job);
  if (!cached) {
    cached = findLogins(pipeline, job);
    cache.set(job, cached);
  }
  return cached;
}

function findLogins(pipeline: Pipeline, job: Job): CloudLogin[] {
  const out: CloudLogin[] = [...(job.logins ?? [])];
  for (const step of job.steps) {
    if (step.uses) out.push(...stepLogins(pipeline.platform, step).map((l) => (l.method === 'static' ? { ...l, storedInputs: storedInputs(step) } : l)));
    out.push(...commandLogins(step));
  }
  out.push(...envLogins([...job.env, ...job.steps.flatMap((s) => s.env)], job.references));
  out.push(...referenceLogins(job, out));
  out.push(...registryLogins(pipeline, job));
  out.push(...impliedAwsKeys(pipeline, job, out));
  return dedupe(out);
}

/** Hosted runners whose cloud CLIs read keys from project or context variables unless told to federate. */
const HOSTED_ONLY = new Set<Platform>(['circleci', 'bitbucket', 'travis']);

/**
 * The AWS CLI run on CircleCI, Bitbucket or Travis with no federation in sight: its keys come
 * from project, context or repository variables, which are static access keys.
 */
function impliedAwsKeys(pipeline: Pipeline, job: Job, found: CloudLogin[]): CloudLogin[] {
  if (!HOSTED_ONLY.has(pipeline.platform) || found.some((l) => l.provider === 'aws')) return [];
  if (job.oidc || found.some((l) => l.method === 'oidc')) return [];
  const mentionsRole =
    job.references.some((r) => /ROLE_ARN|OIDC|WEB_IDENTITY/i.test(r.name)) || job.env.some((e) => /ROLE_ARN|OIDC|WEB_IDENTITY/i.test(e.name));
  if (mentionsRole) return [];
  for (const step of job.steps) {
    for (const command of step.commands) {
      const argv = effectiveArgv(command);
      if (argv[0] !== 'aws' || command.remote) continue;
      const service = argv.slice(1).find((w) => !w.startsWith('-'));
      if (!service || service === 'configure' || service === 'help' || argv.includes('--version') || argv.includes('--no-sign-request')) continue;
      return [
        {
          ...login('aws', 'static', `the AWS CLI with no federation (keys from ${PLATFORM_VARIABLES[pipeline.platform] ?? 'stored variables'})`, command.range),
          inferred: 'cli-without-federation',
        },
      ];
    }
  }
  return [];
}

const PLATFORM_VARIABLES: Partial<Record<Platform, string>> = {
  circleci: 'project or context variables',
  bitbucket: 'repository or deployment variables',
  travis: 'repository settings',
};

/** Logins of the pipeline's own `env:`/`variables:` (shared by every job). */
export function pipelineLogins(pipeline: Pipeline): CloudLogin[] {
  return dedupe(envLogins(pipeline.env, pipeline.references));
}

function dedupe(logins: CloudLogin[]): CloudLogin[] {
  const seen = new Set<string>();
  return logins.filter((l) => {
    const key = `${l.provider}\0${l.method}\0${l.range.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function login(provider: Provider, method: CloudLogin['method'], evidence: string, range: Range, references: Reference[] = [], role?: string): CloudLogin {
  return { provider, method, evidence, range, references, role };
}

/** References carried by a step input's value. */
function inputReferences(input: Input | undefined, references: readonly Reference[]): Reference[] {
  if (!input) return [];
  return references.filter((r) => r.range.start >= input.valueRange.start && r.range.end <= input.valueRange.end);
}

function stepLogins(platform: Platform, step: Step): CloudLogin[] {
  const uses = normaliseUses(platform, step.uses!.value);
  const inputs = inputReader(step.inputs);
  const input = (name: string) => step.inputs.find((i) => i.name.toLowerCase().replace(/_/g, '-') === name);
  const at = (name: string) => input(name)?.keyRange ?? step.uses!.range;
  const out: CloudLogin[] = [];
  if (platform === 'github-actions') {
    if (uses === 'aws-actions/configure-aws-credentials') {
      if (inputs.has('aws-access-key-id') || inputs.has('aws-secret-access-key'))
        out.push(
          login(
            'aws',
            'static',
            'aws-actions/configure-aws-credentials with an access key',
            at(inputs.has('aws-secret-access-key') ? 'aws-secret-access-key' : 'aws-access-key-id'),
          ),
        );
      else if (inputs.has('role-to-assume'))
        out.push(login('aws', 'oidc', 'configure-aws-credentials role-to-assume', at('role-to-assume'), [], inputs.get('role-to-assume')));
    } else if (uses === 'google-github-actions/auth') {
      // Both may be given (a key as fallback): the key is a static credential and the step still federates.
      if (inputs.has('credentials-json')) out.push(login('gcp', 'static', 'google-github-actions/auth with credentials_json', at('credentials-json')));
      if (inputs.has('workload-identity-provider'))
        out.push(
          login(
            'gcp',
            'oidc',
            'workload identity federation',
            at('workload-identity-provider'),
            [],
            inputs.get('service-account') ?? inputs.get('workload-identity-provider'),
          ),
        );
    } else if (uses === 'google-github-actions/setup-gcloud' || uses === 'googlecloudplatform/github-actions/setup-gcloud') {
      if (inputs.has('service-account-key')) out.push(login('gcp', 'static', 'setup-gcloud with service_account_key', at('service-account-key')));
    } else if (uses === 'azure/login') {
      if (inputs.has('creds')) out.push(login('azure', 'static', 'azure/login with a service-principal secret (creds)', at('creds')));
      else if (inputs.has('client-secret')) out.push(login('azure', 'static', 'azure/login with a client secret', at('client-secret')));
      else if (inputs.has('client-id') && !/identity/i.test(inputs.get('auth-type') ?? ''))
        out.push(login('azure', 'oidc', 'azure/login federated credential', at('client-id'), [], inputs.get('client-id')));
    } else if (uses === 'docker/login-action') {
      const registry = inputs.get('registry') ?? '';
      if (/\.dkr\.ecr\.|public\.ecr\.aws/.test(registry) && inputs.has('password'))
        out.push(login('aws', 'static', 'docker/login-action to ECR with an AWS access key', at('password')));
      else if (/(?:gcr\.io|pkg\.dev)$|(?:gcr\.io|pkg\.dev)\//.test(registry) && /_json_key/.test(inputs.get('username') ?? ''))
        out.push(login('gcp', 'static', 'docker/login-action with a service-account key (_json_key)', at('password')));
      else if (/\.azurecr\.io/.test(registry) && inputs.has('password'))
        out.push(login('azure', 'static', 'docker/login-action to ACR with a password', at('password')));
    } else if (uses === 'pypa/gh-action-pypi-publish') {
      if (inputs.has('password')) out.push(login('pypi', 'static', 'pypa/gh-action-pypi-publish with an API token', at('password')));
      else out.push(login('pypi', 'oidc', 'PyPI trusted publishing', step.uses!.range));
    } else if (uses === 'hashicorp/vault-action') {
      if (inputs.has('token') || /^(?:token|approle|userpass)$/i.test(inputs.get('method') ?? ''))
        out.push(
          login(
            'vault',
            'static',
            `hashicorp/vault-action with ${inputs.has('token') ? 'a token' : `method ${inputs.get('method')}`}`,
            at(inputs.has('token') ? 'token' : 'method'),
          ),
        );
      else if (/^jwt$/i.test(inputs.get('method') ?? '')) out.push(login('vault', 'oidc', 'vault jwt auth', at('method'), [], inputs.get('role')));
    } else if (uses === 'firebaseextended/action-hosting-deploy' && inputs.has('firebaseserviceaccount')) {
      out.push(login('gcp', 'static', 'action-hosting-deploy with a service-account key', at('firebaseserviceaccount')));
    }
  } else if (platform === 'circleci') {
    out.push(...orbLogins(uses, step, inputs, at));
  } else if (platform === 'bitbucket') {
    if (/aws-/.test(uses)) {
      if (inputs.has('aws-oidc-role-arn'))
        out.push(login('aws', 'oidc', `${uses} with AWS_OIDC_ROLE_ARN`, at('aws-oidc-role-arn'), [], inputs.get('aws-oidc-role-arn')));
      else if (inputs.has('aws-secret-access-key') || inputs.has('aws-access-key-id'))
        out.push(
          login('aws', 'static', `${uses} with an AWS access key`, at(inputs.has('aws-secret-access-key') ? 'aws-secret-access-key' : 'aws-access-key-id')),
        );
    } else if (/google|gcp|firebase|gke/.test(uses) && inputs.has('key-file')) {
      out.push(login('gcp', 'static', `${uses} with a service-account KEY_FILE`, at('key-file')));
    } else if (/azure/.test(uses) && (inputs.has('azure-password') || inputs.has('azure-app-password'))) {
      out.push(
        login('azure', 'static', `${uses} with a service-principal password`, at(inputs.has('azure-password') ? 'azure-password' : 'azure-app-password')),
      );
    }
  } else if (platform === 'buildkite') {
    if (/assume-role-with-web-identity|workload-identity/.test(uses))
      out.push(login(/gcp|workload/.test(uses) ? 'gcp' : 'aws', 'oidc', uses, step.uses!.range, [], inputs.get('role-arn') ?? inputs.get('service-account')));
  } else if (platform === 'azure-pipelines') {
    if (
      /^azurecli$|^azurepowershell$/.test(uses) &&
      /^true$/i.test(inputs.get('addSpnToEnvironment') ?? '') &&
      step.commands.some((c) => c.argv.some((w) => /servicePrincipalKey/.test(w.value)))
    ) {
      out.push(login('azure', 'static', 'AzureCLI script using $servicePrincipalKey', at('addspntoenvironment')));
    }
  }
  return out;
}

const AWS_ORB = /^aws-(?:cli|ecr|ecs|s3|code-deploy|eks|sam-serverless|elastic-beanstalk|lambda|cloudformation|parameter-store)\//;
const GCP_ORB = /^(?:gcp-cli|gcp-gcr|gcp-gke|gcp-cloud-run|google-cloud-run|gcp-bucket)\//;

/** CircleCI orbs read static keys from the environment unless told to federate. */
function orbLogins(uses: string, step: Step, inputs: ReturnType<typeof inputReader>, at: (name: string) => Range): CloudLogin[] {
  const command = uses.split('/')[1] ?? '';
  if (/install|^setup-?cli$/.test(command) && !/setup$/.test(command)) return [];
  if (AWS_ORB.test(uses)) {
    if (inputs.has('role-arn') || inputs.has('role_arn')) return [login('aws', 'oidc', `${uses} with role_arn`, at('role-arn'), [], inputs.get('role-arn'))];
    if (inputs.has('aws-access-key-id') || inputs.has('aws-secret-access-key'))
      return [login('aws', 'static', `${uses} with an access key`, at(inputs.has('aws-secret-access-key') ? 'aws-secret-access-key' : 'aws-access-key-id'))];
    return [
      {
        ...login('aws', 'static', `${uses} without role_arn (reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the environment)`, step.uses!.range),
        inferred: 'orb-default',
      },
    ];
  }
  if (GCP_ORB.test(uses)) {
    if (/^true$/i.test(inputs.get('use-oidc') ?? inputs.get('use_oidc') ?? ''))
      return [login('gcp', 'oidc', `${uses} with use_oidc`, at('use-oidc'), [], inputs.get('service-account-email'))];
    return [{ ...login('gcp', 'static', `${uses} with a service-account key (GCLOUD_SERVICE_KEY)`, step.uses!.range), inferred: 'orb-default' }];
  }
  if (/^azure-cli\/login-with-(?:service-principal|user-or-service-principal)/.test(uses))
    return [login('azure', 'static', `${uses} (service-principal password)`, step.uses!.range)];
  return [];
}

function commandLogins(step: Step): CloudLogin[] {
  const out: CloudLogin[] = [];
  const assigned = assignedNames(step.commands);
  for (const command of step.commands) {
    const argv = effectiveArgv(command);
    const line = argv.join(' ');
    if (argv[0] === 'aws' && argv[1] === 'configure' && argv[2] === 'set' && /^(?:[\w.-]*\.)?aws_(?:secret_access_key|access_key_id)$/.test(argv[3] ?? '')) {
      out.push(login('aws', 'static', 'aws configure set with an access key', command.range));
    } else if (argv[0] === 'aws' && argv[1] === 'sts' && argv[2] === 'assume-role-with-web-identity') {
      out.push(login('aws', 'oidc', 'aws sts assume-role-with-web-identity', command.range));
    } else if (argv[0] === 'gcloud' && /\bauth activate-service-account\b/.test(line) && hasFlag(argv, '--key-file')) {
      out.push(login('gcp', 'static', 'gcloud auth activate-service-account --key-file', command.range));
    } else if (argv[0] === 'az' && argv[1] === 'login') {
      if (hasFlag(argv, '--federated-token')) out.push(login('azure', 'oidc', 'az login --federated-token', command.range));
      else if (hasFlag(argv, '--service-principal') && hasFlag(argv, '-p', '--password', '--secret', '--client-secret'))
        out.push(login('azure', 'static', 'az login --service-principal with a secret', command.range));
    } else if (argv[0] === 'buildkite-agent' && argv[1] === 'oidc') {
      out.push(login('other', 'oidc', 'buildkite-agent oidc request-token', command.range));
    }
    for (const assignment of [...command.assignments, ...(argv[0] === 'export' ? command.argv.slice(1) : [])]) {
      const [name, value] = splitAssignment(assignment.value);
      if (!name || !value || !isStoredReference(value, assigned)) continue;
      const match = staticName(name);
      if (match?.secret) out.push(login(match.provider, 'static', `${name} set from a stored secret`, assignment.range));
    }
  }
  return out;
}

/**
 * Whether a value reads a stored secret (`${{ secrets.X }}`, `$PROD_KEY`) rather than something
 * the script derived itself (`$(aws sts …)`, a variable it assigned from an STS call).
 */
function isStoredReference(value: string, assigned: ReadonlySet<string>): boolean {
  if (/\$\{\{[^}]{0,200}secrets\./.test(value)) return true;
  if (value.includes('$(') || value.includes('`')) return false;
  const names = shellVariableReferences({ text: value, offset: () => 0 }, undefined).map((r) => r.name);
  return names.length > 0 && names.some((n) => !assigned.has(n) && !isRuntimeVariable(n));
}

function splitAssignment(word: string): [string | undefined, string | undefined] {
  const eq = word.indexOf('=');
  return eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [undefined, undefined];
}

function staticName(name: string) {
  return STATIC_NAMES.find((s) => s.pattern.test(name));
}

/** A step's inputs that point at stored values, as written, in a stable order. */
function storedInputs(step: Step): string[] {
  return step.inputs
    .filter((i) => i.value !== undefined && isReference(i.value, i.node))
    .map((i) => `${i.name}=${i.value}`)
    .sort();
}

/** A value that points at a stored secret rather than holding one. */
function isReference(value: string | undefined, node: Input['node']): boolean {
  if (value === undefined) return node.type === 'map';
  // A GitHub expression is a stored secret only when it reads `secrets`; step outputs and
  // inputs are minted or passed in at run time.
  if (value.includes('${{')) return /secrets\s{0,4}[.[]/.test(value);
  return /\$\(|\$\{?[A-Za-z_]|credentials\(|from_secret|secure/.test(value);
}

/** `AWS_SECRET_ACCESS_KEY: ${{ secrets.X }}`, `ARM_CLIENT_SECRET: $(secret)` in env/variables blocks. */
function envLogins(env: readonly Input[], references: readonly Reference[]): CloudLogin[] {
  const out: CloudLogin[] = [];
  const secrets = env.filter((e) => staticName(e.name)?.secret && isReference(e.value, e.node));
  const ids = env.filter((e) => staticName(e.name) && !staticName(e.name)!.secret && isReference(e.value, e.node));
  for (const e of secrets.length ? secrets : ids) {
    const match = staticName(e.name)!;
    out.push(login(match.provider, 'static', `${e.name} from a stored secret`, e.keyRange, inputReferences(e, references)));
  }
  for (const e of env) {
    if (/^(?:ARM_USE_OIDC|AZURE_FEDERATED_TOKEN_FILE|AWS_WEB_IDENTITY_TOKEN_FILE|AWS_ROLE_ARN)$/.test(e.name))
      out.push(login(/^ARM|AZURE/.test(e.name) ? 'azure' : 'aws', 'oidc', e.name, e.keyRange, [], /ROLE_ARN/.test(e.name) ? e.value : undefined));
  }
  return out;
}

/** Secrets named like cloud keys, read anywhere in the job (a script, an action input). */
function referenceLogins(job: Job, found: CloudLogin[]): CloudLogin[] {
  const out: CloudLogin[] = [];
  const covered = (r: Reference) =>
    found.some((l) => l.range.start <= r.range.start && r.range.end <= l.range.end) ||
    job.env.some((e) => e.valueRange.start <= r.range.start && r.range.end <= e.valueRange.end);
  const byProvider = new Map<Provider, Reference>();
  for (const ref of job.references) {
    if (ref.kind !== 'secret' && ref.kind !== 'variable' && ref.kind !== 'credential') continue;
    const match = staticName(ref.name) ?? (ref.sink ? staticName(ref.sink) : undefined);
    if (!match?.secret || covered(ref)) continue;
    if (found.some((l) => l.provider === match.provider && l.method === 'static')) continue;
    if (!byProvider.has(match.provider)) byProvider.set(match.provider, ref);
  }
  for (const [provider, ref] of byProvider)
    out.push({ ...login(provider, 'static', `${ref.name} read by the job`, ref.range, [ref]), inferred: 'variable-read' });
  return out;
}

/** The programs and actions (a deploy's `tool`) that publish to each registry. */
const REGISTRY_TOOLS: Partial<Record<Provider, RegExp>> = {
  npm: /^(?:npm|pnpm|yarn|bun|lerna|changeset|changesets|nx|semantic-release|multi-semantic-release|release-it|np|changesets\/action|[\w.-]+\/npm-publish(?:-action)?)$/,
  pypi: /^(?:twine|uv|poetry|hatch|pdm|flit|maturin|rye|setup\.py|python|python3|pypa\/gh-action-pypi-publish)$/,
  crates: /^(?:cargo|[\w.-]+\/publish-crates)$/,
  rubygems: /^(?:gem|rake|bundle|rubygems\/release-gem)$/,
  nuget: /^(?:nuget|dotnet)$/,
};

/** Registry API tokens used by a job that publishes to that registry. */
function registryLogins(pipeline: Pipeline, job: Job): CloudLogin[] {
  const deploys = jobDeploys(pipeline, job).filter((d) => d.kind === 'publish' || d.kind === 'release');
  if (!deploys.length) return [];
  const publishes = (provider: Provider) => deploys.some((d) => REGISTRY_TOOLS[provider]?.test(d.tool));
  const out: CloudLogin[] = [];
  // Trusted publishing exists for npmjs.org only: a token for a private registry is not in scope.
  const registries = job.steps.flatMap((s) =>
    s.uses && /setup-node/.test(s.uses.value) ? s.inputs.filter((i) => i.name === 'registry-url').map((i) => i.value ?? '') : [],
  );
  const npmjs = !registries.length || registries.some((r) => /registry\.npmjs\.org/.test(r));
  const candidates = [
    ...job.env.map((e) => ({ name: e.name, range: e.keyRange, value: e.value, node: e.node })),
    ...job.steps.flatMap((s) => s.env.map((e) => ({ name: e.name, range: e.keyRange, value: e.value, node: e.node }))),
  ];
  for (const { provider, pattern } of REGISTRY_NAMES) {
    if (!publishes(provider) || (provider === 'npm' && !npmjs)) continue;
    const fromEnv = candidates.find((c) => pattern.test(c.name) && isReference(c.value, c.node));
    const fromRef = job.references.find(
      (r) => (r.kind === 'secret' || r.kind === 'variable') && (pattern.test(r.name) || (r.sink !== undefined && pattern.test(r.sink))),
    );
    const fromFlag = job.steps
      .flatMap((s) => s.commands)
      .find(
        (c) =>
          /^(?:--token|--api-key|-k|--password|-p)$/.test(
            c.argv.find((w, i) => i > 0 && /^(?:--token|--api-key|-k|--password|-p)$/.test(w.value))?.value ?? '',
          ) && /publish|push|upload/.test(c.argv.map((w) => w.value).join(' ')),
      );
    const range = fromEnv?.range ?? fromRef?.range ?? fromFlag?.range;
    if (range) out.push(login(provider, 'static', `${provider} API token`, range, fromRef ? [fromRef] : []));
  }
  return out;
}
