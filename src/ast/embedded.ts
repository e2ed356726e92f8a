import { Document } from '../document/document.js';
import { parseSyntax } from '../document/parse.js';
import type { Range } from '../rule/types.js';
import { dataRoot, type DataNode, type DataScalar } from './data.js';

/**
 * Data embedded in another document — YAML frontmatter at the top of a Markdown file, a JSON
 * settings string inside a workflow's YAML — parsed with offsets that point into the outer
 * document, so findings land on the right line.
 *
 * The trick: the embedded text is parsed from a copy of the outer text in which everything
 * outside the embedded span is blanked to spaces (line breaks kept). Offsets need no mapping.
 */

const cache = new WeakMap<Document, Map<string, DataNode | undefined>>();

/** The span of a document's YAML frontmatter (between the `---` fences), if it has one. */
function frontmatterRange(doc: Document): Range | undefined {
  const text = doc.text;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start)) return undefined;
  const firstBreak = text.indexOf('\n', start);
  if (firstBreak < 0 || text.slice(start + 3, firstBreak).trim() !== '') return undefined;
  start = firstBreak + 1;
  // Bounded: frontmatter is short; give up after a generous number of lines.
  let lineStart = start;
  for (let line = 0; line < 5000 && lineStart <= text.length; line++) {
    const lineEnd = text.indexOf('\n', lineStart);
    const end = lineEnd < 0 ? text.length : lineEnd;
    const content = text.slice(lineStart, end).replace(/\r$/, '');
    if (content === '---' || content === '...') return { start, end: lineStart };
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** The parsed YAML frontmatter of a Markdown document (offsets into the document). */
export function frontmatter(doc: Document): DataNode | undefined {
  const range = frontmatterRange(doc);
  return range ? embeddedData(doc, range, 'yaml') : undefined;
}

/**
 * Parses the text in `range` of a document as YAML or JSON/JSONC, with node ranges in the outer
 * document. Undefined when the span does not parse into anything.
 */
function embeddedData(doc: Document, range: Range, format: 'yaml' | 'json'): DataNode | undefined {
  let perDoc = cache.get(doc);
  if (!perDoc) {
    perDoc = new Map();
    cache.set(doc, perDoc);
  }
  const key = `${format}:${range.start}:${range.end}`;
  if (perDoc.has(key)) return perDoc.get(key);
  const masked = maskOutside(doc.text, range);
  const inner = new Document(doc.path, format === 'yaml' ? 'yaml' : 'json', masked, parseSyntax);
  const tree = dataRoot(inner);
  perDoc.set(key, tree);
  return tree;
}

/**
 * The source span holding a scalar's characters one for one (a plain or quoted scalar without
 * escapes, or a block scalar whose indentation is only whitespace), so text inside the value
 * can be located exactly. Undefined when escapes or folding make the mapping inexact.
 */
export function scalarSpan(doc: Document, node: DataScalar): Range | undefined {
  const { start, end } = node.range;
  if (end <= start) return undefined;
  const first = doc.text[start];
  if (first === '|' || first === '>') {
    const headerEnd = doc.text.indexOf('\n', start);
    if (headerEnd < 0 || headerEnd >= end) return undefined;
    return { start: headerEnd + 1, end };
  }
  const raw = doc.text.slice(start, end);
  if (raw.startsWith('"""') || raw.startsWith("'''")) {
    const quote = raw.slice(0, 3);
    if (raw.length < 6 || !raw.endsWith(quote) || (quote === '"""' && raw.includes('\\'))) return undefined;
    return { start: start + 3, end: end - 3 };
  }
  if (first === '"' || first === "'") {
    const inner = raw.slice(1, -1);
    if (raw.length < 2 || raw[raw.length - 1] !== first) return undefined;
    if (first === '"' && inner.includes('\\')) return undefined;
    if (first === "'" && inner.includes("''")) return undefined;
    return { start: start + 1, end: end - 1 };
  }
  return { start, end };
}

/**
 * Parses a string scalar's value as JSON: with exact offsets when the scalar maps one for one
 * onto its source, otherwise with every node placed on the scalar itself.
 */
export function scalarAsJson(doc: Document, node: DataScalar): DataNode | undefined {
  if (typeof node.value !== 'string' || !/^\s*[[{]/.test(node.value)) return undefined;
  const span = scalarSpan(doc, node);
  if (span) {
    const tree = embeddedData(doc, span, 'json');
    if (tree) return tree;
  }
  const standalone = new Document(doc.path, 'json', node.value, parseSyntax);
  if (standalone.syntax.errors.length) return undefined;
  const tree = dataRoot(standalone);
  return tree ? placeAt(tree, node.range) : undefined;
}

function placeAt(node: DataNode, range: Range): DataNode {
  if (node.type === 'map') {
    return { type: 'map', range, entries: node.entries.map((e) => ({ key: e.key, keyRange: range, value: placeAt(e.value, range) })) };
  }
  if (node.type === 'seq') return { type: 'seq', range, items: node.items.map((item) => placeAt(item, range)) };
  return { ...node, range };
}

function maskOutside(text: string, range: Range): string {
  const before = text.slice(0, range.start).replace(/[^\r\n]/g, ' ');
  const after = text.slice(range.end).replace(/[^\r\n]/g, ' ');
  return before + text.slice(range.start, range.end) + after;
}
