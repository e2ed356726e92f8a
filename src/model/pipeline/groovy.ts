import type { Range } from '../../rule/types.js';

/**
 * A small tokenizer and parser for Jenkinsfiles: enough Groovy to read declarative and scripted
 * pipelines as a tree of calls (`stage('Deploy') { steps { sh '…' } }`), with named arguments,
 * lists, closures, assignments (`KEY = credentials('id')`) and string literals with their source
 * ranges. Expressions it does not understand become opaque values; it never throws.
 */

export type GroovyValue =
  | { kind: 'string'; value: string; range: Range; /** Range of the text between the quotes. */ content: Range; interpolated: boolean }
  | { kind: 'list'; items: GroovyArg[]; range: Range }
  | { kind: 'call'; call: GroovyCall; range: Range }
  | { kind: 'closure'; body: GroovyCall[]; range: Range }
  | { kind: 'other'; text: string; range: Range };

interface GroovyArg {
  key?: string;
  keyRange?: Range;
  value: GroovyValue;
}

/** A statement: a call with arguments and closures, or an assignment (`name` is its target). */
export interface GroovyCall {
  /** Dotted name: `sh`, `stage`, `docker.image.push`, `credentials`. */
  name: string;
  nameRange: Range;
  args: GroovyArg[];
  /** Trailing closures (and the bodies of `if`/`try`/`else`). */
  blocks: GroovyCall[][];
  range: Range;
  /** `KEY = value` statements: the value. */
  assigned?: GroovyValue;
}

interface Token {
  type: 'ident' | 'string' | 'number' | 'punct' | 'nl';
  value: string;
  start: number;
  end: number;
  /** Strings: offsets of the content and whether it has `${…}`/`$name`. */
  content?: Range;
  interpolated?: boolean;
}

/** Nesting beyond which closures are skipped (keeps adversarial input linear). */
const MAX_DEPTH = 64;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      tokens.push({ type: 'nl', value: '\n', start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === '#' && i === 0 && text[1] === '!') {
      const end = text.indexOf('\n');
      i = end === -1 ? n : end;
    } else if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const contentStart = i + quote.length;
      let j = contentStart;
      while (j < n && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        else if (c === '"' && text[j] === '$' && text[j + 1] === '{') j = interpolationEnd(text, j + 2) - 1;
        j++;
      }
      const contentEnd = Math.min(j, n);
      const raw = text.slice(contentStart, contentEnd);
      tokens.push({
        type: 'string',
        value: unescape(raw),
        start: i,
        end: Math.min(n, contentEnd + quote.length),
        content: { start: contentStart, end: contentEnd },
        interpolated: c === '"' && /\$[{A-Za-z_]/.test(raw),
      });
      i = Math.min(n, contentEnd + quote.length);
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(text[j]!)) j++;
      tokens.push({ type: 'ident', value: text.slice(i, j), start: i, end: j });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j]!)) j++;
      tokens.push({ type: 'number', value: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      const two = text.slice(i, i + 2);
      const op = ['==', '!=', '&&', '||', '->', '<=', '>=', '=~', '?.', '?:', '++', '--', '+=', '-=', '**', '<<', '..'].includes(two) ? two : c;
      tokens.push({ type: 'punct', value: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  return tokens;
}

/** The index after the `}` closing a `${…}` that starts at `from` (quotes inside are skipped). */
function interpolationEnd(text: string, from: number): number {
  let depth = 1;
  let j = from;
  const limit = Math.min(text.length, from + 4096);
  while (j < limit) {
    const ch = text[j]!;
    if (ch === '\n') return j;
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return j + 1;
    else if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, j + 1);
      if (close === -1 || close > limit) return j;
      j = close;
    }
    j++;
  }
  return j;
}

function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(.)/gs, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === '\n' ? '' : ch));
}

/** Parses a Jenkinsfile into its top-level statements. */
export function parseGroovy(text: string): GroovyCall[] {
  const parser = new Parser(tokenize(text));
  return parser.block(0);
}

const KEYWORDS_WITH_CONDITION = new Set(['if', 'while', 'for', 'switch', 'catch', 'synchronized']);

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private is(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return !!t && t.type === 'punct' && t.value === value;
  }

  private skipNewlines(): void {
    while (this.peek()?.type === 'nl' || this.is(';')) this.i++;
  }

  /** Statements until a closing brace (consumed by the caller) or the end. */
  block(depth: number): GroovyCall[] {
    const out: GroovyCall[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t || (t.type === 'punct' && t.value === '}')) return out;
      const before = this.i;
      const statement = this.statement(depth);
      if (statement) out.push(statement);
      if (this.i === before) this.i++;
    }
  }

  private statement(depth: number): GroovyCall | undefined {
    const t = this.peek()!;
    if (t.type === 'ident' && KEYWORDS_WITH_CONDITION.has(t.value) && this.is('(', 1)) {
      this.i++;
      const condition = this.parenthesised(depth);
      const call: GroovyCall = { name: t.value, nameRange: { start: t.start, end: t.end }, args: condition, blocks: [], range: { start: t.start, end: t.end } };
      this.trailingBlocks(call, depth);
      return call;
    }
    if (t.type === 'ident' && (t.value === 'else' || t.value === 'try' || t.value === 'finally' || t.value === 'do')) {
      this.i++;
      if (t.value === 'else' && this.peek()?.type === 'ident' && this.peek()!.value === 'if') return this.statement(depth);
      const call: GroovyCall = { name: t.value, nameRange: { start: t.start, end: t.end }, args: [], blocks: [], range: { start: t.start, end: t.end } };
      this.trailingBlocks(call, depth);
      return call;
    }
    if (
      t.type === 'ident' &&
      (t.value === 'def' || t.value === 'final' || t.value === 'return' || t.value === 'static' || t.value === 'import' || t.value === 'package')
    ) {
      this.i++;
      if (t.value === 'import' || t.value === 'package') {
        this.skipToLineEnd();
        return undefined;
      }
      return this.statement(depth);
    }
    if (t.type === 'punct' && t.value === '@') {
      // `@Library('lib') _`: an annotation, then the rest of the statement.
      this.i++;
      const annotation = this.primary(depth);
      return annotation?.kind === 'call' ? annotation.call : undefined;
    }
    const value = this.expression(depth);
    if (!value) {
      this.skipToLineEnd();
      return undefined;
    }
    if (value.kind !== 'call') return undefined;
    const call = value.call;
    // `name = value`
    if (this.is('=') || this.is('+=')) {
      this.i++;
      call.assigned = this.expression(depth);
      call.range = { start: call.range.start, end: call.assigned?.range.end ?? call.range.end };
      return call;
    }
    // Command syntax: `sh 'make'`, `input message: 'Deploy?'`, `branch 'main'`.
    if (!call.args.length && !call.blocks.length && this.startsArgument()) {
      call.args = this.argumentList(depth, false);
      if (this.is('{')) this.trailingBlocks(call, depth);
      const last = call.args[call.args.length - 1];
      if (last) call.range = { start: call.range.start, end: Math.max(call.range.end, last.value.range.end) };
    }
    return call;
  }

  private startsArgument(): boolean {
    const t = this.peek();
    if (!t || t.type === 'nl') return false;
    if (t.type === 'string' || t.type === 'number') return true;
    if (t.type === 'ident') return !['else', 'catch', 'finally', 'in', 'instanceof', 'as'].includes(t.value);
    return t.type === 'punct' && (t.value === '[' || t.value === '!' || t.value === '-');
  }

  private skipToLineEnd(): void {
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      if (t.type === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
      if (t.type === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}')) {
        if (depth === 0) return;
        depth--;
      }
      if (depth === 0 && (t.type === 'nl' || (t.type === 'punct' && t.value === ';'))) return;
      this.i++;
    }
  }

  /** Comma-separated arguments up to `)` (parenthesised) or the end of the line. */
  private argumentList(depth: number, parenthesised: boolean): GroovyArg[] {
    const args: GroovyArg[] = [];
    for (;;) {
      if (parenthesised) while (this.peek()?.type === 'nl') this.i++;
      const t = this.peek();
      if (!t || (t.type === 'punct' && (t.value === ')' || t.value === '}' || t.value === ']'))) break;
      if (!parenthesised && (t.type === 'nl' || (t.type === 'punct' && (t.value === ';' || t.value === '{')))) break;
      const before = this.i;
      let key: string | undefined;
      let keyRange: Range | undefined;
      if ((t.type === 'ident' || t.type === 'string') && this.is(':', 1)) {
        key = t.value;
        keyRange = { start: t.start, end: t.end };
        this.i += 2;
      }
      const value = this.expression(depth) ?? { kind: 'other' as const, text: '', range: { start: t.start, end: t.end } };
      args.push({ key, keyRange, value });
      if (this.is(',')) {
        this.i++;
        if (!parenthesised) while (this.peek()?.type === 'nl') this.i++;
        continue;
      }
      if (this.i === before) this.i++;
      if (!parenthesised) break;
      if (!this.is(')')) {
        // Something we do not model (an operator chain): skip to the next comma or the close.
        this.skipWithin(')');
        if (this.is(',')) this.i++;
      }
    }
    return args;
  }

  private skipWithin(close: string): void {
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      if (t.type === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
      else if (t.type === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}')) {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0 && t.type === 'punct' && t.value === ',' && close === ')') return;
      this.i++;
    }
  }

  private parenthesised(depth: number): GroovyArg[] {
    if (!this.is('(')) return [];
    this.i++;
    const args = this.argumentList(depth, true);
    if (this.is(')')) this.i++;
    return args;
  }

  private trailingBlocks(call: GroovyCall, depth: number): void {
    for (;;) {
      let look = 0;
      while (this.peek(look)?.type === 'nl') look++;
      if (this.peek(look)?.type === 'punct' && this.peek(look)!.value === '{') {
        this.i += look;
        call.blocks.push(this.closure(depth).body);
        call.range = { start: call.range.start, end: this.tokens[this.i - 1]?.end ?? call.range.end };
        continue;
      }
      const next = this.peek(look);
      if (next?.type === 'ident' && (next.value === 'else' || next.value === 'catch' || next.value === 'finally') && call.blocks.length) {
        this.i += look;
        const inner = this.statement(depth);
        if (inner) call.blocks.push([inner]);
        continue;
      }
      return;
    }
  }

  private closure(depth: number): { body: GroovyCall[]; range: Range } {
    const open = this.peek()!;
    this.i++;
    let body: GroovyCall[] = [];
    if (depth < MAX_DEPTH) {
      // Closure parameters: `{ a, b -> … }`
      let look = 0;
      while (this.peek(look) && (this.peek(look)!.type === 'ident' || this.is(',', look) || this.peek(look)!.type === 'nl')) look++;
      if (this.is('->', look)) this.i += look + 1;
      body = this.block(depth + 1);
    } else {
      this.skipWithin('}');
    }
    const close = this.peek();
    if (close?.type === 'punct' && close.value === '}') this.i++;
    return { body, range: { start: open.start, end: close?.end ?? open.end } };
  }

  /** A primary with operators after it; the first operand is kept, the rest skipped. */
  private expression(depth: number): GroovyValue | undefined {
    const first = this.primary(depth);
    if (!first) return undefined;
    for (;;) {
      const t = this.peek();
      if (!t || t.type !== 'punct') break;
      if (['+', '-', '*', '/', '%', '==', '!=', '&&', '||', '<', '>', '<=', '>=', '=~', '?:', '?', '..', '<<', 'instanceof'].includes(t.value)) {
        this.i++;
        if (t.value === '?') {
          this.expression(depth);
          if (this.is(':')) this.i++;
        }
        while (this.peek()?.type === 'nl' && ['+', '&&', '||'].includes(t.value)) this.i++;
        this.primary(depth);
        continue;
      }
      break;
    }
    return first;
  }

  private primary(depth: number): GroovyValue | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (t.type === 'string') {
      this.i++;
      const value: GroovyValue = {
        kind: 'string',
        value: t.value,
        range: { start: t.start, end: t.end },
        content: t.content!,
        interpolated: t.interpolated ?? false,
      };
      return this.postfix(value, depth);
    }
    if (t.type === 'number') {
      this.i++;
      return { kind: 'other', text: t.value, range: { start: t.start, end: t.end } };
    }
    if (t.type === 'punct') {
      if (t.value === '[') return this.postfix(this.list(depth), depth);
      if (t.value === '(') {
        this.i++;
        const inner = this.expression(depth);
        this.skipWithin(')');
        if (this.is(')')) this.i++;
        return inner ? this.postfix(inner, depth) : undefined;
      }
      if (t.value === '{') {
        const c = this.closure(depth);
        return { kind: 'closure', body: c.body, range: c.range };
      }
      if (t.value === '!' || t.value === '-' || t.value === '~') {
        this.i++;
        return this.primary(depth);
      }
      return undefined;
    }
    if (t.type === 'ident') {
      if (t.value === 'new') {
        this.i++;
        return this.primary(depth);
      }
      this.i++;
      const call: GroovyCall = { name: t.value, nameRange: { start: t.start, end: t.end }, args: [], blocks: [], range: { start: t.start, end: t.end } };
      return this.callRest(call, depth);
    }
    return undefined;
  }

  /** `name(args) { closure }` and method chains `a.b(…).c(…)`. */
  private callRest(call: GroovyCall, depth: number): GroovyValue {
    for (;;) {
      if (this.is('(')) {
        call.args = this.parenthesised(depth);
        call.range = { start: call.range.start, end: this.tokens[this.i - 1]?.end ?? call.range.end };
        if (this.is('{')) this.trailingBlocks(call, depth);
        continue;
      }
      if (this.is('{') && call.args.length === 0 && call.blocks.length === 0 && /^[a-z]/i.test(call.name)) {
        this.trailingBlocks(call, depth);
        continue;
      }
      if ((this.is('.') || this.is('?.')) && this.peek(1)?.type === 'ident') {
        const member = this.peek(1)!;
        this.i += 2;
        call.name = `${call.name}.${member.value}`;
        call.nameRange = { start: call.nameRange.start, end: member.end };
        call.range = { start: call.range.start, end: member.end };
        if (this.is('(')) call.args = [];
        continue;
      }
      // `env['NAME']`, `params["X"]`: an index right after the name.
      const previous = this.tokens[this.i - 1];
      if (this.is('[') && previous && previous.end === this.peek()!.start) {
        this.list(depth);
        continue;
      }
      break;
    }
    return { kind: 'call', call, range: call.range };
  }

  private postfix(value: GroovyValue, depth: number): GroovyValue {
    while ((this.is('.') || this.is('?.')) && this.peek(1)?.type === 'ident') {
      this.i += 2;
      if (this.is('(')) this.parenthesised(depth);
    }
    return value;
  }

  private list(depth: number): GroovyValue {
    const open = this.peek()!;
    this.i++;
    const entries: GroovyArg[] = [];
    for (;;) {
      while (this.peek()?.type === 'nl') this.i++;
      const t = this.peek();
      if (!t) break;
      if (t.type === 'punct' && t.value === ']') {
        this.i++;
        break;
      }
      if (t.type === 'punct' && (t.value === ')' || t.value === '}')) break;
      const before = this.i;
      let key: string | undefined;
      let keyRange: Range | undefined;
      if ((t.type === 'ident' || t.type === 'string') && this.is(':', 1)) {
        key = t.value;
        keyRange = { start: t.start, end: t.end };
        this.i += 2;
      } else if (t.type === 'punct' && t.value === '$' && this.peek(1)?.type === 'ident' && this.is(':', 2)) {
        key = '$' + this.peek(1)!.value;
        keyRange = { start: t.start, end: this.peek(1)!.end };
        this.i += 3;
      } else if (t.type === 'ident' && t.value.startsWith('$') && this.is(':', 1)) {
        key = t.value;
        keyRange = { start: t.start, end: t.end };
        this.i += 2;
      }
      const value = this.expression(depth);
      if (value) entries.push({ key, keyRange, value });
      if (this.is(',')) this.i++;
      else if (this.i === before || !value) {
        this.skipWithin(']');
        if (this.is(',')) this.i++;
      }
    }
    return { kind: 'list', items: entries, range: { start: open.start, end: this.tokens[this.i - 1]?.end ?? open.end } };
  }
}

// ---- queries --------------------------------------------------------------------------------

/** A named argument of a call. */
export function namedArg(call: GroovyCall, key: string): GroovyValue | undefined {
  for (const arg of call.args) if (arg.key === key) return arg.value;
  for (const arg of call.args) if (arg.value.kind === 'list') for (const item of arg.value.items) if (item.key === key) return item.value;
  return undefined;
}

/** The first positional argument of a call. */
export function firstArg(call: GroovyCall): GroovyValue | undefined {
  return call.args.find((a) => !a.key)?.value;
}

/** The string value of a value, if it is a literal string. */
export function stringOf(value: GroovyValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

/** Every call in a tree, depth-first, with its ancestors (outermost first). */
export function eachCall(calls: readonly GroovyCall[], visit: (call: GroovyCall, parents: readonly GroovyCall[]) => void | false): void {
  const stack: { call: GroovyCall; parents: GroovyCall[] }[] = [];
  for (let i = calls.length - 1; i >= 0; i--) stack.push({ call: calls[i]!, parents: [] });
  while (stack.length) {
    const { call, parents } = stack.pop()!;
    if (visit(call, parents) === false) continue;
    const inner = [...call.blocks.flat(), ...argCalls(call.args), ...(call.assigned ? valueCalls(call.assigned) : [])];
    for (let i = inner.length - 1; i >= 0; i--) stack.push({ call: inner[i]!, parents: [...parents, call] });
  }
}

function argCalls(args: readonly GroovyArg[]): GroovyCall[] {
  return args.flatMap((a) => valueCalls(a.value));
}

function valueCalls(value: GroovyValue): GroovyCall[] {
  if (value.kind === 'call') return [value.call];
  if (value.kind === 'closure') return value.body;
  if (value.kind === 'list') return argCalls(value.items);
  return [];
}
