import type { ResolvedConfig } from '../config/load.js';
import type { CommitMark, Finding, Note, Provenance, RelatedLocation, Rule } from '../rule/types.js';
import type { BaselineFile } from './baseline.js';
import { classifyPath } from './classify.js';
import { pathFilter, type SourceFile } from './discover.js';
import {
  BlobReader,
  commitMessages,
  describeCommit,
  listRefs,
  originUri,
  reachableBlobs,
  refsReaching,
  commitRefs,
  repositoryInfo,
  resolveCommit,
  treeBlobs,
  walkCommits,
  ZERO_ID,
  type CommitInfo,
  type RawChange,
  type RepositoryInfo,
} from './git-objects.js';
import { formatBytes } from './read.js';
import type { ScanResult } from '../rule/result.js';
import { compareLocations } from './location.js';
import { createEngine, scanFile, type FileContext } from './scan-file.js';
import { Redactor } from './redact.js';
import { useSecretKey } from './secret-value.js';
import { loadParsers } from '../document/parse.js';
import { syntaxOf, FILE_KINDS } from '../document/kinds.js';

/**
 * Git history as a source: every blob reachable from the refs (or brought in by a commit range)
 * is read once and scanned by the same file rules as a tree; the few blobs with findings are then
 * attributed to commits in one streaming walk of the log. Findings are about secrets: a value
 * that reached a commit stays readable in every clone, whatever HEAD looks like now. Posture
 * findings (deploy gates, assistant scopes, shared identities) describe the current tree, which
 * a plain scan covers.
 */

/** What to read from git. */
export type HistorySelection =
  /** Everything reachable from these refs (default: every ref, HEAD included). */
  | { kind: 'history'; refs?: readonly string[] }
  /** What the commits reachable from `include` and not from `exclude` bring in. */
  | { kind: 'range'; include: readonly string[]; exclude: readonly string[]; label: string; notes?: Note[] };

export interface HistoryOptions {
  /** A directory in the repository (work tree or bare git dir). */
  root: string;
  config: ResolvedConfig;
  catalog: readonly Rule[];
  selection: HistorySelection;
  baseline?: BaselineFile;
  /** The secret-hash key (see scan.ts); a random one when absent. */
  secretKey?: string;
  onProgress?: (event: { path: string; done: number; total: number }) => void;
}

export class HistoryError extends Error {
  override name = 'HistoryError';
}

/** How many blobs are read and scanned at once (bounds memory to this many blobs under the size limit). */
const IN_FLIGHT = 32;
/** Notes of one kind listed one by one before the rest are counted. */
const LISTED_NOTES = 20;
/** At most this many related places per finding. */
const MAX_RELATED = 20;
/** Commit-message findings are reported at this path, with the commit in their provenance. */
const COMMIT_MESSAGE_PATH = 'COMMIT_EDITMSG';

export async function scanHistory(options: HistoryOptions): Promise<ScanResult> {
  const started = performance.now();
  const repo = await repositoryInfo(options.root);
  if (!repo) throw new HistoryError(`${options.root} is not in a git repository; --history and --range read git objects`);
  useSecretKey(options.secretKey);
  const redactor = new Redactor();
  const notes = new NoteCollector();
  for (const note of options.config.notes) notes.add(note);
  // Rule names in the configuration are checked against the whole catalog, then the scope applies.
  const { engine, active } = createEngine(options.catalog, options.config, false, 'git-objects');
  await loadParsers(new Set(FILE_KINDS.map((kind) => syntaxOf(kind))));
  const context: FileContext = { engine, config: options.config, needsFacts: false };
  const headTree = repo.head ? await treeBlobs(repo.cwd, repo.head) : new Map<string, string>();
  const scanner = new BlobScanner(repo, context, notes, headTree, redactor, options.onProgress);

  let walkRevs: string[];
  let attribution: Attribution;
  let rangeBefore: Map<string, string> | undefined; // blob → path, versions from before a range
  try {
    if (options.selection.kind === 'history') {
      walkRevs = await historyRevs(repo, options.selection.refs);
      if (repo.shallow)
        notes.add({
          level: 'warning',
          code: 'shallow-history',
          message: 'this is a shallow clone: commits before its boundary are not in it and were not scanned; run "git fetch --unshallow" for the full history',
        });
      if (!walkRevs.length) notes.add({ level: 'warning', code: 'empty-history', message: 'the repository has no commits to scan' });
      else {
        for await (const blob of reachableBlobs(repo.cwd, walkRevs)) {
          if (blob.kind === 'missing') scanner.missing(blob.id, blob.path);
          else await scanner.offer(blob.id, blob.path, blob.size);
        }
        await scanner.drain();
      }
      attribution = new Attribution(scanner.flaggedBlobs());
      if (walkRevs.length) await walkCommits(repo.cwd, walkRevs, (commit, changes) => attribution.visit(commit, changes));
    } else {
      const selection = options.selection;
      for (const note of selection.notes ?? []) notes.add(note);
      walkRevs = [...selection.include, ...selection.exclude.map((rev) => `^${rev}`)];
      // One walk lists what the range brings in and attributes every blob of it (a range is small).
      const range = new RangeCollector();
      if (selection.include.length) await walkCommits(repo.cwd, walkRevs, (commit, changes) => range.visit(commit, changes));
      if (range.commits === 0) notes.add({ level: 'info', code: 'empty-range', message: `the range ${selection.label} holds no commits; nothing to scan` });
      else if (repo.shallow)
        notes.add({
          level: 'warning',
          code: 'shallow-history',
          message: `this is a shallow clone: if the range ${selection.label} reaches past its boundary, the boundary commit counts as adding every file it holds; deepen with "git fetch --deepen=<commits>" or "git fetch --unshallow"`,
        });
      for (const [blob, path] of range.added) await scanner.offer(blob, path, undefined);
      rangeBefore = range.before();
      for (const [blob, path] of rangeBefore) await scanner.offer(blob, path, undefined);
      await scanner.drain();
      attribution = range.attribution;
    }
  } finally {
    scanner.close();
  }

  const groups = groupHits(scanner.hits, attribution, rangeBefore);
  const findings: Finding[] = [];
  for (const group of groups) findings.push(group.toFinding(headTree));

  // Commit messages: scanned as text, attributed to their commit directly.
  if (walkRevs.length && (options.selection.kind === 'history' || options.selection.include.length)) {
    const messageHits = new Map<string, { finding: Finding; commits: string[] }>();
    for await (const { id, message } of commitMessages(repo.cwd, walkRevs)) {
      const outcome = await scanFile(textSource(COMMIT_MESSAGE_PATH, message), 'text', context);
      for (const { value, preview } of outcome.detected) redactor.add(value, preview);
      for (const finding of outcome.findings) {
        const key = findingKey(finding);
        if (!key) continue;
        const hit = messageHits.get(key);
        if (hit) hit.commits.push(id);
        else messageHits.set(key, { finding, commits: [id] });
      }
    }
    for (const { finding, commits } of messageHits.values()) {
      const oldest = commits[commits.length - 1]!;
      const info = attribution.commitInfo(oldest) ?? (await describeCommit(repo.cwd, oldest));
      const provenance: Provenance = {
        source: 'commit-message',
        introduced: { commit: info.id, author: info.author, date: info.date, path: COMMIT_MESSAGE_PATH },
        atHead: false,
        refs: [],
        refCount: 0,
        commits: commits.length,
        range: options.selection.kind === 'range' ? 'new' : undefined,
      };
      findings.push({ ...finding, provenance });
    }
  }

  await fillRefs(repo.cwd, findings);
  const baselined = applyHistoryBaseline(findings, groups, options.baseline, notes);
  // Last step before any output: a detected value is masked wherever else it appears.
  return {
    findings: redactor.deep(baselined).sort((a, b) => compareLocations(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)),
    notes: redactor.deep(notes.finish()),
    rules: active.map((a) => a.rule),
    facts: [],
    stats: { files: scanner.scanned, bytes: scanner.bytes, skipped: scanner.offered - scanner.scanned, durationMs: Math.round(performance.now() - started) },
    complete: scanner.complete,
    history: { kind: options.selection.kind, head: repo.head, repositoryUri: await originUri(repo.cwd), commits: attribution.visited },
  };
}

/** The tips a history audit starts from: every ref (or the named ones) and HEAD. */
async function historyRevs(repo: RepositoryInfo, refs: readonly string[] | undefined): Promise<string[]> {
  const tips = new Set<string>();
  if (refs?.length) {
    for (const ref of refs) {
      const id = await resolveCommit(repo.cwd, ref);
      if (!id) throw new HistoryError(`--ref ${ref} names no commit in this repository`);
      tips.add(id);
    }
    return [...tips];
  }
  for (const ref of await listRefs(repo.cwd)) tips.add(ref.id);
  if (repo.head) tips.add(repo.head);
  return [...tips];
}

/** One finding of one blob, before blobs are grouped into history findings. */
interface BlobHit {
  blob: string;
  finding: Finding;
}

/** Reads blobs through one cat-file process and scans them, a bounded number at a time. */
class BlobScanner {
  readonly hits: BlobHit[] = [];
  scanned = 0;
  offered = 0;
  bytes = 0;
  complete = true;
  private readonly reader: BlobReader;
  private readonly seen = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The configuration's include and exclude globs, as for a tree. */
  private readonly wanted: (path: string) => boolean;

  constructor(
    repo: RepositoryInfo,
    private readonly context: FileContext,
    private readonly notes: NoteCollector,
    private readonly headTree: Map<string, string>,
    private readonly redactor: Redactor,
    private readonly onProgress?: HistoryOptions['onProgress'],
  ) {
    this.reader = new BlobReader(repo.cwd);
    this.wanted = pathFilter({ include: context.config.include, exclude: context.config.exclude });
  }

  /** A blob the object store does not have: a note, never a fetch. */
  missing(id: string, path: string): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.offered++;
    this.notes.add(missingNote(id, path));
  }

  /** Queues a blob; `size` undefined means unknown (read it, the size check follows). A missing object has size undefined and is found missing on read. */
  async offer(id: string, listedPath: string, size: number | undefined): Promise<void> {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    // A blob in HEAD is scanned under its HEAD path, so its findings match a plain scan's (and its baseline).
    const path = this.headTree.get(id) ?? (listedPath || `(blob ${id.slice(0, 12)})`);
    if (!this.wanted(path)) return;
    this.offered++;
    const maxSize = this.context.config.maxFileSize;
    if (size !== undefined && size > maxSize) {
      this.notes.add({
        level: 'info',
        code: 'too-large',
        message: `blob ${id.slice(0, 12)} is ${formatBytes(size)}, over the ${formatBytes(maxSize)} limit (--max-file-size); skipped`,
        path,
      });
      return;
    }
    while (this.inFlight.size >= IN_FLIGHT) await Promise.race(this.inFlight);
    const task = this.scan(id, path).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  close(): void {
    this.reader.close();
  }

  /** Blobs with at least one finding. */
  flaggedBlobs(): Set<string> {
    return new Set(this.hits.map((hit) => hit.blob));
  }

  private async scan(id: string, path: string): Promise<void> {
    let missing = false;
    const file: SourceFile = {
      path,
      read: async () => {
        const data = await this.reader.read(id);
        if (data === undefined) {
          missing = true;
          throw Object.assign(new Error('missing object'), { code: 'missing' });
        }
        return data;
      },
    };
    const outcome = await scanFile(file, classifyPath(path), this.context);
    for (const { value, preview } of outcome.detected) this.redactor.add(value, preview);
    if (missing) {
      this.notes.add(missingNote(id, path));
    } else {
      for (const note of outcome.notes) this.notes.add(note.code === 'unreadable' ? { ...note, message: `blob ${id.slice(0, 12)}: ${note.message}` } : note);
    }
    if (outcome.scanned) {
      this.scanned++;
      this.bytes += outcome.bytes;
    }
    this.complete &&= !outcome.ruleFailed;
    for (const finding of outcome.findings) if (findingKey(finding)) this.hits.push({ blob: id, finding });
    this.onProgress?.({ path, done: this.scanned, total: this.offered });
  }
}

function missingNote(id: string, path: string): Note {
  return {
    level: 'warning',
    code: 'missing-object',
    message: `blob ${id.slice(0, 12)} is not in this repository (a partial clone or a pruned mirror); it was not fetched and not scanned`,
    path: path || undefined,
  };
}

/** The identity of a secret across blobs: rule and keyed value hash (findings without a value are not history findings). */
function findingKey(finding: Finding): string | undefined {
  const hash = finding.secret?.valueHash;
  return hash ? `${finding.ruleId}\0${hash}` : undefined;
}

/** Where a flagged blob appeared and disappeared, from the streaming log walk. */
interface Sighting {
  /** Position in the walk: larger is older. */
  order: number;
  commit: CommitInfo;
  path: string;
}

/**
 * Attribution of flagged blobs to commits, fed by one newest-first walk. It keeps, per blob and
 * path, the oldest commit that wrote the blob there, and the newest commit that replaced or
 * deleted it: memory grows with the number of flagged blobs, not with the number of commits.
 */
class Attribution {
  readonly introduced = new Map<string, Map<string, Sighting>>();
  readonly removed = new Map<string, Sighting[]>();
  readonly additions = new Map<string, number>();
  private readonly commits = new Map<string, CommitInfo>();
  private order = 0;

  /** Commits walked so far. */
  get visited(): number {
    return this.order;
  }

  constructor(private readonly tracked: ReadonlySet<string>) {}

  visit(commit: CommitInfo, changes: RawChange[]): void {
    const order = this.order++;
    for (const change of changes) {
      if (this.tracked.has(change.target) && !change.sources.includes(change.target)) {
        const byPath = this.introduced.get(change.target) ?? new Map<string, Sighting>();
        byPath.set(change.path, { order, commit: this.keep(commit), path: change.path });
        this.introduced.set(change.target, byPath);
        this.additions.set(change.target, (this.additions.get(change.target) ?? 0) + 1);
      }
      for (const source of change.sources) {
        if (source === change.target || !this.tracked.has(source)) continue;
        const list = this.removed.get(source) ?? [];
        if (list.length < 8) list.push({ order, commit: this.keep(commit), path: change.path });
        this.removed.set(source, list);
        // the target of this change is kept with it for grouping
        (list[list.length - 1] as Sighting & { replacement?: string }).replacement = change.target;
      }
    }
  }

  commitInfo(id: string): CommitInfo | undefined {
    return this.commits.get(id);
  }

  private keep(commit: CommitInfo): CommitInfo {
    const known = this.commits.get(commit.id);
    if (known) return known;
    this.commits.set(commit.id, commit);
    return commit;
  }
}

/** A range walk: every blob the range writes (attributed), and the versions it replaced. */
class RangeCollector {
  commits = 0;
  readonly added = new Map<string, string>();
  private readonly sources = new Map<string, string>();
  private readonly all = new Set<string>();
  readonly attribution: Attribution;

  constructor() {
    this.attribution = new Attribution(this.all);
  }

  visit(commit: CommitInfo, changes: RawChange[]): void {
    this.commits++;
    for (const change of changes) {
      if (!ZERO_ID.test(change.target) && !change.gitlink) {
        this.all.add(change.target);
        if (!this.added.has(change.target)) this.added.set(change.target, change.path);
      }
      for (const source of change.sources) if (!ZERO_ID.test(source) && !this.sources.has(source)) this.sources.set(source, change.path);
    }
    this.attribution.visit(commit, changes);
  }

  /** Versions of touched files from before the range: replaced by it and not written by it. */
  before(): Map<string, string> {
    const result = new Map<string, string>();
    for (const [blob, path] of this.sources) if (!this.added.has(blob)) result.set(blob, path);
    return result;
  }
}

/** One secret (rule + value) across every blob and path that holds it. */
class HitGroup {
  readonly hits: BlobHit[] = [];
  constructor(
    private readonly attribution: Attribution,
    private readonly preExisting: boolean | undefined,
  ) {}

  get fingerprints(): string[] {
    return this.hits.map((hit) => hit.finding.fingerprint);
  }

  toFinding(headTree: Map<string, string>): Finding {
    const blobs = new Set(this.hits.map((hit) => hit.blob));
    // Per path: the oldest commit that wrote a blob holding the secret there.
    const byPath = new Map<string, { sighting: Sighting; blob: string }>();
    let commits = 0;
    for (const blob of blobs) {
      commits += this.attribution.additions.get(blob) ?? 0;
      for (const [path, sighting] of this.attribution.introduced.get(blob) ?? []) {
        const known = byPath.get(path);
        if (!known || sighting.order > known.sighting.order) byPath.set(path, { sighting, blob });
      }
    }
    const headHit = this.hits.find((hit) => headTree.has(hit.blob));
    const places = [...byPath.values()].sort((a, b) => b.sighting.order - a.sighting.order);
    const first = places[0];
    const primaryHit = headHit ?? (first ? this.hits.find((hit) => hit.blob === first.blob) : undefined) ?? this.hits[0]!;
    const primaryPath = headHit ? headTree.get(headHit.blob)! : (first?.sighting.path ?? primaryHit.finding.location.path);

    let removed: CommitMark | undefined;
    if (!headHit) {
      let newest: Sighting | undefined;
      for (const blob of blobs) {
        for (const sighting of this.attribution.removed.get(blob) ?? []) {
          const replacement = (sighting as Sighting & { replacement?: string }).replacement;
          if (replacement && blobs.has(replacement)) continue;
          if (!newest || sighting.order < newest.order) newest = sighting;
        }
      }
      if (newest) removed = mark(newest);
    }

    const relocate = <T extends { path: string }>(location: T, path: string): T => ({ ...location, path });
    const finding = primaryHit.finding;
    const related: RelatedLocation[] = [];
    for (const place of places) {
      if (place.sighting.path === primaryPath || related.length >= MAX_RELATED) continue;
      const hit = this.hits.find((h) => h.blob === place.blob) ?? primaryHit;
      related.push({
        location: relocate(hit.finding.location, place.sighting.path),
        message: `the same secret, added in ${place.sighting.commit.id.slice(0, 12)}`,
      });
    }
    if (places.length - 1 > MAX_RELATED)
      related.push({ location: relocate(finding.location, primaryPath), message: `… and ${places.length - 1 - MAX_RELATED} more paths` });

    const provenance: Provenance = {
      source: 'blob',
      introduced: first ? mark(first.sighting) : undefined,
      removed,
      atHead: headHit !== undefined,
      refs: [],
      refCount: 0,
      commits,
      range: this.preExisting === undefined ? undefined : this.preExisting ? 'pre-existing' : 'new',
    };
    const suppressed = finding.suppressed ?? this.hits.find((hit) => hit.finding.suppressed)?.finding.suppressed;
    return {
      ...finding,
      location: relocate(finding.location, primaryPath),
      secret: finding.secret ? { ...finding.secret, location: relocate(finding.secret.location, primaryPath) } : undefined,
      related: [
        ...related,
        ...finding.related.filter((r) => r.location.path === finding.location.path).map((r) => ({ ...r, location: relocate(r.location, primaryPath) })),
      ],
      suppressed,
      provenance,
    };
  }
}

/** At most this many refs are named per finding (a mirror may hold thousands of pull-request refs). */
const LISTED_REFS = 50;

/** Fills in the refs that reach each finding's introducing commit, with one walk for all of them. */
async function fillRefs(cwd: string, findings: Finding[]): Promise<void> {
  const targets = new Set(findings.flatMap((f) => (f.provenance?.introduced ? [f.provenance.introduced.commit] : [])));
  if (!targets.size) return;
  const reaching = await refsReaching(cwd, await commitRefs(cwd), targets);
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (!provenance?.introduced) continue;
    const refs = (reaching.get(provenance.introduced.commit) ?? []).sort(compareRefs);
    provenance.refs = refs.slice(0, LISTED_REFS);
    provenance.refCount = refs.length;
  }
}

/** Branches first, then tags, then the rest (notes, stash, remote-tracking, pull-request refs). */
function compareRefs(a: string, b: string): number {
  const rank = (ref: string) => (ref.startsWith('refs/heads/') ? 0 : ref.startsWith('refs/tags/') ? 1 : ref.startsWith('refs/remotes/') ? 2 : 3);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function mark(sighting: Sighting): CommitMark {
  return { commit: sighting.commit.id, author: sighting.commit.author, date: sighting.commit.date, path: sighting.path };
}

/**
 * Groups blob findings by secret. In a range, findings in the versions from before it only mark
 * the same secret at the same path as pre-existing; they are not reported themselves.
 */
function groupHits(hits: BlobHit[], attribution: Attribution, before: Map<string, string> | undefined): HitGroup[] {
  const olderSecrets = new Set<string>();
  if (before) {
    for (const hit of hits) if (before.has(hit.blob)) olderSecrets.add(`${before.get(hit.blob)}\0${hit.finding.secret?.valueHash}`);
  }
  const groups = new Map<string, HitGroup>();
  for (const hit of hits) {
    if (before?.has(hit.blob)) continue;
    const key = findingKey(hit.finding)!;
    let group = groups.get(key);
    if (!group) {
      let preExisting: boolean | undefined;
      if (before) {
        const paths = attribution.introduced.get(hit.blob)?.keys() ?? [];
        preExisting = [...paths].some((path) => olderSecrets.has(`${path}\0${hit.finding.secret?.valueHash}`));
      }
      groups.set(key, (group = new HitGroup(attribution, preExisting)));
    }
    group.hits.push(hit);
  }
  return [...groups.values()];
}

/** Baseline entries hold across the history: any version of the secret recorded there hides it. */
function applyHistoryBaseline(findings: Finding[], groups: HitGroup[], baseline: BaselineFile | undefined, notes: NoteCollector): Finding[] {
  if (!baseline) return findings;
  const known = new Set(baseline.findings.map((entry) => entry.fingerprint));
  const memberPrints = new Map<string, string[]>();
  groups.forEach((group) => {
    for (const print of group.fingerprints) memberPrints.set(print, group.fingerprints);
  });
  const used = new Set<string>();
  const result = findings.map((finding) => {
    const prints = memberPrints.get(finding.fingerprint) ?? [finding.fingerprint];
    const matched = prints.filter((print) => known.has(print));
    if (!matched.length) return finding;
    for (const print of matched) used.add(print);
    return finding.suppressed ? finding : { ...finding, suppressed: { kind: 'baseline' as const, reason: 'in the baseline' } };
  });
  const unused = known.size - used.size;
  if (unused > 0) {
    notes.add({
      level: 'info',
      code: 'unused-baseline-entries',
      message: `${unused} baseline entr${unused === 1 ? 'y matches' : 'ies match'} no finding of this history scan; regenerate the baseline to drop them`,
    });
  }
  return result;
}

function textSource(path: string, text: string): SourceFile {
  const bytes = Buffer.from(text, 'utf8');
  return { path, size: bytes.length, read: async () => bytes };
}

/**
 * Notes from thousands of blobs: each kind is listed for its first few blobs and counted after
 * that, so a history of binaries reads as one line, not ten thousand.
 */
class NoteCollector {
  private readonly notes: Note[] = [];
  private readonly counts = new Map<string, number>();

  add(note: Note): void {
    const count = (this.counts.get(note.code) ?? 0) + 1;
    this.counts.set(note.code, count);
    if (count <= LISTED_NOTES) this.notes.push(note);
  }

  finish(): Note[] {
    const result = [...this.notes];
    for (const [code, count] of this.counts) {
      if (count > LISTED_NOTES)
        result.push({ level: 'info', code, message: `${count - LISTED_NOTES} more blobs with the note "${code}" (the first ${LISTED_NOTES} are listed)` });
    }
    return result;
  }
}
