import { defineRule } from '../../src/rule/index.js';
import * as z from '../../src/rule/zod.js';
import type { Confidence, RuleContext, Severity } from '../../src/rule/index.js';
import {
  federationAvailable,
  isRegistry,
  jobLogins,
  MODEL_KINDS,
  pipelineLogins,
  pipelineOf,
  type CloudLogin,
  type Pipeline,
  type Platform,
  type Provider,
} from '../../src/model/pipeline/index.js';

/** Platform names for the message when the platform cannot federate. */
const PLATFORM_NAMES: Record<Platform, string> = {
  'github-actions': 'GitHub Actions',
  'gitlab-ci': 'GitLab CI',
  'azure-pipelines': 'Azure Pipelines',
  circleci: 'CircleCI',
  bitbucket: 'Bitbucket Pipelines',
  jenkins: 'Jenkins',
  buildkite: 'Buildkite',
  'cloud-build': 'Cloud Build',
  codebuild: 'CodeBuild',
  travis: 'Travis CI',
  drone: 'Drone',
  argocd: 'Argo',
};

const NAMES: Record<string, string> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  azure: 'Azure',
  npm: 'npm',
  pypi: 'PyPI',
  crates: 'crates.io',
  rubygems: 'RubyGems',
  nuget: 'NuGet',
  vault: 'Vault',
};

const KINDS: Record<string, string> = {
  aws: 'access key',
  gcp: 'service-account key',
  azure: 'service-principal secret',
  vault: 'token',
};

/** How to federate instead, per provider and platform. */
function federation(provider: Provider, platform: Platform): string {
  const by: Partial<Record<Provider, Partial<Record<Platform, string>> & { default: string }>> = {
    aws: {
      'github-actions': 'use aws-actions/configure-aws-credentials with `role-to-assume` and `permissions: id-token: write`',
      'gitlab-ci': 'use `id_tokens` with `aws sts assume-role-with-web-identity`',
      circleci: 'use aws-cli/setup with `role_arn` (CircleCI OIDC)',
      bitbucket: 'use `oidc: true` with AWS_OIDC_ROLE_ARN',
      buildkite: 'use the aws-assume-role-with-web-identity plugin',
      jenkins: "assume a role from the agent's instance profile (`withAWS(role: …)`)",
      codebuild: "let the build use the project's service role",
      'azure-pipelines': 'use an AWS service connection with OIDC (AssumeRoleWithWebIdentity)',
      default: 'federate with OIDC and assume a role',
    },
    gcp: {
      'github-actions': 'use google-github-actions/auth with `workload_identity_provider`',
      'gitlab-ci': 'use Workload Identity Federation with `id_tokens`',
      circleci: 'use the gcp-cli orb with `use_oidc: true`',
      'cloud-build': 'run the build as its own service account (`serviceAccount:`)',
      default: 'use Workload Identity Federation',
    },
    azure: {
      'github-actions': 'use azure/login with `client-id`, `tenant-id` and `subscription-id` and a federated credential',
      'azure-pipelines': 'switch the service connection to workload identity federation',
      'gitlab-ci': 'use `id_tokens` with `az login --federated-token`',
      default: 'use a federated credential (workload identity federation)',
    },
    npm: { default: 'use npm trusted publishing (OIDC, `id-token: write`) instead of a token' },
    pypi: { default: 'use PyPI trusted publishing (drop the password; `id-token: write`)' },
    crates: { default: 'use crates.io trusted publishing (rust-lang/crates-io-auth-action)' },
    rubygems: { default: 'use RubyGems trusted publishing (rubygems/release-gem)' },
    nuget: { default: 'use NuGet trusted publishing (NuGet/login)' },
    vault: { default: "use Vault's JWT/OIDC auth with the CI's identity token" },
  };
  const entry = by[provider];
  return entry?.[platform] ?? entry?.default ?? 'use short-lived federated credentials';
}

const OPTIONS = z.object({
  allow: z.array(z.string()).default([]).describe('Secret or variable names you accept as static (e.g. a key for a provider without federation).'),
});

export default defineRule({
  id: 'static-cloud-credentials',
  family: 'identity',
  title: 'Long-lived cloud key where federation exists',
  description:
    'A pipeline authenticates to a cloud provider or package registry with a stored long-lived key where OIDC federation or trusted publishing would issue short-lived credentials.',
  severity: 'high',
  confidence: 'high',
  kinds: MODEL_KINDS,
  tags: ['CWE-522', 'CWE-798', 'NHI7', 'NHI2', 'CICD-SEC-6'],
  help: `**Why.** An AWS access key, a GCP service-account key, an Azure service-principal secret or a registry API token stored in CI works from anywhere until someone rotates it: a leaked log line, a poisoned dependency or a stolen cache hands it over for months. Every major CI platform can instead present a short-lived OIDC token that the cloud exchanges for credentials scoped to this repository and branch, and npm, PyPI, crates.io, RubyGems and NuGet accept trusted publishing.

The rule reads login steps (\`aws-actions/configure-aws-credentials\` with an access key, \`google-github-actions/auth\` with \`credentials_json\`, \`azure/login\` with \`creds\`, CircleCI orbs without \`role_arn\`/\`use_oidc\`, Bitbucket pipes with \`AWS_ACCESS_KEY_ID\`, Jenkins \`withAWS(credentials:)\` and AWS credential bindings), the variables the cloud SDKs read (\`AWS_SECRET_ACCESS_KEY\`, \`ARM_CLIENT_SECRET\`, \`GOOGLE_CREDENTIALS\`…) when set from a stored secret, and login commands (\`aws configure set aws_secret_access_key\`, \`gcloud auth activate-service-account --key-file\`, \`az login --service-principal -p\`). Registry tokens are reported (low) when the job publishes there. One stored key used by several jobs of a workflow is one finding, at its first job, with the other jobs as related locations. Travis and Drone have no federation: their keys are reported at low severity.

**Fix.** Federate: trust the CI's OIDC issuer in the cloud account, scope the trust to this repository and branch or environment, and delete the stored key.

\`\`\`yaml
permissions:
  id-token: write
  contents: read
steps:
  - uses: aws-actions/configure-aws-credentials@v4
    with:
      role-to-assume: arn:aws:iam::123456789012:role/deploy
      aws-region: eu-west-1
\`\`\``,
  options: OPTIONS,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    const reported = new Set<number>();
    for (const pipeline of model.pipelines) {
      for (const found of pipelineLogins(pipeline)) report(pipeline, [found], undefined, reported, ctx);
      // Keys a CLI reads from stored variables are most likely one key: one finding per pipeline.
      const implied: CloudLogin[] = [];
      let impliedJob: string | undefined;
      // One stored key used by several jobs is one finding, at its first job, with the other jobs related.
      const byKey = new Map<string, JobLogins[]>();
      for (const job of pipeline.jobs) {
        const byProvider = new Map<Provider, CloudLogin[]>();
        for (const found of jobLogins(pipeline, job)) {
          if (found.method !== 'static' || reported.has(found.range.start)) continue;
          if (found.inferred === 'cli-without-federation') {
            if (!implied.some((i) => i.range.start === found.range.start)) implied.push(found);
            impliedJob ??= job.id;
            continue;
          }
          (byProvider.get(found.provider) ?? byProvider.set(found.provider, []).get(found.provider)!).push(found);
        }
        for (const group of byProvider.values()) {
          const key = storedKeyOf(group);
          (byKey.get(key) ?? byKey.set(key, []).get(key)!).push({ jobId: job.id, group });
        }
      }
      for (const uses of byKey.values()) report(pipeline, uses[0]!.group, uses[0]!.jobId, reported, ctx, uses.slice(1));
      if (implied.length) report(pipeline, implied, impliedJob, reported, ctx);
    }
  },
});

/** One job's static logins to one provider. */
interface JobLogins {
  jobId: string;
  group: CloudLogin[];
}

/**
 * Which stored key a job's logins use: the provider and the secrets that carry it, or the login
 * step's inputs that point at stored values. Logins with neither are told apart by place.
 */
function storedKeyOf(group: readonly CloudLogin[]): string {
  const carriers = group.flatMap((g) => [...g.references.map((r) => r.name), ...(g.storedInputs ?? [])]);
  if (!carriers.length) return `${group[0]!.provider}@${group[0]!.range.start}`;
  return `${group[0]!.provider}:${[...new Set(carriers)].sort().join(',')}`;
}

function report(
  pipeline: Pipeline,
  group: CloudLogin[],
  jobId: string | undefined,
  reported: Set<number>,
  ctx: RuleContext<z.output<typeof OPTIONS>>,
  otherJobs: readonly JobLogins[] = [],
): void {
  const first = group[0];
  if (!first || first.method !== 'static' || reported.has(first.range.start)) return;
  for (const g of [group, ...otherJobs.map((o) => o.group)].flat()) reported.add(g.range.start);
  const allow = ctx.options.allow;
  const names = group.flatMap((g) => g.references.map((r) => r.name));
  if (names.length && names.every((n) => allow.includes(n))) return;
  const provider = first.provider;
  const registry = isRegistry(provider);
  const federates = federationAvailable(pipeline.platform, provider);
  const name = NAMES[provider] ?? provider;
  let severity: Severity = registry ? 'low' : provider === 'vault' ? 'medium' : 'high';
  if (!federates) severity = 'low';
  const confidence: Confidence = first.inferred ? 'medium' : 'high';
  const kind = registry ? 'API token' : (KINDS[provider] ?? 'static credential');
  const where = !jobId
    ? 'This pipeline authenticates every job'
    : pipeline.platform === 'cloud-build' || pipeline.platform === 'codebuild'
      ? 'This build authenticates'
      : deployProviderOf(pipeline, jobId)
        ? `Deploy provider "${deployProviderOf(pipeline, jobId)}" authenticates`
        : otherJobs.length
          ? `${pipeline.platform === 'jenkins' ? 'Stages' : 'Jobs'} ${jobList([jobId, ...otherJobs.map((o) => o.jobId)])} authenticate`
          : `${pipeline.platform === 'jenkins' ? 'Stage' : 'Job'} "${jobId}" authenticates`;
  const fix = federates
    ? federation(provider, pipeline.platform)
    : `${PLATFORM_NAMES[pipeline.platform]} has no OIDC federation, so keep the key narrowly scoped and rotate it, or deploy from a platform that federates`;
  const message = `${where} to ${name} with a long-lived ${kind} (${first.evidence}): anyone who copies it from a log, cache or compromised step can use it until it is rotated; ${fix}.`;
  ctx.report(first.range, message, {
    severity,
    confidence,
    related: [
      ...group.slice(1, 4).map((g) => ({ target: g.range, message: g.evidence })),
      ...otherJobs.map((o) => ({ target: o.group[0]!.range, message: `the same key in job "${o.jobId}"` })),
    ],
    properties: { provider, lifetime: 'long-lived', federationAvailable: federates },
    fingerprintKey: `${pipeline.name}:${jobId ?? ''}:${provider}:${first.evidence}`,
  });
}

/** `"a", "b" and "c"`, or the first three and how many more. */
function jobList(ids: readonly string[]): string {
  const quoted = ids.slice(0, 3).map((id) => `"${id}"`);
  if (ids.length > 3) return `${quoted.join(', ')} and ${ids.length - 3} more`;
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : quoted.join('');
}

/** The Travis deploy provider a job stands for, if it is one. */
function deployProviderOf(pipeline: Pipeline, jobId: string): string | undefined {
  return pipeline.jobs.find((j) => j.id === jobId)?.provider;
}
