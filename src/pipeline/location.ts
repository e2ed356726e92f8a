import type { LineIndex } from '../document/line-index.js';
import type { Location, Range, Target } from '../rule/types.js';

/** Converts any supported target into a clamped offset range. */
export function toRange(target: Target, length: number): Range {
  let start = 0;
  let end = 0;
  if ('offset' in target && 'length' in target) {
    start = target.offset;
    end = target.offset + target.length;
  } else if ('range' in target && Array.isArray(target.range)) {
    // yaml nodes: [start, valueEnd, nodeEnd]; TOML/ESTree: [start, end]
    start = target.range[0] ?? 0;
    end = target.range[1] ?? start;
  } else if ('range' in target && target.range && typeof target.range === 'object') {
    // DataNode: { start, end }
    const range = target.range as unknown as Range;
    start = range.start;
    end = range.end;
  } else if ('start' in target) {
    start = target.start ?? 0;
    end = target.end ?? start;
  }
  start = Math.max(0, Math.min(start, length));
  end = Math.max(start, Math.min(end, length));
  return { start, end };
}

/** A location from an offset range in a document. */
export function locate(path: string, lines: LineIndex, range: Range): Location {
  return {
    path,
    start: lines.position(range.start),
    end: lines.position(range.end),
    startOffset: range.start,
    endOffset: range.end,
  };
}

/** Orders locations by path, then position. */
export function compareLocations(a: Location, b: Location): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.startOffset - b.startOffset || a.endOffset - b.endOffset;
}
