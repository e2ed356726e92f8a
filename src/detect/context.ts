/**
 * Context helpers for values that are only a secret in the right place: the block a line sits
 * in (YAML, HCL, TOML tables, indented config), found by indentation alone so they work on any
 * text without a parser.
 */

/** How many lines upwards the search for enclosing blocks may go. */
const MAX_LINES = 200;
/** Lines longer than this are not configuration (minified code): no block structure is read. */
const MAX_LINE = 4096;

/**
 * The offset where the line holding `index` starts, looking back at most `max` characters;
 * undefined when the line is longer. Bounded, so scanning many matches on one huge line stays
 * linear.
 */
export function lineStartWithin(text: string, index: number, max: number): number | undefined {
  const from = Math.max(0, index - max);
  const newline = text.slice(from, index).lastIndexOf('\n');
  if (newline !== -1) return from + newline + 1;
  return from === 0 ? 0 : undefined;
}

/**
 * The header lines of the blocks enclosing the line at `index`, innermost first: each is the
 * nearest line above that is indented less than the one before it (`client:` then `okta:` for
 * `okta:\n  client:\n    token: …`). Comments and blank lines are skipped.
 */
export function enclosingLines(text: string, index: number, depth = 3): string[] {
  const found: string[] = [];
  const lineHead = lineStartWithin(text, index, MAX_LINE);
  if (lineHead === undefined) return found; // a minified or generated line: no block structure
  let lineStart = lineHead;
  let indent = /^[ \t]*/.exec(text.slice(lineStart, index))![0].length;
  for (let scanned = 0; lineStart > 0 && scanned < MAX_LINES && found.length < depth && indent > 0; scanned++) {
    const end = lineStart - 1;
    const previous = lineStartWithin(text, end, MAX_LINE);
    if (previous === undefined) break;
    lineStart = previous;
    const line = text.slice(lineStart, end);
    if (!line.trim() || /^\s*(?:#|\/\/|;)/.test(line)) continue;
    const lineIndent = /^[ \t]*/.exec(line)![0].length;
    if (lineIndent < indent) {
      found.push(line);
      indent = lineIndent;
    }
  }
  return found;
}

/**
 * Inline markers with which other scanners' users record "reviewed, not a secret" on a line:
 * gitleaks, TruffleHog, detect-secrets, GitGuardian, gosec/Bandit (`#nosec`, also Bandit's codes
 * through Ruff's `noqa: S105`), SonarQube and Semgrep. Someone looked at the value and said so;
 * the finding stays visible for audits, below the gate.
 */
const PEER_MARKER = /\b(gitleaks:allow|trufflehog:ignore|pragma:\s*allowlist\s+secret|ggignore|nosec\b(?:\s+G10[1-6])?|NOSONAR|noqa:\s*S10[5-7]|nosemgrep)/i;

/** The other scanner's allow marker on the line holding `offset`, if any (bounded: lines over 4 KiB carry none). */
export function peerScannerMarker(text: string, offset: number): string | undefined {
  const start = lineStartWithin(text, offset, MAX_LINE);
  if (start === undefined) return undefined;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  if (end - start > MAX_LINE) return undefined;
  return PEER_MARKER.exec(text.slice(start, end))?.[1];
}
