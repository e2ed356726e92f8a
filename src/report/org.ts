import type * as Sarif from 'sarif';
import { pathToFileURL } from 'node:url';
import { INVENTORY_CATEGORIES } from '../model/identity/inventory.js';
import type { MergedRepository, OrgFinding, OrgInventoryEntry, OrgReport } from '../rule/org-result.js';
import { GITHUB_LIMITS, sarifDescriptors } from './sarif.js';
import { sentence, type ToolInfo } from './common.js';
import { markdownText, sarifText, terminalSafe } from './escape.js';
import { SEVERITIES, SEVERITY_RANK, type Severity } from '../rule/types.js';

/**
 * The organisation report of `nhiscan org merge` in four formats. Pure functions of the merge
 * result; nothing here depends on which shard a result came from, and nothing carries a time, so
 * the merge of N shards prints the same bytes as the merge of one.
 */

const ORG_JSON_SCHEMA_VERSION = 1;

/** Scanned text (paths, names, messages) for a terminal or a log: controls shown, never obeyed. */
const printable = terminalSafe;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function severityLine(counts: Readonly<Record<string, number>>): string {
  const parts = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

function countBySeverity(items: readonly { severity: Severity }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of SEVERITIES) {
    const n = items.filter((i) => i.severity === s).length;
    if (n) counts[s] = n;
  }
  return counts;
}

function totals(report: OrgReport) {
  const byStatus = (status: string) => report.repositories.filter((r) => r.status === status).length;
  const findingsInRepositories = report.repositories.reduce((n, r) => n + r.summary.findings, 0);
  const bySeverity: Record<string, number> = {};
  for (const r of report.repositories) for (const [s, n] of Object.entries(r.summary.bySeverity)) bySeverity[s] = (bySeverity[s] ?? 0) + n;
  return {
    repositories: report.repositories.length,
    scanned: byStatus('ok'),
    failed: byStatus('error'),
    missing: byStatus('missing'),
    crossRepositoryFindings: report.findings.length,
    crossRepositoryBySeverity: countBySeverity(report.findings),
    repositoryFindings: findingsInRepositories,
    repositoryFindingsBySeverity: Object.fromEntries(SEVERITIES.filter((s) => bySeverity[s]).map((s) => [s, bySeverity[s]!])),
    identities: report.inventory.length,
    sharedIdentities: report.inventory.filter((e) => e.repositories.length > 1).length,
    complete: report.complete,
  };
}

function place(repository: string, path: string, line: number): string {
  return `${printable(repository)} › ${printable(path)}:${line}`;
}

function usedIn(entry: OrgInventoryEntry): string {
  return entry.repositories.map((r) => `${r.repository} (${plural(r.uses, 'use')})`).join(', ');
}

function details(values: readonly string[], max = 6): string {
  if (!values.length) return '—';
  return values.length > max ? `${values.slice(0, max).join(', ')} +${values.length - max}` : values.join(', ');
}

/** The organisation report for a terminal or a log. */
export function toOrgText(report: OrgReport): string {
  const t = totals(report);
  const out: string[] = [
    `nhiscan organisation report: ${plural(t.repositories, 'repository', 'repositories')} (${t.scanned} scanned, ${t.failed} failed, ${t.missing} missing)`,
    `  findings across repositories: ${t.crossRepositoryFindings} (${severityLine(t.crossRepositoryBySeverity)})`,
    `  findings in repositories: ${t.repositoryFindings} (${severityLine(t.repositoryFindingsBySeverity)})`,
    `  identities: ${t.identities}, ${t.sharedIdentities} used by more than one repository`,
    '',
  ];
  out.push(`Findings across repositories (${report.findings.length})`);
  if (!report.findings.length) out.push('  none');
  for (const f of report.findings) {
    out.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${place(f.repository, f.location.path, f.location.startLine)}`);
    out.push(`           ${printable(f.message)}`);
    for (const r of f.related)
      out.push(`           also ${place(r.repository, r.location.path, r.location.startLine)}${r.message ? ` (${printable(r.message)})` : ''}`);
  }
  out.push('', 'Repositories');
  for (const r of report.repositories) {
    const status =
      r.status === 'ok'
        ? `${plural(r.summary.findings, 'finding')} (${severityLine(r.summary.bySeverity)})${r.summary.complete ? '' : ', incomplete'}`
        : r.status === 'error'
          ? `FAILED: ${printable(r.error ?? 'error')}`
          : 'MISSING: no result (its shard did not finish)';
    out.push(`  ${printable(r.id)}  ${status}`);
  }
  out.push('', 'Organisation inventory');
  for (const category of INVENTORY_CATEGORIES) {
    const entries = report.inventory.filter((e) => e.category === category.id);
    if (!entries.length) continue;
    out.push(`  ${category.title} (${entries.length})`);
    for (const e of entries) {
      out.push(
        `    ${printable(e.name)}  [${e.lifetime}]  ${printable(usedIn(e))}${e.findings.length ? `  findings: ${e.findings.map((f) => `${f.ruleId} (${f.severity})`).join(', ')}` : ''}`,
      );
      for (const r of e.repositories) {
        const facts = [
          r.jobs.length ? `jobs: ${details(r.jobs)}` : '',
          r.environments.length ? `environments: ${details(r.environments)}` : '',
          r.services.length ? `services: ${details(r.services)}` : '',
        ].filter(Boolean);
        if (facts.length) out.push(`      ${printable(r.repository)}: ${printable(facts.join('; '))}`);
      }
    }
  }
  if (report.notes.length) {
    out.push('', 'Notes');
    for (const n of report.notes) out.push(`  ${n.level}: ${printable(n.message)}`);
  }
  out.push('');
  return out.join('\n');
}

/** Scanned text in a markdown table cell or line, rendered as the same text. */
const md = markdownText;

/** The organisation report as markdown (an issue, a wiki page, a job summary). */
export function toOrgMarkdown(report: OrgReport): string {
  const t = totals(report);
  const out: string[] = [
    '# nhiscan organisation report',
    '',
    `${plural(t.repositories, 'repository', 'repositories')}: ${t.scanned} scanned, ${t.failed} failed, ${t.missing} missing · findings across repositories: ${t.crossRepositoryFindings} (${severityLine(t.crossRepositoryBySeverity)}) · findings in repositories: ${t.repositoryFindings} (${severityLine(t.repositoryFindingsBySeverity)}) · ${t.identities} identities, ${t.sharedIdentities} in more than one repository`,
    '',
    '## Findings across repositories',
    '',
  ];
  if (!report.findings.length) out.push('None.', '');
  else {
    out.push('| severity | rule | where | finding | also in |', '|---|---|---|---|---|');
    for (const f of report.findings) {
      const also = f.related.map((r) => `${md(r.repository)} › ${md(r.location.path)}:${r.location.startLine}`);
      out.push(
        `| ${f.severity} | ${f.ruleId} | ${md(f.repository)} › ${md(f.location.path)}:${f.location.startLine} | ${md(f.message)} | ${also.slice(0, 10).join('<br>')}${also.length > 10 ? `<br>+${also.length - 10}` : ''} |`,
      );
    }
    out.push('');
  }
  out.push('## Repositories', '', '| repository | status | findings |', '|---|---|---|');
  for (const r of report.repositories) {
    out.push(
      `| ${md(r.id)} | ${r.status === 'ok' ? (r.summary.complete ? 'scanned' : 'incomplete') : r.status === 'error' ? `failed: ${md(r.error ?? 'error')}` : 'missing'} | ${severityLine(r.summary.bySeverity)} |`,
    );
  }
  out.push('', '## Organisation inventory', '');
  for (const category of INVENTORY_CATEGORIES) {
    const entries = report.inventory.filter((e) => e.category === category.id);
    if (!entries.length) continue;
    out.push(
      `### ${category.title}`,
      '',
      '| identity | lifetime | repositories | jobs | environments | services | findings |',
      '|---|---|---|---|---|---|---|',
    );
    for (const e of entries) {
      const all = (pick: (r: OrgInventoryEntry['repositories'][number]) => readonly string[]) => details([...new Set(e.repositories.flatMap(pick))].sort());
      out.push(
        `| ${md(e.name)} | ${e.lifetime} | ${md(usedIn(e))} | ${md(all((r) => r.jobs))} | ${md(all((r) => r.environments))} | ${md(all((r) => r.services))} | ${e.findings.map((f) => `${f.ruleId} (${f.severity})`).join(', ') || '—'} |`,
      );
    }
    out.push('');
  }
  if (report.notes.length) {
    out.push('## Notes', '');
    for (const n of report.notes) out.push(`- ${n.level}: ${md(n.message)}`);
    out.push('');
  }
  return out.join('\n');
}

/** The organisation report as JSON (schema documented in the README). */
export function toOrgJson(report: OrgReport, tool: ToolInfo): string {
  return (
    JSON.stringify(
      {
        schemaVersion: ORG_JSON_SCHEMA_VERSION,
        tool: { name: tool.name, version: tool.version },
        summary: totals(report),
        findings: report.findings,
        repositories: report.repositories,
        identities: report.inventory,
        notes: report.notes,
        rules: report.rules.map((r) => ({ id: `${r.family}/${r.id}`, title: r.title, severity: r.severity, confidence: r.confidence })),
      },
      null,
      2,
    ) + '\n'
  );
}

const LEVEL: Record<Severity, Sarif.Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * The organisation report as SARIF 2.1.0: one run, each repository a base URI
 * (`originalUriBaseIds` REPO1, REPO2 … in id order), the findings across repositories and every
 * active finding of each repository as results.
 */
export function toOrgSarif(report: OrgReport, tool: ToolInfo, warn?: (message: string) => void): string {
  const repositories = report.repositories;
  const baseOf = new Map(repositories.map((r, i) => [r.id, `REPO${i + 1}`]));
  const catalogRules = report.catalog.filter(
    (r) =>
      report.findings.some((f) => f.ruleId === `${r.family}/${r.id}`) ||
      repositories.some((repo) => repo.findings.some((f) => f.ruleId === `${r.family}/${r.id}`)),
  );
  const { descriptors, taxonomies } = sarifDescriptors(catalogRules);
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));
  const physical = (repository: string, location: OrgFinding['location']): Sarif.PhysicalLocation => ({
    artifactLocation: { uri: location.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: baseOf.get(repository) },
    region: { startLine: location.startLine, startColumn: location.startColumn, endLine: location.endLine, endColumn: location.endColumn },
  });
  const results: { severity: Severity; result: Sarif.Result }[] = [];
  for (const f of report.findings) {
    results.push({
      severity: f.severity,
      result: {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: sarifText(sentence(f.message)) },
        locations: [{ physicalLocation: physical(f.repository, f.location) }],
        relatedLocations: f.related.slice(0, GITHUB_LIMITS.locationsPerResult - 1).map((r, id) => ({
          id,
          physicalLocation: physical(r.repository, r.location),
          message: { text: sarifText(sentence(`${r.repository}${r.message ? `: ${r.message}` : ''}`)) },
        })),
        partialFingerprints: { 'nhiscan/v1': f.fingerprint },
        properties: { severity: f.severity, confidence: f.confidence, repository: f.repository, ...f.properties },
      },
    });
  }
  for (const repository of repositories) {
    for (const f of repository.findings) {
      if (f.suppressed) continue;
      results.push({
        severity: f.severity as Severity,
        result: {
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: LEVEL[f.severity as Severity],
          message: { text: sarifText(sentence(f.message)) },
          locations: [{ physicalLocation: physical(repository.id, f.location) }],
          partialFingerprints: { 'nhiscan/v1': f.fingerprint },
          properties: { severity: f.severity, confidence: f.confidence, repository: repository.id, source: f.source },
        },
      });
    }
  }
  let kept = results;
  if (results.length > GITHUB_LIMITS.resultsPerRun) {
    kept = [...results].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, GITHUB_LIMITS.resultsPerRun);
    warn?.(
      `${results.length} results exceed GitHub's limit of ${GITHUB_LIMITS.resultsPerRun} per run: the SARIF keeps the most severe; --format json has all of them`,
    );
  }
  const originalUriBaseIds: Record<string, Sarif.ArtifactLocation> = {};
  for (const r of repositories) originalUriBaseIds[baseOf.get(r.id)!] = { ...sourceUri(r), description: { text: r.id } };
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: tool.name,
        semanticVersion: tool.version,
        version: tool.version,
        informationUri: tool.informationUri,
        rules: descriptors,
        supportedTaxonomies: taxonomies.map((t, index) => ({ name: t.name, index })),
      },
    },
    taxonomies,
    originalUriBaseIds,
    columnKind: 'utf16CodeUnits',
    automationDetails: { id: 'nhiscan-org/' },
    results: kept.map((r) => r.result),
    invocations: [
      {
        executionSuccessful: report.complete,
        toolExecutionNotifications: report.notes.map((n) => ({
          level: n.level === 'info' ? 'note' : n.level,
          message: { text: sarifText(sentence(n.message)) },
          descriptor: { id: n.code },
        })),
      },
    ],
  };
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] } satisfies Sarif.Log, null, 2) + '\n';
}

/** A repository's base URI: its web or file URL with a trailing slash, when its source is one. */
function sourceUri(repository: MergedRepository): { uri?: string } {
  const source = repository.source ?? repository.id;
  if (/^https?:\/\//.test(source)) return { uri: source.replace(/\.git$/, '').replace(/\/?$/, '/') };
  if (/^file:\/\//.test(source)) return { uri: source.replace(/\/?$/, '/') };
  if (source.startsWith('/')) return { uri: pathToFileURL(source).href.replace(/\/?$/, '/') };
  return {};
}
