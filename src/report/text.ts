import { createColors } from 'picocolors';
import type { ScanResult } from '../rule/result.js';
import type { Finding, Note, Severity } from '../rule/types.js';
import { activeFindings, severityCounts } from './common.js';

export interface TextOptions {
  color: boolean;
  /** List every note, not only warnings and errors. */
  verbose?: boolean;
}

/** The human report: findings grouped by file, then notes, then one summary line. */
export function toText(result: ScanResult, options: TextOptions): string {
  const c = createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    medium: c.yellow,
    low: c.blue,
    info: c.gray,
  };
  const findings = activeFindings(result.findings);
  const out: string[] = [];

  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.location.path, [...(byFile.get(f.location.path) ?? []), f]);
  for (const [path, group] of byFile) {
    out.push(c.underline(path));
    for (const f of group) {
      const at = `${f.location.start.line}:${f.location.start.column}`.padEnd(8);
      const secret = f.secret ? c.dim(` [${f.secret.preview === '…' ? 'masked' : f.secret.preview}, ${f.secret.length} chars]`) : '';
      out.push(`  ${c.dim(at)} ${paint[f.severity](f.severity.padEnd(8))} ${f.message}${secret}  ${c.dim(f.ruleId)}`);
      for (const r of f.related.slice(0, 10)) {
        out.push(`  ${' '.repeat(8)} ${' '.repeat(8)} ${c.dim(`↳ ${r.location.path}:${r.location.start.line}${r.message ? ` ${r.message}` : ''}`)}`);
      }
      if (f.related.length > 10) out.push(`  ${' '.repeat(17)} ${c.dim(`↳ … and ${f.related.length - 10} more`)}`);
    }
    out.push('');
  }

  const shownNotes = result.notes.filter((n) => options.verbose || n.level !== 'info');
  if (shownNotes.length) {
    out.push(c.bold('Notes'));
    for (const note of shownNotes.slice(0, 200)) out.push(`  ${noteLine(note, c)}`);
    if (shownNotes.length > 200) out.push(c.dim(`  … and ${shownNotes.length - 200} more notes (use --format json for all)`));
    out.push('');
  }

  out.push(summary(result, findings, c));
  return out.join('\n') + '\n';
}

function noteLine(note: Note, c: ReturnType<typeof createColors>): string {
  const where = note.path ? `${note.path}${note.line ? `:${note.line}` : ''}: ` : '';
  const level = note.level === 'error' ? c.red('error') : note.level === 'warning' ? c.yellow('warning') : c.dim('info');
  return `${level} ${where}${note.message}${note.ruleId ? c.dim(` (${note.ruleId})`) : ''}`;
}

/** The one-line summary alone: what the console gets when the report goes to a file. */
export function summaryLine(result: ScanResult, options: TextOptions): string {
  return summary(result, activeFindings(result.findings), createColors(options.color)) + '\n';
}

function summary(result: ScanResult, findings: Finding[], c: ReturnType<typeof createColors>): string {
  const suppressed = result.findings.length - findings.length;
  const infoNotes = result.notes.filter((n) => n.level === 'info').length;
  const files = new Set(findings.map((f) => f.location.path)).size;
  const seconds = (result.stats.durationMs / 1000).toFixed(2);
  const tail = [
    `${result.stats.files} file${result.stats.files === 1 ? '' : 's'} scanned in ${seconds}s`,
    suppressed ? `${suppressed} suppressed` : '',
    infoNotes ? `${infoNotes} skipped or noted (--verbose)` : '',
    result.complete ? '' : c.red('scan incomplete: see notes'),
  ].filter(Boolean);
  if (!findings.length) return `${c.green('✔ no findings')} · ${tail.join(' · ')}`;
  const counts = severityCounts(findings).map(([s, n]) => `${n} ${s}`).join(', ');
  return `${c.red('✖')} ${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts}) in ${files} file${files === 1 ? '' : 's'} · ${tail.join(' · ')}`;
}
