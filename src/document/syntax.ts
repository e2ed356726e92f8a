import type { File as BabelFile } from '@babel/types';
import type { Node as JsonNode } from 'jsonc-parser';
import type { AST as TomlAst } from 'toml-eslint-parser';
import type { Document as YamlDocument } from 'yaml';

/** The trees each syntax family parses into. */
export interface SyntaxTrees {
  /** Every document of a multi-document stream, in order. */
  yaml: YamlDocument.Parsed[];
  /** Undefined for an empty file. */
  json: JsonNode | undefined;
  toml: TomlAst.TOMLProgram;
  js: BabelFile;
}

export type SyntaxTree<F extends keyof SyntaxTrees> = SyntaxTrees[F];

/** A parse result: a tree (possibly with recoverable errors), or nothing. */
export type Syntax =
  | { [F in keyof SyntaxTrees]: { family: F; tree: SyntaxTrees[F]; errors: ParseProblem[] } }[keyof SyntaxTrees]
  | { family: 'none'; tree: undefined; errors: ParseProblem[] };

/** A parse error, described by position and kind only: never with the source text. */
export interface ParseProblem {
  offset: number;
  message: string;
}
