import { loadConfig } from '../../src/config/load.js';
import type { SourceFile } from '../../src/pipeline/discover.js';
import { orgFinding, orgRepository } from '../../src/pipeline/org-merge.js';
import { findingRecord, identities } from '../../src/pipeline/org-scan.js';
import { scan } from '../../src/pipeline/scan.js';
import type { OrgFinding } from '../../src/rule/org-result.js';
import { loadBuiltinRules } from '../../src/rule/registry.js';
import { isOrganisationRule, ruleKey } from '../../src/rule/types.js';

const KEY = 'fixture-organisation-key-0123456789';

/**
 * An organisation fixture case: each top-level folder of the case is a repository (`billing/.env`
 * is `.env` of repository `billing`). Every repository is scanned with the default rules under one
 * key, as `nhiscan org scan` does, then only `ruleId` runs over all of them. Locations come back as
 * `<repository>/<path>`, so fixture annotations work unchanged.
 */
export async function scanOrganisationCase(files: readonly SourceFile[], ruleId: string): Promise<OrgFinding[]> {
  const catalog = await loadBuiltinRules();
  const rule = catalog.find((r) => ruleKey(r) === ruleId);
  if (!rule || !isOrganisationRule(rule)) throw new Error(`${ruleId} is not an organisation rule`);
  const byRepository = new Map<string, SourceFile[]>();
  for (const file of files) {
    const [repository, ...rest] = file.path.split('/');
    if (!rest.length) throw new Error(`${file.path}: an organisation case holds one folder per repository`);
    byRepository.set(repository!, [...(byRepository.get(repository!) ?? []), { ...file, path: rest.join('/') }]);
  }
  const repositories = [];
  for (const [id, own] of [...byRepository].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const config = await loadConfig({ cwd: '.', none: true });
    const result = await scan({ root: '/nonexistent', config, catalog, files: own, keepFacts: true, secretKey: KEY });
    repositories.push(
      orgRepository({
        repository: { id, source: id, roots: [] },
        findings: result.findings.map((f) => findingRecord(f, 'tree')),
        identities: identities(result, config),
      }),
    );
  }
  const findings: OrgFinding[] = [];
  rule.correlateRepositories({ repositories }, { options: {}, report: (at, message, extra) => findings.push(orgFinding(rule, at, message, extra)) });
  return findings.map((f) => ({
    ...f,
    location: { ...f.location, path: `${f.repository}/${f.location.path}` },
    related: f.related.map((r) => ({ ...r, location: { ...r.location, path: `${r.repository}/${r.location.path}` } })),
  }));
}
