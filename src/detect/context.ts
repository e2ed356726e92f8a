/**
 * Context helpers for values that are only a secret in the right place: the block a line sits
 * in (YAML, HCL, TOML tables, indented config), found by indentation alone so they work on any
 * text without a parser.
 */

/** How many lines upwards the search for enclosing blocks may go. */
const MAX_LINES = 200;

/**
 * The header lines of the blocks enclosing the line at `index`, innermost first: each is the
 * nearest line above that is indented less than the one before it (`client:` then `okta:` for
 * `okta:\n  client:\n    token: …`). Comments and blank lines are skipped.
 */
export function enclosingLines(text: string, index: number, depth = 3): string[] {
  const found: string[] = [];
  let lineStart = text.lastIndexOf('\n', index - 1) + 1;
  let indent = /^[ \t]*/.exec(text.slice(lineStart, index))![0].length;
  for (let scanned = 0; lineStart > 0 && scanned < MAX_LINES && found.length < depth && indent > 0; scanned++) {
    const end = lineStart - 1;
    lineStart = text.lastIndexOf('\n', end - 1) + 1;
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
