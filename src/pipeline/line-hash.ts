/**
 * GitHub code scanning's `primaryLocationLineHash`, computed the way the `upload-sarif` action
 * does (clean-room from its documented behaviour), so API uploads and other CI systems track
 * alerts as the action would: spaces and tabs are skipped, CR/CRLF become LF, and each line's
 * hash is a rolling polynomial hash (base 37, 64-bit) over the 100 kept characters that start at
 * the line's first kept character, followed by `:` and the count of that value so far.
 *
 * Returns the hashes indexed by 1-based line number.
 */
export function lineHashes(text: string): string[] {
  const WINDOW = 100;
  const MASK = (1n << 64n) - 1n;
  const EOF = 65535;
  let firstMod = 1n;
  for (let i = 0; i < WINDOW; i++) firstMod = (firstMod * 37n) & MASK;

  const window = new Array<number>(WINDOW).fill(0);
  const lineOf = new Array<number>(WINDOW).fill(-1);
  const counts = new Map<string, number>();
  const hashes: string[] = [];
  let hash = 0n;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = () => {
    const value = hash.toString(16);
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    hashes[lineOf[index]!] = `${value}:${count}`;
    lineOf[index] = -1;
  };
  const push = (code: number) => {
    const leaving = window[index]!;
    window[index] = code;
    hash = (37n * hash + BigInt(code) - firstMod * BigInt(leaving)) & MASK;
    index = (index + 1) % WINDOW;
  };
  const feed = (raw: number) => {
    let code = raw;
    if (code === 32 || code === 9 || (afterCR && code === 10)) {
      afterCR = false;
      return;
    }
    afterCR = code === 13;
    if (afterCR) code = 10;
    if (lineOf[index] !== -1) emit();
    if (atLineStart) {
      atLineStart = false;
      lineOf[index] = ++line;
    }
    if (code === 10) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) feed(text.charCodeAt(i));
  feed(EOF);
  for (let i = 0; i < WINDOW; i++) {
    if (lineOf[index] !== -1) emit();
    push(0);
  }
  return hashes;
}
