import type { Document, SyntaxParser } from './document.js';
import type { SyntaxFamily } from './kinds.js';
import { parserModule } from './parsers.js';
import type { ParseProblem, Syntax } from './syntax.js';

export { loadParsers } from './parsers.js';

/** Whether any line is longer than `max` characters (linear, unlike a regex with a big count). */
export function hasLineLongerThan(text: string, max: number): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
    if ((end === -1 ? text.length : end) - start > max) return true;
    if (end === -1) return false;
    start = end + 1;
  }
}

/**
 * Whether JavaScript looks minified or generated (a bundle, a vendored build): over 4 KB with
 * lines averaging over 200 characters, or one line over 4,000. Such files are a fifth of the
 * JavaScript in a typical node_modules and most of its parse time, and nobody writes a
 * credential into them by hand: the text rules read them, the code-structure rules do not.
 */
export function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return text.length / lines > 200 || hasLineLongerThan(text, 4000);
}

/** The one table from syntax family to parser. */
const PARSERS: Record<SyntaxFamily, (text: string) => Syntax> = {
  yaml(text) {
    // Real YAML has short lines; a megabyte-long one is generated data or an attack, and the YAML
    // parser needs seconds for it. Text rules still read the file.
    if (hasLineLongerThan(text, 32 * 1024)) return { family: 'none', tree: undefined, errors: [problem(0, 'a line over 32 KB; not parsed as YAML')] };
    const yaml = parserModule('yaml');
    // The yaml library builds an Error per problem, and a template file (Helm, Jinja) has
    // hundreds; capturing their stack traces costs more than parsing. We never show them.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let docs;
    try {
      docs = yaml.parseAllDocuments(text, { prettyErrors: false, strict: false, uniqueKeys: false });
    } finally {
      Error.stackTraceLimit = limit;
    }
    const list = Array.isArray(docs) ? docs : [];
    const errors = list.flatMap((d) => d.errors.map((e) => problem(e.pos[0], yamlErrorText(e.code))));
    return { family: 'yaml', tree: list, errors };
  },
  json(text) {
    const jsonc = parserModule('json');
    const raw: import('jsonc-parser').ParseError[] = [];
    const tree = jsonc.parseTree(text, raw, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
    const errors = raw.map((e) => problem(e.offset, jsonc.printParseErrorCode(e.error)));
    return { family: 'json', tree, errors };
  },
  toml(text) {
    const toml = parserModule('toml');
    try {
      return { family: 'toml', tree: toml.parseTOML(text), errors: [] };
    } catch (error) {
      const index = typeof (error as { index?: unknown }).index === 'number' ? (error as { index: number }).index : 0;
      return { family: 'none', tree: undefined, errors: [problem(index, 'invalid TOML')] };
    }
  },
  js(text) {
    const babel = parserModule('js');
    try {
      const tree = babel.parse(text, {
        sourceType: 'unambiguous',
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowUndeclaredExports: true,
        // No rule reads comments attached to nodes (suppressions read the text); skipping the
        // attachment makes parsing about a third faster.
        attachComment: false,
        plugins: ['typescript', 'jsx', 'decorators-legacy', 'importAttributes', 'explicitResourceManagement'],
      });
      const errors = (tree.errors ?? []).map((e) => problem(e.pos, 'syntax error'));
      return { family: 'js', tree, errors };
    } catch (error) {
      const pos = typeof (error as { pos?: unknown }).pos === 'number' ? (error as { pos: number }).pos : 0;
      return { family: 'none', tree: undefined, errors: [problem(pos, 'syntax error')] };
    }
  },
  text() {
    return { family: 'none', tree: undefined, errors: [] };
  },
};

/**
 * The document parser: the syntax of the document's family. Parser errors are reduced to a
 * position and an error code, because several parsers quote the offending source in their
 * messages and the source may hold a secret.
 */
export const parseSyntax: SyntaxParser = (doc: Document) => {
  try {
    return PARSERS[doc.family](doc.text);
  } catch {
    return { family: 'none', tree: undefined, errors: [problem(0, `the ${doc.family} parser failed`)] };
  }
};

function problem(offset: number, message: string): ParseProblem {
  return { offset, message };
}

function yamlErrorText(code: string): string {
  return code.toLowerCase().replaceAll('_', ' ');
}
