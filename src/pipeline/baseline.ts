import type { Finding, Note } from '../rule/types.js';

/**
 * The baseline file: known findings keyed by content fingerprint. No line numbers, no timestamps
 * and no secret values; entries are sorted so the file diffs cleanly.
 */
export interface BaselineFile {
  tool: 'nhiscan';
  version: 1;
  findings: BaselineEntry[];
}

interface BaselineEntry {
  ruleId: string;
  path: string;
  fingerprint: string;
}

/** Builds the baseline of the given findings (active ones only). */
export function createBaseline(findings: readonly Finding[]): BaselineFile {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map(({ ruleId, location, fingerprint }) => ({ ruleId, path: location.path, fingerprint }));
  const unique = new Map(entries.map((e) => [e.fingerprint, e]));
  const sorted = [...unique.values()].sort(
    (a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint),
  );
  return { tool: 'nhiscan', version: 1, findings: sorted };
}

/** Parses a baseline file's text; throws a plain Error with a clear message on bad input. */
export function parseBaseline(text: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('the baseline is not valid JSON');
  }
  const file = data as Partial<BaselineFile>;
  if (!file || file.tool !== 'nhiscan' || file.version !== 1 || !Array.isArray(file.findings)) {
    throw new Error('the baseline is not an nhiscan baseline (expected {"tool":"nhiscan","version":1,"findings":[…]})');
  }
  return { tool: 'nhiscan', version: 1, findings: file.findings.filter((e) => typeof e?.fingerprint === 'string') };
}

/** Marks findings present in the baseline as suppressed; reports how many entries went unused. */
export function applyBaseline(findings: Finding[], baseline: BaselineFile | undefined, notes: Note[]): Finding[] {
  if (!baseline) return findings;
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const used = new Set<string>();
  const result = findings.map((finding) => {
    if (finding.suppressed) return finding;
    const matches = [finding.fingerprint, ...(finding.foldedFingerprints ?? [])].filter((fingerprint) => known.has(fingerprint));
    if (!matches.length) return finding;
    for (const fingerprint of matches) used.add(fingerprint);
    return { ...finding, suppressed: { kind: 'baseline' as const, reason: 'in the baseline' } };
  });
  const unused = known.size - used.size;
  if (unused > 0) {
    notes.push({
      level: 'info',
      code: 'unused-baseline-entries',
      message: `${unused} baseline entr${unused === 1 ? 'y matches' : 'ies match'} no current finding (fixed, or outside this scan); regenerate the baseline to drop them`,
    });
  }
  return result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
