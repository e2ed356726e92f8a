/**
 * `import()` of a module outside the CLI bundle (a parser library, the spinner, a JS configuration
 * the user named). On Node 20 bin/nhiscan.js runs the bundle as a script with a V8 code cache, and
 * V8 drops `import()`'s loader from cached code; there the bin hands over its own `import`, under
 * this symbol. Anywhere else (Node 22+, the unbundled build, tests) this is plain `import()`.
 */
const GIVEN = Symbol.for('nhiscan.import');

export function importModule<T>(specifier: string): Promise<T> {
  const given = (globalThis as { [GIVEN]?: (specifier: string) => Promise<unknown> })[GIVEN];
  return (given ? given(specifier) : import(specifier)) as Promise<T>;
}
