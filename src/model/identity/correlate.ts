import type { Confidence, Fact, Location, Properties, RelatedLocation, RepositoryContext, RuleSettings, Severity } from '../../rule/types.js';
import { identifierWords } from '../../detect/assignment.js';
import { compareFacts, indexIdentities, publicKey, wideRoles, type IdentityRecord, type Occurrence } from './index-facts.js';
import { isLowValueCredential, isPlatformToken, personInCredentialName } from './names.js';

/** One shared-identity problem, ready to report: anchored at the first use, every use related. */
export interface Verdict {
  record: IdentityRecord;
  location: Location;
  severity: Severity;
  confidence: Confidence;
  message: string;
  related: RelatedLocation[];
  properties: Properties;
  /** Stable content key for the fingerprint: the identity, never a value. */
  fingerprintKey: string;
}

/** Reports a verdict: one finding at its anchor, every use as a related location. */
export function reportVerdict(ctx: RepositoryContext, verdict: Verdict): void {
  ctx.report(verdict.location, verdict.message, {
    severity: verdict.severity,
    confidence: verdict.confidence,
    related: verdict.related,
    properties: verdict.properties,
    fingerprintKey: verdict.fingerprintKey,
  });
}

/** The index and the repository-wide lookups every identity rule needs, built once per fact list. */
export interface Correlation {
  records: IdentityRecord[];
  wideRoles: Set<string>;
  /** Compose services that load a `.env` file (`env_file:`), by the file's path. */
  envFileUsers: Map<string, Occurrence[]>;
}

const cache = new WeakMap<readonly Fact[], Correlation>();

/** Indexes the facts once per scan (the identity rules share the result). */
export function correlation(facts: readonly Fact[], settings: Pick<RuleSettings, 'productionPatterns'>): Correlation {
  let found = cache.get(facts);
  if (!found) {
    const records = indexIdentities(facts, settings.productionPatterns);
    found = { records, wideRoles: wideRoles(facts), envFileUsers: envFileUsers(records) };
    cache.set(facts, found);
  }
  return found;
}

function envFileUsers(records: readonly IdentityRecord[]): Map<string, Occurrence[]> {
  const users = new Map<string, Occurrence[]>();
  for (const record of records) {
    if (record.type !== 'env-file') continue;
    users.set(record.identity.name, record.occurrences.filter((o) => o.role === 'use'));
  }
  return users;
}

// ---- shared helpers ------------------------------------------------------------------------

/** The credential's own name (`DEPLOY_KEY` for `secret:DEPLOY_KEY`), for name-based judgements. */
function credentialName(record: IdentityRecord): string {
  return record.identity.name;
}

/**
 * Per-run platform tokens, notification/reporting tokens and stored values that are a user name
 * or a location (`DOCKERHUB_USERNAME`, `AWS_ACCOUNT_ID`): sharing them is not worth a finding.
 */
function ignorable(record: IdentityRecord): boolean {
  if (record.type === 'literal') return record.occurrences.every((o) => isLowValueCredential(String(o.fact.attributes['name'] ?? '')) && o.fact.attributes['name'] !== undefined);
  const name = credentialName(record);
  return isPlatformToken(name) || isLowValueCredential(name) || (record.type !== 'cloud-identity' && isIdentifierName(name));
}

/**
 * Last words of a name that hold a user name or a location, not a secret. Identifiers of an
 * identity (`AZURE_CLIENT_ID`, `AWS_ROLE_ARN`) stay: the same one in two environments is one identity.
 */
const IDENTIFIER_WORDS = new Set(['username', 'user', 'login', 'email', 'account', 'org', 'organization', 'owner', 'project', 'region', 'zone', 'location', 'url', 'uri', 'host', 'hostname', 'endpoint', 'domain', 'name', 'namespace', 'cluster', 'bucket', 'registry', 'repo', 'repository', 'port', 'tenant', 'subscription', 'environment', 'env', 'version']);

function isIdentifierName(name: string): boolean {
  const words = identifierWords(name);
  if (words.some((w) => /^(?:password|passwd|secret|token|key|pat|creds?|credentials)$/.test(w))) return false;
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  if (last === 'id' && before !== undefined && IDENTIFIER_WORDS.has(before)) return true; // AWS_ACCOUNT_ID, GCP_PROJECT_ID
  return last !== undefined && IDENTIFIER_WORDS.has(last);
}

/** Uses grouped into units (one job, service or workload), reusable-workflow pass-throughs folded into their callers. */
function useUnits(record: IdentityRecord, roles: readonly Occurrence['role'][] = ['use', 'link']): Occurrence[][] {
  const uses = record.occurrences.filter((o) => roles.includes(o.role));
  const direct = uses.filter((o) => !o.passThrough);
  const chosen = direct.length ? direct : uses;
  const units = new Map<string, Occurrence[]>();
  for (const o of chosen) units.set(o.unit, [...(units.get(o.unit) ?? []), o]);
  return [...units.values()];
}

/** Every occurrence as a related location, with its label (the first use included). */
function relatedOf(occurrences: readonly Occurrence[]): RelatedLocation[] {
  return occurrences.map((o) => ({ location: o.fact.location, message: o.label }));
}

function firstUse(record: IdentityRecord): Occurrence {
  return record.occurrences.find((o) => o.role === 'use' || o.role === 'link') ?? record.occurrences[0]!;
}

/** Words that mark a credential as one that deploys, publishes or administers. */
const SENSITIVE_NAME_WORDS = new Set(['deploy', 'deployer', 'deployment', 'kube', 'kubeconfig', 'k8s', 'aws', 'gcp', 'gcloud', 'google', 'azure', 'arm', 'ssh', 'prod', 'production', 'terraform', 'tf', 'vault', 'admin', 'root', 'heroku', 'vercel', 'netlify', 'fly', 'cloudflare', 'firebase', 'digitalocean', 'cosign', 'signing', 'gpg', 'database', 'db']);

function sensitiveName(name: string): boolean {
  return identifierWords(name).some((w) => SENSITIVE_NAME_WORDS.has(w));
}

/** How people call an identity in a message. */
function describeIdentity(record: IdentityRecord): string {
  const name = record.name;
  switch (record.type) {
    case 'ci-secret':
      return `secret ${name}`;
    case 'ci-variable':
      return `variable ${name}`;
    case 'jenkins-credential':
      return `Jenkins credential ${name}`;
    case 'circleci-context':
      return `CircleCI context ${name}`;
    case 'azure-service-connection':
      return `service connection ${name}`;
    case 'cloud-identity':
      return `cloud identity ${name}`;
    case 'kubernetes-service-account':
      return `service account ${name}`;
    case 'kubernetes-secret':
      return `Secret ${name}`;
    case 'literal': {
      const names = [...new Set(record.occurrences.map((o) => o.fact.attributes['name']).filter((n): n is string => typeof n === 'string'))];
      return `the same literal credential${names.length ? ` (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})` : ''}`;
    }
    case 'env-variable':
      return `environment variable ${name}`;
    case 'person':
      return name;
    default:
      return name;
  }
}

function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

function listLabels(units: readonly Occurrence[][], max = 3): string {
  const labels = [...new Set(units.map((u) => u[0]!.label))];
  return labels.length > max ? `${labels.slice(0, max).join(', ')} and ${labels.length - max} more` : labels.join(', ');
}

function baseProperties(record: IdentityRecord, units: readonly Occurrence[][]): Properties {
  return {
    identity: publicKey(record.identity),
    identityType: record.type,
    uses: units.length,
    locations: record.occurrences.length,
  };
}

// ---- identity/shared-across-environments ----------------------------------------------------

const ENVIRONMENT_TYPES = new Set(['ci-secret', 'ci-variable', 'jenkins-credential', 'circleci-context', 'azure-service-connection', 'cloud-identity', 'literal', 'other']);

/** Secrets and variables whose value may differ per environment when the job declares one. */
const SCOPABLE_TYPES = new Set(['ci-secret', 'ci-variable']);

function unitProduction(unit: readonly Occurrence[]): boolean {
  return unit.some((o) => o.production);
}

function unitTier(unit: readonly Occurrence[]): Occurrence['tier'] {
  return unitProduction(unit) ? 'production' : unit.find((o) => o.tier)?.tier;
}

/**
 * The same credential used by production and by a non-production environment, or by a
 * production job and by pull-request or test jobs.
 */
export function sharedAcrossEnvironments(record: IdentityRecord): Verdict | undefined {
  if (!ENVIRONMENT_TYPES.has(record.type) || ignorable(record)) return undefined;
  const units = useUnits(record);
  if (units.length < 2) return undefined;
  const production = units.filter(unitProduction);
  if (!production.length) return undefined;
  const others = units.filter((u) => !unitProduction(u));
  // Each other use is named once: as a pull-request job, an outsider-triggered job, by its tier, or as a test job.
  const pullRequest = others.filter((u) => u.some((o) => o.pullRequest));
  const outsiders = others.filter((u) => !pullRequest.includes(u) && u.some((o) => o.untrusted));
  const named = new Set([...pullRequest, ...outsiders]);
  const nonProduction = others.filter((u) => !named.has(u) && unitTier(u) !== undefined);
  const tests = others.filter((u) => !named.has(u) && !nonProduction.includes(u) && u.some((o) => purposeGroup(o.purpose) === 'test'));
  if (!nonProduction.length && !pullRequest.length && !outsiders.length && !tests.length) return undefined;

  const scopable = SCOPABLE_TYPES.has(record.type) && production.every((u) => u.some((o) => o.declaredEnvironment));
  const severity: Severity = pullRequest.length ? 'critical' : 'high';
  const confidence: Confidence = scopable ? 'medium' : 'high';
  const what = describeIdentity(record);
  const sides: string[] = [];
  if (pullRequest.length) sides.push(`pull-request jobs (${listLabels(pullRequest)})`);
  if (outsiders.length) sides.push(`jobs that outsiders can trigger (${listLabels(outsiders)})`);
  if (nonProduction.length) {
    const tiers = [...new Set(nonProduction.map((u) => unitTier(u)!))];
    sides.push(`${tiers.join(' and ')} (${listLabels(nonProduction)})`);
  }
  if (tests.length) sides.push(`test jobs (${listLabels(tests)})`);
  const holder = record.type === 'cloud-identity' ? 'act as the production identity' : 'read the production credential';
  const why = pullRequest.length
    ? `code from a pull request can ${holder}`
    : outsiders.length
      ? `a job an outsider can start (an issue, a comment) can ${holder}`
      : 'one leak outside production opens production, and rotating it breaks every environment at once';
  const caveat = scopable ? ` unless ${record.name} is an environment secret with its own value in each environment,` : '';
  const message = `${capitalise(what)} is used by production (${listLabels(production)}) and by ${sides.join(' and by ')};${caveat} ${why} — ${environmentFix(record)}`;
  const anchor = firstUse(record);
  return {
    record,
    location: anchor.fact.location,
    severity,
    confidence,
    message,
    related: relatedOf(record.occurrences),
    properties: {
      ...baseProperties(record, units),
      environments: [...new Set(units.map(unitTier).filter((t): t is NonNullable<typeof t> => t !== undefined))],
      pullRequest: pullRequest.length > 0,
      outsiders: outsiders.length > 0,
    },
    fingerprintKey: `identity:${record.key}`,
  };
}

/** The fix for a credential shared across environments, in the terms of where it lives. */
function environmentFix(record: IdentityRecord): string {
  switch (record.type) {
    case 'literal':
      return 'give each environment its own value, kept in a secret store rather than in the repository';
    case 'cloud-identity':
      return 'give each environment its own role or service account, with a trust policy bound to that environment';
    default:
      return 'give each environment its own credential (environment-scoped secrets, or OIDC federation bound to the environment)';
  }
}

// ---- identity/shared-credential ------------------------------------------------------------

const CREDENTIAL_TYPES = new Set(['ci-secret', 'ci-variable', 'jenkins-credential', 'circleci-context', 'azure-service-connection', 'literal', 'kubernetes-secret', 'other']);

type PurposeGroup = 'deliver' | 'build' | 'test' | 'backup' | 'assistant' | 'other';

/** A job's duty, with the synonyms pipeline models use (`publish`, `image-push`, `infrastructure`…). */
function purposeGroup(purpose: string | undefined): PurposeGroup {
  switch (purpose) {
    case 'deploy':
    case 'deployment':
    case 'release':
    case 'publish':
    case 'image-push':
    case 'infrastructure':
      return 'deliver';
    case 'build':
    case 'image-build':
      return 'build';
    case 'test':
    case 'lint':
    case 'check':
    case 'scan':
      return 'test';
    case 'backup':
    case 'restore':
      return 'backup';
    case 'assistant':
      return 'assistant';
    default:
      return 'other';
  }
}

function unitGroups(unit: readonly Occurrence[]): Set<PurposeGroup> {
  return new Set(unit.map((o) => purposeGroup(o.purpose)));
}

const SENSITIVE_GROUPS = new Set<PurposeGroup>(['deliver', 'backup']);

/** Two jobs whose duties have nothing to do with each other: a deploy and a backup, a release and a test, a deploy and an assistant. */
function unrelatedDuties(a: readonly Occurrence[], b: readonly Occurrence[]): [PurposeGroup, PurposeGroup] | undefined {
  const samePipeline = a[0]!.fact.location.path === b[0]!.fact.location.path;
  for (const x of unitGroups(a)) {
    for (const y of unitGroups(b)) {
      if (x === y || !(SENSITIVE_GROUPS.has(x) || SENSITIVE_GROUPS.has(y))) continue;
      const pair = new Set([x, y]);
      if (pair.has('deliver') && pair.has('build')) continue; // build → release → deploy is one delivery chain
      if (pair.has('other') && samePipeline) continue;
      return [x, y];
    }
  }
  return undefined;
}

/**
 * The same credential used by unrelated pipelines, jobs or services: jobs with unrelated duties
 * (deploy and backup), three or more pipelines for a deploy-grade credential, or a literal value
 * (or Kubernetes Secret) shared by two or more applications.
 */
export function sharedCredential(record: IdentityRecord, envFiles: ReadonlyMap<string, Occurrence[]> = new Map()): Verdict | undefined {
  if (!CREDENTIAL_TYPES.has(record.type) || ignorable(record)) return undefined;
  if (sharedAcrossEnvironments(record)) return undefined;
  return record.type === 'literal' || record.type === 'kubernetes-secret' ? sharedByApplications(record, envFiles) : sharedByPipelines(record);
}

function sharedByApplications(record: IdentityRecord, envFiles: ReadonlyMap<string, Occurrence[]>): Verdict | undefined {
  const apps = new Map<string, Occurrence[]>();
  const loaders = new Set<Occurrence>();
  for (const o of record.occurrences) {
    if (o.role !== 'use') continue;
    // A .env that compose services load with env_file is used by each of them.
    const users = o.fact.attributes['source'] === 'dotenv' ? envFiles.get(o.fact.location.path) : undefined;
    if (users?.length) {
      for (const user of users) {
        loaders.add(user);
        apps.set(user.app, [...(apps.get(user.app) ?? []), user]);
      }
    } else if (!isNeutral(o)) apps.set(o.app, [...(apps.get(o.app) ?? []), o]);
  }
  if (apps.size < 2) return undefined;
  const groups = [...apps.values()];
  const production = record.occurrences.some((o) => o.production);
  const what = describeIdentity(record);
  const names = [...apps.keys()];
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  const message = `${capitalise(what)} is used by ${apps.size} applications (${shown}); one leak opens all of them and rotating it breaks them all at once — give each service its own credential, kept in a secret store`;
  const anchor = firstUse(record);
  return {
    record,
    location: anchor.fact.location,
    severity: production ? 'high' : 'medium',
    confidence: record.type === 'literal' ? 'high' : 'medium',
    message,
    related: relatedOf([...record.occurrences, ...loaders].sort((a, b) => compareFacts(a.fact, b.fact))),
    properties: { ...baseProperties(record, groups), applications: names },
    fingerprintKey: `identity:${record.key}`,
  };
}

/** A root `.env` is where a value is set for local runs, not an application of its own. */
function isNeutral(o: Occurrence): boolean {
  return o.fact.attributes['source'] === 'dotenv' && o.app === '(root)';
}

function sharedByPipelines(record: IdentityRecord): Verdict | undefined {
  const units = useUnits(record);
  if (units.length < 2) return undefined;
  let duties: [PurposeGroup, PurposeGroup] | undefined;
  let pair: [Occurrence[], Occurrence[]] | undefined;
  for (let i = 0; i < units.length && !duties; i++) {
    for (let j = i + 1; j < units.length && !duties; j++) {
      duties = unrelatedDuties(units[i]!, units[j]!);
      if (duties) pair = [units[i]!, units[j]!];
    }
  }
  const pipelines = [...new Set(units.map((u) => u[0]!.fact.location.path))];
  const name = credentialName(record);
  // Every stored secret is long-lived: what makes one deploy-grade is what it does or what it is called.
  const sensitive = units.some((u) => u.some((o) => SENSITIVE_GROUPS.has(purposeGroup(o.purpose)) || o.production)) || sensitiveName(name);
  const widespread = pipelines.length >= 3 && sensitive;
  if (!duties && !widespread) return undefined;

  const what = describeIdentity(record);
  // High when a production delivery credential also serves a job with a known, unrelated duty.
  const deliversProduction = units.some((u) => unitProduction(u) && u.some((o) => purposeGroup(o.purpose) === 'deliver'));
  const severity: Severity = duties && deliversProduction && !duties.includes('other') ? 'high' : 'medium';
  let message: string;
  if (duties && pair) {
    const [a, b] = pair;
    message = `${capitalise(what)} is used for unrelated duties — ${dutyName(duties[0])} (${a[0]!.label}) and ${dutyName(duties[1])} (${b[0]!.label})${units.length > 2 ? ` among ${units.length} jobs` : ''}; a leak from either opens both and one rotation breaks both — give each job its own least-privilege credential (or OIDC federation)`;
  } else {
    message = `${capitalise(what)} is used by ${pipelines.length} pipelines (${listLabels(units)}); one leak opens all of them and one rotation breaks them all — give each pipeline its own least-privilege credential (or OIDC federation)`;
  }
  const anchor = firstUse(record);
  return {
    record,
    location: anchor.fact.location,
    severity,
    // A job whose duty the pipeline model could not tell is weaker evidence of unrelated duties.
    confidence: duties?.includes('other') ? 'low' : 'medium',
    message,
    related: relatedOf(record.occurrences),
    properties: { ...baseProperties(record, units), pipelines },
    fingerprintKey: `identity:${record.key}`,
  };
}

function dutyName(group: PurposeGroup): string {
  switch (group) {
    case 'deliver':
      return 'deploy/release';
    case 'assistant':
      return 'an AI assistant';
    case 'other':
      return 'other automation';
    default:
      return group;
  }
}

// ---- identity/shared-service-account -------------------------------------------------------

/** A workload that actually receives its service account's token. */
function tokenMounted(use: Occurrence, definitions: readonly Occurrence[]): boolean {
  const own = use.fact.attributes['automount'];
  if (own === false) return false;
  if (own === true) return true;
  return !definitions.some((d) => d.fact.attributes['automount'] === false);
}

const WORKLOAD_NOISE = new Set(['deployment', 'deploy', 'statefulset', 'sts', 'daemonset', 'ds', 'cronjob', 'job', 'pod', 'svc', 'k8s', 'prod', 'production', 'staging', 'dev', 'v1', 'v2']);

/** What a service account is granted, from the bindings in the repository. */
function grants(record: IdentityRecord, wide: Set<string>): { level: 'cluster-admin' | 'wide' | 'bound' | 'none'; bindings: Occurrence[] } {
  const bindings = record.occurrences.filter((o) => o.role === 'binding');
  if (bindings.some((b) => b.fact.attributes['clusterAdmin'] === true)) return { level: 'cluster-admin', bindings };
  if (bindings.some((b) => b.fact.attributes['builtinBroad'] === true || wide.has(String(b.fact.attributes['roleKey'])))) return { level: 'wide', bindings };
  return { level: bindings.length ? 'bound' : 'none', bindings };
}

/** The application a workload belongs to; workloads named after their service account are its own app. */
function workloadApp(use: Occurrence, accountName: string): string {
  const name = String(use.fact.attributes['service'] ?? '').toLowerCase();
  const account = accountName.toLowerCase();
  if (account !== 'default' && (name === account || name.startsWith(`${account}-`) || account.startsWith(`${name}-`))) return account;
  return workloadKey(String(use.fact.attributes['app'] ?? name));
}

/** A workload's application: its first significant name word (`orders-api` → `orders`); role names (`api`, `worker`) stay apart. */
function workloadKey(name: string): string {
  const words = identifierWords(name).filter((w) => !WORKLOAD_NOISE.has(w));
  return words[0] ?? name.toLowerCase();
}

/**
 * Kubernetes service accounts shared by several applications' workloads (worse with cluster-admin
 * or a wide role), the `default` account used with its token mounted, and cloud identities behind
 * many deployables.
 */
export function sharedServiceAccount(record: IdentityRecord, wide: Set<string>): Verdict | undefined {
  if (record.type === 'kubernetes-service-account') return sharedKubernetesAccount(record, wide);
  if (record.type === 'cloud-identity') return sharedCloudIdentity(record);
  return undefined;
}

function sharedKubernetesAccount(record: IdentityRecord, wide: Set<string>): Verdict | undefined {
  const definitions = record.occurrences.filter((o) => o.role === 'definition');
  const workloads = useUnits(record, ['use']).map((u) => u[0]!);
  const mountedPlaces = workloads.filter((w) => tokenMounted(w, definitions));
  // A workload is unique by kind and name in its namespace: the same one in several files
  // (variants, overlays, copies for another cluster) is one workload.
  const byName = new Map<string, Occurrence>();
  for (const w of mountedPlaces) {
    const key = `${String(w.fact.attributes['workloadKind'] ?? '')}/${String(w.fact.attributes['service'] ?? w.unit)}`;
    if (!byName.has(key)) byName.set(key, w);
  }
  const mounted = [...byName.values()];
  const accountName = record.identity.name.slice(record.identity.name.lastIndexOf('/') + 1);
  const granted = grants(record, wide);
  const isDefault = accountName === 'default';
  const apps = new Set(mounted.map((w) => workloadApp(w, accountName)));
  const shared = isDefault ? mounted.length >= 2 || (mounted.length >= 1 && granted.level !== 'none') : apps.size >= 2;
  if (!shared) return undefined;

  // The default account with no role bound in the repository is hygiene; sharing a bound account is not.
  const severity: Severity = granted.level === 'cluster-admin' ? 'critical' : granted.level === 'wide' ? 'high' : isDefault && granted.level === 'none' ? 'low' : 'medium';
  const power = granted.level === 'cluster-admin' ? ', which is bound to cluster-admin,' : granted.level === 'wide' ? ', which is bound to a wide role,' : '';
  const names = mounted.map((w) => w.label);
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  const message = isDefault
    ? `${mounted.length} workload${mounted.length === 1 ? '' : 's'} (${shown}) run as the default service account of ${namespaceOf(record)}${power} with its token mounted; every pod in the namespace shares that identity — give each workload its own ServiceAccount and set automountServiceAccountToken: false where no API access is needed`
    : `Service account ${record.name}${power} is shared by ${apps.size} applications' workloads (${shown}); a compromise of any of them acts as all of them — give each application its own ServiceAccount with only the permissions it needs`;
  return {
    record,
    location: mountedPlaces[0]!.fact.location,
    severity,
    confidence: isDefault ? 'high' : 'medium',
    message,
    // Workloads that do not mount the token do not act as the account: they are left out.
    related: relatedOf(record.occurrences.filter((o) => o.role !== 'use' || mountedPlaces.includes(o))),
    properties: { ...baseProperties(record, mounted.map((w) => [w])), workloads: mounted.length, grants: granted.level, defaultAccount: isDefault },
    fingerprintKey: `identity:${record.key}`,
  };
}

function namespaceOf(record: IdentityRecord): string {
  const namespace = record.identity.name.slice(0, record.identity.name.lastIndexOf('/'));
  if (namespace.startsWith('(')) return `the namespace these manifests are applied to (${namespace.slice(1, -1) || '.'})`;
  return `namespace ${namespace || 'default'}`;
}

function sharedCloudIdentity(record: IdentityRecord): Verdict | undefined {
  if (sharedAcrossEnvironments(record)) return undefined;
  const links = record.occurrences.filter((o) => o.role === 'link');
  const accounts = new Map<string, Occurrence>();
  for (const link of links) {
    const account = String(link.fact.attributes['serviceAccount'] ?? link.unit);
    if (!accounts.has(account)) accounts.set(account, link);
  }
  const apps = new Set([...accounts.values()].map((l) => l.app));
  const pipelineUnits = useUnits(record, ['use']);
  const pipelines = new Set(pipelineUnits.map((u) => u[0]!.fact.location.path));
  const deployables = accounts.size + pipelines.size;
  if (!(apps.size >= 2 || deployables >= 3)) return undefined;
  const keys = record.occurrences.filter((o) => o.role === 'definition' && o.fact.attributes['longLived'] === true);
  const labels = [...[...accounts.values()].map((l) => l.label), ...pipelineUnits.map((u) => u[0]!.label)];
  const shown = labels.length > 4 ? `${labels.slice(0, 4).join(', ')} and ${labels.length - 4} more` : labels.join(', ');
  const message = `Cloud identity ${record.name} is used by ${deployables} deployables (${shown})${keys.length ? ' and has a long-lived key in the repository' : ''}; each of them holds every permission any of them needs and one compromise reaches them all — give each deployable its own cloud identity with only its permissions`;
  const anchor = firstUse(record);
  return {
    record,
    location: anchor.fact.location,
    severity: keys.length ? 'high' : 'medium',
    confidence: 'medium',
    message,
    related: relatedOf(record.occurrences),
    properties: { ...baseProperties(record, pipelineUnits), deployables, longLivedKey: keys.length > 0 },
    fingerprintKey: `identity:${record.key}`,
  };
}

// ---- identity/human-identity-in-automation --------------------------------------------------

const NAMED_TYPES = new Set(['ci-secret', 'ci-variable', 'jenkins-credential', 'azure-service-connection', 'circleci-context', 'env-variable', 'literal', 'other']);

/**
 * A person's identity driving automation: a personal e-mail or name as a git identity or cloud
 * account in CI, a personal `.netrc` login, or a credential named for a person (`ALICE_PAT`).
 */
export function humanIdentity(record: IdentityRecord): Verdict | undefined {
  if (record.type === 'person') return personVerdict(record);
  if (!NAMED_TYPES.has(record.type)) return undefined;
  const attributeNames = record.occurrences.flatMap((o) => [o.fact.attributes['secretName'], o.fact.attributes['name']]);
  const names = [record.type === 'literal' ? undefined : credentialName(record), ...attributeNames];
  const named = names.find((n): n is string => typeof n === 'string' && personInCredentialName(n) !== undefined);
  if (!named) return undefined;
  const person = personInCredentialName(named)!;
  const uses = record.occurrences.filter((o) => o.role === 'use');
  if (!uses.length) return undefined;
  const what = record.type === 'literal' ? `A literal credential named ${named}` : capitalise(describeIdentity(record));
  const message = `${what} is named for a person (${capitalise(person)}) and used by automation (${listLabels(uses.map((u) => [u]))}); a personal credential carries the person's full access, breaks when they leave and hides which machine acted — use a bot account, GitHub App or OIDC federation instead`;
  return {
    record,
    location: uses[0]!.fact.location,
    severity: 'high',
    confidence: 'medium',
    message,
    related: relatedOf(uses),
    properties: { identity: publicKey(record.identity), identityType: record.type, person: capitalise(person), uses: uses.length },
    fingerprintKey: `identity:${record.key}`,
  };
}

function personVerdict(record: IdentityRecord): Verdict | undefined {
  const uses = record.occurrences.filter((o) => o.role === 'use');
  if (!uses.length) return undefined;
  const contexts = new Set(uses.map((o) => String(o.fact.attributes['context'] ?? '')));
  const gitOnly = contexts.size === 1 && contexts.has('git-identity');
  const as = contexts.has('netrc-login') ? 'the login of a committed .netrc' : contexts.has('cloud-account') ? 'a cloud account in CI' : 'the git identity of CI commits';
  const files = [...new Set(uses.map((o) => o.fact.location.path))];
  const message = `Personal identity ${record.name} is used as ${as} (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}); automation acting as a person carries their access, breaks when they leave and makes its actions look like theirs — use a bot account or GitHub App identity, or a dedicated service account`;
  return {
    record,
    location: uses[0]!.fact.location,
    severity: gitOnly ? 'medium' : 'high',
    confidence: 'medium',
    message,
    related: relatedOf(uses),
    properties: { identity: publicKey(record.identity), identityType: record.type, uses: uses.length, contexts: [...contexts] },
    fingerprintKey: `identity:${record.key}`,
  };
}
