/**
 * What a workflow run should scan, from the event payload alone (no API calls, so no
 * `pull-requests:` permission and no rate limits), then made concrete with local git.
 */
import { DIFF_HARDENING, git } from '../pipeline/git.js';

const ZERO_SHA = /^0+$/;

/** What the event asks for, before git is consulted. */
export type Wanted =
  | { kind: 'changes'; event: string; base: string; head: string }
  /** A new branch (push with a zero `before`): everything not on the default branch. */
  | { kind: 'new-branch'; event: string; defaultBranch: string | undefined; head: string }
  | { kind: 'full'; event: string; why: 'scheduled or manual run' | 'event without a commit range' };

interface Payload {
  before?: string;
  after?: string;
  pull_request?: { base?: { sha?: string }; head?: { sha?: string } };
  merge_group?: { base_sha?: string; head_sha?: string };
  repository?: { default_branch?: string };
}

/** Reads the range out of a GitHub event payload. `headSha` is GITHUB_SHA (what was checked out). */
export function wantedScan(eventName: string, payload: Payload, headSha: string): Wanted {
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const base = payload.pull_request?.base?.sha;
      // actions/checkout checks out the merge commit (GITHUB_SHA): its first parent is the base.
      if (base) return { kind: 'changes', event: eventName, base, head: headSha };
      break;
    }
    case 'push': {
      const before = payload.before;
      const head = payload.after ?? headSha;
      if (before && ZERO_SHA.test(before)) return { kind: 'new-branch', event: eventName, defaultBranch: payload.repository?.default_branch, head };
      if (before) return { kind: 'changes', event: eventName, base: before, head };
      break;
    }
    case 'merge_group': {
      const base = payload.merge_group?.base_sha;
      const head = payload.merge_group?.head_sha ?? headSha;
      if (base) return { kind: 'changes', event: eventName, base, head };
      break;
    }
    case 'schedule':
    case 'workflow_dispatch':
      return { kind: 'full', event: eventName, why: 'scheduled or manual run' };
  }
  return { kind: 'full', event: eventName, why: 'event without a commit range' };
}

/** What will be scanned: the changes from `base` to `head`, or the whole checked-out tree. */
export type Plan = { kind: 'changes'; base: string; head: string; note?: string } | { kind: 'full'; note: string };

const MAX_DEEPEN_ROUNDS = 6;

/**
 * Turns the wanted scan into a plan with local git, fetching history a shallow clone lacks:
 * first the named commits, then deeper history until the merge base is found (doubling), then the
 * whole history. Falls back to a full scan, saying why, when no base can be found.
 */
export async function planScan(wanted: Wanted, cwd: string, log: (line: string) => void): Promise<Plan> {
  if (wanted.kind === 'full') return { kind: 'full', note: `full scan: ${wanted.why} (${wanted.event})` };
  const head = (await resolveCommit(cwd, wanted.head)) ?? (await resolveCommit(cwd, 'HEAD'));
  if (!head) return { kind: 'full', note: 'full scan: the checked-out commit could not be resolved' };

  if (wanted.kind === 'new-branch') {
    const branch = wanted.defaultBranch;
    if (!branch) return { kind: 'full', note: 'full scan: a new branch, and the payload names no default branch' };
    const remoteRef = `refs/remotes/origin/${branch}`;
    if (!(await resolveCommit(cwd, remoteRef))) await tryGit(cwd, ['fetch', '--no-tags', '--depth=1', 'origin', `+refs/heads/${branch}:${remoteRef}`]);
    if (!(await resolveCommit(cwd, remoteRef))) return { kind: 'full', note: `full scan: a new branch, and ${branch} could not be fetched` };
    const base = await mergeBase(cwd, remoteRef, head, log);
    return base
      ? { kind: 'changes', base, head, note: `a new branch: the changes since it left ${branch}` }
      : { kind: 'full', note: `full scan: a new branch with no common history with ${branch}` };
  }

  if (!(await resolveCommit(cwd, wanted.base))) {
    log(`fetching the base commit ${wanted.base.slice(0, 12)}`);
    await tryGit(cwd, ['fetch', '--no-tags', '--depth=1', 'origin', wanted.base]);
  }
  if (!(await resolveCommit(cwd, wanted.base)))
    return { kind: 'full', note: `full scan: the base commit ${wanted.base.slice(0, 12)} is not reachable (force-pushed away?)` };
  const base = await mergeBase(cwd, wanted.base, head, log);
  if (!base) return { kind: 'full', note: `full scan: ${wanted.base.slice(0, 12)} and ${head.slice(0, 12)} share no history` };
  return { kind: 'changes', base, head };
}

async function mergeBase(cwd: string, a: string, b: string, log: (line: string) => void): Promise<string | undefined> {
  for (let round = 0, depth = 50; ; round++, depth *= 2) {
    const found = await tryGit(cwd, ['merge-base', a, b]);
    if (found) return found.trim();
    if (!(await isShallow(cwd))) return undefined;
    if (round === MAX_DEEPEN_ROUNDS) {
      log('fetching the whole history to find the merge base');
      await tryGit(cwd, ['fetch', '--no-tags', '--unshallow', 'origin']);
      const last = await tryGit(cwd, ['merge-base', a, b]);
      return last?.trim() || undefined;
    }
    log(`shallow clone: deepening by ${depth} commits to find the merge base`);
    await tryGit(cwd, ['fetch', '--no-tags', `--deepen=${depth}`, 'origin', a, b]);
  }
}

async function isShallow(cwd: string): Promise<boolean> {
  return (await tryGit(cwd, ['rev-parse', '--is-shallow-repository']))?.trim() === 'true';
}

async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  return (await tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]))?.trim() || undefined;
}

async function tryGit(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return (await git(args, cwd)).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The files a range adds or changes (renames followed) and the lines it adds to each. */
export async function changesIn(cwd: string, base: string, head: string): Promise<{ paths: string[]; patch: Buffer }> {
  const [names, patch] = await Promise.all([
    git(['diff', '--name-only', '-z', '-M', ...DIFF_HARDENING, '--diff-filter=ACMRT', base, head], cwd),
    git(['diff', '-U0', '-M', ...DIFF_HARDENING, '--diff-filter=ACMRT', base, head], cwd),
  ]);
  return { paths: names.toString('utf8').split('\0').filter(Boolean), patch };
}
