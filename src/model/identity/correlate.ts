import type { Fact, Properties, RelatedLocation, RuleSettings } from '../../rule/types.js';
import { identifierWords } from '../../detect/assignment.js';
import { compareFacts, indexIdentities, publicKey, wideRoles, type IdentityRecord, type Occurrence } from './index-facts.js';
import { isLowValueCredential, isPlatformToken, personInCredentialName } from './names.js';
import { isDocumentationPath, isTestPath } from '../../detect/paths.js';

/**
 * The shared index of identities and the typed analyses the identity rules ask of it: how a
 * credential spreads across environments, duties, pipelines and applications, who runs as a
 * service account, which person an identity names. The model decides nothing: each rule in
 * `rules/identity/` holds its own verdict, severity and wording.
 */

export type { IdentityRecord, Occurrence } from './index-facts.js';

/** The index and the repository-wide lookups every identity rule needs, built once per fact list. */
export interface Correlation {
  records: IdentityRecord[];
  wideRoles: Set<string>;
  /** Compose services that load a `.env` file (`env_file:`), by the file's path. */
  envFileUsers: Map<string, Occurrence[]>;
  /** Kubernetes ServiceAccount objects (`path\0name`) annotated to act as a cloud identity. */
  cloudLinkedAccounts: Set<string>;
}

const cache = new WeakMap<readonly Fact[], Correlation>();

/** Indexes the facts once per scan (the identity rules share the result). */
export function correlation(facts: readonly Fact[], settings: Pick<RuleSettings, 'productionPatterns'>): Correlation {
  let found = cache.get(facts);
  if (!found) {
    const records = indexIdentities(facts, settings.productionPatterns);
    found = { records, wideRoles: wideRoles(facts), envFileUsers: envFileUsers(records), cloudLinkedAccounts: cloudLinkedAccounts(records) };
    cache.set(facts, found);
  }
  return found;
}

/**
 * Service accounts annotated to act as a cloud identity, as `path\0name` of the ServiceAccount
 * object: the annotation's fact sits on the same object as the account's definition, which
 * needs no resolving of unset namespaces.
 */
function cloudLinkedAccounts(records: readonly IdentityRecord[]): Set<string> {
  const out = new Set<string>();
  for (const record of records) {
    if (record.type !== 'cloud-identity') continue;
    for (const o of record.occurrences)
      if (o.role === 'link' && o.fact.attributes.source === 'kubernetes' && o.fact.attributes.service)
        out.add(`${o.fact.location.path}\0${o.fact.attributes.service}`);
  }
  return out;
}

function envFileUsers(records: readonly IdentityRecord[]): Map<string, Occurrence[]> {
  const users = new Map<string, Occurrence[]>();
  for (const record of records) {
    if (record.type !== 'env-file') continue;
    users.set(
      record.identity.name,
      record.occurrences.filter((o) => o.role === 'use'),
    );
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
  if (record.type === 'literal')
    return record.occurrences.every((o) => isLowValueCredential(String(o.fact.attributes['name'] ?? '')) && o.fact.attributes['name'] !== undefined);
  const name = credentialName(record);
  return isPlatformToken(name) || isLowValueCredential(name) || (record.type !== 'cloud-identity' && isIdentifierName(name));
}

/**
 * Last words of a name that hold a user name or a location, not a secret. Identifiers of an
 * identity (`AZURE_CLIENT_ID`, `AWS_ROLE_ARN`) stay: the same one in two environments is one identity.
 */
const IDENTIFIER_WORDS = new Set([
  'username',
  'user',
  'login',
  'email',
  'account',
  'org',
  'organization',
  'owner',
  'project',
  'region',
  'zone',
  'location',
  'url',
  'uri',
  'host',
  'hostname',
  'endpoint',
  'domain',
  'name',
  'namespace',
  'cluster',
  'bucket',
  'registry',
  'repo',
  'repository',
  'port',
  'tenant',
  'subscription',
  'environment',
  'env',
  'version',
]);

/** Last words of a stored setting that is no credential at all: `OTEL_EXPORTER_OTLP_PROTOCOL`, `FEATURE_ENABLED`. */
const SETTING_WORDS = new Set(['enabled', 'disabled', 'protocol', 'mode', 'level', 'flag', 'timeout', 'version']);

function isIdentifierName(name: string): boolean {
  const words = identifierWords(name);
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  // `PAT_USERNAME`, `TOKEN_EMAIL`: the account a credential belongs to, not the credential.
  if (last === 'username' || last === 'email' || last === 'login') return true;
  if (last !== undefined && SETTING_WORDS.has(last)) return true;
  if (words.some((w) => /^(?:password|passwd|secret|token|key|pat|creds?|credentials)$/.test(w))) return false;
  if (last === 'id' && before !== undefined && (IDENTIFIER_WORDS.has(before) || before === 'app')) return true; // AWS_ACCOUNT_ID, GCP_PROJECT_ID, ALGOLIA_APP_ID
  return last !== undefined && IDENTIFIER_WORDS.has(last);
}

/** Uses grouped into units (one job, service or workload), reusable-workflow pass-throughs folded into their callers. */
function useUnits(record: IdentityRecord, roles: readonly Occurrence['role'][] = ['use', 'link']): Occurrence[][] {
  const all = record.occurrences.filter((o) => roles.includes(o.role));
  // Example and template pipelines do not run: beside real uses they are no use of their own.
  const real = all.filter((o) => !inExample(o));
  const uses = real.length ? real : all;
  const direct = uses.filter((o) => !o.passThrough);
  const chosen = direct.length ? direct : uses;
  const units = new Map<string, Occurrence[]>();
  for (const o of chosen) units.set(o.unit, [...(units.get(o.unit) ?? []), o]);
  return [...units.values()];
}

/** Every occurrence as a related location, with its label (the first use included). */
export function relatedOf(occurrences: readonly Occurrence[]): RelatedLocation[] {
  return occurrences.map((o) => ({ location: o.fact.location, message: o.label }));
}

/**
 * Every place of the identity is in an example, test, fixture or documentation folder: manifests
 * and pipelines there show how to do something, they do not run (Argo CD's `testdata/`, `docs/`).
 */
export function onlyInExamples(record: IdentityRecord): boolean {
  return record.occurrences.every(inExample);
}

function inExample(o: Occurrence): boolean {
  return isTestPath(o.fact.location.path) || isDocumentationPath(o.fact.location.path);
}

export function firstUse(record: IdentityRecord): Occurrence {
  return record.occurrences.find((o) => o.role === 'use' || o.role === 'link') ?? record.occurrences[0]!;
}

/** Words that mark a credential as one that deploys, publishes or administers. */
const SENSITIVE_NAME_WORDS = new Set([
  'deploy',
  'deployer',
  'deployment',
  'kube',
  'kubeconfig',
  'k8s',
  'aws',
  'gcp',
  'gcloud',
  'google',
  'azure',
  'arm',
  'ssh',
  'prod',
  'production',
  'terraform',
  'tf',
  'vault',
  'admin',
  'root',
  'heroku',
  'vercel',
  'netlify',
  'fly',
  'cloudflare',
  'firebase',
  'digitalocean',
  'cosign',
  'signing',
  'gpg',
  'database',
  'db',
]);

export function sensitiveName(name: string): boolean {
  return identifierWords(name).some((w) => SENSITIVE_NAME_WORDS.has(w));
}

/** How people call an identity in a message. */
export function describeIdentity(record: IdentityRecord): string {
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

export function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

export function listLabels(units: readonly Occurrence[][], max = 3): string {
  const labels = [...new Set(units.map((u) => u[0]!.label))];
  return labels.length > max ? `${labels.slice(0, max).join(', ')} and ${labels.length - max} more` : labels.join(', ');
}

export function baseProperties(record: IdentityRecord, units: readonly Occurrence[][]): Properties {
  return {
    identity: publicKey(record.identity),
    identityType: record.type,
    uses: units.length,
    locations: record.occurrences.length,
  };
}

// ---- identity/shared-across-environments ----------------------------------------------------

const ENVIRONMENT_TYPES = new Set([
  'ci-secret',
  'ci-variable',
  'jenkins-credential',
  'circleci-context',
  'azure-service-connection',
  'cloud-identity',
  'literal',
  'other',
]);

/** Secrets and variables whose value may differ per environment when the job declares one. */
const SCOPABLE_TYPES = new Set(['ci-secret', 'ci-variable']);

function unitProduction(unit: readonly Occurrence[]): boolean {
  return unit.some((o) => o.production);
}

function unitTier(unit: readonly Occurrence[]): Occurrence['tier'] {
  return unitProduction(unit) ? 'production' : unit.find((o) => o.tier)?.tier;
}

/** How one credential spreads from production to places outside it; each other use is named once. */
export interface EnvironmentSpread {
  units: Occurrence[][];
  production: Occurrence[][];
  /** Jobs that run pull requests' code or are started by them. */
  pullRequest: Occurrence[][];
  /** Jobs an outsider can start (issues, comments). */
  outsiders: Occurrence[][];
  /** Jobs for a named non-production tier, with the tiers. */
  nonProduction: Occurrence[][];
  tiers: NonNullable<Occurrence['tier']>[];
  /** Test jobs with no tier of their own. */
  tests: Occurrence[][];
  /** A secret or variable whose production uses all declare an environment: it may have a value per environment. */
  scopable: boolean;
}

/**
 * The same credential used by production and by a non-production environment, or by a
 * production job and by pull-request, outsider-triggered or test jobs; undefined otherwise.
 */
export function environmentSpread(record: IdentityRecord): EnvironmentSpread | undefined {
  if (!ENVIRONMENT_TYPES.has(record.type) || ignorable(record)) return undefined;
  const units = useUnits(record);
  if (units.length < 2) return undefined;
  const production = units.filter(unitProduction);
  if (!production.length) return undefined;
  const others = units.filter((u) => !unitProduction(u));
  const pullRequest = others.filter((u) => u.some((o) => o.pullRequest));
  const outsiders = others.filter((u) => !pullRequest.includes(u) && u.some((o) => o.untrusted));
  const named = new Set([...pullRequest, ...outsiders]);
  const nonProduction = others.filter((u) => !named.has(u) && unitTier(u) !== undefined);
  const tests = others.filter((u) => !named.has(u) && !nonProduction.includes(u) && u.some((o) => purposeGroup(o.purpose) === 'test'));
  if (!nonProduction.length && !pullRequest.length && !outsiders.length && !tests.length) return undefined;
  const scopable = SCOPABLE_TYPES.has(record.type) && production.every((u) => u.some((o) => o.declaredEnvironment));
  const tiers = [...new Set(nonProduction.map((u) => unitTier(u)!))];
  return { units, production, pullRequest, outsiders, nonProduction, tiers, tests, scopable };
}

/** The tier of each use unit, for properties. */
export function unitTiers(units: readonly Occurrence[][]): NonNullable<Occurrence['tier']>[] {
  return [...new Set(units.map(unitTier).filter((t): t is NonNullable<Occurrence['tier']> => t !== undefined))];
}

// ---- identity/shared-credential ------------------------------------------------------------

const CREDENTIAL_TYPES = new Set([
  'ci-secret',
  'ci-variable',
  'jenkins-credential',
  'circleci-context',
  'azure-service-connection',
  'literal',
  'kubernetes-secret',
  'other',
]);

export type PurposeGroup = 'deliver' | 'build' | 'test' | 'backup' | 'assistant' | 'other';

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

/** A unit of use with what `unrelatedDuties` compares: its duties and its pipeline file. */
interface UnitDuties {
  unit: Occurrence[];
  groups: Set<PurposeGroup>;
  path: string;
}

/**
 * The units worth pairing, in order: the first two with each set of duties in each file. Whether
 * two units have unrelated duties depends on nothing else, so the first unrelated pair among these
 * is the first among all units; a workflow of thousands of jobs sharing one token is then a few
 * comparisons, not millions.
 */
function dutyRepresentatives(units: readonly Occurrence[][]): UnitDuties[] {
  const seen = new Map<string, number>();
  const out: UnitDuties[] = [];
  for (const unit of units) {
    const groups = unitGroups(unit);
    const path = unit[0]!.fact.location.path;
    const key = `${[...groups].sort().join(',')}\0${path}`;
    const count = seen.get(key) ?? 0;
    if (count >= 2) continue;
    seen.set(key, count + 1);
    out.push({ unit, groups, path });
  }
  return out;
}

/** Two jobs whose duties have nothing to do with each other: a deploy and a backup, a release and a test, a deploy and an assistant. */
function unrelatedDuties(a: UnitDuties, b: UnitDuties): [PurposeGroup, PurposeGroup] | undefined {
  const samePipeline = a.path === b.path;
  for (const x of a.groups) {
    for (const y of b.groups) {
      if (x === y || !(SENSITIVE_GROUPS.has(x) || SENSITIVE_GROUPS.has(y))) continue;
      const pair = new Set([x, y]);
      if (pair.has('deliver') && pair.has('build')) continue; // build → release → deploy is one delivery chain
      if (pair.has('other') && samePipeline) continue;
      return [x, y];
    }
  }
  return undefined;
}

/** Credentials the shared-credential analysis looks at (the others have rules of their own). */
export function isCredentialIdentity(record: IdentityRecord): boolean {
  return CREDENTIAL_TYPES.has(record.type) && !ignorable(record);
}

/** A literal value or Kubernetes Secret used by several applications, with the loaders of `.env` files. */
export interface ApplicationSpread {
  apps: Map<string, Occurrence[]>;
  /** Compose services that load a `.env` holding the value. */
  loaders: Occurrence[];
  production: boolean;
}

export function applicationSpread(record: IdentityRecord, envFiles: ReadonlyMap<string, Occurrence[]> = new Map()): ApplicationSpread | undefined {
  if (record.type !== 'literal' && record.type !== 'kubernetes-secret') return undefined;
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
  return { apps, loaders: [...loaders], production: record.occurrences.some((o) => o.production) };
}

/** Every occurrence and every `.env` loader, in file order: the related locations of an application spread. */
export function spreadPlaces(record: IdentityRecord, spread: ApplicationSpread): RelatedLocation[] {
  return relatedOf([...record.occurrences, ...spread.loaders].sort((a, b) => compareFacts(a.fact, b.fact)));
}

/** A root `.env` is where a value is set for local runs, not an application of its own. */
function isNeutral(o: Occurrence): boolean {
  return o.fact.attributes['source'] === 'dotenv' && o.app === '(root)';
}

/** A CI credential across jobs and pipelines: unrelated duties, or a deploy-grade credential in many pipelines. */
export interface PipelineSpread {
  units: Occurrence[][];
  pipelines: string[];
  /** Two jobs whose duties have nothing to do with each other, when there are. */
  duties?: [PurposeGroup, PurposeGroup];
  pair?: [Occurrence[], Occurrence[]];
  /** It deploys, publishes, backs up, reaches production or is named like a deploy credential. */
  sensitive: boolean;
  /** A production delivery job uses it. */
  deliversProduction: boolean;
  /**
   * Every use has one duty and declares one and the same environment (three translation-sync
   * workflows with one Crowdin token in environment `Translations`): one purpose, not sharing.
   */
  onePurposeOneEnvironment: boolean;
  /**
   * Every use serves one purpose with a credential that is not deploy-grade by name: a test token
   * in three test workflows, or a third-party publishing token (`VSCE_PAT`, `NPM_TOKEN`) in the
   * build and release workflows of one product. A cloud or deployer key (`GCP_DEPLOYER_KEY`)
   * deploying three services is still sharing.
   */
  onePurposeThirdParty: boolean;
  /**
   * A CI secret or variable whose every use is a job declaring an environment, no two the same:
   * it may hold a value per environment, which is no sharing (its scope lives in the settings).
   */
  perEnvironment: boolean;
}

export function pipelineSpread(record: IdentityRecord): PipelineSpread | undefined {
  if (record.type === 'literal' || record.type === 'kubernetes-secret') return undefined;
  const units = useUnits(record);
  if (units.length < 2) return undefined;
  let duties: [PurposeGroup, PurposeGroup] | undefined;
  let pair: [Occurrence[], Occurrence[]] | undefined;
  const candidates = dutyRepresentatives(units);
  for (let i = 0; i < candidates.length && !duties; i++) {
    for (let j = i + 1; j < candidates.length && !duties; j++) {
      duties = unrelatedDuties(candidates[i]!, candidates[j]!);
      if (duties) pair = [candidates[i]!.unit, candidates[j]!.unit];
    }
  }
  const pipelines = [...new Set(units.map((u) => u[0]!.fact.location.path))];
  // Every stored secret is long-lived: what makes one deploy-grade is what it does or what it is called.
  const sensitive = units.some((u) => u.some((o) => SENSITIVE_GROUPS.has(purposeGroup(o.purpose)) || o.production)) || sensitiveName(credentialName(record));
  const deliversProduction = units.some((u) => unitProduction(u) && u.some((o) => purposeGroup(o.purpose) === 'deliver'));
  const environments = new Set(units.map((u) => u.find((o) => o.declaredEnvironment)?.declaredEnvironment));
  const groups = new Set(units.flatMap((u) => [...unitGroups(u)]));
  const onePurposeOneEnvironment = environments.size === 1 && !environments.has(undefined) && groups.size === 1;
  const deliveryChain = [...groups].every((g) => g === 'deliver' || g === 'build'); // build → release → deploy is one duty
  const onePurposeThirdParty =
    (groups.size === 1 && groups.has('test')) || (deliveryChain && !sensitiveName(credentialName(record)) && record.type !== 'cloud-identity');
  const declared = units.map((u) => u.find((o) => o.declaredEnvironment)?.declaredEnvironment);
  const perEnvironment = SCOPABLE_TYPES.has(record.type) && declared.every((e) => e !== undefined) && new Set(declared).size === declared.length;
  return { units, pipelines, duties, pair, sensitive, deliversProduction, onePurposeOneEnvironment, onePurposeThirdParty, perEnvironment };
}

export function dutyName(group: PurposeGroup): string {
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

const WORKLOAD_NOISE = new Set([
  'deployment',
  'deploy',
  'statefulset',
  'sts',
  'daemonset',
  'ds',
  'cronjob',
  'job',
  'pod',
  'svc',
  'k8s',
  'prod',
  'production',
  'staging',
  'dev',
  'v1',
  'v2',
]);

/** What a service account is granted, from the bindings in the repository. */
function grants(record: IdentityRecord, wide: Set<string>): AccountSharing['grants'] {
  const bindings = record.occurrences.filter((o) => o.role === 'binding');
  if (bindings.some((b) => b.fact.attributes['clusterAdmin'] === true)) return 'cluster-admin';
  if (bindings.some((b) => b.fact.attributes['builtinBroad'] === true || wide.has(String(b.fact.attributes['roleKey'])))) return 'wide';
  return bindings.length ? 'bound' : 'none';
}

/** The application a workload belongs to; workloads named after their service account are its own app. */
function workloadApp(use: Occurrence, accountName: string): string {
  // `app.kubernetes.io/part-of`, `app.kubernetes.io/instance` or a Helm release name one application's workloads share.
  const partOf = use.fact.attributes['partOf'];
  if (typeof partOf === 'string' && partOf) return `part-of:${partOf.toLowerCase()}`;
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

/** Who runs as a Kubernetes service account and what it is granted. */
export interface AccountSharing {
  /** The account's own name (`default` for a namespace's default account). */
  accountName: string;
  isDefault: boolean;
  /** One workload per kind and name, among those that mount the token. */
  mounted: Occurrence[];
  /** Every place a workload mounts the token (copies in overlays included). */
  mountedPlaces: Occurrence[];
  /** The applications among them: one app per `part-of`/`instance` label, Helm release or name. */
  apps: Set<string>;
  grants: 'cluster-admin' | 'wide' | 'bound' | 'none';
  /** Annotated to act as a cloud identity (GKE Workload Identity, EKS IRSA, Azure workload identity). */
  cloudLinked: boolean;
  /** How messages name the namespace. */
  namespace: string;
}

export function accountSharing(record: IdentityRecord, wide: Set<string>, cloudLinked: ReadonlySet<string> = new Set()): AccountSharing | undefined {
  if (record.type !== 'kubernetes-service-account') return undefined;
  const definitions = record.occurrences.filter((o) => o.role === 'definition');
  const workloads = useUnits(record, ['use']).map((u) => u[0]!);
  const mountedPlaces = workloads.filter((w) => tokenMounted(w, definitions));
  if (!mountedPlaces.length) return undefined;
  // A workload is unique by kind and name in its namespace: the same one in several files
  // (variants, overlays, copies for another cluster) is one workload.
  const byName = new Map<string, Occurrence>();
  for (const w of mountedPlaces) {
    const key = `${String(w.fact.attributes['workloadKind'] ?? '')}/${String(w.fact.attributes['service'] ?? w.unit)}`;
    if (!byName.has(key)) byName.set(key, w);
  }
  const mounted = [...byName.values()];
  const accountName = record.identity.name.slice(record.identity.name.lastIndexOf('/') + 1);
  return {
    accountName,
    isDefault: accountName === 'default',
    mounted,
    mountedPlaces,
    apps: new Set(mounted.map((w) => workloadApp(w, accountName))),
    grants: grants(record, wide),
    cloudLinked: definitions.some((d) => cloudLinked.has(`${d.fact.location.path}\0${d.fact.attributes.service ?? ''}`)),
    namespace: namespaceOf(record),
  };
}

function namespaceOf(record: IdentityRecord): string {
  const namespace = record.identity.name.slice(0, record.identity.name.lastIndexOf('/'));
  if (namespace.startsWith('(')) return `the namespace these manifests are applied to (${namespace.slice(1, -1) || '.'})`;
  return `namespace ${namespace || 'default'}`;
}

/** A cloud identity behind several deployables (workloads' service accounts and pipelines). */
export interface CloudIdentitySharing {
  /** Service accounts linked to it, one link each. */
  accounts: Map<string, Occurrence>;
  apps: Set<string>;
  pipelineUnits: Occurrence[][];
  deployables: number;
  /** Long-lived keys of the identity defined in the repository. */
  keys: Occurrence[];
}

export function cloudIdentitySharing(record: IdentityRecord): CloudIdentitySharing | undefined {
  if (record.type !== 'cloud-identity') return undefined;
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
  return { accounts, apps, pipelineUnits, deployables, keys };
}

// ---- identity/human-identity-in-automation --------------------------------------------------

const NAMED_TYPES = new Set([
  'ci-secret',
  'ci-variable',
  'jenkins-credential',
  'azure-service-connection',
  'circleci-context',
  'env-variable',
  'literal',
  'other',
]);

/**
 * A person's identity driving automation: a credential named for a person (`ALICE_PAT`), or a
 * personal e-mail or name used as a git identity, a cloud account or a `.netrc` login.
 */
export type PersonalIdentity =
  | { kind: 'named-credential'; named: string; person: string; uses: Occurrence[] }
  | { kind: 'person'; uses: Occurrence[]; contexts: Set<string>; files: string[] };

export function personalIdentity(record: IdentityRecord): PersonalIdentity | undefined {
  const uses = record.occurrences.filter((o) => o.role === 'use');
  if (!uses.length) return undefined;
  if (record.type === 'person') {
    return {
      kind: 'person',
      uses,
      contexts: new Set(uses.map((o) => String(o.fact.attributes['context'] ?? ''))),
      files: [...new Set(uses.map((o) => o.fact.location.path))],
    };
  }
  if (!NAMED_TYPES.has(record.type)) return undefined;
  const attributeNames = record.occurrences.flatMap((o) => [o.fact.attributes['secretName'], o.fact.attributes['name']]);
  const names = [record.type === 'literal' ? undefined : credentialName(record), ...attributeNames];
  const named = names.find((n): n is string => typeof n === 'string' && personInCredentialName(n) !== undefined);
  if (!named) return undefined;
  return { kind: 'named-credential', named, person: capitalise(personInCredentialName(named)!), uses };
}

/** The public part of an identity key (a literal's hash prefix, never more), for properties. */
export { publicKey };
