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
  const EOF = 65535;
  // The 64-bit arithmetic runs on two 32-bit halves held in doubles (every product stays below
  // 2^53, so it is exact): BigInt cost 150 ns a character, most of a 30,000-finding scan's hashing.
  let firstHi = 0;
  let firstLo = 1;
  for (let i = 0; i < WINDOW; i++) {
    const lo = firstLo * 37;
    const carry = Math.floor(lo / TWO_32);
    firstLo = lo - carry * TWO_32;
    firstHi = (firstHi * 37 + carry) % TWO_32;
  }

  const window = new Float64Array(WINDOW);
  const lineOf = new Int32Array(WINDOW).fill(-1);
  const counts = new Map<string, number>();
  const hashes: string[] = [];
  let hashHi = 0;
  let hashLo = 0;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  // One loop with the state in locals: closures over the hash halves boxed a number per character.
  const n = text.length;
  for (let i = 0; i <= n + WINDOW; i++) {
    // The text, then an end marker, then WINDOW zeros that flush the last lines' hashes.
    let code = 0;
    if (i <= n) {
      code = i < n ? text.charCodeAt(i) : EOF;
      if (code === 32 || code === 9 || (afterCR && code === 10)) {
        afterCR = false;
        continue;
      }
      afterCR = code === 13;
      if (afterCR) code = 10;
    }
    if (lineOf[index] !== -1) {
      const value = hashHi === 0 ? hashLo.toString(16) : hashHi.toString(16) + hashLo.toString(16).padStart(8, '0');
      const count = (counts.get(value) ?? 0) + 1;
      counts.set(value, count);
      hashes[lineOf[index]!] = `${value}:${count}`;
      lineOf[index] = -1;
    }
    if (i <= n) {
      if (atLineStart) {
        atLineStart = false;
        lineOf[index] = ++line;
      }
      if (code === 10) atLineStart = true;
    }
    const leaving = window[index]!;
    window[index] = code;
    // hash = 37 × hash + code − 37^WINDOW × leaving (mod 2^64)
    let lo = hashLo * 37 + code;
    let carry = Math.floor(lo / TWO_32);
    lo -= carry * TWO_32;
    let hi = (hashHi * 37 + carry) % TWO_32;
    const productLo = firstLo * leaving;
    carry = Math.floor(productLo / TWO_32);
    lo -= productLo - carry * TWO_32;
    hi -= (firstHi * leaving + carry) % TWO_32;
    if (lo < 0) {
      lo += TWO_32;
      hi -= 1;
    }
    if (hi < 0) hi += TWO_32;
    hashHi = hi;
    hashLo = lo;
    index = (index + 1) % WINDOW;
  }
  return hashes;
}

const TWO_32 = 2 ** 32;
