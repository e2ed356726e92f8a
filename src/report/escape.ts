import type { ScanResult } from '../rule/result.js';
import type { Finding, Note } from '../rule/types.js';

/**
 * Scanned content reaches every report: file names, job names, identity names, values a rule
 * quotes, suppression notes, commit authors. A reader's terminal, a CI log and a markdown renderer
 * each interpret some of it. These functions are the formatter boundary: each human format passes
 * its input through one of them, so no rule or model has to remember which characters are unsafe.
 */

/**
 * Characters a terminal or log viewer acts on instead of showing: C0 controls (ESC starts CSI,
 * OSC 8 hyperlinks and title changes; CR and backspace overwrite; LF starts a new line), DEL, the
 * C1 controls (U+009B is a one-byte CSI), the line and paragraph separators, and the bidirectional
 * overrides and isolates that reorder what is shown ("Trojan Source").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Whether text holds what `terminalSafe` escapes anywhere in a line: a control, separator or bidi character, or `##[`. */
export function needsTerminalEscape(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) || text.includes('##[');
}

/** One code point as a visible escape: `\x1b`, `\n`, `\u{202e}`. */
function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Text safe to write to a terminal or a CI log as part of one line: every control, separator and
 * bidi character shown as an escape; a GitHub Actions workflow command cannot start (`::` at the
 * start of the text, after spaces, is what the runner looks for on each line) and the runner's
 * older `##[command]` form, which it finds anywhere in a line, is broken up.
 */
export function terminalSafe(text: string): string {
  let out = text.replace(UNSAFE, visible);
  if (out.includes('##[')) out = out.replace(/##\[/g, '#\\x23[');
  if (/^\s*::/.test(out)) out = out.replace(':', '\\x3a');
  return out;
}

/**
 * A path for a terminal or log line: escaped as `terminalSafe` does, and a path that starts with
 * a colon or a space gets `./` in front, so that a line that starts with it is still a path
 * (`./::error file=x::y`) and copies back into a shell as the same file.
 */
export function terminalSafePath(path: string): string {
  const escaped = path.replace(UNSAFE, visible).replace(/##\[/g, '#\\x23[');
  return /^[\s:]/.test(escaped) ? `./${escaped}` : escaped;
}

/** Every string of plain data (findings, notes, inventory entries) passed through `escape`. */
export function mapStrings<T>(value: T, escape: (text: string) => string): T {
  return walk(value, escape) as T;
}

function walk(value: unknown, escape: (text: string) => string): unknown {
  if (typeof value === 'string') return escape(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, escape));
  if (value instanceof Set) return new Set([...value].map((item) => walk(item, escape)));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [walk(k, escape), walk(v, escape)]));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      copy[key] = key === 'path' && typeof item === 'string' ? terminalSafePathOr(escape, item) : walk(item, escape);
    return copy;
  }
  return value;
}

/** Paths get the path form when the escape is the terminal one; other escapes treat them as text. */
function terminalSafePathOr(escape: (text: string) => string, path: string): string {
  return escape === terminalSafe ? terminalSafePath(path) : escape(path);
}

/**
 * The findings and notes of a scan with every string terminal-safe: what the text and GitHub
 * formats print. Rules, facts and statistics are nhiscan's own and pass unchanged.
 */
export function forTerminal(result: ScanResult): ScanResult {
  return { ...result, findings: mapStrings<Finding[]>(result.findings, terminalSafe), notes: mapStrings<Note[]>(result.notes, terminalSafe) };
}

/**
 * Plain text for a SARIF `message.text`. SARIF reads `[text](target)` in plain-text messages as an
 * embedded link (SARIF 2.1.0 §3.11.6) and asks for literal brackets to be escaped with a
 * backslash; a viewer that renders messages as markdown would also follow links, show images
 * and run mentions. Brackets (and a backslash before one) are escaped as the spec says, controls
 * and bidi characters are made visible, and `@` gets a word joiner so no mention forms.
 */
export function sarifText(text: string): string {
  return text
    .replace(UNSAFE, visible)
    .replace(/\\(?=[[\]])/g, '\\\\')
    .replace(/[[\]]/g, '\\$&')
    .replace(/@(?=[\w-])/g, '@\u2060');
}

/**
 * Text in the middle of a markdown line (a table cell, after a list marker), rendered as the same
 * text: the characters that open links, images, emphasis, code spans, HTML, strikethrough and
 * math are backslash-escaped, `&` cannot start an entity, `|` cannot end a table cell, line breaks
 * become spaces, and `@` gets a word joiner so no mention or team notification fires. (A bare URL
 * may still be auto-linked, but it shows itself: no link text can disguise it.)
 */
export function markdownText(text: string): string {
  return text
    .replace(UNSAFE, (char) => (char === '\n' || char === '\r' ? ' ' : visible(char)))
    .replace(/[\\`*_[\]()|<>~$]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u2060');
}

/**
 * Text as a markdown code span (names, ids, paths): nothing inside renders. The fence is one
 * backtick longer than the longest run inside; line breaks become spaces. In a table cell `|` is
 * still escaped, because a table splits its cells before it reads code spans.
 */
export function markdownCode(text: string, where: 'table' | 'text' = 'text'): string {
  const flat = text.replace(UNSAFE, (char) => (char === '\n' || char === '\r' ? ' ' : visible(char)));
  const inner = where === 'table' ? flat.replace(/\|/g, '\\|') : flat;
  const longest = Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = inner.startsWith('`') || inner.endsWith('`') || /^ .* $/.test(inner) ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}
