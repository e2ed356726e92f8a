import { crypto } from '../crypto.js';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import * as z from 'zod';
import { SEVERITIES } from '../rule/types.js';

/**
 * What `nhiscan org scan` writes and `nhiscan org merge` reads: the repository list and its shard
 * plan, the organisation key, one result file per repository and one manifest per shard. Plain
 * files, each written whole (temporary file, then rename), so a killed worker leaves either a
 * finished result or none, and a rerun picks up where it stopped.
 */

export const ORG_SCHEMA_VERSION = 1 as const;
/** Result files, one per repository, under the output folder. */
export const RESULTS_FOLDER = 'repositories';
/** Shard manifests: which repositories a shard was given. */
export const SHARDS_FOLDER = 'shards';
/** Where clones live while they are scanned (each is deleted afterwards). */
export const WORK_FOLDER = '.work';
/** The organisation key, when NHISCAN_FINGERPRINT_KEY is not set. */
const KEY_FILE = 'org.key';

/** One line of the repository list. */
export interface RepositoryEntry {
  /** Normalised id: `host/owner/name` for a remote (any protocol), the path as listed for a folder. */
  id: string;
  /** The line as written, credentials included: used to clone, never written or printed. */
  location: string;
  kind: 'url' | 'path';
  /** What may be shown and stored: the URL without user name or password, or the path. */
  display: string;
}

export class OrgListError extends Error {
  override name = 'OrgListError';
}

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
/** `git@github.com:acme/api.git`: scp-like syntax for ssh. */
const SCP_LIKE = /^([A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/;
const CLONE_SCHEMES = new Set(['https', 'http', 'ssh', 'git', 'file']);

/**
 * Parses the repository list: one repository per line, blank lines and `#` comments ignored, the
 * same repository twice (by id) kept once. A line with an unsupported scheme (`ext::`, `fd::`,
 * which make git run commands) is an error: the list names repositories, not programs.
 */
export function parseRepositoryList(text: string): { entries: RepositoryEntry[]; duplicates: string[] } {
  const byId = new Map<string, RepositoryEntry>();
  const duplicates: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const entry = repositoryEntry(line, index + 1);
    if (byId.has(entry.id)) duplicates.push(entry.id);
    else byId.set(entry.id, entry);
  }
  return { entries: [...byId.values()].sort((a, b) => compareText(a.id, b.id)), duplicates };
}

function repositoryEntry(line: string, lineNumber: number): RepositoryEntry {
  if (/^[a-z][a-z0-9+.-]*::/i.test(line))
    throw new OrgListError(`repository list line ${lineNumber}: git remote helpers ("${line.split('::')[0]}::") are not accepted; give a URL or a path`);
  // ssh would read a host that starts with "-" as an option (git refuses it too; say so here).
  if (SCP_LIKE.exec(line)?.[2]?.startsWith('-') || /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?-/i.test(line))
    throw new OrgListError(`repository list line ${lineNumber}: a host name cannot start with "-"`);
  const scheme = URL_SCHEME.exec(line)?.[1]?.toLowerCase();
  if (scheme) {
    if (!CLONE_SCHEMES.has(scheme))
      throw new OrgListError(`repository list line ${lineNumber}: unsupported URL scheme "${scheme}" (use https, ssh, git or file)`);
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      throw new OrgListError(`repository list line ${lineNumber}: not a valid URL`);
    }
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    const path = trimRepositoryPath(decodeURIComponent(url.pathname));
    const id = scheme === 'file' ? `file://${path}` : `${url.host.toLowerCase()}${path}`;
    return { id, location: line, kind: 'url', display: url.toString() };
  }
  const scp = SCP_LIKE.exec(line);
  if (scp && !line.startsWith('/') && !line.startsWith('.') && scp[2]!.includes('.')) {
    const id = `${scp[2]!.toLowerCase()}${trimRepositoryPath('/' + scp[3]!)}`;
    return { id, location: line, kind: 'url', display: `${scp[1] ?? ''}${scp[2]}:${scp[3]}` };
  }
  const normalised = posix.normalize(line.replace(/\\/g, '/')).replace(/(.)\/+$/, '$1');
  return { id: normalised, location: line, kind: 'path', display: normalised };
}

function trimRepositoryPath(path: string): string {
  return path
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}

/** Compares by UTF-16 code units: the same order on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The shard plan: repository `id` goes to shard `sha256(id) mod count` (the first 48 bits of the
 * digest). Every worker computes it alone from the list; a repository keeps its shard when others
 * are added to or removed from the list.
 */
export function shardOf(id: string, count: number): number {
  const digest = crypto().createHash('sha256').update(id).digest();
  return digest.readUIntBE(0, 6) % count;
}

/** `--shard I/N`: 0 ≤ I < N. */
export function parseShard(value: string | undefined): { index: number; count: number } {
  if (value === undefined) return { index: 0, count: 1 };
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count)
    throw new OrgListError(`--shard must be I/N with 0 ≤ I < N (the index counts from 0, like JOB_COMPLETION_INDEX), not "${value}"`);
  return { index, count };
}

/** A fingerprint of the whole list (sorted ids): the shards of one list share it. */
export function listDigest(entries: readonly RepositoryEntry[]): string {
  return crypto()
    .createHash('sha256')
    .update(entries.map((e) => e.id).join('\n'))
    .digest('hex')
    .slice(0, 16);
}

/** The result file of a repository: a readable slug plus a digest of the id (no collisions, no path tricks). */
export function resultFileName(id: string): string {
  const slug = id
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-80);
  return `${slug || 'repository'}-${crypto().createHash('sha256').update(id).digest('hex').slice(0, 12)}.json`;
}

/** The key's public check value: results made with different keys cannot be correlated. */
export function keyId(key: string): string {
  return crypto().createHmac('sha256', key).update('nhiscan/org-key-id').digest('hex').slice(0, 16);
}

/**
 * The organisation key: NHISCAN_FINGERPRINT_KEY when given, else `org.key` in the output folder,
 * made once (the first worker to create it wins, the others read it). Every shard must use the
 * same key for secrets to be matched across repositories: shards that write to different folders
 * need NHISCAN_FINGERPRINT_KEY.
 */
export async function organisationKey(out: string, fromEnvironment: string | undefined): Promise<{ key: string; source: 'environment' | 'file' }> {
  if (fromEnvironment !== undefined) return { key: fromEnvironment, source: 'environment' };
  const path = join(out, KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return { key: existing, source: 'file' };
  const temporary = `${path}.${crypto().randomBytes(8).toString('hex')}.tmp`;
  await writeFile(temporary, crypto().randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  try {
    await link(temporary, path); // fails when another worker made it first
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  const key = await readKeyFile(path);
  if (!key) throw new OrgListError(`${path} does not hold a key (64 hex digits); delete it to make a new one`);
  return { key, source: 'file' };
}

async function readKeyFile(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = text.trim();
  if (!/^[0-9a-f]{64}$/.test(key)) throw new OrgListError(`${path} does not hold a key (64 hex digits); delete it to make a new one`);
  return key;
}

/** Writes a file whole: a temporary file in the same folder, then a rename over the target. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${crypto().randomBytes(8).toString('hex')}.tmp`;
  await mkdir(join(path, '..'), { recursive: true });
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

// ---- the result file of one repository -----------------------------------------------------

const severity = z.enum(SEVERITIES as [string, ...string[]]).transform((s) => s as (typeof SEVERITIES)[number]);
const location = z.object({ path: z.string(), startLine: z.number(), startColumn: z.number(), endLine: z.number(), endColumn: z.number() });
const place = z.object({
  location,
  role: z.enum(['use', 'definition', 'binding', 'link']),
  description: z.string(),
  pipeline: z.string().optional(),
  job: z.string().optional(),
  service: z.string().optional(),
  environment: z.string().optional(),
  purpose: z.string().optional(),
});
const identity = z.object({
  id: z.string(),
  key: z.string(),
  type: z.string(),
  category: z.string(),
  name: z.string(),
  lifetime: z.enum(['long-lived', 'short-lived', 'unknown']),
  uses: z.array(place),
  definitions: z.array(place),
  platforms: z.array(z.string()),
  pipelines: z.array(z.string()),
  jobs: z.array(z.string()),
  services: z.array(z.string()),
  environments: z.array(z.string()),
  purposes: z.array(z.string()),
  findings: z.array(z.object({ ruleId: z.string(), severity })),
});
const finding = z.object({
  ruleId: z.string(),
  family: z.string(),
  severity,
  confidence: z.enum(['high', 'medium', 'low']),
  message: z.string(),
  location,
  related: z.array(z.object({ location, message: z.string().optional() })),
  fingerprint: z.string(),
  secret: z.object({ preview: z.string(), length: z.number(), location }).optional(),
  /** The keyed hash of the secret value (under the organisation key). */
  secretHash: z.string().optional(),
  properties: z.record(z.string(), z.unknown()),
  provenance: z.record(z.string(), z.unknown()).optional(),
  suppressed: z.object({ kind: z.string(), reason: z.string() }).optional(),
  /** `tree` (the checkout) or `history` (`--history`: the git objects). */
  source: z.enum(['tree', 'history']),
});
const note = z.object({ level: z.enum(['error', 'warning', 'info']), code: z.string(), message: z.string(), path: z.string().optional() });

export const repositoryResultSchema = z.object({
  schemaVersion: z.literal(ORG_SCHEMA_VERSION),
  kind: z.literal('nhiscan-org-repository'),
  tool: z.object({ name: z.string(), version: z.string() }),
  repository: z.object({ id: z.string(), source: z.string(), head: z.string().optional(), roots: z.array(z.string()) }),
  /** How it was scanned: a result made another way is scanned again. */
  mode: z.object({ history: z.boolean() }),
  keyId: z.string(),
  status: z.enum(['ok', 'error']),
  error: z.string().optional(),
  summary: z.object({
    findings: z.number(),
    suppressed: z.number(),
    bySeverity: z.record(z.string(), z.number()),
    filesScanned: z.number(),
    filesSkipped: z.number(),
    complete: z.boolean(),
  }),
  findings: z.array(finding),
  identities: z.array(identity),
  notes: z.array(note),
  /** Notes left out of `notes` (only the first 200 are kept). */
  notesOmitted: z.number(),
});

export type RepositoryResult = z.infer<typeof repositoryResultSchema>;
export type ResultFinding = z.infer<typeof finding>;

export const shardManifestSchema = z.object({
  schemaVersion: z.literal(ORG_SCHEMA_VERSION),
  kind: z.literal('nhiscan-org-shard'),
  list: z.object({ digest: z.string(), repositories: z.number() }),
  shard: z.object({ index: z.number(), count: z.number() }),
  repositories: z.array(z.string()),
});

export type ShardManifest = z.infer<typeof shardManifestSchema>;

/** Reads and checks a result or manifest file; undefined (with the reason) when it is not one. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<{ value: T } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { problem: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = schema.safeParse(data);
  return parsed.success
    ? { value: parsed.data }
    : { problem: `not an nhiscan org file of schema ${ORG_SCHEMA_VERSION} (${parsed.error.issues[0]?.path.join('.') || 'shape'})` };
}
