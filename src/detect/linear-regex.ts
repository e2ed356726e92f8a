import { RE2JS } from 're2js';

/**
 * Regexes from a configuration file run in linear time. A repository's own `.nhiscanrc.yml` is
 * as untrusted as the rest of it, and a backtracking engine lets a pattern such as `(a+)+b` hang
 * a CI job for hours on one line of text. These patterns are compiled by RE2JS (a pure
 * JavaScript port of RE2, an automaton engine: time linear in the text, whatever the pattern);
 * the RE2 syntax is Perl's without backreferences and lookaround, and a pattern that uses them is
 * a configuration error that says so.
 */

class LinearRegexError extends Error {
  override name = 'LinearRegexError';
}

/** Why a configured regex cannot be used, or undefined when it compiles. */
export function linearRegexProblem(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : 'invalid';
    return `not a regex nhiscan can run in linear time (RE2 syntax: no backreferences or lookaround): ${reason}`;
  }
}

function compile(source: string, ignoreCase: boolean): RE2JS {
  try {
    return RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch {
    throw new LinearRegexError(`regex "${source}" ${linearRegexProblem(source) ?? 'is invalid'}`);
  }
}

/** A configured regex for yes-or-no questions (allowlists, production names). */
export class LinearTest {
  private readonly re: RE2JS;

  constructor(
    readonly source: string,
    options: { ignoreCase?: boolean } = {},
  ) {
    this.re = compile(source, options.ignoreCase ?? false);
  }

  /** Whether the regex matches anywhere in the text. */
  test(text: string): boolean {
    return this.re.test(text);
  }
}

/**
 * A configured regex that finds matches with their groups and positions, as `String#matchAll`
 * gives them for a `gd` RegExp (indices in UTF-16 code units), for the token rules built from a
 * configuration's `secrets.patterns`.
 */
export class LinearPattern {
  readonly global = true;
  readonly hasIndices = true;
  private readonly re: RE2JS;

  constructor(readonly source: string) {
    this.re = compile(source, false);
  }

  /** The number of capture groups. */
  get groupCount(): number {
    return this.re.groupCount();
  }

  *matchAll(text: string): Generator<RegExpExecArray> {
    const matcher = this.re.matcher(text);
    const count = this.re.groupCount();
    const names = Object.entries(this.re.namedGroups());
    while (matcher.find()) {
      const values: (string | undefined)[] = [];
      const indices: ([number, number] | undefined)[] = [];
      for (let g = 0; g <= count; g++) {
        const start = matcher.start(g);
        values.push(start < 0 ? undefined : (matcher.group(g) ?? undefined));
        indices.push(start < 0 ? undefined : [start, matcher.end(g)]);
      }
      const match = Object.assign(values, {
        index: matcher.start(0),
        input: text,
        groups: names.length ? Object.fromEntries(names.map(([name, g]) => [name, values[g]])) : undefined,
        indices: Object.assign(indices, { groups: names.length ? Object.fromEntries(names.map(([name, g]) => [name, indices[g]])) : undefined }),
      });
      yield match as unknown as RegExpExecArray;
    }
  }
}
