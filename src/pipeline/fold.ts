import { SEVERITY_RANK, type Finding, type RelatedLocation } from '../rule/types.js';
import { capSeverity } from './path-policy.js';
import { classifyPath } from './classify.js';
import type { FileKind } from '../document/kinds.js';

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
  const sameValue: RelatedLocation[] = places.map((other) => ({
    location: other.secret?.location ?? other.location,
    message: 'the same value',
    sameValue: true,
  }));
  return {
    ...primary,
    related: [...primary.related, ...sameValue],
    properties: { ...primary.properties, occurrences: group.length },
    foldedFingerprints: [...(primary.foldedFingerprints ?? []), ...places.flatMap((other) => [other.fingerprint, ...(other.foldedFingerprints ?? [])])],
  };
}

/** Distinct values under one name in one file from which the file reads as recorded data. */
const RECORDED_VALUES_IN_FILE = 5;
/** Distinct values under one name across one folder's files from which the folder reads as recorded data. */
const RECORDED_VALUES_IN_FOLDER = 10;

/**
 * Recorded data, one finding: when a catch-all rule (or one whose credentials logs repeat, such as
 * HTTP headers) finds one name (`client_secret`, an `Authorization` header) holding five or more
 * different values in one file, the file is a log, a recorded session, a dump or a snapshot — a
 * person writing configuration gives a name one value. Its findings become one, at most low with
 * `properties.context: "recorded"`, at the place of the first, with the others as related
 * locations; fingerprints are kept as in {@link foldRepeatedSecrets}. The other names' values in
 * such a file are recordings too, and fold the same way, one finding per name. Only recording
 * kinds fold (see RECORDING_KINDS).
 */
export function foldRecordedValues(findings: readonly Finding[], recordedRules: ReadonlySet<string>): Finding[] {
  return foldRecordedGroups(findings, recordedRules, () => '', RECORDED_VALUES_IN_FILE);
}

/**
 * The same across the files of one folder: ten or more different values under one name in the
 * files of one folder (a folder of test-run logs, one recorded session per file) are recorded data.
 */
export function foldRecordedFolders(findings: readonly Finding[], recordedRules: ReadonlySet<string>): Finding[] {
  return foldRecordedGroups(findings, recordedRules, (f) => f.location.path.slice(0, f.location.path.lastIndexOf('/') + 1), RECORDED_VALUES_IN_FOLDER);
}

/**
 * Kinds a recording comes in: logs and plain text, JSON (HAR files, snapshots) and XML. Configuration
 * kinds (`.env`, YAML, properties …) never fold: a folder of `.env` files with a key each is configuration.
 */
const RECORDING_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['text', 'json', 'xml']);

function foldRecordedGroups(
  findings: readonly Finding[],
  recordedRules: ReadonlySet<string>,
  scope: (finding: Finding) => string,
  threshold: number,
): Finding[] {
  const groups = new Map<string, { scope: string; findings: Finding[] }>();
  for (const finding of findings) {
    if (finding.suppressed || !finding.secret || !recordedRules.has(finding.ruleId)) continue;
    if (!RECORDING_KINDS.has(classifyPath(finding.location.path))) continue;
    const name = finding.properties['name'];
    const where = scope(finding);
    const key = `${finding.ruleId}\0${where}\0${typeof name === 'string' ? name.toLowerCase() : ''}`;
    const group = groups.get(key) ?? { scope: where, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  // One name repeated with many values marks the file (or folder) as recorded data; then every
  // name's values there are recordings too (the access tokens beside the repeated client secrets).
  const recordedScopes = new Set([...groups.values()].filter((g) => new Set(g.findings.map((f) => f.secret!.valueHash)).size >= threshold).map((g) => g.scope));
  if (!recordedScopes.size) return [...findings];
  const recorded = [...groups.values()].filter((g) => recordedScopes.has(g.scope)).map((g) => g.findings);
  const folded = new Set(recorded.flat());
  return [...findings.filter((f) => !folded.has(f)), ...recorded.map(foldRecorded)];
}

function foldRecorded(group: Finding[]): Finding {
  const [primary, ...others] = [...group].sort(byPlace) as [Finding, ...Finding[]];
  const related: RelatedLocation[] = others.flatMap((other) => [
    { location: other.secret?.location ?? other.location, message: 'another value under the same name' },
    ...other.related,
  ]);
  return {
    ...primary,
    severity: capSeverity(primary.severity, 'low'),
    confidence: 'low',
    related: [...primary.related, ...related],
    properties: { ...primary.properties, context: 'recorded', occurrences: group.reduce((n, f) => n + (Number(f.properties['occurrences']) || 1), 0) },
    foldedFingerprints: [...(primary.foldedFingerprints ?? []), ...others.flatMap((other) => [other.fingerprint, ...(other.foldedFingerprints ?? [])])],
  };
}
