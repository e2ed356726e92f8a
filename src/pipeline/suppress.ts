import type { Document } from '../document/document.js';
import { matchesRule } from '../rule/match.js';
import type { Finding, Note } from '../rule/types.js';

/** An inline directive: `nhiscan-ignore <rules> -- <reason>` or `nhiscan-ignore-next-line …`. */
interface Directive {
  /** The 1-based line it covers. */
  line: number;
  /** The line the comment sits on. */
  at: number;
  rules: string[];
  reason: string;
  used: boolean;
}

const MARKER = 'nhiscan-ignore';
/**
 * The directive grammar, after the marker. Works in any comment syntax because it stops at the
 * end of the line or a closing comment token.
 */
const DIRECTIVE = /^(-next-line)?[ \t]+([A-Za-z0-9_*\/.-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_*\/.-]+)*)(?:[ \t]+--[ \t]*(.*?))?[ \t]*(?:\*\/|-->|#\}|%>|\*\)|$)/;

export interface SuppressionOptions {
  /**
   * Keys of rules whose findings arrive after the file pass (repository rules): a directive that
   * names one is applied to them later, so it is not reported as unused now.
   */
  laterRules?: readonly string[];
}

/**
 * Applies inline suppressions of one document to its findings. A directive without a reason
 * suppresses nothing and is reported; a directive that suppresses nothing is reported as unused.
 */
export function applyInlineSuppressions(doc: Document, findings: Finding[], notes: Note[], options: SuppressionOptions = {}): Finding[] {
  const directives = parseDirectives(doc, notes);
  if (!directives.length) return findings;
  const result = findings.map((finding) => {
    const directive = directives.find((d) => d.line === finding.location.start.line && d.rules.some((r) => matchesRule(r, finding.ruleId)));
    if (!directive) return finding;
    directive.used = true;
    if (finding.suppressed) return finding;
    return { ...finding, suppressed: { kind: 'inline' as const, reason: directive.reason } };
  });
  const later = options.laterRules ?? [];
  for (const directive of directives) {
    if (!directive.used && !directive.rules.some((r) => later.some((key) => matchesRule(r, key)))) {
      notes.push({
        level: 'warning',
        code: 'unused-suppression',
        message: `nhiscan-ignore for ${directive.rules.join(', ')} suppresses nothing; remove it`,
        path: doc.path,
        line: directive.at,
      });
    }
  }
  return result;
}

function parseDirectives(doc: Document, notes: Note[]): Directive[] {
  const directives: Directive[] = [];
  for (let at = doc.text.indexOf(MARKER); at !== -1; at = doc.text.indexOf(MARKER, at + MARKER.length)) {
    const lineNumber = doc.lines.position(at).line;
    const rest = doc.text.slice(at + MARKER.length, Math.min(doc.lines.lineEnd(lineNumber), at + MARKER.length + 500));
    const match = DIRECTIVE.exec(rest);
    if (!match) continue; // prose that mentions the marker, not a directive
    const reason = (match[3] ?? '').trim();
    const rules = (match[2] ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    if (!reason) {
      notes.push({
        level: 'warning',
        code: 'suppression-without-reason',
        message: `nhiscan-ignore for ${rules.join(', ')} has no reason ("-- why"); it suppresses nothing`,
        path: doc.path,
        line: lineNumber,
      });
      continue;
    }
    directives.push({ line: match[1] ? lineNumber + 1 : lineNumber, at: lineNumber, rules, reason, used: false });
  }
  return directives;
}
