import { defineRule } from '../../src/rule/index.js';
import type { OrganisationContext, OrgIdentity, OrgPlaceRef, OrgRepository, OrgSecret, Severity } from '../../src/rule/index.js';
import { relatedGroups } from '../../src/model/org/related.js';
import { isLowValueCredential, isPlatformToken } from '../../src/model/identity/names.js';
import { sensitiveName } from '../../src/model/identity/correlate.js';

/** At most this many related places per finding (every repository keeps at least its first). */
const MAX_RELATED = 200;

export default defineRule({
  id: 'shared-across-repositories',
  family: 'identity',
  title: 'Identity shared across unrelated repositories',
  description: 'The same literal credential, cloud identity or organisation-level CI secret is used by several unrelated repositories of an organisation.',
  severity: 'high',
  confidence: 'medium',
  tags: ['NHI9', 'NHI2', 'NHI5', 'CICD-SEC-6', 'CWE-653', 'CWE-798'],
  help: `**Why.** Shared service accounts hide between repositories: no scan of one repository can see that the database password in \`billing\` is also in \`search\`, that five unrelated services deploy through one cloud role, or which repositories read an organisation-level CI secret. One leak from the weakest of them opens all of them, and the credential cannot be rotated without touching every one. \`nhiscan org merge\` compares what \`nhiscan org scan\` kept of each repository (keyed hashes, never values) and reports each shared identity once, at its first use in the first repository, with the uses in every other repository as related locations.

It reports: a literal credential (a secret finding or a committed literal value, matched by its keyed hash) in several repositories — high, critical when a finding of it is critical, low when every copy sits in tests, examples or documentation or is a test-mode or example value; one cloud role ARN, service-account e-mail or client id used by several repositories — medium; a CI secret or CircleCI context no repository defines (so it lives in the organisation's or each repository's settings) read by several repositories — low, medium when it deploys or publishes or its name marks it as a deploy, cloud or signing credential. Repositories that belong together are not unrelated: a fork, mirror or copy (they share a root commit) and an application with its companion repository (\`payments\` and \`payments-infra\`, \`-deploy\`, \`-config\`, \`-helm\`, \`-terraform\`, \`-gitops\` … under the same owner). Per-run platform tokens (\`GITHUB_TOKEN\`) and notification tokens are never reported.

**Fix.** One identity per repository and purpose: revoke a literal credential found in several repositories and give each its own from a secret store; give each repository its own cloud role with an OIDC trust policy that names that repository (\`repo:acme/billing:ref:refs/heads/main\`), not the whole organisation; scope organisation secrets to the repositories that need them (selected-repositories access) or move them into the repositories or environments that use them.

\`\`\`json
{
  "Condition": {
    "StringEquals": { "token.actions.githubusercontent.com:sub": "repo:acme/billing:environment:production" }
  }
}
\`\`\``,

  correlateRepositories(organisation, ctx) {
    const groups = relatedGroups(organisation.repositories);
    reportSharedSecrets(organisation.repositories, groups, ctx);
    reportSharedIdentities(organisation.repositories, groups, ctx);
  },
});

interface Holder {
  repository: OrgRepository;
  places: OrgPlaceRef[];
}

/** Holders that belong to at least two unrelated groups, or nothing. */
function unrelated(holders: readonly Holder[], groups: ReadonlyMap<string, string>): Holder[] | undefined {
  const distinct = new Set(holders.map((h) => groups.get(h.repository.id)));
  return distinct.size >= 2 ? [...holders].sort((a, b) => compare(a.repository.id, b.repository.id)) : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first place of the first repository is the finding; every other place is related (bounded, each repository kept). */
function placesOf(holders: readonly Holder[]): { at: OrgPlaceRef; related: OrgPlaceRef[] } {
  const [first, ...rest] = holders;
  const at = first!.places[0]!;
  const firstOfEach = rest.map((h) => h.places[0]!);
  const more = [...first!.places.slice(1), ...rest.flatMap((h) => h.places.slice(1))];
  return { at, related: [...firstOfEach, ...more.slice(0, Math.max(0, MAX_RELATED - firstOfEach.length))] };
}

function repositoryList(holders: readonly Holder[]): string {
  const names = holders.map((h) => h.repository.id);
  return names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
}

const EXAMPLE_CONTEXTS = new Set(['test', 'documentation', 'development']);
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** The same secret value (by keyed hash) in several unrelated repositories. */
function reportSharedSecrets(repositories: readonly OrgRepository[], groups: ReadonlyMap<string, string>, ctx: OrganisationContext): void {
  const byHash = new Map<string, { repository: OrgRepository; secrets: OrgSecret[]; literals: OrgIdentity[] }[]>();
  const entry = (hash: string, repository: OrgRepository) => {
    const list = byHash.get(hash) ?? [];
    let item = list.find((x) => x.repository === repository);
    if (!item) {
      item = { repository, secrets: [], literals: [] };
      list.push(item);
      byHash.set(hash, list);
    }
    return item;
  };
  for (const repository of repositories) {
    for (const secret of repository.secrets) entry(secret.hash, repository).secrets.push(secret);
    for (const identity of repository.identities) {
      if (identity.type === 'literal' && /^literal:[0-9a-f]{32}$/.test(identity.key) && identity.uses.length)
        entry(identity.key.slice('literal:'.length), repository).literals.push(identity);
    }
  }
  for (const [hash, items] of [...byHash].sort(([a], [b]) => compare(a, b))) {
    const holders = unrelated(
      items.map(({ repository, secrets, literals }) => ({
        repository,
        places: [
          ...secrets.map((s) => ({
            repository: repository.id,
            location: s.location,
            message: `${s.ruleId}${s.source === 'history' ? ' (in the git history)' : ''}`,
          })),
          ...literals.flatMap((l) => l.uses.map((u) => ({ repository: repository.id, location: u.location, message: u.description }))),
        ]
          .sort(
            (a, b) =>
              compare(a.location.path, b.location.path) || a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn,
          )
          // A literal's use and the secret finding on it are one place.
          .filter(
            (place, i, all) => i === 0 || place.location.path !== all[i - 1]!.location.path || place.location.startLine !== all[i - 1]!.location.startLine,
          ),
      })),
      groups,
    );
    if (!holders) continue;
    const secrets = items.flatMap((i) => i.secrets);
    // A test-mode key or documented example is at most low in its own repository; so is its copy.
    const examplesOnly =
      secrets.length > 0 && secrets.every((s) => RANK[s.severity] <= RANK.low || (s.context !== undefined && EXAMPLE_CONTEXTS.has(s.context)));
    const severity: Severity = examplesOnly ? 'low' : secrets.some((s) => s.severity === 'critical') ? 'critical' : 'high';
    const preview = secrets[0]?.preview;
    const kinds = [...new Set(secrets.map((s) => s.ruleId))].sort();
    const { at, related } = placesOf(holders);
    ctx.report(
      at,
      `The same secret${preview ? ` (${preview})` : ''} is committed in ${holders.length} unrelated repositories (${repositoryList(holders)}); whoever can read any of them holds it, and it cannot be rotated without changing all of them — revoke it, then give each repository its own credential from a secret store`,
      {
        severity,
        confidence: secrets.length ? 'high' : 'medium',
        related,
        secretPreview: preview,
        properties: {
          identity: `literal:${hash.slice(0, 8)}`,
          sharing: 'secret-value',
          repositories: holders.map((h) => h.repository.id),
          ...(kinds.length ? { rules: kinds } : {}),
        },
        fingerprintKey: `secret:${hash}`,
      },
    );
  }
}

/** Cloud identities and organisation-level CI secrets used by several unrelated repositories. */
function reportSharedIdentities(repositories: readonly OrgRepository[], groups: ReadonlyMap<string, string>, ctx: OrganisationContext): void {
  const byKey = new Map<string, { repository: OrgRepository; identity: OrgIdentity }[]>();
  const definedSomewhere = new Set<string>();
  for (const repository of repositories) {
    for (const identity of repository.identities) {
      if (identity.definitions.length) definedSomewhere.add(identity.key);
      const kind = sharingKind(identity);
      if (!kind || !identity.uses.length) continue;
      byKey.set(identity.key, [...(byKey.get(identity.key) ?? []), { repository, identity }]);
    }
  }
  for (const [key, items] of [...byKey].sort(([a], [b]) => compare(a, b))) {
    const identity = items[0]!.identity;
    const kind = sharingKind(identity)!;
    // A secret some repository defines (a Kubernetes Secret, a Terraform key) is not an organisation secret.
    if (kind === 'ci-secret' && definedSomewhere.has(key)) continue;
    const holders = unrelated(
      items.map(({ repository, identity: own }) => ({
        repository,
        places: own.uses.map((u) => ({ repository: repository.id, location: u.location, message: u.description })),
      })),
      groups,
    );
    if (!holders) continue;
    const { at, related } = placesOf(holders);
    const list = repositoryList(holders);
    const properties = { identity: identity.id, sharing: kind, repositories: holders.map((h) => h.repository.id) };
    if (kind === 'cloud-identity') {
      ctx.report(
        at,
        `Cloud identity ${identity.name} is used by ${holders.length} unrelated repositories (${list}); a compromise of any of their pipelines acts with all of its permissions and its audit trail cannot tell them apart — give each repository its own role, trusted only for that repository (OIDC subject repo:OWNER/NAME:…)`,
        { severity: 'medium', confidence: 'medium', related, properties, fingerprintKey: `identity:${key}` },
      );
      continue;
    }
    const all = items.flatMap((i) => i.identity.uses);
    const delivers = all.some((u) => u.purpose === 'deploy' || u.purpose === 'release') || sensitiveName(identity.name);
    ctx.report(
      at,
      `${identity.type === 'circleci-context' ? 'CircleCI context' : 'CI secret'} ${identity.name} is read by ${holders.length} unrelated repositories (${list}) and defined in none of them, so it is most likely an organisation-level secret: a leak from the weakest of them exposes it to all — scope it to the repositories that need it (selected repositories), or give each repository its own`,
      { severity: delivers ? 'medium' : 'low', confidence: 'medium', related, properties, fingerprintKey: `identity:${key}` },
    );
  }
}

/** Which identities can be shared across repositories by name: cloud identities and stored CI secrets. */
function sharingKind(identity: OrgIdentity): 'cloud-identity' | 'ci-secret' | undefined {
  if (identity.type === 'cloud-identity' && identity.id.startsWith('cloud-role:')) return 'cloud-identity';
  if ((identity.type === 'ci-secret' && identity.id.startsWith('secret:')) || identity.type === 'circleci-context') {
    return isPlatformToken(identity.name) || isLowValueCredential(identity.name) ? undefined : 'ci-secret';
  }
  return undefined;
}
