import { WORD_START } from './keywords.js';

/**
 * What a regex's matches can begin with: one path through its leading literals. `text` is the
 * literal the match starts with (lower case); `open` while more literal may follow; `wordStart`
 * when a lookbehind before the first character wants no ASCII letter or digit there (`\b` counts
 * when the text starts with a word character).
 */
interface Prefix {
  text: string;
  open: boolean;
  wordStart: boolean;
  boundary: boolean;
}

/** Past this many paths the leading literals are not worth enumerating: no anchoring. */
const MAX_PREFIXES = 512;

class TooComplex extends Error {}

/**
 * Whether every match of `regex` starts where one of `keywords` starts, as the keyword pass finds
 * them (ASCII case folded; a `WORD_START` keyword only after no ASCII letter or digit). Then the
 * regex need only be tried at those offsets (see `TokenPattern.anchored`).
 *
 * Decided from the source: the literal text every path through the regex begins with (alternatives,
 * optional groups, characters and small classes of literal characters expanded — `[_.-]` is three
 * paths; a range, escape class or repetition ends the literal) must begin with a keyword, and a word-start keyword needs a lookbehind (or `\b`) that
 * excludes a letter or digit before the match. Anything the reading does not understand — a
 * Unicode-mode regex (its case folding maps `ſ` to `s`), too many paths — answers false, which is
 * always safe: the regex then runs over the whole text.
 */
export function startsAtKeywords(regex: RegExp, keywords: readonly string[]): boolean {
  if (!keywords.length || regex.unicode || regex.flags.includes('v')) return false;
  let prefixes: Prefix[];
  // Past the longest keyword's length more literal cannot change which keyword a path begins with:
  // paths stop there, so expanding classes like `[_.-]` does not multiply them without end.
  const longest = Math.max(...keywords.map((k) => (k.startsWith(WORD_START) ? k.length - WORD_START.length : k.length)));
  try {
    const reader = new Reader(regex.source, longest);
    prefixes = reader.alternatives();
    if (reader.at < regex.source.length) return false;
  } catch (error) {
    if (error instanceof TooComplex) return false;
    throw error;
  }
  const words = keywords.map((k) => (k.startsWith(WORD_START) ? { word: k.slice(WORD_START.length), wordStart: true } : { word: k, wordStart: false }));
  if (words.some(({ word }) => !/^[\x20-\x7e]+$/.test(word) || word !== word.toLowerCase())) return false;
  return prefixes.every((prefix) => {
    const wordStart = prefix.wordStart || (prefix.boundary && /^\w/.test(prefix.text));
    return words.some(({ word, wordStart: needed }) => prefix.text.startsWith(word) && (!needed || wordStart));
  });
}

const EMPTY: Prefix = { text: '', open: true, wordStart: false, boundary: false };
const STOP: Prefix = { text: '', open: false, wordStart: false, boundary: false };

/** A recursive reader of a regex source (non-Unicode syntax), returning the prefixes of each part. */
class Reader {
  at = 0;
  constructor(
    private readonly source: string,
    /** Paths whose text reaches this length stop (see `startsAtKeywords`). */
    private readonly longest: number,
  ) {}

  /** `a|b|…` up to a `)` or the end. */
  alternatives(): Prefix[] {
    const all = [...this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      all.push(...this.sequence());
      if (all.length > MAX_PREFIXES) throw new TooComplex();
    }
    return distinct(all);
  }

  private sequence(): Prefix[] {
    let result: Prefix[] = [EMPTY];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const atom = this.quantified(this.atom());
      if (!result.some((r) => r.open)) continue; // read on to the end of the sequence
      const next: Prefix[] = [];
      for (const r of result) {
        if (!r.open) {
          next.push(r);
          continue;
        }
        for (const a of atom) {
          const text = r.text + a.text;
          next.push({
            text: text.slice(0, this.longest),
            open: a.open && text.length < this.longest,
            // A lookbehind says something about the match start only before its first character.
            wordStart: r.wordStart || (r.text === '' && a.wordStart),
            boundary: r.boundary || (r.text === '' && a.boundary),
          });
        }
      }
      result = distinct(next);
      if (result.length > MAX_PREFIXES) throw new TooComplex();
    }
    return result;
  }

  /** One atom's prefixes, before any quantifier. */
  private atom(): Prefix[] {
    const s = this.source;
    const c = s[this.at]!;
    if (c === '(') return this.group();
    if (c === '[') {
      const from = this.at;
      this.skipClass();
      return literalClass(s.slice(from + 1, this.at - 1)) ?? [STOP];
    }
    if (c === '\\') {
      const e = s[this.at + 1];
      if (e === undefined) throw new TooComplex();
      this.at += 2;
      if (e === 'b') return [{ ...EMPTY, boundary: true }];
      if (e === 'B') return [EMPTY];
      // An escaped punctuation character is itself; letters and digits are classes, references or code points.
      if (/[^A-Za-z0-9]/.test(e)) return [{ ...EMPTY, text: foldAscii(e) }];
      return [STOP];
    }
    this.at++;
    if (c === '^' || c === '$') return [EMPTY];
    if (c === '.' || c === '*' || c === '+' || c === '?') return [STOP];
    if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(s.slice(this.at - 1))) throw new TooComplex(); // a quantifier with nothing before it
    return [{ ...EMPTY, text: foldAscii(c) }];
  }

  private group(): Prefix[] {
    const s = this.source;
    this.at++; // (
    let kind: 'plain' | 'lookahead' | 'lookbehind' | 'negative-lookbehind' = 'plain';
    if (s.startsWith('?:', this.at)) this.at += 2;
    else if (s.startsWith('?=', this.at) || s.startsWith('?!', this.at)) {
      this.at += 2;
      kind = 'lookahead';
    } else if (s.startsWith('?<=', this.at)) {
      this.at += 3;
      kind = 'lookbehind';
    } else if (s.startsWith('?<!', this.at)) {
      this.at += 3;
      kind = 'negative-lookbehind';
    } else if (s.startsWith('?<', this.at)) {
      const close = s.indexOf('>', this.at);
      if (close === -1) throw new TooComplex();
      this.at = close + 1;
    } else if (s[this.at] === '?') throw new TooComplex();
    const from = this.at;
    const inner = this.alternatives();
    if (s[this.at] !== ')') throw new TooComplex();
    const body = s.slice(from, this.at);
    this.at++;
    if (kind === 'plain') return inner;
    // Assertions consume nothing. `(?<![A-Za-z0-9…])`: no ASCII letter or digit before this point.
    return [{ ...EMPTY, wordStart: kind === 'negative-lookbehind' && excludesAlphanumerics(body) }];
  }

  private skipClass(): void {
    const s = this.source;
    this.at++; // [
    if (s[this.at] === ']') throw new TooComplex(); // `[]` and `[]…]` read differently across engines
    while (this.at < s.length && s[this.at] !== ']') this.at += s[this.at] === '\\' ? 2 : 1;
    if (this.at >= s.length) throw new TooComplex();
    this.at++;
  }

  /** Applies a quantifier after an atom, if there is one. */
  private quantified(atom: Prefix[]): Prefix[] {
    const s = this.source;
    const rest = s.slice(this.at, this.at + 16);
    const q = /^(?:[?*+]|\{(\d+)(?:,(\d*))?\})/.exec(rest);
    if (!q) return atom;
    this.at += q[0].length;
    if (s[this.at] === '?') this.at++; // lazy
    const min = q[0] === '?' || q[0] === '*' ? 0 : q[0] === '+' ? 1 : Number(q[1]);
    const max = q[0] === '?' ? 1 : q[0] === '{' + q[1] + '}' ? Number(q[1]) : Infinity;
    const consuming = atom.some((a) => a.text !== '' || !a.open);
    if (!consuming) return min === 0 ? [EMPTY] : atom; // a repeated assertion
    if (min === 0 && max === 1) return [...atom, EMPTY];
    // Repeated: one copy (when at least one is required) begins the match; what follows is unknown.
    if (min === 0) return [STOP];
    return atom.map((a) => ({ ...a, open: false }));
  }
}

/**
 * The members of a small class of literal characters (`_.-`, `\\/:`), each a one-character path;
 * undefined for anything else: a negated class, a range, an escape class such as `\\w`, or more
 * than a handful of members (a wide class is no literal worth following).
 */
function literalClass(body: string): Prefix[] | undefined {
  if (body.startsWith('^')) return undefined;
  const members: string[] = [];
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\') {
      c = body[++i] ?? '';
      // An escaped punctuation character is itself; letters and digits are classes or code points.
      if (!/^[^A-Za-z0-9]$/.test(c)) return undefined;
    } else if (c === '-' && i > 0 && i < body.length - 1) return undefined; // a range
    members.push(foldAscii(c));
  }
  if (!members.length || members.length > MAX_CLASS_MEMBERS) return undefined;
  return [...new Set(members)].map((text) => ({ ...EMPTY, text }));
}

/**
 * A character as the keyword pass sees it: ASCII letters folded, nothing else (`K`, the Kelvin
 * sign, lower-cases to an ASCII `k` that the pass never reads there).
 */
function foldAscii(c: string): string {
  return c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
}

/** Classes with more members than this end the literal. */
const MAX_CLASS_MEMBERS = 4;

/** The prefixes without repeats (paths through `[_-]?x` and `x` can read the same). */
function distinct(prefixes: Prefix[]): Prefix[] {
  const seen = new Map<string, Prefix>();
  for (const p of prefixes) seen.set(`${p.text}\u0000${p.open}${p.wordStart}${p.boundary}`, p);
  return seen.size === prefixes.length ? prefixes : [...seen.values()];
}

/** Whether a lookbehind body is one character class that holds every ASCII letter and digit. */
function excludesAlphanumerics(body: string): boolean {
  const m = /^\[([^\]^][^\]]*)\]$/.exec(body);
  if (!m) return false;
  const members = m[1]!;
  return (members.includes('\\w') || (members.includes('A-Z') && members.includes('a-z'))) && (members.includes('\\w') || members.includes('0-9'));
}
