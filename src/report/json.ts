import type { ResultFinding } from '../rule/org-result.js';
import type { ScanResult } from '../rule/result.js';
import type { Finding, Location, Note } from '../rule/types.js';
import { ruleKey } from '../rule/types.js';
import { activeFindings, severityCounts, type ToolInfo } from './common.js';

/** Version of the JSON output schema; bumped on any incompatible change. */
const JSON_SCHEMA_VERSION = 1;

/**
 * The JSON report: the scan result as a stable schema (documented in the README). Suppressed
 * findings are included with their reason; offsets and secret values never are.
 */
export function toJson(result: ScanResult, tool: ToolInfo): string {
  const active = activeFindings(result.findings);
  const report = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: tool.name, version: tool.version },
    summary: {
      findings: active.length,
      suppressed: result.findings.length - active.length,
      bySeverity: Object.fromEntries(severityCounts(active)),
      filesScanned: result.stats.files,
      filesSkipped: result.stats.skipped,
      bytesScanned: result.stats.bytes,
      durationMs: result.stats.durationMs,
      complete: result.complete,
    },
    findings: result.findings.map((finding) => findingJson(finding)),
    history: result.history,
    notes: result.notes.map(noteJson),
    rules: result.rules.map((rule) => ({ id: ruleKey(rule), title: rule.title, severity: rule.severity, confidence: rule.confidence })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * A finding as plain JSON data: the one shape the JSON report and the organisation records share
 * (no offsets, never a secret value). `secretHash`, the keyed hash an organisation merge matches
 * secrets by, is given only by the organisation scan; reports never print it.
 */
export function findingJson(finding: Finding, secretHash?: string): Omit<ResultFinding, 'source'> {
  return {
    ruleId: finding.ruleId,
    family: finding.family,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    location: locationJson(finding.location),
    related: finding.related.map((r) => ({ location: locationJson(r.location), ...(r.message !== undefined ? { message: r.message } : {}) })),
    fingerprint: finding.fingerprint,
    ...(finding.secret ? { secret: { preview: finding.secret.preview, length: finding.secret.length, location: locationJson(finding.secret.location) } } : {}),
    ...(secretHash !== undefined ? { secretHash } : {}),
    properties: plain(finding.properties),
    ...(finding.provenance ? { provenance: plain(finding.provenance) } : {}),
    ...(finding.suppressed ? { suppressed: finding.suppressed } : {}),
  };
}

/** A copy as JSON holds it (keys whose value is undefined left out). */
function plain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export function locationJson(location: Location) {
  return {
    path: location.path,
    startLine: location.start.line,
    startColumn: location.start.column,
    endLine: location.end.line,
    endColumn: location.end.column,
  };
}

function noteJson(note: Note) {
  return { level: note.level, code: note.code, message: note.message, path: note.path, line: note.line, ruleId: note.ruleId };
}
