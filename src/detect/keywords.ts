/**
 * A keyword that must start a word: `\b` before it (`'\\bably'` in source) means the character before it is
 * not an ASCII letter or digit (an underscore may precede it: `MY_ABLY_KEY`). Short provider
 * names occur inside ordinary words ("prob*ably*", "c*hec*k"); at a word start they are rare.
 */
export const WORD_START = '\\b';

/** Whether a character code is an ASCII letter or digit. */
function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Whether a keyword (a lower-case literal, `WORD_START` allowed first) occurs in lower-cased text: the slow path, for keywords outside a matcher. */
export function textMentions(lowerText: string, keyword: string): boolean {
  if (!keyword.startsWith(WORD_START)) return lowerText.includes(keyword);
  const word = keyword.slice(WORD_START.length);
  for (let at = lowerText.indexOf(word); at !== -1; at = lowerText.indexOf(word, at + 1)) {
    if (at === 0 || !isAlphanumeric(lowerText.charCodeAt(at - 1))) return true;
  }
  return false;
}

/** The keyword ids one pass found in a text, and where each occurs. */
export class KeywordHits {
  constructor(
    private readonly found: Uint8Array,
    /** Per keyword id, the offsets where it starts, in text order (undefined when it does not occur). */
    private readonly startsById: readonly (number[] | undefined)[] = [],
  ) {}

  has(id: number): boolean {
    return this.found[id] === 1;
  }

  /** Where a keyword starts (at a word start, for a `WORD_START` keyword), in text order. */
  starts(id: number): readonly number[] {
    return this.startsById[id] ?? NO_STARTS;
  }

  /** Whether any of these ids was found (a plain loop: this runs for every rule on every file). */
  hasAny(ids: readonly number[]): boolean {
    for (let i = 0; i < ids.length; i++) if (this.found[ids[i]!] === 1) return true;
    return false;
  }
}

const NO_STARTS: readonly number[] = [];
const NO_HITS = new KeywordHits(new Uint8Array(0));
/** The outputs of every state no keyword ends at (shared: never changed). */
const NO_OUTPUTS: readonly number[] = Object.freeze([]);

/**
 * A multi-keyword matcher (Aho–Corasick over ASCII-folded UTF-16 code units). One pass over a
 * file tells which keywords occur in it, so each rule runs only where one of its keywords does.
 * The automaton is a dense transition table in a typed array: the hot loop is two array reads
 * per character.
 */
export class KeywordMatcher {
  /** An empty result, for texts no rule needs keywords for. */
  static readonly none = NO_HITS;
  /** Per keyword id: its length when it must start a word (`WORD_START`), else 0. */
  private readonly wordStart: Int32Array;
  /** Per keyword id: its length in characters. */
  private readonly lengths: Int32Array;
  /** next[state × width + column] → the next state's row offset (its state × width). */
  private readonly next: Int32Array;
  /** Per state, the keyword ids ending there (failure links followed); empty for most states. */
  private readonly outputs: readonly (readonly number[])[];
  /** 1 at the row offset of a state with outputs, so the loop skips the array access otherwise. */
  private readonly accepting: Uint8Array;
  /** Character code → column; 0 is "any character no keyword uses". */
  private readonly column: Uint8Array;
  private readonly width: number;

  constructor(readonly keywords: readonly string[]) {
    const column = new Uint8Array(65536);
    let width = 1;
    this.wordStart = Int32Array.from(keywords, (k) => (k.startsWith(WORD_START) ? k.length - WORD_START.length : 0));
    const words = keywords.map((k) => (k.startsWith(WORD_START) ? k.slice(WORD_START.length) : k).toLowerCase());
    this.lengths = Int32Array.from(words, (w) => w.length);
    if (words.some((w) => !w)) throw new Error('empty keyword');
    for (const word of words) {
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        if (column[code] === 0) {
          if (width === 255) throw new Error('too many distinct keyword characters');
          column[code] = width++;
        }
      }
    }
    // Upper-case ASCII letters share the lower-case column: matching folds ASCII case.
    for (let c = 65; c <= 90; c++) if (column[c + 32]) column[c] = column[c + 32]!;
    this.column = column;
    this.width = width;

    // Trie: states in insertion order. No edge leads back to the root, so 0 means "no child". Typed
    // arrays throughout (children as linked lists): this runs once per scan, before the first
    // file, where a few thousand small arrays cost more than the work (start-up, issue 15).
    const maxStates = words.reduce((n, w) => n + w.length, 0) + 1;
    const trie = new Int32Array(maxStates * width);
    /** Per state: its first child, the next child of its parent, and the column leading to it. */
    const firstChild = new Int32Array(maxStates);
    const nextSibling = new Int32Array(maxStates);
    const childColumn = new Int32Array(maxStates);
    /** Keyword ids ending at a state, for the few states where one does. */
    const ends = new Map<number, number[]>();
    let states = 1;
    for (let id = 0; id < words.length; id++) {
      const word = words[id]!;
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = column[word.charCodeAt(i)]!;
        const slot = state * width + c;
        if (trie[slot] === 0) {
          const child = states++;
          trie[slot] = child;
          childColumn[child] = c;
          nextSibling[child] = firstChild[state]!;
          firstChild[state] = child;
        }
        state = trie[slot]!;
      }
      const list = ends.get(state);
      if (list) list.push(id);
      else ends.set(state, [id]);
    }

    // Breadth-first over the trie. A state's row starts as a copy of its failure state's row (a
    // shallower state, already complete), then its own children overwrite their columns: one
    // native copy per state instead of a loop over every column. Entries are row offsets.
    const next = new Int32Array(states * width);
    const failRow = new Int32Array(states);
    const queue = new Int32Array(states);
    const outputs: (readonly number[])[] = new Array<readonly number[]>(states).fill(NO_OUTPUTS);
    for (const [state, ids] of ends) outputs[state] = ids;
    let tail = 0;
    for (let child = firstChild[0]!; child !== 0; child = nextSibling[child]!) {
      next[childColumn[child]!] = child * width;
      queue[tail++] = child; // fails to the root
    }
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      const row = state * width;
      const fallback = failRow[state]!;
      next.copyWithin(row, fallback, fallback + width);
      const inherited = outputs[fallback / width]!;
      if (inherited.length) outputs[state] = [...outputs[state]!, ...inherited];
      for (let child = firstChild[state]!; child !== 0; child = nextSibling[child]!) {
        const c = childColumn[child]!;
        failRow[child] = next[fallback + c]!;
        next[row + c] = child * width;
        queue[tail++] = child;
      }
    }
    this.next = next;
    this.outputs = outputs;
    // Indexed by row offset, like the table.
    this.accepting = new Uint8Array(states * width);
    for (let state = 0; state < states; state++) if (outputs[state]!.length) this.accepting[state * width] = 1;
  }

  /** Ids (indexes into `keywords`) of the keywords that occur in the text, with where they start. */
  match(text: string): KeywordHits {
    const found = new Uint8Array(this.keywords.length);
    const starts: (number[] | undefined)[] = [];
    const { next, column, width, accepting, outputs, wordStart, lengths } = this;
    let row = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      row = next[row + column[text.charCodeAt(i)]!]!;
      if (accepting[row] === 1) {
        for (const id of outputs[row / width]!) {
          const length = wordStart[id]!;
          // The keyword ends at i: a word-start keyword counts only after a non-alphanumeric.
          if (length === 0 || i < length || !isAlphanumeric(text.charCodeAt(i - length))) {
            found[id] = 1;
            (starts[id] ??= []).push(i + 1 - lengths[id]!);
          }
        }
      }
    }
    return new KeywordHits(found, starts);
  }
}

/**
 * The matches of a global regex whose matches can start only at `starts` (ascending offsets, from
 * the keyword pass): the same matches, in the same order, as `text.matchAll`, which tries every
 * offset in turn. `sticky` is the regex with the `y` flag; a match never starts inside the previous one.
 */
export function* matchesAt(text: string, sticky: RegExp, starts: readonly number[]): Generator<RegExpExecArray> {
  let end = 0;
  for (const start of starts) {
    if (start < end) continue;
    sticky.lastIndex = start;
    const match = sticky.exec(text);
    if (match) {
      end = Math.max(start + 1, sticky.lastIndex);
      yield match;
    }
  }
}

/**
 * The offsets at most `reach` characters before each of `starts` (ascending), each once, in order:
 * where a match can start when it must hold a keyword that begins no more than `reach` characters
 * after its own start (a Telegram bot id's digits before `:AA`). For `matchesAt`.
 */
export function reachBack(starts: readonly number[], reach: number): number[] {
  const offsets: number[] = [];
  let next = 0;
  for (const start of starts) {
    for (let at = Math.max(next, start - reach); at <= start; at++) offsets.push(at);
    next = Math.max(next, start + 1);
  }
  return offsets;
}
