import type { Document } from '../document/document.js';
import { PROGRAMMING_LANGUAGE_KINDS, type FileKind } from '../document/kinds.js';

/**
 * String literals joined into one value in code: `"ghp_abc…" + "…"` (most languages),
 * `'…' . '…'` (PHP). Splitting a token this way is how people get one past push protection; the
 * joined value is the token. Read from the text: simple quoted literals (no escapes, no
 * interpolation) with only `+` or `.` and white space between them.
 */
export interface JoinedLiterals {
  /** The literals' contents, joined. */
  value: string;
  /** The same in lower case, for keyword checks. */
  lower: string;
  /** Each literal's content: where it starts in `value`, and in the document's text. */
  parts: readonly { at: number; offset: number; length: number }[];
}

/** Code where `+` (or PHP's `.`) joins strings. JavaScript and TypeScript included. */
const JOINING_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([...PROGRAMMING_LANGUAGE_KINDS, 'javascript', 'typescript']);
/** A quick test that a document joins two literals anywhere, before the literals are read. */
const ANY_JOIN = /["'][ \t]*(?:\r?\n[ \t]*)?[+.][ \t]*(?:\r?\n[ \t]*)?["']/;
/** One simple string literal: its content is group 1 or 2. Bounded; escapes end the search. */
const LITERAL = /"([^"\\\r\n]{0,256})"|'([^'\\\r\n]{0,256})'/g;
/** What may stand between two joined literals; Python also joins literals that only touch. */
const JOINER = /^\s{0,40}[+.]\s{0,40}$/;
const PYTHON_JOINER = /^\s{0,40}[+.]?\s{0,40}$/;
/** At most this many literals in one joined value: a token is split in a few. */
const MAX_PARTS = 16;

const cache = new WeakMap<Document, readonly JoinedLiterals[]>();

/** The document's joined literal runs of two or more parts (once per document, shared by every token rule). */
export function joinedLiterals(doc: Document): readonly JoinedLiterals[] {
  let runs = cache.get(doc);
  if (!runs) {
    const python = doc.kind === 'python';
    runs = JOINING_KINDS.has(doc.kind) && !doc.textOnly && (python || ANY_JOIN.test(doc.text)) ? readRuns(doc.text, python ? PYTHON_JOINER : JOINER) : [];
    cache.set(doc, runs);
  }
  return runs;
}

function readRuns(text: string, joiner: RegExp): JoinedLiterals[] {
  const runs: JoinedLiterals[] = [];
  let parts: { offset: number; length: number }[] = [];
  let end = -1;
  const finish = () => {
    if (parts.length >= 2) {
      let at = 0;
      const placed = parts.map((part) => {
        const entry = { at, offset: part.offset, length: part.length };
        at += part.length;
        return entry;
      });
      const value = placed.map((part) => text.slice(part.offset, part.offset + part.length)).join('');
      runs.push({ value, lower: value.toLowerCase(), parts: placed });
    }
    parts = [];
  };
  for (const match of text.matchAll(LITERAL)) {
    const content = match[1] ?? match[2] ?? '';
    const joined = parts.length > 0 && parts.length < MAX_PARTS && match.index - end <= 82 && joiner.test(text.slice(end, match.index));
    if (!joined) finish();
    parts.push({ offset: match.index + 1, length: content.length });
    end = match.index + match[0].length;
  }
  finish();
  return runs;
}

/**
 * The document range of `value`'s characters `start`..`end` of a joined run, or undefined when
 * they lie within one literal (the text itself holds them, and the ordinary pass reads them there).
 */
export function joinedRange(run: JoinedLiterals, start: number, end: number): { start: number; end: number } | undefined {
  const first = run.parts.findIndex((part) => start < part.at + part.length);
  const last = run.parts.findIndex((part) => end <= part.at + part.length);
  if (first === -1 || last === -1 || first === last) return undefined;
  const from = run.parts[first]!;
  const to = run.parts[last]!;
  return { start: from.offset + (start - from.at), end: to.offset + (end - to.at) };
}
