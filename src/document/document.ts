import type { FileKind, SyntaxFamily } from './kinds.js';
import type { Keystore } from './keystore.js';
import { syntaxOf } from './kinds.js';
import { LineIndex } from './line-index.js';
import type { Syntax, SyntaxTree, SyntaxTrees } from './syntax.js';

/** Parses a document's text into its syntax family's tree; failures are returned, not thrown. */
export type SyntaxParser = (doc: Document) => Syntax;

export interface DocumentOptions {
  keystore?: Keystore;
  /** See `Document.textOnly`. */
  textOnly?: boolean;
}

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
    options: DocumentOptions = {},
  ) {
    this.family = syntaxOf(kind);
    this.keystore = options.keystore;
    this.textOnly = options.textOnly ?? false;
  }

  /** A binary key store's readable facts; its text is then empty. */
  readonly keystore: Keystore | undefined;
  /**
   * The file is read by the text rules only and never parsed (minified or truncated code): its
   * syntax is empty, and gates that decide whether to parse can answer no without reading the text.
   */
  readonly textOnly: boolean;

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
    this.parsed ??= this.textOnly ? { family: 'none', tree: undefined, errors: [] } : this.parser(this);
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
