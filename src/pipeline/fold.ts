import { SEVERITY_RANK, type Finding, type RelatedLocation } from '../rule/types.js';

/**
 * One secret value, one finding: the places where a rule found the same value — in one file or
 * across the repository — become one finding at its most severe place (outside tests and documentation,
 * then first in path order, among equals), with the other places as related locations. Suppressed findings stay apart (a
 * directive or allowlist entry speaks for its own place). The finding keeps the fingerprint of
 * the place it is reported at and lists the others', so baselines written before or after a copy
 * was added still cover it.
 */
export function foldRepeatedSecrets(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const result: Finding[] = [];
  for (const finding of findings) {
    if (finding.valueKey === undefined || finding.suppressed) {
      result.push(finding);
      continue;
    }
    const key = `${finding.ruleId}\0${finding.valueKey}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  for (const group of groups.values()) result.push(group.length === 1 ? group[0]! : fold(group));
  return result;
}

/** Among equally severe places, one in ordinary code or configuration speaks for the value before a test or a document. */
function contextRank(finding: Finding): number {
  return finding.properties['context'] === undefined ? 0 : 1;
}

function byPlace(a: Finding, b: Finding): number {
  return a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : a.location.startOffset - b.location.startOffset;
}

function fold(group: Finding[]): Finding {
  const ordered = [...group].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || contextRank(a) - contextRank(b) || byPlace(a, b));
  const [primary, ...others] = ordered as [Finding, ...Finding[]];
  const places = others.sort(byPlace);
  const sameValue: RelatedLocation[] = places.map((other) => ({ location: other.secret?.location ?? other.location, message: 'the same value', sameValue: true }));
  return {
    ...primary,
    related: [...primary.related, ...sameValue],
    properties: { ...primary.properties, occurrences: group.length },
    foldedFingerprints: [...(primary.foldedFingerprints ?? []), ...places.flatMap((other) => [other.fingerprint, ...(other.foldedFingerprints ?? [])])],
  };
}
