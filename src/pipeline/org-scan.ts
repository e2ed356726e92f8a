import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { buildInventory, type InventoryEntry, type InventoryPlace } from '../model/identity/inventory.js';
import { activeFindings, severityCounts, type ToolInfo } from '../report/common.js';
import { findingJson, locationJson } from '../report/json.js';
import type { ScanResult } from '../rule/result.js';
import type { Fact, Finding, Note, OrgIdentity, OrgPlace, Rule } from '../rule/types.js';
import { cloneRepository, git, gitTopLevel } from './git.js';
import { scanHistory } from './history.js';
import {
  keyId,
  listDigest,
  ORG_SCHEMA_VERSION,
  readJsonFile,
  repositoryResultSchema,
  RESULTS_FOLDER,
  resultFileName,
  SHARDS_FOLDER,
  shardOf,
  WORK_FOLDER,
  writeAtomically,
  type RepositoryEntry,
  type RepositoryResult,
  type ResultFinding,
  type ShardManifest,
} from './org-records.js';
import { scan } from './scan.js';

/**
 * `nhiscan org scan`: the repositories of one shard, one after the other, each into its own
 * result file. A repository with a finished result made the same way (same key, same mode) is
 * skipped; one that fails gets an error record and the shard goes on.
 */

export interface OrgScanOptions {
  /** The whole list (every shard computes its part from it). */
  entries: readonly RepositoryEntry[];
  shard: { index: number; count: number };
  /** The output folder (absolute). */
  out: string;
  /** Relative paths in the list are relative to this folder. */
  cwd: string;
  key: string;
  history: boolean;
  catalog: readonly Rule[];
  tool: ToolInfo;
  /** The configuration for a repository root (its own, or the one the command line names). */
  configure: (root: string) => Promise<ResolvedConfig>;
  onRepository?: (event: { id: string; done: number; total: number; outcome: 'scanned' | 'skipped' | 'failed'; findings?: number; error?: string }) => void;
}

export interface OrgScanSummary {
  assigned: number;
  scanned: number;
  skipped: number;
  failed: number;
}

/** Notes kept per repository; the rest are counted. */
const MAX_NOTES = 200;

export async function scanOrganisationShard(options: OrgScanOptions): Promise<OrgScanSummary> {
  const { shard, out } = options;
  const assigned = options.entries.filter((entry) => shardOf(entry.id, shard.count) === shard.index);
  const manifest: ShardManifest = {
    schemaVersion: ORG_SCHEMA_VERSION,
    kind: 'nhiscan-org-shard',
    list: { digest: listDigest(options.entries), repositories: options.entries.length },
    shard,
    repositories: assigned.map((entry) => entry.id),
  };
  // The manifest comes first: a merge then knows which repositories this shard owes, even if it dies.
  await writeAtomically(join(out, SHARDS_FOLDER, `${shard.index}-of-${shard.count}.json`), JSON.stringify(manifest, null, 2) + '\n');
  const summary: OrgScanSummary = { assigned: assigned.length, scanned: 0, skipped: 0, failed: 0 };
  const wantedKey = keyId(options.key);
  for (const [i, entry] of assigned.entries()) {
    const path = join(out, RESULTS_FOLDER, resultFileName(entry.id));
    const previous = await readJsonFile(path, repositoryResultSchema);
    if (
      'value' in previous &&
      previous.value.status === 'ok' &&
      previous.value.keyId === wantedKey &&
      previous.value.mode.history === options.history &&
      previous.value.repository.id === entry.id
    ) {
      summary.skipped++;
      options.onRepository?.({ id: entry.id, done: i + 1, total: assigned.length, outcome: 'skipped' });
      continue;
    }
    const result = await scanRepository(entry, options, wantedKey);
    await writeAtomically(path, JSON.stringify(result, null, 2) + '\n');
    if (result.status === 'ok') summary.scanned++;
    else summary.failed++;
    options.onRepository?.({
      id: entry.id,
      done: i + 1,
      total: assigned.length,
      outcome: result.status === 'ok' ? 'scanned' : 'failed',
      findings: result.summary.findings,
      error: result.error,
    });
  }
  return summary;
}

/** An error we can describe to the user in our own words (no scanned content in it). */
class RepositoryError extends Error {
  override name = 'RepositoryError';
}

async function scanRepository(entry: RepositoryEntry, options: OrgScanOptions, wantedKey: string): Promise<RepositoryResult> {
  const base = {
    schemaVersion: ORG_SCHEMA_VERSION,
    kind: 'nhiscan-org-repository' as const,
    tool: { name: options.tool.name, version: options.tool.version },
    mode: { history: options.history },
    keyId: wantedKey,
  };
  const clone = entry.kind === 'url' ? join(options.out, WORK_FOLDER, resultFileName(entry.id).replace(/\.json$/, '')) : undefined;
  try {
    let root: string;
    if (clone) {
      await rm(clone, { recursive: true, force: true });
      await mkdir(join(clone, '..'), { recursive: true });
      await cloneRepository(entry.location, clone, { history: options.history }).catch((error: unknown) => {
        throw new RepositoryError(`clone failed: ${withoutCredentials((error as Error).message)}`);
      });
      root = clone;
    } else {
      root = resolve(options.cwd, entry.location);
      if (!(await isDirectory(root))) throw new RepositoryError('not a directory (a list line is a clone URL or a path to a repository folder)');
    }
    const gitInfo = await repositoryInfo(root);
    const config = await options.configure(root);
    const tree = gitInfo?.bare ? undefined : await scan({ root, config, catalog: options.catalog, secretKey: options.key, keepFacts: true });
    if (options.history && !gitInfo) throw new RepositoryError('--history needs a git repository; this folder is not one');
    const history = options.history
      ? await scanHistory({ root, config, catalog: options.catalog, selection: { kind: 'history' }, secretKey: options.key })
      : undefined;
    const findings = [
      ...(tree ? tree.findings.map((f) => findingRecord(f, 'tree')) : []),
      ...(history ? history.findings.map((f) => findingRecord(f, 'history')) : []),
    ];
    const notes = [...(tree?.notes ?? []), ...(history?.notes ?? [])].filter((n) => n.level !== 'info');
    if (tree && tree.stats.files === 0)
      notes.unshift({
        level: 'warning',
        code: 'nothing-scanned',
        message: 'no text file was scanned in this repository (empty, or every file ignored, binary or too large)',
      });
    if (gitInfo?.bare)
      notes.unshift({
        level: 'warning',
        code: 'bare-repository',
        message: 'a bare repository has no work tree: only its history was scanned, so it has no identity inventory',
      });
    const active = [...(tree ? activeFindings(tree.findings) : []), ...(history ? activeFindings(history.findings) : [])];
    return {
      ...base,
      repository: { id: entry.id, source: entry.display, head: gitInfo?.head, roots: gitInfo?.roots ?? [] },
      status: 'ok',
      summary: {
        findings: active.length,
        suppressed: findings.length - active.length,
        bySeverity: Object.fromEntries(severityCounts(active)),
        filesScanned: (tree?.stats.files ?? 0) + (history?.stats.files ?? 0),
        filesSkipped: (tree?.stats.skipped ?? 0) + (history?.stats.skipped ?? 0),
        complete: (tree?.complete ?? true) && (history?.complete ?? true),
      },
      findings,
      identities: tree ? identities(tree, config) : [],
      notes: notes.slice(0, MAX_NOTES).map(noteRecord),
      notesOmitted: Math.max(0, notes.length - MAX_NOTES),
    };
  } catch (error) {
    return {
      ...base,
      repository: { id: entry.id, source: entry.display, roots: [] },
      status: 'error',
      error: describeError(error),
      summary: { findings: 0, suppressed: 0, bySeverity: {}, filesScanned: 0, filesSkipped: 0, complete: false },
      findings: [],
      identities: [],
      notes: [],
      notesOmitted: 0,
    };
  } finally {
    if (clone) await rm(clone, { recursive: true, force: true });
  }
}

/** Our own errors keep their message; anything else is named by its type only (a library may have quoted the scanned text). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'internal error';
  const ours = ['RepositoryError', 'UsageError', 'ConfigError', 'HistoryError', 'GitObjectsError', 'StagedError'];
  return ours.includes(error.name) ? withoutCredentials(error.message) : `internal error: ${error.name}`;
}

/** Drops `user:password@` from every URL in a text (git quotes the URL it failed to clone). */
function withoutCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]*@/gi, '$1');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** HEAD, root commits (not in a shallow clone: its roots are cut-off points) and whether it is bare. */
async function repositoryInfo(root: string): Promise<{ bare: boolean; head?: string; roots: string[] } | undefined> {
  let flags: string[];
  try {
    flags = (await git(['rev-parse', '--is-bare-repository', '--is-shallow-repository'], root)).toString('utf8').trim().split('\n');
  } catch {
    return undefined;
  }
  const bare = flags[0] === 'true';
  if (!bare && !(await gitTopLevel(root))) return undefined;
  const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD'], root).then(
    (b) => b.toString('utf8').trim() || undefined,
    () => undefined,
  );
  const roots =
    head && flags[1] !== 'true'
      ? await git(['rev-list', '--max-parents=0', 'HEAD'], root).then(
          (b) => b.toString('utf8').split('\n').filter(Boolean).sort(),
          () => [],
        )
      : [];
  return { bare, head, roots };
}

/** A finding as a repository record holds it: the JSON report's shape, its secret's keyed hash, and where it was found. */
export function findingRecord(finding: Finding, source: 'tree' | 'history'): ResultFinding {
  const secretHash = finding.valueKey?.startsWith('secret:') ? finding.valueKey.slice('secret:'.length) : undefined;
  return { ...findingJson(finding, secretHash), source };
}

function noteRecord(note: Note): RepositoryResult['notes'][number] {
  return { level: note.level, code: note.code, message: note.message, ...(note.path !== undefined ? { path: note.path } : {}) };
}

/** The repository's inventory, each literal keyed by its whole keyed hash. */
export function identities(result: ScanResult, config: ResolvedConfig): OrgIdentity[] {
  const literalAt = new Map<string, string>();
  for (const fact of result.facts as readonly Fact[]) {
    if (fact.identity.type === 'literal') literalAt.set(`${fact.location.path}\0${fact.location.startOffset}`, fact.identity.name);
  }
  const inventory = buildInventory(result.facts, result.findings, config.productionPatterns);
  return inventory.entries.map((entry) => identityRecord(entry, literalAt));
}

function identityRecord(entry: InventoryEntry, literalAt: ReadonlyMap<string, string>): OrgIdentity {
  const first = entry.uses[0] ?? entry.definitions[0];
  const full = entry.type === 'literal' && first ? literalAt.get(`${first.location.path}\0${first.location.startOffset}`) : undefined;
  return {
    id: entry.id,
    key: full ? `literal:${full}` : entry.id,
    type: entry.type,
    category: entry.category,
    name: entry.name,
    lifetime: entry.lifetime,
    uses: entry.uses.map(placeRecord),
    definitions: entry.definitions.map(placeRecord),
    platforms: entry.platforms,
    pipelines: entry.pipelines,
    jobs: entry.jobs,
    services: entry.services,
    environments: entry.environments,
    purposes: entry.purposes,
    findings: entry.findings,
  };
}

function placeRecord(place: InventoryPlace): OrgPlace {
  const optional = (key: 'pipeline' | 'job' | 'service' | 'purpose', value: string | undefined) => (value !== undefined ? { [key]: value } : {});
  const environment = place.environment ?? place.namespace;
  return {
    location: locationJson(place.location),
    role: place.role,
    description: place.description,
    ...optional('pipeline', place.pipeline),
    ...optional('job', place.job),
    ...optional('service', place.service),
    ...(environment !== undefined ? { environment } : {}),
    ...optional('purpose', place.purpose),
  };
}
