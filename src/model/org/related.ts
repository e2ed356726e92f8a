import type { OrgRepository } from '../../rule/types.js';

/**
 * Which repositories of an organisation belong together, so that an identity they share is not
 * "shared across unrelated repositories": a fork, mirror or copy (they share a root commit), and
 * an application with its companion infrastructure, deployment or configuration repository
 * (`payments` and `payments-infra` under one owner). The model only groups; rules decide.
 */

/** Name endings that mark a companion repository of an application. */
const COMPANION_SUFFIX =
  /[-_.](?:infra|infrastructure|deploy|deployment|deployments|config|configs|configuration|helm|chart|charts|k8s|kubernetes|terraform|tf|gitops|manifests|ops|iac|cd|env|envs)$/;

/** The application a repository belongs to: its owner path and its name without companion suffixes. */
function applicationStem(id: string): string {
  const slash = id.lastIndexOf('/');
  const owner = slash === -1 ? '' : id.slice(0, slash);
  let name = (slash === -1 ? id : id.slice(slash + 1)).toLowerCase();
  for (let previous = ''; previous !== name;) {
    previous = name;
    name = name.replace(COMPANION_SUFFIX, '');
  }
  return `${owner}\0${name}`;
}

/** Repository id → the id of its group (the smallest id in it); unrelated repositories are alone. */
export function relatedGroups(repositories: readonly Pick<OrgRepository, 'id' | 'roots'>[]): Map<string, string> {
  const parent = new Map<string, string>(repositories.map((r) => [r.id, r.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent.set(x < y ? y : x, x < y ? x : y);
  };
  const byKey = new Map<string, string>();
  for (const repository of repositories) {
    for (const key of [`stem:${applicationStem(repository.id)}`, ...repository.roots.map((root) => `root:${root}`)]) {
      const first = byKey.get(key);
      if (first === undefined) byKey.set(key, repository.id);
      else union(first, repository.id);
    }
  }
  return new Map(repositories.map((r) => [r.id, find(r.id)]));
}
