import type { Fact, Finding, Location, PropertyValue, Severity } from '../../rule/types.js';
import { indexIdentities, publicKey, type IdentityRecord, type IdentityType, type Occurrence } from './index-facts.js';

/** Groups of the inventory, in the order they are shown. */
export const INVENTORY_CATEGORIES = [
  { id: 'ci', title: 'CI/CD secrets, variables and credentials' },
  { id: 'cloud', title: 'Cloud identities' },
  { id: 'kubernetes', title: 'Kubernetes service accounts' },
  { id: 'kubernetes-secret', title: 'Kubernetes Secrets' },
  { id: 'assistant', title: 'AI assistant and MCP credentials' },
  { id: 'runtime', title: 'Runtime configuration (compose, .env, .netrc)' },
  { id: 'literal', title: 'Literal credentials committed to the repository' },
  { id: 'person', title: 'People acting in automation' },
  { id: 'other', title: 'Other identities' },
] as const;

type InventoryCategory = (typeof INVENTORY_CATEGORIES)[number]['id'];

type Lifetime = 'long-lived' | 'short-lived' | 'unknown';

/** One place an identity is used or defined. */
export interface InventoryPlace {
  location: Location;
  role: 'use' | 'definition' | 'binding' | 'link';
  /** e.g. `deploy job deploy in deploy.yml (environment production)`. */
  description: string;
  platform?: string;
  pipeline?: string;
  job?: string;
  service?: string;
  /** The AI assistant and MCP server that receive it. */
  tool?: string;
  server?: string;
  /** The variable or key the identity is assigned to here (`DB_PASSWORD`), when that is not its own name. */
  variable?: string;
  environment?: string;
  namespace?: string;
  purpose?: string;
  triggers: string[];
  permissions: string[];
  /** How many references this place stands for (a job that names a secret in three steps: 3). */
  references: number;
}

/** One machine identity and everything the repository says about it. */
export interface InventoryEntry {
  /** The identity key; literal values carry only the first 8 hex digits of their keyed hash. */
  id: string;
  type: IdentityType;
  category: InventoryCategory;
  name: string;
  lifetime: Lifetime;
  /** Places that use the identity (references, workloads, federated service accounts, literal occurrences). */
  uses: InventoryPlace[];
  /** References in the files, counting every reference inside a job (a place may stand for several). */
  referenceCount: number;
  /** Places that define it or grant it something (ServiceAccount objects, key files, IaC keys, role bindings). */
  definitions: InventoryPlace[];
  platforms: string[];
  pipelines: string[];
  jobs: string[];
  services: string[];
  environments: string[];
  triggers: string[];
  permissions: string[];
  purposes: string[];
  /** Identity findings about it (rule id and severity), unsuppressed. */
  findings: { ruleId: string; severity: Severity }[];
}

export interface Inventory {
  entries: InventoryEntry[];
}

/**
 * The inventory of machine identities from a scan's facts, with the findings about each one: the
 * identity findings that name it (`properties.identity`) and any finding on a line where it is used. Entries are ordered by category, then name.
 */
export function buildInventory(facts: readonly Fact[], findings: readonly Finding[] = [], productionPatterns: readonly string[] = []): Inventory {
  const flagged = new Map<string, { ruleId: string; severity: Severity }[]>();
  for (const f of findings) {
    const id = f.properties['identity'];
    if (typeof id !== 'string' || f.suppressed || !f.ruleId.startsWith('identity/')) continue;
    flagged.set(id, [...(flagged.get(id) ?? []), { ruleId: f.ruleId, severity: f.severity }]);
  }
  const order = new Map<string, number>(INVENTORY_CATEGORIES.map((c, i) => [c.id, i]));
  const records = indexIdentities(facts, productionPatterns);
  // Other findings (a static cloud key, a literal secret) name no identity: link them by the line
  // they share with one of its occurrences.
  const byLine = new Map<string, string[]>();
  for (const record of records) {
    for (const { fact } of record.occurrences) {
      const at = `${fact.location.path}:${fact.location.start.line}`;
      byLine.set(at, [...(byLine.get(at) ?? []), publicKey(record.identity)]);
    }
  }
  for (const f of findings) {
    if (f.suppressed || typeof f.properties['identity'] === 'string') continue;
    for (const id of new Set(byLine.get(`${f.location.path}:${f.location.start.line}`) ?? [])) {
      const list = flagged.get(id) ?? [];
      if (!list.some((x) => x.ruleId === f.ruleId)) flagged.set(id, [...list, { ruleId: f.ruleId, severity: f.severity }]);
    }
  }
  const entries = records.map((record) => entry(record, flagged.get(publicKey(record.identity)) ?? []));
  entries.sort((a, b) => order.get(a.category)! - order.get(b.category)! || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { entries };
}

function entry(record: IdentityRecord, findings: { ruleId: string; severity: Severity }[]): InventoryEntry {
  const places = dedupe(record.occurrences).map(place);
  const uses = places.filter((p) => p.role === 'use' || p.role === 'link');
  const definitions = places.filter((p) => p.role === 'definition' || p.role === 'binding');
  const all = [...uses, ...definitions];
  const collect = (pick: (p: InventoryPlace) => string | readonly string[] | undefined) => [...new Set(all.flatMap((p) => pick(p) ?? []))].sort();
  return {
    id: publicKey(record.identity),
    type: record.type,
    category: categoryOf(record),
    name: record.name,
    lifetime: lifetimeOf(record),
    uses,
    referenceCount: uses.reduce((n, p) => n + p.references, 0),
    definitions,
    platforms: collect((p) => p.platform),
    pipelines: collect((p) => p.pipeline),
    jobs: [...new Set(uses.filter((p) => p.job !== undefined).map((p) => `${p.pipeline ?? p.location.path} › ${p.job === '*' ? '(every job)' : p.job}`))].sort(),
    services: collect((p) => p.service),
    environments: collect((p) => p.environment ?? p.namespace),
    triggers: collect((p) => p.triggers),
    permissions: collect((p) => p.permissions),
    purposes: collect((p) => p.purpose),
    findings: findings.sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
  };
}

/** The same fact emitted twice (two extractors, or a rule and an extractor) is one place. */
function dedupe(occurrences: readonly Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  return occurrences.filter((o) => {
    const key = `${o.role}\0${o.fact.location.path}\0${o.fact.location.startOffset}\0${o.fact.location.endOffset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function text(value: PropertyValue | undefined): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function strings(value: PropertyValue | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value) return [value];
  return [];
}

function place(o: Occurrence): InventoryPlace {
  const a = o.fact.attributes;
  return {
    location: o.fact.location,
    role: o.role,
    description: o.label,
    platform: text(a['platform']),
    pipeline: text(a['pipeline']) ?? (a['platform'] !== undefined || a['job'] !== undefined ? o.fact.location.path : undefined),
    job: text(a['job']),
    service: text(a['service']),
    tool: text(a['tool']),
    server: text(a['server']),
    variable: text(a['name']),
    environment: text(a['environment']) ?? (o.tier && !text(a['namespace']) ? o.tier : undefined),
    namespace: text(a['namespace']),
    purpose: text(a['purpose']),
    triggers: strings(a['triggers']),
    permissions: strings(a['permissions']),
    references: typeof a['occurrences'] === 'number' && a['occurrences'] > 0 ? a['occurrences'] : 1,
  };
}

function categoryOf(record: IdentityRecord): InventoryCategory {
  if (record.occurrences.some((o) => o.purpose === 'assistant' || o.fact.attributes['assistant'] === true)) return 'assistant';
  switch (record.type) {
    case 'ci-secret':
    case 'ci-variable':
    case 'jenkins-credential':
    case 'circleci-context':
    case 'azure-service-connection':
      return 'ci';
    case 'cloud-identity':
      return 'cloud';
    case 'kubernetes-service-account':
      return 'kubernetes';
    case 'kubernetes-secret':
      return 'kubernetes-secret';
    case 'literal':
      return 'literal';
    case 'env-variable':
    case 'env-file':
    case 'compose-secret':
    case 'netrc-login':
      return 'runtime';
    case 'person':
      return 'person';
    default:
      return 'other';
  }
}

/**
 * Long-lived when any place says so (a static key, a literal, a key file, a `.netrc` password);
 * short-lived when every place that says anything says short-lived (OIDC, workload identity,
 * Kubernetes service account tokens); unknown otherwise.
 */
function lifetimeOf(record: IdentityRecord): Lifetime {
  if (record.type === 'literal' || record.type === 'netrc-login') return 'long-lived';
  const stated = record.occurrences
    .map((o) => o.fact.attributes['longLived'] ?? (o.fact.attributes['lifetime'] === 'long-lived' ? true : o.fact.attributes['lifetime'] === 'short-lived' ? false : undefined))
    .filter((v): v is boolean => typeof v === 'boolean');
  if (stated.includes(true)) return 'long-lived';
  if (record.type === 'kubernetes-service-account') return 'short-lived';
  if (stated.length && stated.every((v) => v === false)) return 'short-lived';
  return 'unknown';
}
