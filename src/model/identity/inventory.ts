import type { Fact, Finding, Location, PropertyValue, Severity } from '../../rule/types.js';
import type { IdentityKind } from '../../rule/facts.js';
import { indexIdentities, publicKey, TYPE_BY_KIND, type IdentityRecord, type IdentityType, type Occurrence } from './index-facts.js';

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
  /** Findings about it, unsuppressed: rule, severity and where each one is. */
  findings: EntryFinding[];
}

/** A finding an entry lists: every unsuppressed finding about an identity is listed by one. */
interface EntryFinding {
  ruleId: string;
  severity: Severity;
  path: string;
  line: number;
}

export interface Inventory {
  entries: InventoryEntry[];
}

/**
 * The inventory of machine identities from a scan's facts, with the findings about each one: the
 * identity findings that name it (`properties.identity`) and any finding on a line where it is used. Entries are ordered by category, then name.
 */
export function buildInventory(facts: readonly Fact[], findings: readonly Finding[] = [], productionPatterns: readonly string[] = []): Inventory {
  const order = new Map<string, number>(INVENTORY_CATEGORIES.map((c, i) => [c.id, i]));
  const records = indexIdentities(facts, productionPatterns);
  const recordKeys = new Set(records.map((record) => publicKey(record.identity)));
  const flagged = new Map<string, EntryFinding[]>();
  const flag = (id: string, f: Finding) => flagged.set(id, addFinding(flagged.get(id) ?? [], f));
  // Findings name no identity in general: link them by the line they share with one of its
  // occurrences (a finding's own place or a related one), a secret by its value's keyed hash.
  const byLine = new Map<string, string[]>();
  const byFile = new Map<string, string[]>();
  for (const record of records) {
    for (const { fact } of record.occurrences) {
      const at = `${fact.location.path}:${fact.location.start.line}`;
      byLine.set(at, [...(byLine.get(at) ?? []), publicKey(record.identity)]);
      if (record.type === 'agent') byFile.set(fact.location.path, [...(byFile.get(fact.location.path) ?? []), publicKey(record.identity)]);
    }
  }
  const unlinked: Finding[] = [];
  for (const f of findings) {
    if (f.suppressed) continue;
    const linked = new Set<string>();
    const named = f.properties['identity'];
    if (typeof named === 'string') {
      linked.add(named);
      // A finding that names an identity no fact placed still makes it an entry (below).
      if (!recordKeys.has(named)) unlinked.push(f);
    } else {
      const literal = f.secret?.valueHash === undefined ? undefined : publicKey({ type: 'literal', name: f.secret.valueHash });
      if (literal && recordKeys.has(literal)) linked.add(literal);
      for (const at of [f.location, ...f.related.map((r) => r.location)]) for (const id of byLine.get(`${at.path}:${at.start.line}`) ?? []) linked.add(id);
      // An assistant finding is about the agent its file configures.
      if (f.family === 'assistant') for (const id of byFile.get(f.location.path) ?? []) linked.add(id);
      if (!linked.size && INVENTORIED_FAMILIES.has(f.family)) unlinked.push(f);
    }
    for (const id of linked) flag(id, f);
  }
  const entries = [...records.map((record) => entry(record, flagged.get(publicKey(record.identity)) ?? [])), ...reportedEntries(unlinked)];
  entries.sort((a, b) => order.get(a.category)! - order.get(b.category)! || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { entries };
}

/**
 * Families whose findings are about an identity: each one's identity is in the inventory. A
 * deploy finding is about a job's gate, not an identity (it is listed when it shares a line with one).
 */
const INVENTORIED_FAMILIES = new Set<Finding['family']>(['secret', 'identity', 'assistant']);

/**
 * Entries for identities only findings know: a private key, a connection string's login, a
 * keystore, an assistant configuration, an identity a rule names that no extractor placed.
 * Findings about one identity (one secret value, one assistant config file) share an entry.
 */
function reportedEntries(findings: readonly Finding[]): InventoryEntry[] {
  const entries = new Map<string, InventoryEntry>();
  for (const f of findings) {
    const about = reportedIdentity(f);
    let e = entries.get(about.id);
    if (!e) {
      e = {
        ...about,
        uses: [],
        referenceCount: 0,
        definitions: [],
        platforms: [],
        pipelines: [],
        jobs: [],
        services: [],
        environments: [],
        triggers: [],
        permissions: [],
        purposes: about.category === 'assistant' ? ['assistant'] : [],
      };
      entries.set(about.id, e);
    }
    for (const location of [f.secret?.location ?? f.location, ...f.related.map((r) => r.location)]) {
      if (e.uses.some((u) => u.location.path === location.path && u.location.start.line === location.start.line)) continue;
      e.uses.push({ location, role: 'use', description: about.description, tool: about.tool, triggers: [], permissions: [], references: 1 });
    }
    e.referenceCount = e.uses.length;
    e.findings = addFinding(e.findings, f);
  }
  for (const e of entries.values()) e.findings.sort(compareEntryFindings);
  return [...entries.values()];
}

function addFinding(list: EntryFinding[], f: Finding): EntryFinding[] {
  const item = { ruleId: f.ruleId, severity: f.severity, path: f.location.path, line: f.location.start.line };
  return list.some((x) => x.ruleId === item.ruleId && x.path === item.path && x.line === item.line) ? list : [...list, item];
}

function compareEntryFindings(a: EntryFinding, b: EntryFinding): number {
  return a.ruleId.localeCompare(b.ruleId) || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line);
}

interface ReportedIdentity {
  id: string;
  type: IdentityType;
  category: InventoryCategory;
  name: string;
  lifetime: Lifetime;
  description: string;
  tool?: string;
  findings: EntryFinding[];
}

/** What identity a finding is about, from its typed properties (never its message). */
function reportedIdentity(f: Finding): ReportedIdentity {
  const p = f.properties;
  const path = f.location.path;
  const lifetime: Lifetime = p['lifetime'] === 'short-lived' ? 'short-lived' : p['lifetime'] === 'unknown' ? 'unknown' : 'long-lived';
  const named = p['identity'];
  if (typeof named === 'string') {
    const colon = named.indexOf(':');
    const kind = named.slice(0, colon) as IdentityKind;
    const type = TYPE_BY_KIND[kind] ?? 'other';
    return {
      id: named,
      type,
      category: categoryOfType(type),
      name: named.slice(colon + 1),
      lifetime: p['lifetime'] === undefined ? 'unknown' : lifetime,
      description: f.ruleId,
      findings: [],
    };
  }
  if (f.family === 'assistant') {
    const tool = text(p['tool']) ?? 'assistant';
    return {
      id: `agent:${tool}@${path}`,
      type: 'agent',
      category: 'assistant',
      name: `${tool} (${path})`,
      lifetime: 'unknown',
      description: `${tool} configuration`,
      tool,
      findings: [],
    };
  }
  if (f.family === 'identity') {
    // The job's own identity: its token, the secrets it inherits, a cloud key no named secret holds.
    return {
      id: `pipeline:${path}`,
      type: 'pipeline-identity',
      category: 'ci',
      name: `pipeline credentials of ${path}`,
      lifetime: 'unknown',
      description: f.ruleId,
      findings: [],
    };
  }
  const hash = f.secret?.valueHash?.slice(0, 8);
  const what = secretDescription(f);
  if (hash) return { id: `literal:${hash}`, type: 'literal', category: 'literal', name: `${what} (hash ${hash})`, lifetime, description: what, findings: [] };
  // No value to key it by (a keystore, a value the rule follows across modules): its place is the identity.
  const at = `${path}:${f.location.start.line}`;
  return { id: `credential:${at}`, type: 'credential', category: 'literal', name: `${what} (${at})`, lifetime, description: what, findings: [] };
}

/** `openssh private key`, `postgresql login orders_svc at db.example.com`, else the rule's id. */
function secretDescription(f: Finding): string {
  const p = f.properties;
  const keyType = text(p['keyType']);
  if (keyType) return keyType;
  const scheme = text(p['scheme']);
  const host = text(p['host']);
  if (scheme && host) return `${scheme} login${text(p['user']) ? ` ${text(p['user'])}` : ''} at ${host}`;
  const id = f.ruleId.slice(f.ruleId.indexOf('/') + 1);
  return `${id.replace(/-/g, ' ')}${f.family === 'identity' ? '' : ' value'}`;
}

function categoryOfType(type: IdentityType): InventoryCategory {
  return categoryOf({ type, occurrences: [] } as unknown as IdentityRecord);
}

function entry(record: IdentityRecord, findings: EntryFinding[]): InventoryEntry {
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
    jobs: [
      ...new Set(uses.filter((p) => p.job !== undefined).map((p) => `${p.pipeline ?? p.location.path} › ${p.job === '*' ? '(every job)' : p.job}`)),
    ].sort(),
    services: collect((p) => p.service),
    environments: collect((p) => p.environment ?? p.namespace),
    triggers: collect((p) => p.triggers),
    permissions: collect((p) => p.permissions),
    purposes: collect((p) => p.purpose),
    findings: findings.sort(compareEntryFindings),
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
    .map(
      (o) =>
        o.fact.attributes['longLived'] ??
        (o.fact.attributes['lifetime'] === 'long-lived' ? true : o.fact.attributes['lifetime'] === 'short-lived' ? false : undefined),
    )
    .filter((v): v is boolean => typeof v === 'boolean');
  if (stated.includes(true)) return 'long-lived';
  if (record.type === 'kubernetes-service-account') return 'short-lived';
  if (stated.length && stated.every((v) => v === false)) return 'short-lived';
  return 'unknown';
}
