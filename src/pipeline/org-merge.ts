import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { INVENTORY_CATEGORIES } from '../model/identity/inventory.js';
import type { Confidence, OrgIdentity, OrgPlaceRef, OrgRepository, OrgSecret, OrganisationRule, Properties, Rule, Severity } from '../rule/types.js';
import type { MergedRepository, OrgFinding, OrgInventoryEntry, OrgMergeNote, OrgMergeResult } from '../rule/org-result.js';
import { isOrganisationRule, ruleKey, SEVERITY_RANK } from '../rule/types.js';
import {
  compareText,
  readJsonFile,
  repositoryResultSchema,
  RESULTS_FOLDER,
  shardManifestSchema,
  SHARDS_FOLDER,
  WORK_FOLDER,
  type RepositoryResult,
  type ShardManifest,
} from './org-records.js';
import { digest } from './secret-value.js';

/**
 * `nhiscan org merge`: every repository's result from any number of output folders (one per
 * shard, or one shared), checked for completeness, then the organisation rules over all of them
 * and the organisation inventory. Everything is ordered by content, never by which shard or
 * folder a file came from, so the merge of N shards equals the merge of one.
 */

export class OrgMergeError extends Error {
  override name = 'OrgMergeError';
}

/** Identity ids that name the same identity in every repository. */
const ORGANISATION_WIDE = [
  'secret:',
  'variable:',
  'jenkins-credential:',
  'circleci-context:',
  'azure-service-connection:',
  'cloud-role:',
  'literal:',
  'netrc:',
  'person:',
];

/** Folders below an output folder searched for result files (artifact downloads nest them). */
const MAX_DEPTH = 4;

export async function mergeOrganisation(options: { dirs: readonly string[]; catalog: readonly Rule[] }): Promise<OrgMergeResult> {
  const notes: OrgMergeNote[] = [];
  const files = (await Promise.all(options.dirs.map((dir) => orgFiles(dir, 0)))).flat().sort((a, b) => compareText(a.path, b.path));
  if (!files.length)
    throw new OrgMergeError(
      `no nhiscan org results in ${options.dirs.join(', ')} (looked for ${RESULTS_FOLDER}/*.json and ${SHARDS_FOLDER}/*.json); run "nhiscan org scan --out DIR" first`,
    );

  const results = new Map<string, { result: RepositoryResult; text: string }>();
  const manifests: ShardManifest[] = [];
  /** The key of every finished result, duplicates included: one merge, one key. */
  const keys = new Set<string>();
  let unreadable = 0;
  for (const file of files) {
    if (file.kind === 'shard') {
      const read = await readJsonFile(file.path, shardManifestSchema);
      if ('value' in read) manifests.push(read.value);
      else unreadable++;
      continue;
    }
    const read = await readJsonFile(file.path, repositoryResultSchema);
    if (!('value' in read)) {
      unreadable++;
      continue;
    }
    if (read.value.status === 'ok') keys.add(read.value.keyId);
    const text = JSON.stringify(read.value);
    const previous = results.get(read.value.repository.id);
    if (!previous || preferred(read.value, text, previous.result, previous.text)) results.set(read.value.repository.id, { result: read.value, text });
  }
  if (unreadable)
    notes.push({
      level: 'error',
      code: 'unreadable-result',
      message: `${unreadable} file${unreadable === 1 ? '' : 's'} in the result folders could not be read as nhiscan org results (partial copies, another schema version); their repositories are not in this merge`,
    });

  if (keys.size > 1) {
    throw new OrgMergeError(
      `the results were made with ${keys.size} different keys, so secrets cannot be matched across repositories: give every shard the same NHISCAN_FINGERPRINT_KEY (or one shared output folder, whose org.key they all read) and scan again`,
    );
  }

  const repositories = [...results.values()].map(({ result }) => mergedRepository(result));
  const missingRepositories = coverage(manifests, results, notes);
  for (const id of missingRepositories)
    repositories.push({
      id,
      status: 'missing',
      history: false,
      summary: { findings: 0, suppressed: 0, bySeverity: {}, filesScanned: 0, filesSkipped: 0, complete: false },
      findings: [],
      notes: [],
      notesOmitted: 0,
    });
  repositories.sort((a, b) => compareText(a.id, b.id));
  const failed = repositories.filter((r) => r.status === 'error');
  if (failed.length)
    notes.push({
      level: 'error',
      code: 'repository-failed',
      message: `${failed.length} repositor${failed.length === 1 ? 'y' : 'ies'} could not be scanned (${failed
        .map((r) => r.id)
        .slice(0, 5)
        .join(', ')}${failed.length > 5 ? ', …' : ''}); rerun "nhiscan org scan" to retry them`,
    });
  const incomplete = repositories.filter((r) => r.status === 'ok' && !r.summary.complete);
  if (incomplete.length)
    notes.push({
      level: 'error',
      code: 'repository-incomplete',
      message: `the scan of ${incomplete.length} repositor${incomplete.length === 1 ? 'y was' : 'ies were'} incomplete (a rule failed): ${incomplete
        .map((r) => r.id)
        .slice(0, 5)
        .join(', ')}`,
    });

  const organisation: OrgRepository[] = [...results.values()]
    .map(({ result }) => result)
    .filter((r) => r.status === 'ok')
    .sort((a, b) => compareText(a.repository.id, b.repository.id))
    .map(orgRepository);
  const rules = options.catalog.filter(isOrganisationRule).filter((rule) => !rule.disabledByDefault);
  let rulesComplete = true;
  const findings: OrgFinding[] = [];
  for (const rule of rules) {
    try {
      rule.correlateRepositories(
        { repositories: organisation },
        { options: {}, report: (at, message, extra) => findings.push(orgFinding(rule, at, message, extra)) },
      );
    } catch (error) {
      rulesComplete = false;
      notes.push({
        level: 'error',
        code: 'rule-error',
        message: `${ruleKey(rule)} failed (${error instanceof Error ? error.name : 'error'}); the organisation findings are incomplete`,
      });
    }
  }
  findings.sort(compareFindings);
  return {
    repositories,
    findings,
    inventory: organisationInventory(organisation, findings),
    notes,
    rules,
    complete:
      rulesComplete && !unreadable && !failed.length && !incomplete.length && !missingRepositories.length && !notes.some((n) => n.code === 'missing-shard'),
  };
}

/** Result and manifest files under an output folder (and folders an artifact download nests them in). */
async function orgFiles(dir: string, depth: number): Promise<{ path: string; kind: 'result' | 'shard' }[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (depth === 0) throw new OrgMergeError(`cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return [];
  }
  const found: { path: string; kind: 'result' | 'shard' }[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === WORK_FOLDER) continue;
    const path = join(dir, entry.name);
    if (entry.name === RESULTS_FOLDER || entry.name === SHARDS_FOLDER) {
      const kind = entry.name === RESULTS_FOLDER ? 'result' : 'shard';
      for (const file of await readdir(path, { withFileTypes: true })) {
        if (file.isFile() && file.name.endsWith('.json')) found.push({ path: join(path, file.name), kind });
      }
    } else if (depth < MAX_DEPTH) {
      found.push(...(await orgFiles(path, depth + 1)));
    }
  }
  return found;
}

/** Of two results for one repository: a finished one over a failed one, then the smaller text (any fixed choice will do). */
function preferred(candidate: RepositoryResult, text: string, current: RepositoryResult, currentText: string): boolean {
  if (candidate.status !== current.status) return candidate.status === 'ok';
  return compareText(text, currentText) < 0;
}

/** Checks the shard manifests: every shard of each list present, every repository they owe found. */
function coverage(manifests: readonly ShardManifest[], results: ReadonlyMap<string, unknown>, notes: OrgMergeNote[]): string[] {
  const plans = new Map<string, ShardManifest[]>();
  for (const m of manifests) {
    const plan = `${m.list.digest}\0${m.shard.count}`;
    plans.set(plan, [...(plans.get(plan) ?? []), m]);
  }
  const lists = new Set(manifests.map((m) => m.list.digest));
  if (lists.size > 1)
    notes.push({
      level: 'warning',
      code: 'several-lists',
      message: `the results come from ${lists.size} different repository lists; each is checked for completeness on its own`,
    });
  for (const [plan, group] of [...plans].sort(([a], [b]) => compareText(a, b))) {
    const count = Number(plan.split('\0')[1]);
    const present = new Set(group.map((m) => m.shard.index));
    const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(i));
    if (missing.length) {
      notes.push({
        level: 'error',
        code: 'missing-shard',
        message: `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} of a list of ${group[0]!.list.repositories} repositories ${missing.length === 1 ? 'is' : 'are'} missing: no manifest, so their repositories are not in this merge`,
      });
    }
  }
  const owed = new Set(manifests.flatMap((m) => m.repositories));
  const missing = [...owed].filter((id) => !results.has(id)).sort(compareText);
  if (missing.length)
    notes.push({
      level: 'error',
      code: 'missing-result',
      message: `${missing.length} repositor${missing.length === 1 ? 'y has' : 'ies have'} no result although a shard was given ${missing.length === 1 ? 'it' : 'them'} (the shard stopped early?); rerun that shard`,
    });
  return missing;
}

function mergedRepository(result: RepositoryResult): MergedRepository {
  return {
    id: result.repository.id,
    source: result.repository.source,
    status: result.status,
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.repository.head !== undefined ? { head: result.repository.head } : {}),
    history: result.mode.history,
    summary: result.summary,
    // The keyed hash stays in the result files: reports show a preview, never a hash of a value.
    findings: result.findings.map(({ secretHash: _hash, ...finding }) => finding),
    notes: result.notes,
    notesOmitted: result.notesOmitted,
  };
}

/** What organisation rules see of a repository's result. */
export function orgRepository(result: Pick<RepositoryResult, 'repository' | 'findings' | 'identities'>): OrgRepository {
  const secrets: OrgSecret[] = result.findings
    .filter((f) => f.secretHash !== undefined && !f.suppressed)
    .map((f) => ({
      hash: f.secretHash!,
      ruleId: f.ruleId,
      severity: f.severity,
      preview: f.secret?.preview ?? '…',
      location: f.secret?.location ?? f.location,
      ...(typeof f.properties['context'] === 'string' ? { context: f.properties['context'] } : {}),
      source: f.source,
    }));
  return { id: result.repository.id, roots: result.repository.roots, identities: result.identities, secrets };
}

export function orgFinding(
  rule: OrganisationRule,
  at: OrgPlaceRef,
  message: string,
  extra: { fingerprintKey: string; severity?: Severity; confidence?: Confidence; related?: OrgPlaceRef[]; properties?: Properties; secretPreview?: string },
): OrgFinding {
  const ruleId = ruleKey(rule);
  return {
    ruleId,
    family: rule.family,
    severity: extra.severity ?? rule.severity,
    confidence: extra.confidence ?? rule.confidence,
    message,
    repository: at.repository,
    location: at.location,
    related: extra.related ?? [],
    fingerprint: digest([ruleId, extra.fingerprintKey]),
    ...(extra.secretPreview !== undefined ? { secret: { preview: extra.secretPreview } } : {}),
    properties: extra.properties ?? {},
  };
}

function compareFindings(a: OrgFinding, b: OrgFinding): number {
  return (
    compareText(a.repository, b.repository) ||
    compareText(a.location.path, b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** Every identity with the repositories that use it; organisation-wide ids are merged across repositories. */
function organisationInventory(repositories: readonly OrgRepository[], findings: readonly OrgFinding[]): OrgInventoryEntry[] {
  const entries = new Map<string, { identity: OrgIdentity; scope: OrgInventoryEntry['scope']; holders: { repository: string; identity: OrgIdentity }[] }>();
  for (const repository of repositories) {
    for (const identity of repository.identities) {
      const wide = ORGANISATION_WIDE.some((prefix) => identity.key.startsWith(prefix));
      const key = wide ? identity.key : `${repository.id}\0${identity.key}`;
      const entry = entries.get(key) ?? { identity, scope: wide ? 'organisation' : 'repository', holders: [] };
      entry.holders.push({ repository: repository.id, identity });
      entries.set(key, entry);
    }
  }
  const acrossRepositories = new Map<string, { ruleId: string; severity: Severity }[]>();
  for (const f of findings) {
    const id = f.properties['identity'];
    if (typeof id === 'string') acrossRepositories.set(id, [...(acrossRepositories.get(id) ?? []), { ruleId: f.ruleId, severity: f.severity }]);
  }
  const order = new Map<string, number>(INVENTORY_CATEGORIES.map((c, i) => [c.id, i]));
  const list = [...entries.values()].map(({ identity, scope, holders }): OrgInventoryEntry => {
    const lifetimes = new Set(holders.map((h) => h.identity.lifetime));
    const flagged = new Map<string, Severity>();
    for (const f of [...holders.flatMap((h) => h.identity.findings), ...(scope === 'organisation' ? (acrossRepositories.get(identity.id) ?? []) : [])]) {
      const seen = flagged.get(f.ruleId);
      if (!seen || SEVERITY_RANK[f.severity] > SEVERITY_RANK[seen]) flagged.set(f.ruleId, f.severity);
    }
    return {
      id: identity.id,
      type: identity.type,
      category: identity.category,
      name: identity.name,
      lifetime: lifetimes.has('long-lived') ? 'long-lived' : lifetimes.has('short-lived') ? 'short-lived' : 'unknown',
      scope,
      repositories: holders
        .map((h) => ({
          repository: h.repository,
          uses: h.identity.uses.length,
          definitions: h.identity.definitions.length,
          pipelines: h.identity.pipelines,
          jobs: h.identity.jobs,
          environments: h.identity.environments,
          services: h.identity.services,
        }))
        .sort((a, b) => compareText(a.repository, b.repository)),
      useCount: holders.reduce((n, h) => n + h.identity.uses.length, 0),
      findings: [...flagged].map(([ruleId, severity]) => ({ ruleId, severity })).sort((a, b) => compareText(a.ruleId, b.ruleId)),
    };
  });
  return list.sort(
    (a, b) =>
      (order.get(a.category) ?? 99) - (order.get(b.category) ?? 99) ||
      b.repositories.length - a.repositories.length ||
      compareText(a.name, b.name) ||
      compareText(a.id, b.id) ||
      compareText(a.repositories[0]?.repository ?? '', b.repositories[0]?.repository ?? ''),
  );
}
