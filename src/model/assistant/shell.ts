import type { Range } from '../../rule/types.js';

/** One word of a shell command with its offsets in the text that was split. */
export interface Word {
  value: string;
  start: number;
  end: number;
}

/** One simple command of a shell script: its words, and the operator that feeds it (a pipe). */
export interface SimpleCommand {
  words: Word[];
  /** The command reads the previous command's output through a pipe. */
  piped: boolean;
  range: Range;
}

const OPERATORS = new Set(['&&', '||', ';', '|', '&', '\n', '|&']);

/**
 * Splits shell text into simple commands (on `&&`, `||`, `;`, `|`, `&` and line breaks) and
 * words, honouring quotes, escapes, comments and line continuations. A linear scan: no regex
 * backtracking, and `$(…)`/backticks are kept inside the word that holds them.
 */
export function splitShell(text: string, offset = 0, operators = true): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let piped = false;
  let word = '';
  let wordStart = -1;
  let heredoc: string | undefined;
  let i = 0;

  const endWord = (at: number) => {
    if (wordStart >= 0) words.push({ value: word, start: offset + wordStart, end: offset + at });
    word = '';
    wordStart = -1;
  };
  const endCommand = (operator: string) => {
    if (words.length) {
      commands.push({ words, piped, range: { start: words[0]!.start, end: words[words.length - 1]!.end } });
    }
    words = [];
    piped = operator === '|' || operator === '|&';
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      endWord(i);
      i += 2;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      if (wordStart < 0) wordStart = i;
      word += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      if (wordStart < 0) wordStart = i;
      const close = findClose(text, i + 1, c);
      word += text.slice(i + 1, close);
      i = Math.min(close + 1, text.length);
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      if (wordStart < 0) wordStart = i;
      const close = findParen(text, i + 2);
      word += text.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    if (c === '`') {
      if (wordStart < 0) wordStart = i;
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? text.length : close + 1;
      word += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '#' && wordStart < 0 && operators) {
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd < 0 ? text.length : lineEnd;
      continue;
    }
    if (operators && c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      endWord(i);
      const found = /^<<-?[ \t]*(['"]?)([A-Za-z0-9_.-]{1,64})\1/.exec(text.slice(i, i + 80));
      if (found) {
        heredoc = found[2];
        i += found[0].length;
        continue;
      }
    }
    if (c === '\n' && heredoc !== undefined) {
      endWord(i);
      endCommand(';');
      i = skipHeredoc(text, i + 1, heredoc);
      heredoc = undefined;
      continue;
    }
    const two = text.slice(i, i + 2);
    const operator = !operators ? undefined : OPERATORS.has(two) ? two : OPERATORS.has(c) ? c : undefined;
    if (operator && !(operator === '&' && (text[i - 1] === '>' || text[i + 1] === '>'))) {
      endWord(i);
      endCommand(operator);
      i += operator.length;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      endWord(i);
      i++;
      continue;
    }
    if (operators && (c === '(' || c === ')' || c === '{' || c === '}') && wordStart < 0) {
      i++;
      continue;
    }
    if (wordStart < 0) wordStart = i;
    word += c;
    i++;
  }
  endWord(text.length);
  endCommand(';');
  return commands;
}

/** The offset after the line that closes a here-document (or the end of the text). */
function skipHeredoc(text: string, from: number, delimiter: string): number {
  let lineStart = from;
  while (lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart);
    const end = lineEnd < 0 ? text.length : lineEnd;
    if (text.slice(lineStart, end).trim() === delimiter) return end;
    lineStart = end + 1;
  }
  return text.length;
}

function findClose(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return text.length;
}

function findParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length - 1;
}

/** Splits a command line into words without splitting on operators (CLI argument strings). */
export function splitArgs(text: string, offset = 0): Word[] {
  return splitShell(text, offset, false).flatMap((c) => c.words);
}

/** The file name of a command word: `/usr/bin/python3` → `python3`, `npx.cmd` → `npx`. */
export function commandName(word: string): string {
  const base = word.replace(/^.*[\\/]/, '').toLowerCase();
  return base.replace(/\.(?:exe|cmd|bat|ps1)$/, '');
}
