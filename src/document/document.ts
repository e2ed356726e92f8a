import type { FileKind, SyntaxFamily } from './kinds.js';
import type { Keystore } from './keystore.js';
import { syntaxOf } from './kinds.js';
import { LineIndex } from './line-index.js';
import type { Syntax, SyntaxTree, SyntaxTrees } from './syntax.js';

/** Parses a document's text into its syntax family's tree; failures are returned, not thrown. */
export type SyntaxParser = (doc: Document) => Syntax;

/**
 * One file as every rule sees it. The syntax tree is built on first use and at most once, so a
 * file whose rules need only the text is never parsed.
 */
export class Document {
  readonly family: SyntaxFamily;
  private lineIndex: LineIndex | undefined;
  private parsed: Syntax | undefined;
  private lower: string | undefined;

  constructor(
    /** POSIX path relative to the scan root. */
    readonly path: string,
    readonly kind: FileKind,
    readonly text: string,
    private readonly parser: SyntaxParser,
    /** A binary key store's readable facts; its text is then empty. */
    readonly keystore?: Keystore,
  ) {
    this.family = syntaxOf(kind);
  }

  /** Offsets to lines and columns, built on first use: most files have no finding to locate. */
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  /** The text in lower case (for keyword checks), computed once. */
  get lowerText(): string {
    this.lower ??= this.text.toLowerCase();
    return this.lower;
  }

  /** The parsed syntax (or the parse failure), built once on first use. */
  get syntax(): Syntax {
    this.parsed ??= this.parser(this);
    return this.parsed;
  }

  /** The YAML documents of a YAML-family file; undefined for other families. */
  yaml(): SyntaxTree<'yaml'> | undefined {
    return this.tree('yaml');
  }

  /** The JSON/JSONC tree of a JSON-family file, or undefined when it has none. */
  json(): SyntaxTree<'json'> | undefined {
    return this.tree('json');
  }

  /** The TOML tree of a TOML-family file, or undefined when it did not parse. */
  toml(): SyntaxTree<'toml'> | undefined {
    return this.tree('toml');
  }

  /** The Babel syntax tree of a JavaScript/TypeScript file, or undefined when it did not parse. */
  js(): SyntaxTree<'js'> | undefined {
    return this.tree('js');
  }

  private tree<F extends keyof SyntaxTrees>(family: F): SyntaxTree<F> | undefined {
    if (this.family !== family) return undefined;
    const syntax = this.syntax;
    return syntax.family === family ? (syntax.tree as SyntaxTree<F>) : undefined;
  }
}
