import type { ScanResult } from '../rule/result.js';
import type { Finding, Location, Rule, Severity } from '../rule/types.js';
import { SEVERITIES, SEVERITY_RANK, ruleKey } from '../rule/types.js';

/** Identity of the tool for reports. */
export interface ToolInfo {
  name: 'nhiscan';
  version: string;
  informationUri: string;
}

export const INFORMATION_URI = 'https://github.com/nhiscan/nhiscan';

/** Where a rule's documentation lives (generated from the rule's metadata). */
export function helpUri(rule: Pick<Rule, 'family' | 'id'>): string {
  return `${INFORMATION_URI}/blob/main/docs/rules.md#${anchor(ruleKey(rule))}`;
}

/** The markdown anchor GitHub derives from a `## family/id` heading. */
export function anchor(key: string): string {
  return key
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

/** Whether a severity is at or above a threshold (`none` never is). */
export function atLeast(severity: Severity, threshold: Severity | 'none'): boolean {
  return threshold !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/**
 * The findings that decide the exit code: active, at or above `failOn`, and brought in by the
 * scan (a range scan reports secrets that were already there as `pre-existing`, and they do not fail).
 */
export function gatingFindings(findings: readonly Finding[], failOn: Severity | 'none'): Finding[] {
  return activeFindings(findings).filter((f) => f.provenance?.range !== 'pre-existing' && atLeast(f.severity, failOn));
}

/** Findings that count: not suppressed by an inline comment, the baseline or an allowlist. */
export function activeFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

/** Counts per severity, highest first, for summaries. */
export function severityCounts(findings: readonly Finding[]): [Severity, number][] {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return SEVERITIES.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)!]);
}

/** A message as one sentence ending with a period (SARIF and annotation conventions). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Removes markdown emphasis, code ticks and links for plain-text help. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?/g, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
}

/**
 * The result with every path prefixed by the scan root's place in the repository (`services/api`),
 * so formats that a code host places on files (SARIF, annotations, GitLab reports) point at files
 * that exist when a subdirectory was scanned. Text and JSON keep paths relative to the scan root.
 */
export function relativeToRepository(result: ScanResult, prefix: string): ScanResult {
  if (!prefix) return result;
  const at = (path: string) => `${prefix}/${path}`;
  const move = (location: Location): Location => ({ ...location, path: at(location.path) });
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, location: move(f.location), related: f.related.map((r) => ({ ...r, location: move(r.location) })) })),
    notes: result.notes.map((n) => (n.path ? { ...n, path: at(n.path) } : n)),
  };
}
