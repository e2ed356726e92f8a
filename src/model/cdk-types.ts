import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

/**
 * Type-aware answers for infrastructure code where Babel's syntax tree cannot give them: which
 * literal values a stage id takes when the stage is added in a loop, through a helper function
 * or a `forEach` callback. The TypeScript binder resolves every identifier to its declaration
 * (loop variables, parameters, constants in any scope) and finds every call of a helper.
 *
 * ts-morph (and the TypeScript compiler inside it) is loaded on first use only: a scan that meets
 * no CDK pipeline with a dynamic stage never loads it. Nothing is type-checked against libraries
 * and nothing from the scanned tree is executed or resolved from disk: the file is analysed alone,
 * in an in-memory file system.
 */

type TsMorphModule = typeof TsMorph;

const require = createRequire(import.meta.url);
let tsMorph: TsMorphModule | undefined;
let project: TsMorph.Project | undefined;

/** Whether the type-aware analysis has been loaded in this process (for cost checks). */
export function typeAnalysisLoaded(): boolean {
  return tsMorph !== undefined;
}

function load(): { ts: TsMorphModule; project: TsMorph.Project } {
  tsMorph ??= require('ts-morph') as TsMorphModule;
  project ??= new tsMorph.Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noLib: true, noResolve: true, types: [] },
  });
  return { ts: tsMorph, project };
}

/** At most this many values per expression (a cartesian product of template parts can explode). */
const MAX_VALUES = 16;
/** How far the analysis follows identifiers, parameters and helper calls. */
const MAX_DEPTH = 6;

/**
 * For each call start offset (a `pipeline.addStage(new X(scope, id, props), …)` whose `id` Babel
 * could not read), the literal ids the stage takes, when the binder can tell them all.
 */
export function resolveStageIds(path: string, text: string, callStarts: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!callStarts.length) return out;
  const { ts, project } = load();
  const virtual = `/scan/${path.replace(/[^A-Za-z0-9_./-]/g, '_').replace(/^\/+/, '')}`;
  const source = project.createSourceFile(/\.[cm]?[jt]sx?$/.test(virtual) ? virtual : `${virtual}.ts`, text, { overwrite: true });
  try {
    const evaluator = new Evaluator(ts);
    for (const start of callStarts) {
      const call = callAt(ts, source, start);
      const stage = call?.getArguments()[0];
      const created = stage && unwrapExpression(ts, stage);
      const construct = created && ts.Node.isNewExpression(created) ? created : created && ts.Node.isIdentifier(created) ? evaluator.constructed(created, 0) : undefined;
      const id = construct?.getArguments()[1];
      const values = id ? evaluator.strings(id, 0) : undefined;
      if (values?.length) out.set(start, values);
    }
  } finally {
    project.removeSourceFile(source);
  }
  return out;
}

function callAt(ts: TsMorphModule, source: TsMorph.SourceFile, start: number): TsMorph.CallExpression | undefined {
  let node: TsMorph.Node | undefined = source.getDescendantAtPos(start);
  while (node && !(ts.Node.isCallExpression(node) && node.getStart() === start)) node = node.getParent();
  return node && ts.Node.isCallExpression(node) ? node : undefined;
}

function unwrapExpression(ts: TsMorphModule, node: TsMorph.Node): TsMorph.Node {
  let current = node;
  for (let i = 0; i < 8; i++) {
    if (ts.Node.isParenthesizedExpression(current) || ts.Node.isAsExpression(current) || ts.Node.isSatisfiesExpression(current) || ts.Node.isNonNullExpression(current) || ts.Node.isTypeAssertion(current)) current = current.getExpression();
    else break;
  }
  return current;
}

/** Evaluates expressions to the literal strings (or object literals) they can hold. */
class Evaluator {
  constructor(private readonly ts: TsMorphModule) {}

  /** Every string the expression can be, or undefined when one of them is unknowable. */
  strings(node: TsMorph.Node, depth: number): string[] | undefined {
    const ts = this.ts;
    if (depth > MAX_DEPTH) return undefined;
    const expr = unwrapExpression(ts, node);
    if (ts.Node.isStringLiteral(expr) || ts.Node.isNoSubstitutionTemplateLiteral(expr)) return [expr.getLiteralValue()];
    if (ts.Node.isNumericLiteral(expr)) return [expr.getText()];
    if (ts.Node.isTemplateExpression(expr)) {
      let values = [expr.getHead().getLiteralText()];
      for (const span of expr.getTemplateSpans()) {
        const parts = this.strings(span.getExpression(), depth + 1);
        if (!parts) return undefined;
        const tail = span.getLiteral().getLiteralText();
        values = values.flatMap((v) => parts.map((p) => `${v}${p}${tail}`)).slice(0, MAX_VALUES);
      }
      return values;
    }
    if (ts.Node.isBinaryExpression(expr) && expr.getOperatorToken().getText() === '+') {
      const left = this.strings(expr.getLeft(), depth + 1);
      const right = this.strings(expr.getRight(), depth + 1);
      return left && right ? left.flatMap((l) => right.map((r) => l + r)).slice(0, MAX_VALUES) : undefined;
    }
    if (ts.Node.isPropertyAccessExpression(expr)) {
      const objects = this.objects(expr.getExpression(), depth + 1);
      if (!objects) return undefined;
      return this.collect(objects.map((o) => {
        const property = o.getProperty(expr.getName());
        return property && ts.Node.isPropertyAssignment(property) ? this.strings(property.getInitializerOrThrow(), depth + 1) : undefined;
      }));
    }
    if (ts.Node.isIdentifier(expr)) return this.collect(this.sources(expr, depth).map((source) => this.strings(source, depth + 1)));
    return undefined;
  }

  /** The object literals an expression can be (`env` in `for (const env of [{ name: 'prod' }])`). */
  private objects(node: TsMorph.Node, depth: number): TsMorph.ObjectLiteralExpression[] | undefined {
    const ts = this.ts;
    if (depth > MAX_DEPTH) return undefined;
    const expr = unwrapExpression(ts, node);
    if (ts.Node.isObjectLiteralExpression(expr)) return [expr];
    if (ts.Node.isIdentifier(expr)) {
      const found = this.sources(expr, depth).map((s) => this.objects(s, depth + 1));
      return found.every((f): f is TsMorph.ObjectLiteralExpression[] => f !== undefined) && found.length ? found.flat() : undefined;
    }
    return undefined;
  }

  /** The `new X(…)` a variable holds (`const stage = new AppStage(…); pipeline.addStage(stage)`). */
  constructed(identifier: TsMorph.Identifier, depth: number): TsMorph.NewExpression | undefined {
    const ts = this.ts;
    const sources = this.sources(identifier, depth);
    const only = sources.length === 1 ? unwrapExpression(ts, sources[0]!) : undefined;
    return only && ts.Node.isNewExpression(only) ? only : undefined;
  }

  /**
   * What an identifier's value comes from: a constant's initializer, each element of the array a
   * `for…of` loop or `forEach`/`map` callback walks, or each argument a helper function is called
   * with. Empty when the binder cannot tell.
   */
  private sources(identifier: TsMorph.Identifier, depth: number): TsMorph.Node[] {
    const ts = this.ts;
    const declaration = identifier.getSymbol()?.getDeclarations()[0];
    if (!declaration) return [];
    if (ts.Node.isVariableDeclaration(declaration)) {
      const list = declaration.getParent();
      const loop = list?.getParent();
      if (loop && ts.Node.isForOfStatement(loop)) return this.elements(loop.getExpression(), depth + 1);
      const init = declaration.getInitializer();
      return init ? [init] : [];
    }
    if (ts.Node.isParameterDeclaration(declaration)) {
      const fn = declaration.getParent();
      const index = fn && 'getParameters' in fn ? (fn as TsMorph.FunctionDeclaration).getParameters().indexOf(declaration) : -1;
      if (index < 0 || !fn) return [];
      // A callback: `[…].forEach((env) => …)`, `envs.map((env) => …)`.
      const outer = fn.getParent();
      if (outer && ts.Node.isCallExpression(outer) && index === 0) {
        const callee = outer.getExpression();
        if (ts.Node.isPropertyAccessExpression(callee) && ['forEach', 'map', 'flatMap', 'filter'].includes(callee.getName())) return this.elements(callee.getExpression(), depth + 1);
      }
      return this.callArguments(fn, index);
    }
    return [];
  }

  /** The elements of an array literal an expression holds. */
  private elements(node: TsMorph.Node, depth: number): TsMorph.Node[] {
    const ts = this.ts;
    if (depth > MAX_DEPTH) return [];
    const expr = unwrapExpression(ts, node);
    if (ts.Node.isArrayLiteralExpression(expr)) return expr.getElements().slice(0, MAX_VALUES);
    if (ts.Node.isIdentifier(expr)) return this.sources(expr, depth).flatMap((s) => this.elements(s, depth + 1));
    // `Object.values({ a: …, b: … })`
    if (ts.Node.isCallExpression(expr) && expr.getExpression().getText() === 'Object.values') {
      const arg = expr.getArguments()[0];
      const object = arg && unwrapExpression(ts, arg);
      if (object && ts.Node.isObjectLiteralExpression(object)) return object.getProperties().flatMap((p) => (ts.Node.isPropertyAssignment(p) ? [p.getInitializerOrThrow()] : []));
    }
    return [];
  }

  /** The argument at `index` of every call of a helper function, method or arrow function in the file. */
  private callArguments(fn: TsMorph.Node, index: number): TsMorph.Node[] {
    const ts = this.ts;
    let name: TsMorph.Node | undefined;
    if (ts.Node.isFunctionDeclaration(fn) || ts.Node.isMethodDeclaration(fn)) name = fn.getNameNode();
    else if ((ts.Node.isArrowFunction(fn) || ts.Node.isFunctionExpression(fn)) && ts.Node.isVariableDeclaration(fn.getParent())) name = (fn.getParent() as TsMorph.VariableDeclaration).getNameNode();
    if (!name || !ts.Node.isIdentifier(name)) return [];
    const out: TsMorph.Node[] = [];
    for (const reference of name.findReferencesAsNodes()) {
      const call = reference.getParentWhile((n) => ts.Node.isPropertyAccessExpression(n)) ?? reference;
      const parent = call.getParent();
      if (parent && ts.Node.isCallExpression(parent) && parent.getExpression() === call) {
        const arg = parent.getArguments()[index];
        if (arg) out.push(arg);
      }
      if (out.length >= MAX_VALUES) break;
    }
    return out;
  }

  private collect(lists: (string[] | undefined)[]): string[] | undefined {
    if (!lists.length || lists.some((l) => l === undefined)) return undefined;
    return [...new Set(lists.flat() as string[])].slice(0, MAX_VALUES);
  }
}
