import type { DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';

/**
 * A piece of text (a script, a scalar's value) and a map from its offsets back to the document,
 * so what is parsed out of a YAML block scalar still points at the right column of the file.
 */
export interface SourceText {
  text: string;
  /** The document offset of character `i` of `text` (clamped to the text). */
  offset(i: number): number;
}

/** A source whose characters sit contiguously in the document from `start`. */
export function contiguous(text: string, start: number): SourceText {
  return { text, offset: (i) => start + Math.max(0, Math.min(i, text.length)) };
}

/** A slice of another source. */
export function slice(source: SourceText, start: number, end: number): SourceText {
  return { text: source.text.slice(start, end), offset: (i) => source.offset(start + i) };
}

/** The document range of `[start, end)` in a source. */
export function rangeIn(source: SourceText, start: number, end: number): Range {
  const from = source.offset(start);
  if (end <= start) return { start: from, end: from };
  return { start: from, end: Math.max(from, source.offset(end - 1) + 1) };
}

/**
 * The value of a scalar with a map to the document. The value is matched line by line against
 * the scalar's source text (block scalars only lose their indentation, plain and quoted scalars
 * usually equal their source); a line that was folded or unescaped falls back to word-by-word
 * matching, and what cannot be found maps to the closest earlier position.
 */
export function scalarSource(node: DataNode, docText: string): SourceText | undefined {
  if (node.type !== 'scalar' || typeof node.value !== 'string') return undefined;
  const value = node.value;
  const { start, end } = node.range;
  const raw = docText.slice(start, end);
  if (raw === value) return contiguous(value, start);
  if (raw.length === value.length + 2 && raw.slice(1, -1) === value) return contiguous(value, start + 1);

  const anchors = new Int32Array(value.length + 1).fill(-1);
  let cursor = 0;
  let lineStart = 0;
  while (lineStart <= value.length) {
    let lineEnd = value.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = value.length;
    const line = value.slice(lineStart, lineEnd);
    cursor = anchorLine(line, lineStart, raw, cursor, anchors);
    lineStart = lineEnd + 1;
  }
  // Fill gaps forward so every character maps to the nearest matched position before it.
  let last = 0;
  for (let i = 0; i < anchors.length; i++) {
    if (anchors[i]! >= 0) last = anchors[i]!;
    else anchors[i] = last;
  }
  return {
    text: value,
    offset: (i) => start + anchors[Math.max(0, Math.min(i, value.length))]!,
  };
}

/** Longest search window for one line or word, so escaped scalars stay linear. */
const WINDOW = 4096;

function anchorLine(line: string, at: number, raw: string, cursor: number, anchors: Int32Array): number {
  if (!line.trim()) return cursor;
  const found = find(raw, line, cursor);
  if (found >= 0) {
    for (let i = 0; i <= line.length; i++) anchors[at + i] = found + i;
    return found + line.length;
  }
  // Folded or escaped: anchor each whitespace-separated word on its own.
  const word = /\S{1,512}/g;
  for (let m = word.exec(line); m; m = word.exec(line)) {
    const hit = find(raw, m[0], cursor);
    if (hit < 0) continue;
    for (let i = 0; i <= m[0].length; i++) anchors[at + m.index + i] = hit + i;
    cursor = hit + m[0].length;
  }
  return cursor;
}

function find(raw: string, needle: string, from: number): number {
  const hit = raw.slice(from, from + WINDOW + needle.length).indexOf(needle);
  return hit >= 0 ? from + hit : -1;
}
