/**
 * A multi-keyword matcher (Aho–Corasick over ASCII-folded UTF-16 code units). One pass over a
 * file tells which keywords occur in it, so each rule runs only where one of its keywords does.
 */
export class KeywordMatcher {
  /** goto[state * ALPHABET + c] → next state, over a compact alphabet of the keywords' characters. */
  private readonly next: Int32Array;
  /** Keyword ids that end in a state, following failure links (flattened). */
  private readonly outputs: (readonly number[])[];
  private readonly alphabet: Int16Array;
  private readonly width: number;

  constructor(readonly keywords: readonly string[]) {
    const alphabet = new Int16Array(65536).fill(-1);
    let width = 1; // column 0 = "any other character"
    for (const word of keywords) {
      for (const char of word.toLowerCase()) {
        const code = char.charCodeAt(0);
        if (alphabet[code] === -1) alphabet[code] = width++;
      }
    }
    // Upper-case ASCII letters share the lower-case column, so matching folds ASCII case.
    for (let c = 65; c <= 90; c++) alphabet[c] = alphabet[c + 32]!;
    this.alphabet = alphabet;
    this.width = width;

    const trie: number[][] = [new Array<number>(width).fill(-1)];
    const outputs: number[][] = [[]];
    keywords.forEach((word, id) => {
      let state = 0;
      for (const char of word.toLowerCase()) {
        const column = alphabet[char.charCodeAt(0)]!;
        if (trie[state]![column] === -1) {
          trie[state]![column] = trie.length;
          trie.push(new Array<number>(width).fill(-1));
          outputs.push([]);
        }
        state = trie[state]![column]!;
      }
      outputs[state]!.push(id);
    });

    // Breadth-first: fill failure transitions so every state has a full transition row.
    const fail = new Array<number>(trie.length).fill(0);
    const queue: number[] = [];
    for (let column = 0; column < width; column++) {
      const child = trie[0]![column]!;
      if (child === -1) trie[0]![column] = 0;
      else queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      outputs[state] = [...outputs[state]!, ...outputs[fail[state]!]!];
      for (let column = 0; column < width; column++) {
        const child = trie[state]![column]!;
        if (child === -1) trie[state]![column] = trie[fail[state]!]![column]!;
        else {
          fail[child] = trie[fail[state]!]![column]!;
          queue.push(child);
        }
      }
    }
    this.next = Int32Array.from(trie.flat());
    this.outputs = outputs;
  }

  /** Ids (indexes into `keywords`) of the keywords that occur in the text. */
  match(text: string): Set<number> {
    const found = new Set<number>();
    const { next, alphabet, width, outputs } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const column = alphabet[text.charCodeAt(i)]!;
      state = next[state * width + (column === -1 ? 0 : column)]!;
      const out = outputs[state]!;
      if (out.length) for (const id of out) found.add(id);
    }
    return found;
  }
}
