#!/usr/bin/env node
// What ripgrep does in the benchmark, done by Node: walk the tree (hidden files too, no ignore
// files, symlinks not followed), read each file whole, skip it if it holds a NUL byte (binary),
// and count the lines that match any of the same six secret patterns. No rule, parser or report:
// the least any scanner in JavaScript spends on this tree, to read nhiscan's ratio against.
// Usage: node bench/node-floor.js <tree> <pattern>...
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [root, ...patterns] = process.argv.slice(2);
const anyPattern = new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'g');
let matchingLines = 0;
const pending = [root];
while (pending.length) {
  const folder = pending.pop();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) pending.push(path);
    else if (entry.isFile()) matchingLines += countMatchingLines(readFileSync(path));
  }
}
console.log(matchingLines);

function countMatchingLines(bytes) {
  if (bytes.includes(0)) return 0;
  // Latin-1 keeps one character per byte; the patterns are ASCII. One pass over the whole text,
  // then on to the next line after each match (ripgrep -c counts lines).
  const text = bytes.toString('latin1');
  let count = 0;
  anyPattern.lastIndex = 0;
  while (anyPattern.exec(text)) {
    count++;
    const lineEnd = text.indexOf('\n', anyPattern.lastIndex);
    if (lineEnd === -1) break;
    anyPattern.lastIndex = lineEnd + 1;
  }
  return count;
}
