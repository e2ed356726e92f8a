/**
 * A multi-keyword matcher (Aho–Corasick over ASCII-folded UTF-16 code units). One pass over a
 * file tells which keywords occur in it, so each rule runs only where one of its keywords does.
 * The automaton is a dense transition table in a typed array: the hot loop is two array reads
 * per character.
 */
export class KeywordMatcher {
  /** next[state * width + column] → state. */
  private readonly next: Int32Array;
  /** Per state, the keyword ids ending there (failure links followed); empty for most states. */
  private readonly outputs: readonly (readonly number[])[];
  /** 1 where a state has outputs, so the loop skips the array access otherwise. */
  private readonly accepting: Uint8Array;
  /** Character code → column; 0 is "any character no keyword uses". */
  private readonly column: Uint8Array;
  private readonly width: number;

  constructor(readonly keywords: readonly string[]) {
    const column = new Uint8Array(65536);
    let width = 1;
    const words = keywords.map((k) => k.toLowerCase());
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

    // Trie: states in insertion order, transitions -1 until filled.
    const maxStates = words.reduce((n, w) => n + w.length, 0) + 1;
    const next = new Int32Array(maxStates * width).fill(-1);
    const ends: number[][] = [[]];
    let states = 1;
    words.forEach((word, id) => {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const slot = state * width + column[word.charCodeAt(i)]!;
        if (next[slot] === -1) {
          next[slot] = states++;
          ends.push([]);
        }
        state = next[slot]!;
      }
      ends[state]!.push(id);
    });

    // Breadth-first over the trie: complete every row with failure transitions.
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let c = 0; c < width; c++) {
      const child = next[c]!;
      if (child === -1) next[c] = 0;
      else queue[tail++] = child;
    }
    const outputs: number[][] = ends;
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      if (outputs[fail[state]!]!.length) outputs[state] = [...outputs[state]!, ...outputs[fail[state]!]!];
      for (let c = 0; c < width; c++) {
        const slot = state * width + c;
        const child = next[slot]!;
        const viaFail = next[fail[state]! * width + c]!;
        if (child === -1) next[slot] = viaFail;
        else {
          fail[child] = viaFail;
          queue[tail++] = child;
        }
      }
    }
    this.next = next.subarray(0, states * width);
    this.outputs = outputs;
    this.accepting = Uint8Array.from(outputs, (list) => (list.length ? 1 : 0));
  }

  /** Ids (indexes into `keywords`) of the keywords that occur in the text. */
  match(text: string): Set<number> {
    const found = new Set<number>();
    const { next, column, width, accepting, outputs } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      state = next[state * width + column[text.charCodeAt(i)]!]!;
      if (accepting[state] === 1) for (const id of outputs[state]!) found.add(id);
    }
    return found;
  }
}
