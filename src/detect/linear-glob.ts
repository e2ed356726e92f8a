import picomatch from 'picomatch';
import { RE2JS } from 're2js';

/**
 * Globs from a configuration file or the command line, matched in linear time. picomatch reads the
 * glob syntax (the library users know) and writes a JavaScript regex, but that regex backtracks:
 * `*a*a*a*a*a*b` against a 120-character path takes seconds, and a repository's own configuration
 * is as untrusted as the rest of it. The regex is therefore run by RE2JS (an automaton, linear in
 * the path). picomatch's regexes use lookaround for one purpose only with `dot: true`: to keep
 * `*` from matching `.`/`..` segments and empty names, which never occur in the normalised
 * relative paths nhiscan matches, so those guards are dropped. A glob whose regex needs any other
 * lookaround (extglobs such as `!(x)`) is a configuration error that says so.
 */

/** The guards picomatch writes with `dot: true`, none of which can matter for a normalised relative path. */
const DOT_GUARDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'];

class LinearGlobError extends Error {
  override name = 'LinearGlobError';
}

/** One glob as an automaton; a leading `!` negates it, as in picomatch. */
function compileGlob(glob: string): (path: string) => boolean {
  const negated = glob.startsWith('!') && !glob.startsWith('!(');
  const pattern = negated ? glob.slice(1) : glob;
  let source: string;
  try {
    source = picomatch.makeRe(pattern, { dot: true }).source;
  } catch {
    throw new LinearGlobError(`glob "${glob}" is not a valid glob`);
  }
  for (const guard of DOT_GUARDS) source = source.split(guard).join('');
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch {
    throw new LinearGlobError(
      `glob "${glob}" uses syntax nhiscan cannot match in linear time (extglobs such as !(…), @(…), +(…)); write it with *, **, ?, [...] and {a,b}`,
    );
  }
  return negated ? (path) => !re.matches(path) : (path) => re.matches(path);
}

/** Why a glob cannot be used, or undefined when it compiles. */
export function linearGlobProblem(glob: string): string | undefined {
  try {
    compileGlob(glob);
    return undefined;
  } catch (error) {
    return error instanceof LinearGlobError ? error.message : 'is not a valid glob';
  }
}

/** Whether a path matches any of the globs (picomatch syntax, dotfiles included), in time linear in the path per glob. */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const matchers = globs.map(compileGlob);
  return (path) => matchers.some((match) => match(path));
}
