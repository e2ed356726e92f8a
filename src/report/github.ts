import type { ScanResult } from '../rule/result.js';
import type { Finding, Severity } from '../rule/types.js';
import { activeFindings, sentence } from './common.js';
import { forTerminal, needsTerminalEscape } from './escape.js';

type Command = 'error' | 'warning' | 'notice';
const COMMAND: Record<Severity, Command> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };
/** GitHub shows at most 10 annotations of each level per step; the rest are dropped silently. */
const PER_LEVEL = 10;

/**
 * GitHub Actions workflow commands: the ten most severe findings of each level as annotations,
 * a notice with the count of the rest, then every finding as a plain line so none is lost.
 * Scanned text cannot issue a command of its own: annotation properties and messages are escaped
 * as the runner documents, and the plain lines are terminal-safe (no line break, no `::` or
 * `##[` a line could start with).
 */
export function toGithub(result: ScanResult): string {
  const findings = activeFindings(forTerminal(result).findings);
  const rawPaths = activeFindings(result.findings).map((f) => f.location.path);
  const lines: string[] = [];
  const shown = new Map<Command, number>();
  let hidden = 0;
  for (const [i, finding] of findings.entries()) {
    // A secret a range found already in place does not fail the run: a notice, not an error.
    const command = finding.provenance?.range === 'pre-existing' ? 'notice' : COMMAND[finding.severity];
    const count = shown.get(command) ?? 0;
    if (count >= PER_LEVEL) {
      hidden++;
      continue;
    }
    shown.set(command, count + 1);
    lines.push(annotation(command, finding, rawPaths[i]!));
  }
  if (hidden)
    lines.push(
      `::notice title=nhiscan::${escapeData(`${hidden} more finding${hidden === 1 ? ' is' : 's are'} not annotated; see the list below or the SARIF upload`)}`,
    );
  for (const f of findings) {
    lines.push(
      `${f.location.path}:${f.location.start.line}:${f.location.start.column}: ${f.severity}${f.provenance?.range === 'pre-existing' ? ' [pre-existing]' : ''} ${f.ruleId} ${f.message}`,
    );
  }
  const files = new Set(findings.map((f) => f.location.path)).size;
  const scanned = `${result.stats.files} file${result.stats.files === 1 ? '' : 's'} scanned`;
  lines.push(
    `nhiscan: ${findings.length} finding${findings.length === 1 ? '' : 's'}${findings.length ? ` in ${files} file${files === 1 ? '' : 's'}` : ''} (${scanned})`,
  );
  return lines.join('\n') + '\n';
}

/**
 * One annotation. Its `file` is the real path when that has no control character (a property is
 * escaped, so `::` or `,` in it are harmless); a path with one is annotated under its escaped
 * form: the annotation then points nowhere, but the log line carries no escape sequence.
 */
function annotation(command: Command, f: Finding, rawPath: string): string {
  const { start, end } = f.location;
  const file = needsTerminalEscape(rawPath) ? f.location.path : rawPath;
  const props = [
    `file=${escapeProperty(file)}`,
    `line=${start.line}`,
    `endLine=${end.line}`,
    ...(start.line === end.line ? [`col=${start.column}`, `endColumn=${end.column}`] : []),
    `title=${escapeProperty(`${f.ruleId} (${f.severity}${f.provenance?.range === 'pre-existing' ? ', pre-existing' : ''})`)}`,
  ];
  return `::${command} ${props.join(',')}::${escapeData(sentence(f.message))}`;
}

/** Escapes a workflow command's message, as the Actions toolkit does (`%`, CR, LF). */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`, which end a property). */
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
