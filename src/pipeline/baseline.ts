import type { Finding, Note } from '../rule/types.js';
import { digest } from './secret-value.js';

/**
 * The baseline file: known findings keyed by content fingerprint. No line numbers, no timestamps
 * and no secret values; entries are sorted so the file diffs cleanly. `key` is the secret-hash
 * key the fingerprints were made with (absent when it came from NHISCAN_FINGERPRINT_KEY): a scan
 * with this baseline hashes with the same key, on any machine.
 */
export interface BaselineFile {
  tool: 'nhiscan';
  version: 2;
  key?: string;
  findings: BaselineEntry[];
}

interface BaselineEntry {
  ruleId: string;
  path: string;
  fingerprint: string;
  /** The same finding wherever its file lives (rule and keyed value hash, or rule and message): lets an entry follow a moved file. */
  content?: string;
  /** What the entry accepted, for a reviewer: severity and message, with the masked preview only. */
  accepted?: string;
}

/** A path-free key: the keyed hash of a secret, else the rule's message (which names no path). */
function contentKey(finding: Finding): string {
  return digest([finding.ruleId, finding.secret?.valueHash ? `secret:${finding.secret.valueHash}` : `message:${finding.message}`]);
}

function accepted(finding: Finding): string {
  const preview = finding.secret ? ` [${finding.secret.preview === '…' ? 'masked' : finding.secret.preview}, ${finding.secret.length} chars]` : '';
  return `${finding.severity}: ${finding.message}${preview}`;
}

/** Builds the baseline of the given findings (active ones only). */
export function createBaseline(findings: readonly Finding[], key?: string): BaselineFile {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ ruleId: f.ruleId, path: f.location.path, fingerprint: f.fingerprint, content: contentKey(f), accepted: accepted(f) }));
  const unique = new Map(entries.map((e) => [e.fingerprint, e]));
  const sorted = [...unique.values()].sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
  return { tool: 'nhiscan', version: 2, ...(key !== undefined ? { key } : {}), findings: sorted };
}

/** Parses a baseline file's text; throws a plain Error with a clear message on bad input. */
export function parseBaseline(text: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('the baseline is not valid JSON');
  }
  const file = data as { tool?: unknown; version?: unknown; key?: unknown; findings?: unknown };
  if (file && file.tool === 'nhiscan' && file.version === 1) {
    throw new Error('the baseline was made by an earlier nhiscan whose secret hash was guessable; run "nhiscan baseline" again');
  }
  if (!file || file.tool !== 'nhiscan' || file.version !== 2 || !Array.isArray(file.findings)) {
    throw new Error('the baseline is not an nhiscan baseline (expected {"tool":"nhiscan","version":2,"findings":[…]})');
  }
  if (file.key !== undefined && (typeof file.key !== 'string' || !/^[0-9a-f]{64}$/.test(file.key))) throw new Error('the baseline key must be 64 hex digits');
  const findings = (file.findings as Partial<BaselineEntry>[]).filter((e): e is BaselineEntry => typeof e?.fingerprint === 'string');
  return { tool: 'nhiscan', version: 2, ...(typeof file.key === 'string' ? { key: file.key } : {}), findings };
}

/** Marks findings present in the baseline as suppressed; reports how many entries went unused. */
export function applyBaseline(findings: Finding[], baseline: BaselineFile | undefined, notes: Note[]): Finding[] {
  if (!baseline) return findings;
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const used = new Set<string>();
  const exact = findings.map((finding) => {
    if (finding.suppressed) return finding;
    const matches = [finding.fingerprint, ...(finding.foldedFingerprints ?? [])].filter((fingerprint) => known.has(fingerprint));
    if (!matches.length) return finding;
    for (const fingerprint of matches) used.add(fingerprint);
    return { ...finding, suppressed: { kind: 'baseline' as const, reason: 'in the baseline' } };
  });
  // A moved file: an entry nothing matched exactly, with the same rule and value, at another path.
  // An entry whose finding is still at its old place was used above, so a copy is still reported.
  const movable = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) {
    if (used.has(entry.fingerprint) || !entry.content) continue;
    movable.set(entry.content, [...(movable.get(entry.content) ?? []), entry]);
  }
  const result = exact.map((finding) => {
    if (finding.suppressed || !movable.size) return finding;
    const candidates = movable.get(contentKey(finding));
    const entry = candidates?.find((e) => e.path !== finding.location.path);
    if (!entry) return finding;
    candidates!.splice(candidates!.indexOf(entry), 1);
    used.add(entry.fingerprint);
    return { ...finding, suppressed: { kind: 'baseline' as const, reason: `in the baseline (at ${entry.path} when recorded)` } };
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
