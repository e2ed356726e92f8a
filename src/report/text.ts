import { createColors } from 'picocolors';
import type { ScanResult } from '../rule/result.js';
import type { Finding, Note, Provenance, Severity } from '../rule/types.js';
import { activeFindings, gatingFindings, severityCounts } from './common.js';
import { forTerminal } from './escape.js';

export interface TextOptions {
  color: boolean;
  /** List every note, not only warnings and errors. */
  verbose?: boolean;
  /** A line of counts per family and per rule before the summary. */
  counts?: boolean;
  /** The gate (`failOn`): the summary marks ✖ only when findings fail it, ⚠ when all are below. */
  failOn?: Severity | 'none';
}

/** The human report: findings grouped by file, then notes, then one summary line. */
export function toText(scanned: ScanResult, options: TextOptions): string {
  const result = forTerminal(scanned);
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
      const status = f.provenance?.range ? c.bold(`[${f.provenance.range}] `) : '';
      out.push(`  ${c.dim(at)} ${paint[f.severity](f.severity.padEnd(8))} ${status}${f.message}${secret}  ${c.dim(f.ruleId)}`);
      if (f.provenance) out.push(`  ${' '.repeat(17)} ${c.dim(provenanceLine(f.provenance))}`);
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

  if (options.counts && findings.length > 1) out.push(counts(findings, c));
  out.push(summary(result, findings, c, options.failOn));
  return out.join('\n') + '\n';
}

/** `added in 1a2b3c4d5e6f by Ann on 2024-05-01 (config/app.env) · removed in … · refs/heads/main`. */
function provenanceLine(p: Provenance): string {
  const parts: string[] = [];
  if (p.introduced) {
    const what = p.source === 'commit-message' ? 'in the message of' : 'added in';
    parts.push(
      `${what} ${p.introduced.commit.slice(0, 12)} by ${p.introduced.author || 'unknown'} on ${p.introduced.date.slice(0, 10)}${p.source === 'blob' ? ` (${p.introduced.path})` : ''}`,
    );
  }
  if (p.commits > 1) parts.push(`${p.commits} commits`);
  if (p.source === 'blob')
    parts.push(p.atHead ? 'still at HEAD' : p.removed ? `removed in ${p.removed.commit.slice(0, 12)} (${p.removed.path})` : 'not at HEAD');
  if (p.refs.length) parts.push(p.refs.slice(0, 3).join(', ') + (p.refCount > 3 ? ` +${p.refCount - 3} refs` : ''));
  else parts.push('no ref holds it');
  return parts.join(' · ');
}

/** `by family: secret 3, deploy 1 · by rule: secret/generic-credential 2, …`, most frequent first. */
function counts(findings: readonly Finding[], c: ReturnType<typeof createColors>): string {
  const tally = (key: (f: Finding) => string) => {
    const m = new Map<string, number>();
    for (const f of findings) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
    return [...m]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  };
  return c.dim(`by family: ${tally((f) => f.family)} · by rule: ${tally((f) => f.ruleId)}`);
}

function noteLine(note: Note, c: ReturnType<typeof createColors>): string {
  const where = note.path ? `${note.path}${note.line ? `:${note.line}` : ''}: ` : '';
  const level = note.level === 'error' ? c.red('error') : note.level === 'warning' ? c.yellow('warning') : c.dim('info');
  return `${level} ${where}${note.message}${note.ruleId ? c.dim(` (${note.ruleId})`) : ''}`;
}

/** The one-line summary alone: what the console gets when the report goes to a file. */
export function summaryLine(scanned: ScanResult, options: TextOptions): string {
  // The summary prints counts only, no scanned text: nothing to make terminal-safe (escaping every
  // string of 30,000 findings to count them took longer than writing the report).
  return summary(scanned, activeFindings(scanned.findings), createColors(options.color), options.failOn) + '\n';
}

function summary(result: ScanResult, findings: Finding[], c: ReturnType<typeof createColors>, failOn: Severity | 'none' | undefined): string {
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
  if (!result.stats.files) return `${c.yellow('⚠ nothing scanned')} · ${tail.join(' · ')}`;
  if (!findings.length) return `${c.green('✔ no findings')} · ${tail.join(' · ')}`;
  const counts = severityCounts(findings)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const found = `${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts}) in ${files} file${files === 1 ? '' : 's'}`;
  // The symbol says what the exit code says: ✖ fails, ⚠ reports without failing.
  if (failOn !== undefined && !gatingFindings(findings, failOn).length) {
    const fresh = findings.some((f) => f.provenance?.range === 'pre-existing') ? 'new ' : '';
    const below = failOn === 'none' ? 'not failing (failOn none)' : `none ${fresh}at or above ${failOn} (failOn)`;
    return `${c.yellow('⚠')} ${found}, ${below} · ${tail.join(' · ')}`;
  }
  return `${c.red('✖')} ${found} · ${tail.join(' · ')}`;
}
