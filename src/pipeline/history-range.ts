import type { Note } from '../rule/types.js';
import { listRefs, OBJECT_ID, repositoryInfo, resolveCommit, ZERO_ID } from './git-objects.js';
import { HistoryError, type HistorySelection } from './history.js';

/**
 * Turns `--range A..B`, `--since REF` and a pre-push hook's stdin into the commits to scan:
 * those reachable from the new tips and not from the old ones. A zero or unknown old tip (a new
 * branch, a force push over commits this clone never saw) falls back to "not on any remote-tracking
 * branch"; a shallow clone says what it cannot see and how to deepen it.
 */
export async function rangeSelection(dir: string, range: string): Promise<HistorySelection> {
  const match = /^(.*?)(\.\.\.?)(.*)$/.exec(range);
  if (!match) throw new HistoryError(`--range expects BASE..HEAD (e.g. origin/main..HEAD), got "${range}"`);
  const base = match[1] || 'HEAD';
  const head = match[3] || 'HEAD';
  return selectionFor(dir, [{ base, head }], range);
}

/** `--since REF`: what HEAD has that REF does not. */
export function sinceSelection(dir: string, ref: string): Promise<HistorySelection> {
  return selectionFor(dir, [{ base: ref, head: 'HEAD' }], `${ref}..HEAD`);
}

/**
 * The pre-push hook's stdin: one line per ref being pushed, `<local ref> <local sha> <remote ref>
 * <remote sha>`. Deletions push no commits; a zero remote sha is a new branch.
 */
export async function prePushSelection(dir: string, stdin: string): Promise<HistorySelection> {
  const updates: { base: string; head: string }[] = [];
  const notes: Note[] = [];
  for (const line of stdin.split('\n')) {
    if (!line.trim()) continue;
    const fields = line.trim().split(/\s+/);
    const [, localSha = '', , remoteSha = ''] = fields;
    if (fields.length !== 4 || !OBJECT_ID.test(localSha) || !OBJECT_ID.test(remoteSha)) {
      throw new HistoryError('--pre-push reads the lines git gives a pre-push hook on stdin: <local ref> <local sha> <remote ref> <remote sha>');
    }
    if (ZERO_ID.test(localSha)) continue; // a deletion
    updates.push({ base: remoteSha, head: localSha });
  }
  if (!updates.length) {
    notes.push({ level: 'info', code: 'empty-range', message: 'the push carries no commits (only deletions, or nothing on stdin); nothing to scan' });
    return { kind: 'range', include: [], exclude: [], label: 'the push', notes };
  }
  return selectionFor(dir, updates, 'the push');
}

/**
 * The pre-commit framework reads git's pre-push stdin itself and hands its hooks the range in
 * the environment: `PRE_COMMIT_FROM_REF`..`PRE_COMMIT_TO_REF`, or neither when the push brings a
 * new root commit (then everything no remote-tracking branch holds is pushed).
 */
export function prePushFromEnvironment(dir: string, env: NodeJS.ProcessEnv): Promise<HistorySelection> | undefined {
  if (env['PRE_COMMIT_TO_REF'] === undefined && env['PRE_COMMIT_REMOTE_NAME'] === undefined) return undefined;
  const head = env['PRE_COMMIT_TO_REF'] || env['PRE_COMMIT_LOCAL_BRANCH'] || 'HEAD';
  const base = env['PRE_COMMIT_FROM_REF'] || '0'.repeat(40);
  return selectionFor(dir, [{ base, head }], 'the push');
}

async function selectionFor(dir: string, updates: readonly { base: string; head: string }[], label: string): Promise<HistorySelection> {
  const repo = await repositoryInfo(dir);
  if (!repo) throw new HistoryError(`${dir} is not in a git repository`);
  const notes: Note[] = [];
  const include = new Set<string>();
  const exclude = new Set<string>();
  let fallBack = false;
  for (const { base, head } of updates) {
    const headId = await resolveCommit(repo.cwd, head);
    if (!headId) throw new HistoryError(`${head} names no commit in this repository`);
    include.add(headId);
    if (ZERO_ID.test(base)) {
      fallBack = true; // a new branch: everything not yet on a remote
      continue;
    }
    const baseId = await resolveCommit(repo.cwd, base);
    if (baseId) {
      exclude.add(baseId);
      continue;
    }
    fallBack = true;
    notes.push(
      repo.shallow
        ? {
            level: 'warning',
            code: 'shallow-history',
            message: `${short(base)} is not in this shallow clone, so the range cannot start there; scanned every commit reachable from ${short(head)} that no remote-tracking branch holds. Deepen with "git fetch --deepen=<commits>" or "git fetch --unshallow" for an exact range`,
          }
        : {
            level: 'warning',
            code: 'unknown-base',
            message: `${short(base)} is not in this repository (a force push over commits never fetched here?); scanned every commit reachable from ${short(head)} that no remote-tracking branch holds`,
          },
    );
  }
  if (fallBack) {
    for (const ref of await listRefs(repo.cwd)) if (ref.name.startsWith('refs/remotes/') && !ref.name.endsWith('/HEAD')) exclude.add(ref.id);
  }
  return { kind: 'range', include: [...include], exclude: [...exclude], label, notes };
}

function short(rev: string): string {
  return OBJECT_ID.test(rev) ? rev.slice(0, 12) : rev;
}
