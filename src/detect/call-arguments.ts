/**
 * The arguments of a call in C-family, Python, Ruby, PHP and Go source, read from the text after
 * its opening parenthesis: enough to find a string literal at a position without a parser per
 * language. Quotes (with backslash escapes), nested brackets and a length bound are respected.
 */
export interface CallArgument {
  /** Offsets of the whole argument (trimmed) in the text. */
  start: number;
  end: number;
  /** When the argument is one string literal: its content and the content's offsets. */
  literal?: { value: string; start: number; end: number };
  /** `name=` / `name:` before the value (Python and Ruby keyword arguments). */
  keyword?: string;
}

const MAX_CALL_LENGTH = 2000;

/**
 * Characters a caller may still spend reading calls in one document. Every call reads up to
 * MAX_CALL_LENGTH characters, so a file of unclosed calls would cost that much per call; a
 * budget proportional to the file keeps the whole document linear.
 */
export interface ReadBudget {
  remaining: number;
}

/** A budget for one document: a few passes over its text. */
export function readBudget(text: string): ReadBudget {
  return { remaining: 4 * text.length + 100_000 };
}
const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * The arguments of the call whose `(` is at `open`; undefined when it does not close in bounds or
 * the budget is spent (check `budget.remaining`).
 */
export function callArguments(text: string, open: number, budget: ReadBudget): CallArgument[] | undefined {
  if (budget.remaining <= 0) return undefined;
  const args: CallArgument[] = [];
  const stack: string[] = [];
  let argStart = open + 1;
  const limit = Math.min(text.length, open + MAX_CALL_LENGTH, open + budget.remaining);
  budget.remaining -= limit - open;
  for (let i = open + 1; i < limit; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const close = closingQuote(text, i, c, limit);
      if (close === -1) return undefined;
      i = close;
    } else if (c in CLOSING) {
      stack.push(CLOSING[c]!);
    } else if (c === ')' || c === ']' || c === '}') {
      if (stack.length) {
        if (stack.pop() !== c) return undefined;
      } else if (c === ')') {
        pushArgument(text, argStart, i, args);
        return args;
      } else {
        return undefined;
      }
    } else if (c === ',' && !stack.length) {
      pushArgument(text, argStart, i, args);
      argStart = i + 1;
    }
  }
  return undefined;
}

function closingQuote(text: string, at: number, quote: string, limit: number): number {
  for (let i = at + 1; i < limit; i++) {
    const c = text[i];
    if (c === '\\' && quote !== '`') i++;
    else if (c === quote) return i;
    else if (c === '\n' && quote !== '`') return -1;
  }
  return -1;
}

function pushArgument(text: string, from: number, to: number, args: CallArgument[]): void {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const start = from + lead;
  const end = from + raw.trimEnd().length;
  if (end <= start) return;
  const argument: CallArgument = { start, end };
  let valueStart = start;
  const keyword = /^([A-Za-z_]\w{0,60})\s*(?:=(?!=)|:(?!:))\s*/.exec(text.slice(start, end));
  if (keyword) {
    argument.keyword = keyword[1]!;
    valueStart = start + keyword[0].length;
  }
  // A string literal, with Python's r/b/u or C#'s @ prefix.
  const literal = /^(?:[rbuRBU]{1,2}|@)?(["'`])/.exec(text.slice(valueStart, end));
  if (literal) {
    const quote = literal[1]!;
    const open = valueStart + literal[0].length - 1;
    const close = closingQuote(text, open, quote, end);
    if (close === end - 1) argument.literal = { value: text.slice(open + 1, close), start: open + 1, end: close };
  }
  args.push(argument);
}
