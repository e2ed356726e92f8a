/**
 * GitLab's two report artifacts:
 * - `--format gitlab`: the secret-detection report (`artifacts:reports:secret_detection`, schema
 *   15.x: vulnerabilities with identifiers and a location with a commit), for the security widget
 *   and vulnerability report (Ultimate; the artifact downloads on every tier);
 * - `--format codequality`: the Code Quality report (`artifacts:reports:codequality`, the Code
 *   Climate subset GitLab documents), for the merge-request widget on every tier.
 * Every finding goes to the Code Quality report; the secret-detection report carries the
 * findings of every family too, as GitLab's widget is the only place some tiers see them.
 * Values are never included: messages carry masked previews only.
 */
import { crypto } from '../crypto.js';
import type { ScanResult } from '../rule/result.js';
import type { Finding, Severity } from '../rule/types.js';
import { activeFindings, helpUri, sentence, type ToolInfo } from './common.js';

const GITLAB_SCHEMA_VERSION = '15.2.1';

const GITLAB_SEVERITY: Record<Severity, 'Critical' | 'High' | 'Medium' | 'Low' | 'Info'> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
const CODEQUALITY_SEVERITY: Record<Severity, 'blocker' | 'critical' | 'major' | 'minor' | 'info'> = {
  critical: 'blocker',
  high: 'critical',
  medium: 'major',
  low: 'minor',
  info: 'info',
};

/** GitLab's timestamp format: no fraction, no zone. */
function timestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function message(f: Finding): string {
  return sentence(f.message) + (f.secret ? ` [${f.secret.preview === '…' ? 'masked' : f.secret.preview}, ${f.secret.length} chars]` : '');
}

export function toGitlabSecretDetection(result: ScanResult, options: { tool: ToolInfo; commit?: string; now?: Date }): string {
  const end = options.now ?? new Date();
  const start = new Date(end.getTime() - result.stats.durationMs);
  const rulesById = new Map(result.rules.map((r) => [`${r.family}/${r.id}`, r]));
  const component = { id: 'nhiscan', name: options.tool.name, version: options.tool.version, vendor: { name: 'nhiscan' } };
  const report = {
    version: GITLAB_SCHEMA_VERSION,
    vulnerabilities: activeFindings(result.findings).map((f) => {
      const rule = rulesById.get(f.ruleId);
      return {
        // Stable across runs: the finding's fingerprint (which never contains the value).
        id: uuidFrom(f.fingerprint),
        name: rule ? rule.title : f.ruleId,
        description: message(f),
        severity: GITLAB_SEVERITY[f.severity],
        solution: rule ? firstParagraph(rule.help) : undefined,
        location: {
          file: f.location.path,
          start_line: f.location.start.line,
          end_line: f.location.end.line,
          commit: { sha: options.commit ?? '0000000000000000000000000000000000000000' },
        },
        identifiers: [{ type: 'nhiscan_rule_id', name: `nhiscan ${f.ruleId}`, value: f.ruleId, url: rule ? helpUri(rule) : undefined }],
      };
    }),
    scan: {
      analyzer: component,
      scanner: { ...component, url: options.tool.informationUri },
      type: 'secret_detection',
      start_time: timestamp(start),
      end_time: timestamp(end),
      status: result.complete ? 'success' : 'failure',
    },
  };
  return JSON.stringify(report, null, 2) + '\n';
}

export function toGitlabCodeQuality(result: ScanResult): string {
  const issues = activeFindings(result.findings).map((f) => ({
    description: `${f.ruleId}: ${message(f)}`,
    check_name: f.ruleId,
    // One issue per fingerprint: GitLab shows only the first issue of a repeated fingerprint.
    fingerprint: crypto().createHash('sha256').update(`${f.fingerprint}\0${f.location.path}\0${f.location.start.line}`).digest('hex').slice(0, 32),
    severity: CODEQUALITY_SEVERITY[f.severity],
    location: { path: f.location.path, lines: { begin: f.location.start.line, end: f.location.end.line } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}

function uuidFrom(fingerprint: string): string {
  const h = crypto().createHash('sha256').update(`nhiscan/gitlab/${fingerprint}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function firstParagraph(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ');
}
