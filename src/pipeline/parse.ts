import { createRequire } from 'node:module';
import type { Document, SyntaxParser } from '../document/document.js';
import type { SyntaxFamily } from '../document/kinds.js';
import type { ParseProblem, Syntax } from '../document/syntax.js';

type YamlModule = typeof import('yaml');
type JsoncModule = typeof import('jsonc-parser');
type TomlModule = typeof import('toml-eslint-parser');
type BabelModule = typeof import('@babel/parser');

const require = createRequire(import.meta.url);

/** Parser modules, loaded on demand so a scan without JS files never loads Babel. */
const loaded: { yaml?: YamlModule; json?: JsoncModule; toml?: TomlModule; js?: BabelModule } = {};

/** Loads the parser modules of the given families (idempotent). Call before parsing. */
export async function loadParsers(families: Iterable<SyntaxFamily>): Promise<void> {
  for (const family of new Set(families)) {
    if (family === 'yaml') loaded.yaml ??= await import('yaml');
    else if (family === 'json') loaded.json ??= await import('jsonc-parser');
    else if (family === 'toml') loaded.toml ??= await import('toml-eslint-parser');
    else if (family === 'js') loaded.js ??= require('@babel/parser') as BabelModule;
  }
}

/** The one table from syntax family to parser. */
const PARSERS: Record<SyntaxFamily, (text: string) => Syntax> = {
  yaml(text) {
    const yaml = need(loaded.yaml, 'yaml');
    const docs = yaml.parseAllDocuments(text, {
      prettyErrors: false,
      strict: false,
      uniqueKeys: false,
    });
    const list = Array.isArray(docs) ? docs : [];
    const errors = list.flatMap((d) => d.errors.map((e) => problem(e.pos[0], yamlErrorText(e.code))));
    return { family: 'yaml', tree: list, errors };
  },
  json(text) {
    const jsonc = need(loaded.json, 'json');
    const raw: import('jsonc-parser').ParseError[] = [];
    const tree = jsonc.parseTree(text, raw, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
    const errors = raw.map((e) => problem(e.offset, jsonc.printParseErrorCode(e.error)));
    return { family: 'json', tree, errors };
  },
  toml(text) {
    const toml = need(loaded.toml, 'toml');
    try {
      return { family: 'toml', tree: toml.parseTOML(text), errors: [] };
    } catch (error) {
      const index = typeof (error as { index?: unknown }).index === 'number' ? (error as { index: number }).index : 0;
      return { family: 'none', tree: undefined, errors: [problem(index, 'invalid TOML')] };
    }
  },
  js(text) {
    const babel = need(loaded.js, 'js');
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

function need<T>(module: T | undefined, family: string): T {
  if (!module) throw new Error(`parser for ${family} not loaded`);
  return module;
}
