import type { Fact, Identity, IdentityFact, IdentityKind, PropertyValue } from '../../rule/types.js';
import { identityKey, isIdentityFact } from '../../rule/types.js';
import { FACT_KINDS, folderOf } from './facts.js';
import { applicationKey, pathTier, projectOf, tierOf, type Tier } from './names.js';

/** What kind of machine identity a record is, for grouping and wording. */
export type IdentityType =
  | 'ci-secret'
  | 'ci-variable'
  | 'jenkins-credential'
  | 'circleci-context'
  | 'azure-service-connection'
  | 'cloud-identity'
  | 'kubernetes-service-account'
  | 'kubernetes-secret'
  | 'literal'
  | 'env-variable'
  | 'env-file'
  | 'compose-secret'
  | 'netrc-login'
  | 'person'
  | 'agent'
  /** A credential only a finding knows, with no value to key it by (a keystore, a value followed across modules). */
  | 'credential'
  /** A pipeline's own identity only a finding knows (its token, the secrets it inherits). */
  | 'pipeline-identity'
  | 'other';

export const TYPE_BY_KIND: Record<IdentityKind, IdentityType> = {
  secret: 'ci-secret',
  variable: 'ci-variable',
  'jenkins-credential': 'jenkins-credential',
  'circleci-context': 'circleci-context',
  'azure-service-connection': 'azure-service-connection',
  'azure-variable-group': 'ci-variable',
  'cloud-role': 'cloud-identity',
  'cloud-user': 'cloud-identity',
  terraform: 'cloud-identity',
  'aws-iam-user': 'cloud-identity',
  'k8s-sa': 'kubernetes-service-account',
  'k8s-secret': 'kubernetes-secret',
  literal: 'literal',
  env: 'env-variable',
  'env-file': 'env-file',
  'compose-secret': 'compose-secret',
  agent: 'agent',
  'ci-job': 'other',
  netrc: 'netrc-login',
  person: 'person',
  'k8s-role': 'other',
  'k8s-namespace': 'other',
  input: 'other',
  'js-export': 'other',
  unknown: 'other',
};

/** How a fact relates to its identity. */
type Role = 'use' | 'definition' | 'binding' | 'link';

/** One place an identity appears, with the context correlation needs worked out once. */
export interface Occurrence {
  fact: IdentityFact;
  role: Role;
  /** One job, service or workload: several references inside it are one use. */
  unit: string;
  /** The application the user belongs to (`orders` for `orders-api`, `Secret orders-db`, `services/orders/.env`). */
  app: string;
  tier?: Tier;
  production: boolean;
  /** Runs on pull requests (their code, or jobs they start). */
  pullRequest: boolean;
  /** Runs on input outsiders control (fork pull requests, comments, issues). */
  untrusted: boolean;
  purpose?: string;
  /** A reusable workflow's reference: its callers' references are the real uses. */
  passThrough: boolean;
  /** Declares the environment it targets (environment-scoped secrets may apply). */
  declaredEnvironment?: string;
  /** Short human description: `deploy.yml › deploy (environment production)`. */
  label: string;
}

/** Everything known about one identity across the repository. */
export interface IdentityRecord {
  /** The fact identity, with unset Kubernetes namespaces resolved. */
  identity: Identity;
  /** Grouping key: the identity as a string (`secret:DEPLOY_KEY`). */
  key: string;
  type: IdentityType;
  /** Display name: the secret's name, `shop/backend`, the role ARN, `literal value (hash 1a2b3c4d)`. */
  name: string;
  /** Every occurrence, in path and offset order. */
  occurrences: Occurrence[];
}

/** Events that run a pull request's code (or a job a pull request starts). */
const PULL_REQUEST_TRIGGERS =
  /^(?:pull[_-]?request(?:[_-]target)?|pull-request|pr|merge[_-]request(?:[_-]event)?|external[_-]pull[_-]request[_-]event|pull[_-]request[_-]review(?:[_-]comment)?)$/i;
const CALL_TRIGGERS = /^(?:workflow[_-]call|call)$/i;

/**
 * Groups facts by identity and works out each occurrence's context (unit, application, tier,
 * triggers). Linear in the number of facts, plus a sort per identity.
 */
export function indexIdentities(facts: readonly Fact[], productionPatterns: readonly string[] = []): IdentityRecord[] {
  const scopes = namespaceScopes(facts);
  const records = new Map<string, IdentityRecord>();
  for (const fact of facts) {
    if (!isIdentityFact(fact)) continue;
    const identity = resolveIdentity(fact.identity, fact.location.path, scopes);
    const key = identityKey(identity);
    let record = records.get(key);
    if (!record) {
      record = { identity, key, type: TYPE_BY_KIND[identity.type], name: displayName(identity), occurrences: [] };
      records.set(key, record);
    }
    record.occurrences.push(occurrence(fact, productionPatterns));
  }
  const list = [...records.values()];
  for (const record of list) {
    // `variable:NAME` is a CI variable when a pipeline reads it, else an environment variable (an MCP server's env).
    if (record.type === 'ci-variable' && !record.occurrences.some((o) => o.fact.attributes.platform !== undefined || o.fact.attributes.job !== undefined))
      record.type = 'env-variable';
    record.occurrences.sort((a, b) => compareFacts(a.fact, b.fact));
    record.occurrences = followCalls(mergeSamePlace(record.occurrences, productionPatterns));
  }
  return list.sort((a, b) => compareFacts(a.occurrences[0]!.fact, b.occurrences[0]!.fact) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * A job that calls a local reusable workflow passes it secrets; what the callee does with them is
 * their use. When the callee only hands a secret to test steps (a release workflow that runs its
 * suite with LLM API keys first), the callers' references are test uses too, not production ones.
 */
function followCalls(occurrences: Occurrence[]): Occurrence[] {
  const testOnlyIn = new Map<string, boolean>();
  for (const o of occurrences) {
    if (!o.passThrough) continue;
    const path = o.fact.location.path;
    testOnlyIn.set(path, (testOnlyIn.get(path) ?? true) && o.purpose === 'test' && !o.production);
  }
  if (![...testOnlyIn.values()].some(Boolean)) return occurrences;
  return occurrences.map((o) => {
    const callee = o.fact.attributes.calls;
    if (callee === undefined || testOnlyIn.get(callee) !== true) return o;
    return { ...o, production: false, purpose: 'test', tier: o.declaredEnvironment ? o.tier : undefined };
  });
}

/**
 * Two extractors may record the same reference (the pipeline model and the assistant model both
 * see `\${{ secrets.ANTHROPIC_API_KEY }}` in an agent workflow): overlapping occurrences of one
 * identity with the same role are one place. The job context wins; the other fills in what it lacks.
 */
function mergeSamePlace(occurrences: Occurrence[], productionPatterns: readonly string[]): Occurrence[] {
  const out: Occurrence[] = [];
  for (const o of occurrences) {
    const previous = out[out.length - 1];
    const a = previous?.fact.location;
    const b = o.fact.location;
    if (!previous || previous.role !== o.role || a!.path !== b.path || b.startOffset >= Math.max(a!.endOffset, a!.startOffset + 1)) {
      out.push(o);
      continue;
    }
    const [first, second] = o.fact.attributes.job !== undefined && previous.fact.attributes.job === undefined ? [o, previous] : [previous, o];
    const attributes: Record<string, unknown> = { ...second.fact.attributes, ...first.fact.attributes };
    for (const [key, value] of Object.entries(first.fact.attributes))
      if (value === undefined) attributes[key] = (second.fact.attributes as Record<string, unknown>)[key];
    if (second.purpose === 'assistant') attributes['assistant'] = true;
    out[out.length - 1] = occurrence({ ...first.fact, attributes } as IdentityFact, productionPatterns);
  }
  return out;
}

/** Wide roles defined in the repository, by role key (`k8s-role:/ClusterRole/ops`). */
export function wideRoles(facts: readonly Fact[]): Set<string> {
  const wide = new Set<string>();
  for (const fact of facts) if (fact.kind === FACT_KINDS.roleDefinition && fact.attributes.wide) wide.add(identityKey(fact.identity));
  return wide;
}

export function compareFacts(a: Fact, b: Fact): number {
  const x = a.location;
  const y = b.location;
  return x.path < y.path ? -1 : x.path > y.path ? 1 : x.startOffset - y.startOffset || x.endOffset - y.endOffset;
}

/** The name people know an identity by; literal values show only the first 8 hex digits of their hash. */
function displayName({ type, name }: Identity): string {
  if (type === 'literal') return `literal value (hash ${name.slice(0, 8)})`;
  if (type === 'k8s-sa' || type === 'k8s-secret') {
    const unset = /^\((.*)\)\/(.*)$/.exec(name);
    if (unset) return `${unset[2]} (namespace not set, ${unset[1] || '.'})`;
    return name;
  }
  if (type === 'terraform') {
    const [folder, address] = [name.slice(0, name.lastIndexOf(':')), name.slice(name.lastIndexOf(':') + 1)];
    return folder ? `${address} (${folder})` : address;
  }
  return name;
}

/** The identity as shown outside (JSON, messages): literal hashes cut to 8 hex digits. */
export function publicKey(identity: Identity): string {
  return identityKey(identity.type === 'literal' ? { type: 'literal', name: identity.name.slice(0, 8) } : identity);
}

/** Folder → namespace, from kustomizations' `namespace:`. */
function namespaceScopes(facts: readonly Fact[]): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const fact of facts) {
    if (fact.kind === FACT_KINDS.namespaceScope) scopes.set(fact.attributes.folder, fact.attributes.namespace);
  }
  return scopes;
}

/**
 * Kubernetes identities with no namespace (`k8s-sa:/api`): the namespace of the nearest
 * kustomization above the file, else the file's folder stands in for it (manifests deployed
 * together usually sit together), written `k8s-sa:(folder)/api`.
 */
function resolveIdentity(identity: Identity, path: string, scopes: Map<string, string>): Identity {
  // GitHub secret names are case-insensitive (`secrets.deploy_key` is `DEPLOY_KEY`).
  if (identity.type === 'secret') return { type: 'secret', name: identity.name.toUpperCase() };
  if ((identity.type !== 'k8s-sa' && identity.type !== 'k8s-secret') || !identity.name.startsWith('/')) return identity;
  const name = identity.name.slice(1);
  let folder = folderOf(path);
  for (;;) {
    const namespace = scopes.get(folder);
    if (namespace) return { type: identity.type, name: `${namespace}/${name}` };
    if (!folder) break;
    folder = folderOf(folder);
  }
  return { type: identity.type, name: `(${folderOf(path)})/${name}` };
}

/**
 * A literal value is used wherever it is written (a service's `.env`, a manifest, code), whatever
 * kind of fact recorded it; only a data store's own bootstrap password defines the account.
 */
function roleOf(fact: IdentityFact): Role {
  if (fact.identity.type === 'literal') return fact.attributes.serverSide === true ? 'definition' : 'use';
  const kind = fact.kind;
  if (kind === FACT_KINDS.definition || kind === FACT_KINDS.serviceAccountDefinition) return 'definition';
  if (kind === FACT_KINDS.roleBinding) return 'binding';
  if (kind === FACT_KINDS.workloadIdentity) return 'link';
  return 'use';
}

function text(value: PropertyValue | undefined): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function list(value: PropertyValue | undefined): string[] {
  if (Array.isArray(value)) return value as string[];
  return typeof value === 'string' && value ? [value] : [];
}

function occurrence(fact: IdentityFact, productionPatterns: readonly string[]): Occurrence {
  const a = fact.attributes;
  const path = fact.location.path;
  const fromPipeline = a.platform !== undefined || a.job !== undefined;
  const environment = text(a.environment);
  const namespace = text(a.namespace);
  const triggers = list(a.triggers);
  const purpose = text(a.purpose);
  // The pipeline model marks a secret that a production job hands only to its test steps (see pipeline facts).
  const testUse = purpose === 'test' && a.production === false && fromPipelineJob(a);
  const tier =
    tierOf(environment, productionPatterns) ??
    tierOf(namespace, productionPatterns) ??
    (fromPipeline ? deployNameTier(a, path, purpose, productionPatterns) : pathTier(path, productionPatterns));
  const service = text(a.service);
  const job = text(a.job);
  const project = projectOf(path);
  const unit = fromPipeline ? `${path}#${job ?? ''}` : service ? `${path}#${service}` : `${path}@${fact.location.startOffset}`;
  const app = fromPipeline ? path : applicationKey(text(a.app) ?? service, project);
  return {
    fact,
    role: roleOf(fact),
    unit,
    app,
    tier: a.production === true ? 'production' : testUse ? undefined : tier,
    production: a.production === true || (tier === 'production' && !testUse),
    pullRequest: a.pullRequestCode ?? triggers.some((t) => PULL_REQUEST_TRIGGERS.test(t)),
    untrusted: a.untrustedTrigger === true,
    purpose,
    passThrough: a.reusable === true || (triggers.length > 0 && triggers.every((t) => CALL_TRIGGERS.test(t))),
    declaredEnvironment: environment,
    label: label(fact, { service, job, environment, namespace, purpose, project }),
  };
}

function fromPipelineJob(a: IdentityFact['attributes']): boolean {
  return a.job !== undefined && a.job !== '*';
}

const DELIVERY = new Set(['deploy', 'deployment', 'release', 'publish', 'infrastructure']);

/**
 * A deploy job with no declared environment still names its target: `deploy-staging`, a Jenkins
 * stage `Deploy production`, a workflow `deploy-staging.yml`. Only deploy jobs are read this way.
 */
function deployNameTier(a: IdentityFact['attributes'], path: string, purpose: string | undefined, productionPatterns: readonly string[]): Tier | undefined {
  if (!purpose || !DELIVERY.has(purpose)) return undefined;
  const job = text(a.job);
  return (
    tierOf(job === '*' ? undefined : job, productionPatterns) ??
    tierOf(text(a.pipeline), productionPatterns) ??
    pathTier(path.slice(path.lastIndexOf('/') + 1), productionPatterns)
  );
}

function label(fact: IdentityFact, c: { service?: string; job?: string; environment?: string; namespace?: string; purpose?: string; project: string }): string {
  const a = fact.attributes;
  const pipeline = text(a.pipeline) ?? fact.location.path.slice(fact.location.path.lastIndexOf('/') + 1);
  const name = text(a.name);
  const where = c.environment ? `environment ${c.environment}` : c.namespace ? `namespace ${c.namespace}` : undefined;
  const suffix = where ? ` (${where})` : '';
  switch (fact.kind) {
    case FACT_KINDS.serviceAccountUse:
      return `${text(a.workloadKind) ?? 'workload'} ${c.service ?? '(unnamed)'}${suffix}`;
    case FACT_KINDS.serviceAccountDefinition:
      return `ServiceAccount ${c.service ?? ''} defined here`;
    case FACT_KINDS.roleBinding:
      return `${text(a.binding) ?? 'binding'} grants ${text(a.roleKind) ?? 'role'} ${text(a.role) ?? ''}`;
    case FACT_KINDS.workloadIdentity:
      return `service account ${c.service ?? ''}${suffix} federated to it`;
  }
  if (c.job !== undefined || a.platform !== undefined) {
    if (c.job === '*' || c.job === undefined) return `every job of ${pipeline} (pipeline-wide)${suffix}`;
    const purpose = c.purpose && c.purpose !== 'other' ? `${c.purpose} ` : '';
    return `${purpose}job ${c.job} in ${pipeline}${suffix}`;
  }
  const source = text(a.source);
  if (source === 'netrc') return `.netrc login for ${text(a.machine) ?? 'a host'}`;
  if (fact.identity.type === 'person') return `${a.context === 'cloud-account' ? 'cloud account' : 'git identity'} in ${pipeline}`;
  if (a.serverSide === true && fact.identity.type === 'k8s-secret') return `data store ${c.service ?? ''} reads it at start-up (defines the account)${suffix}`;
  if (a.serverSide === true)
    return `${name ?? 'bootstrap credential'} of the ${c.service ?? 'data store'} ${source === 'compose' ? 'service' : 'workload'} (defines the account)`;
  if (source === 'dotenv') return `${name ?? 'value'} in ${fact.location.path}`;
  if (source === 'kubernetes-secret') return `${name ?? 'value'} in Secret ${c.service ?? ''}${suffix}`;
  if (source === 'compose' && fact.identity.type === 'env-file') return `env_file of compose service ${c.service ?? ''}`;
  if (source === 'compose') return `${name ?? 'value'} of compose service ${c.service ?? ''}`;
  if (fact.kind === FACT_KINDS.definition && fact.identity.type === 'k8s-secret') return `Secret ${c.service ?? ''} defined here${suffix}`;
  if (source === 'kubernetes' && c.service && fact.identity.type === 'k8s-secret')
    return `workload ${c.service} reads it${name ? ` as ${name}` : ' (envFrom)'}${suffix}`;
  if (source === 'kubernetes' && c.service) return `${name ?? 'value'} of workload ${c.service}${suffix}`;
  if (source === 'terraform') return `${text(a.resource) ?? 'resource'}${a.longLived === true ? ' (long-lived key)' : ''}`;
  if (source === 'gcp-key-file') return 'service-account key file';
  if (a.purpose === 'assistant') return `${text(a.tool) ?? 'assistant'}${text(a.server) ? ` MCP server ${text(a.server)}` : ''}`;
  return name ? `${name}${c.service ? ` of ${c.service}` : ''}` : pipeline;
}
