import type { FactExtractor, FactInput, Identity, IdentityAttributes, Purpose } from '../../rule/types.js';
import { identityKey } from '../../rule/types.js';
import { deployTier, mainDeploy } from './analysis.js';
import { CREDENTIAL_LIKE } from './common.js';
import { jobLogins } from './cloud.js';
import { effectiveArgv } from './shell.js';
import { tierOfNames } from './target.js';
import { pipelineOf, MODEL_KINDS } from './index.js';
import type { Job, Pipeline, Reference } from './types.js';

/**
 * Facts about the machine identities pipelines use, for the repository rules that find shared
 * identities and for `nhiscan inventory`. One `credential-use` fact per identity per job that
 * uses it (pipeline-wide references, such as a workflow's `env:`, are one fact with job `*`),
 * located at the first reference.
 *
 * Identity keys:
 * - `secret:NAME` — a stored secret by name: GitHub Actions `secrets.NAME`, Drone `from_secret`,
 *   Cloud Build Secret Manager and CodeBuild parameter-store/secrets-manager entries, Travis `secure:`;
 * - `variable:NAME` — a stored CI variable a job reads (GitLab, Azure, Bitbucket, CircleCI,
 *   Buildkite, Travis, Jenkins shell), only when its name or the variable it feeds looks like a
 *   credential (`*_TOKEN`, `*PASSWORD*`, `AWS_SECRET_ACCESS_KEY`…), so image tags stay out;
 *   GitHub `vars.NAME` likewise;
 * - `jenkins-credential:ID` — `credentials('ID')`, `withCredentials`, any `credentialsId:`;
 * - `circleci-context:NAME`, `azure-service-connection:NAME`, `azure-variable-group:NAME`;
 * - `cloud-role:ROLE` — the AWS role ARN, GCP service-account email or Azure client id a job
 *   federates to (OIDC) or assumes.
 *
 * Attributes (names are stable; correlation rules rely on them):
 * - `platform` (string): `github-actions`, `gitlab-ci`, `azure-pipelines`, `circleci`, `bitbucket`,
 *   `jenkins`, `buildkite`, `cloud-build`, `codebuild`, `travis`, `drone`, `argocd`;
 * - `pipeline` (string): workflow/pipeline name (the file path when unnamed);
 * - `job` (string): job id (`*` for pipeline-wide references);
 * - `environment` (string): the environment, deployment or context the job targets (`''` if none);
 * - `production` (boolean): the job targets a production-like environment or deploys to production;
 * - `triggers` (list): the events that can run the job, as the platform names them
 *   (`push`, `pull_request_target`, `merge_request_event`, `schedule`, `workflow_dispatch`…);
 * - `untrustedTrigger` (boolean): one of them runs on input outsiders control;
 * - `branches` (list): branch filters of the job (empty: any branch);
 * - `permissions` (list): GitHub token scopes, `scope:level` or `write-all`/`read-all` (empty: unknown);
 * - `purpose` (string): `deploy`, `release`, `test`, `build`, `backup` or `other`;
 * - `secretName` (string): the name as written in the file;
 * - `sink` (string): the environment variable or input the credential feeds (`''` if none);
 * - `referenceKind` (string): `secret`, `variable`, `credential`, `context`, `service-connection`,
 *   `variable-group` or `cloud-role`;
 * - `longLived` (boolean): a stored credential (true) rather than a federated role (false);
 * - `occurrences` (number): how many times the job references it.
 */
export const pipelineFacts: FactExtractor = {
  name: 'pipeline-identities',
  kinds: MODEL_KINDS,
  extract(doc, emit) {
    const model = pipelineOf(doc);
    if (!model) return;
    for (const pipeline of model.pipelines) {
      emitReferences(pipeline, undefined, pipeline.references, emit);
      for (const job of pipeline.jobs) {
        emitReferences(pipeline, job, job.references, emit);
        emitRoles(pipeline, job, emit);
      }
    }
  },
};


function identityOf(ref: Reference): Identity | undefined {
  switch (ref.kind) {
    case 'secret':
      return ref.name === 'GITHUB_TOKEN' ? undefined : { type: 'secret', name: ref.name };
    case 'variable':
      return CREDENTIAL_LIKE.test(ref.name) || (ref.sink !== undefined && CREDENTIAL_LIKE.test(ref.sink)) ? { type: 'variable', name: ref.name } : undefined;
    case 'credential':
      return { type: 'jenkins-credential', name: ref.name };
    case 'context':
      return { type: 'circleci-context', name: ref.name };
    case 'service-connection':
      return { type: 'azure-service-connection', name: ref.name };
    case 'variable-group':
      return { type: 'azure-variable-group', name: ref.name };
    default:
      return undefined;
  }
}

function emitReferences(pipeline: Pipeline, job: Job | undefined, refs: readonly Reference[], emit: (fact: FactInput) => void): void {
  const grouped = new Map<string, { identity: Identity; ref: Reference; count: number }>();
  for (const ref of refs) {
    const identity = identityOf(ref);
    if (!identity) continue;
    const key = identityKey(identity);
    const slot = grouped.get(key);
    if (slot) slot.count++;
    else grouped.set(key, { identity, ref, count: 1 });
  }
  const context = job ? jobContext(pipeline, job) : pipelineContext(pipeline);
  for (const { identity, ref, count } of grouped.values()) {
    emit({
      kind: 'credential-use',
      identity,
      target: ref.range,
      attributes: { ...context, secretName: ref.name, sink: ref.sink ?? '', referenceKind: ref.kind, longLived: true, occurrences: count },
    });
  }
}

function emitRoles(pipeline: Pipeline, job: Job, emit: (fact: FactInput) => void): void {
  const seen = new Set<string>();
  for (const login of jobLogins(pipeline, job)) {
    if (!login.role || login.role.includes('${{') || /^\$/.test(login.role)) continue;
    const identity: Identity = { type: 'cloud-role', name: login.role };
    if (seen.has(login.role)) continue;
    seen.add(login.role);
    emit({
      kind: 'credential-use',
      identity,
      target: login.range,
      attributes: { ...jobContext(pipeline, job), secretName: login.role, sink: '', referenceKind: 'cloud-role', longLived: login.method === 'static', occurrences: 1, provider: login.provider },
    });
  }
}

type Attributes = IdentityAttributes;

function pipelineContext(pipeline: Pipeline): Attributes {
  return {
    platform: pipeline.platform,
    pipeline: pipeline.name,
    job: '*',
    environment: '',
    production: false,
    triggers: [...new Set(pipeline.triggers.map((t) => t.event))],
    untrustedTrigger: pipeline.triggers.some((t) => t.untrusted),
    branches: [...new Set(pipeline.triggers.flatMap((t) => t.branches ?? []))],
    permissions: permissionList(pipeline.permissions),
    purpose: 'other',
  };
}

/** The context every fact about a job carries: platform, triggers, branches, permissions, environment, purpose. */
export function jobContext(pipeline: Pipeline, job: Job): Attributes {
  const deploy = mainDeploy(pipeline, job);
  const environment = job.environment?.name ?? job.contexts[0]?.value ?? '';
  const envTier = job.environment ? tierOfNames(job.environment.candidates ?? [job.environment.name, ...(job.environment.aliases ?? [])]) : tierOfNames(job.contexts.map((c) => c.value));
  const production = envTier === 'production' || (!!deploy && deployTier(pipeline, job, deploy).tier === 'production');
  return {
    platform: pipeline.platform,
    pipeline: pipeline.name,
    job: job.id,
    environment,
    production,
    triggers: [...new Set(job.triggers.map((t) => t.event))],
    untrustedTrigger: job.triggers.some((t) => t.untrusted),
    branches: job.branches ?? [...new Set(job.triggers.flatMap((t) => t.branches ?? []))],
    permissions: permissionList(job.permissions ?? pipeline.permissions),
    purpose: purposeOf(pipeline, job),
  };
}

function permissionList(permissions: Pipeline['permissions']): string[] {
  if (!permissions) return [];
  if (permissions.all) return [permissions.all];
  return permissions.scopes.map((s) => `${s.name}:${s.level}`);
}

const TEST_COMMANDS = /^(?:pytest|tox|nox|jest|vitest|mocha|karma|rspec|phpunit|go test|cargo test|mvn (?:test|verify)|gradle test|npm (?:test|run test)|yarn test|pnpm test|dotnet test|bundle exec rspec|make test|make check|ctest|playwright test|cypress run)/;
const BACKUP_COMMANDS = /^(?:pg_dump|pg_dumpall|mysqldump|mariadb-dump|mongodump|redis-cli .*--rdb|restic|borg|velero backup|aws rds create-db-snapshot|gcloud sql backups)/;
const BUILD_COMMANDS = /^(?:docker build|docker buildx build|podman build|npm run build|yarn build|pnpm build|mvn (?:package|install)|gradle (?:build|assemble)|go build|cargo build|make(?: build| all)?$|dotnet (?:build|publish)|bazel build|webpack|vite build|tsc)/;

/** What the job is for, from what it runs and what it is called. */
function purposeOf(pipeline: Pipeline, job: Job): Purpose {
  const deploy = mainDeploy(pipeline, job);
  if (deploy && deploy.evidence !== 'name') {
    if (deploy.kind === 'publish' || deploy.kind === 'release') return 'release';
    if (deploy.kind === 'image-push') return 'build';
    return 'deploy';
  }
  const lines = job.steps.flatMap((s) => s.commands.map((c) => effectiveArgv(c).join(' ')));
  const name = `${job.id} ${job.name ?? ''} ${job.stage ?? ''}`.toLowerCase();
  if (lines.some((l) => BACKUP_COMMANDS.test(l)) || /backup|snapshot|dump/.test(name)) return 'backup';
  if (deploy) return deploy.kind === 'publish' || deploy.kind === 'release' ? 'release' : 'deploy';
  if (lines.some((l) => TEST_COMMANDS.test(l)) || /(?:^|[^a-z])(?:test|tests|spec|lint|check|e2e|qa|verify|coverage)(?:$|[^a-z])/.test(name)) return 'test';
  if (lines.some((l) => BUILD_COMMANDS.test(l)) || /(?:^|[^a-z])(?:build|compile|package|bundle)(?:$|[^a-z])/.test(name)) return 'build';
  return 'other';
}
