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
    findings: result.findings.map(findingJson),
    history: result.history,
    notes: result.notes.map(noteJson),
    rules: result.rules.map((rule) => ({ id: ruleKey(rule), title: rule.title, severity: rule.severity, confidence: rule.confidence })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function findingJson(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    family: finding.family,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    location: locationJson(finding.location),
    related: finding.related.map((r) => ({ location: locationJson(r.location), message: r.message })),
    fingerprint: finding.fingerprint,
    secret: finding.secret ? { preview: finding.secret.preview, length: finding.secret.length, location: locationJson(finding.secret.location) } : undefined,
    properties: finding.properties,
    provenance: finding.provenance,
    suppressed: finding.suppressed,
  };
}

export function locationJson(location: Location) {
  return { path: location.path, startLine: location.start.line, startColumn: location.start.column, endLine: location.end.line, endColumn: location.end.column };
}

function noteJson(note: Note) {
  return { level: note.level, code: note.code, message: note.message, path: note.path, line: note.line, ruleId: note.ruleId };
}
