import type { ScanResult } from '../rule/result.js';
import { FAMILIES, SEVERITIES, type Finding } from '../rule/types.js';
import { activeFindings, atLeast } from '../report/common.js';
import { SEVERITY_RANK } from '../rule/types.js';
import { markdownCode, markdownText } from '../report/escape.js';

const TOP = 10;

/**
 * The job summary: what was scanned, counts by family and severity, and the most severe findings.
 * Findings carry only masked previews, never values; every cell is escaped because paths and
 * messages come from the scanned (untrusted) tree.
 */
export function jobSummary(result: ScanResult, context: { scope: string; failOn: string; mode: string; sarifFile?: string }): string {
  const findings = activeFindings(result.findings);
  const lines = [
    '## nhiscan',
    '',
    `${markdownText(context.scope)} · ${result.stats.files} file${result.stats.files === 1 ? '' : 's'} scanned · fail on ${context.failOn} · mode ${context.mode}`,
    '',
  ];
  if (!result.complete) lines.push('> **The scan is incomplete**: a rule or extractor failed, so findings may be missing (see the log).', '');
  if (!findings.length) {
    lines.push('No findings.');
    return lines.join('\n') + '\n';
  }
  const failing = findings.filter((f) => atLeast(f.severity, context.failOn as Parameters<typeof atLeast>[1])).length;
  lines.push(`**${findings.length} finding${findings.length === 1 ? '' : 's'}**, ${failing} at or above ${context.failOn}.`, '');
  lines.push(`| family | ${SEVERITIES.join(' | ')} | total |`, `|---|${SEVERITIES.map(() => '---:').join('|')}|---:|`);
  for (const family of FAMILIES) {
    const mine = findings.filter((f) => f.family === family);
    if (!mine.length) continue;
    lines.push(`| ${family} | ${SEVERITIES.map((s) => mine.filter((f) => f.severity === s).length || '').join(' | ')} | ${mine.length} |`);
  }
  lines.push('', `### Top findings`, '', '| severity | rule | where | what |', '|---|---|---|---|');
  const top = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, TOP);
  for (const f of top)
    lines.push(
      `| ${f.severity} | ${markdownCode(f.ruleId, 'table')} | ${markdownCode(`${f.location.path}:${f.location.start.line}`, 'table')} | ${markdownText(message(f))} |`,
    );
  if (findings.length > TOP) lines.push('', `… and ${findings.length - TOP} more${context.sarifFile ? ' in the SARIF report' : ' in the log'}.`);
  return lines.join('\n') + '\n';
}

function message(f: Finding): string {
  return f.secret ? `${f.message} [${f.secret.preview === '…' ? 'masked' : f.secret.preview}]` : f.message;
}
