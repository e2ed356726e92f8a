import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import type { ScannedSources } from '../rule/types.js';
import { importClosure, resolutionKey, type ClosureLimit, type ImportedFile } from './ts-imports.js';

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

function loadModule(): TsMorphModule {
  tsMorph ??= require('ts-morph') as TsMorphModule;
  return tsMorph;
}

function load(): { ts: TsMorphModule; project: TsMorph.Project } {
  const tsMorph = loadModule();
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
      const construct =
        created && ts.Node.isNewExpression(created) ? created : created && ts.Node.isIdentifier(created) ? evaluator.constructed(created, 0) : undefined;
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
    if (
      ts.Node.isParenthesizedExpression(current) ||
      ts.Node.isAsExpression(current) ||
      ts.Node.isSatisfiesExpression(current) ||
      ts.Node.isNonNullExpression(current) ||
      ts.Node.isTypeAssertion(current)
    )
      current = current.getExpression();
    else break;
  }
  return current;
}

/**
 * A stage added to a pipeline by a function another module of the repository defines:
 * `addServiceStage(pipeline, 'Prod')` whose body calls `pipeline.addStage(new X(…, id))`.
 */
interface HelperStage {
  /** Offsets of the helper call in the scanned file. */
  start: number;
  end: number;
  /** The helper's name and the repository file that defines it. */
  helper: string;
  helperPath: string;
  /** The stage ids the helper adds for this call. */
  ids: string[];
  /** Whether the helper's own `addStage` call carries an approval (`pre: [new ManualApprovalStep(…)]`, a GitHub environment). */
  gate: 'approval' | 'none' | 'unknown';
}

/** A pipeline built from a `CodePipeline` subclass of the repository (`new GatedPipeline(…)`). */
interface PipelineSubclass {
  /** Offset of the `addStage` call on it in the scanned file. */
  callStart: number;
  className: string;
  path: string;
  /** Its `addStage` (own or inherited from a repository class) adds an approval to every stage. */
  approvesEveryStage: boolean;
}

export interface CrossFilePipeline {
  helperStages: HelperStage[];
  subclasses: PipelineSubclass[];
  /** Files of the repository the analysis read (the scanned one included). */
  files: number;
  /** Set when a cap cut the import closure short (some imports were not followed). */
  limit?: ClosureLimit;
}

/** Libraries whose classes are CDK Pipelines pipelines. */
const PIPELINE_BASE = /^(?:(?:pipelines|cdkp|cdk_pipelines)\.)?(?:CodePipeline|GitHubWorkflow)$/;
const APPROVAL_TEXT = /\b(?:ManualApprovalStep|ManualApprovalAction|gitHubEnvironment)\b/;

/**
 * Cross-file answers for one pipeline module: builds a bounded in-memory project of the module
 * and the repository modules it imports (relative paths, tsconfig paths, workspace packages; see
 * ts-imports.ts), then follows `helperCalls` (calls of imported functions that take the pipeline)
 * and `stageCalls` (`addStage` on a pipeline built from a repository class).
 */
export function crossFilePipeline(
  path: string,
  text: string,
  sources: ScannedSources,
  question: { helperCalls: readonly number[]; stageCalls: readonly number[] },
): CrossFilePipeline {
  const ts = loadModule();
  const closure = importClosure({ path, text }, sources, (code) => ts.ts.preProcessFile(code, true, false).importedFiles.map((f) => f.fileName));
  const project = closureProject(ts, closure.files, closure.resolved);
  const source = project.getSourceFileOrThrow(virtualPath(path));
  const evaluator = new Evaluator(ts);
  const result: CrossFilePipeline = { helperStages: [], subclasses: [], files: closure.files.length, limit: closure.limit };
  for (const start of question.helperCalls) {
    const call = callAt(ts, source, start);
    if (call) result.helperStages.push(...helperStages(ts, evaluator, call));
  }
  for (const start of question.stageCalls) {
    const call = callAt(ts, source, start);
    const subclass = call && pipelineSubclass(ts, evaluator, call);
    if (subclass) result.subclasses.push({ callStart: start, ...subclass });
  }
  return result;
}

function virtualPath(path: string): string {
  const clean = `/repo/${path.replace(/[^A-Za-z0-9_./@-]/g, '_').replace(/^\/+/, '')}`;
  return /\.[cm]?[jt]sx?$/.test(clean) ? clean : `${clean}.ts`;
}

/** An in-memory project of exactly these files, whose imports resolve as `resolved` says and nowhere else. */
function closureProject(ts: TsMorphModule, files: readonly ImportedFile[], resolved: ReadonlyMap<string, string>): TsMorph.Project {
  const byVirtual = new Map(files.map((f) => [virtualPath(f.path), f.path]));
  const project = new ts.Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noLib: true, types: [] },
    resolutionHost: () => ({
      resolveModuleNames: (names: string[], containingFile: string) =>
        names.map((name) => {
          const from = byVirtual.get(containingFile);
          const target = from === undefined ? undefined : resolved.get(resolutionKey(from, name));
          if (target === undefined) return undefined;
          const resolvedFileName = virtualPath(target);
          const extension = /\.tsx$/.test(resolvedFileName)
            ? ts.ts.Extension.Tsx
            : /\.[cm]?jsx?$/.test(resolvedFileName)
              ? ts.ts.Extension.Js
              : ts.ts.Extension.Ts;
          return { resolvedFileName, extension, isExternalLibraryImport: false };
        }),
    }),
  });
  for (const file of files) project.createSourceFile(virtualPath(file.path), file.text, { overwrite: true });
  return project;
}

/** The function declaration (or arrow function) a call's callee names, followed through imports. */
type HelperFunction = TsMorph.FunctionDeclaration | TsMorph.MethodDeclaration | TsMorph.ArrowFunction | TsMorph.FunctionExpression;

function calledFunction(ts: TsMorphModule, call: TsMorph.CallExpression): HelperFunction | undefined {
  let symbol = call.getExpression().getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  for (const declaration of symbol?.getDeclarations() ?? []) {
    if (ts.Node.isFunctionDeclaration(declaration) || ts.Node.isMethodDeclaration(declaration)) return declaration;
    if (ts.Node.isVariableDeclaration(declaration)) {
      const init = declaration.getInitializer();
      if (init && (ts.Node.isArrowFunction(init) || ts.Node.isFunctionExpression(init))) return init;
    }
  }
  return undefined;
}

function helperStages(ts: TsMorphModule, evaluator: Evaluator, call: TsMorph.CallExpression): HelperStage[] {
  const fn = calledFunction(ts, call);
  if (!fn) return [];
  const parameters = fn.getParameters();
  const args = new Map<TsMorph.ParameterDeclaration, TsMorph.Node>();
  call.getArguments().forEach((arg, i) => {
    if (parameters[i]) args.set(parameters[i]!, arg);
  });
  const bindings: Bindings = { helper: fn, args };
  const unbound: Bindings = { helper: fn, args: new Map() };
  const out: HelperStage[] = [];
  const name =
    ts.Node.isFunctionDeclaration(fn) || ts.Node.isMethodDeclaration(fn)
      ? (fn.getName() ?? 'helper')
      : (fn.getParentIfKind(ts.SyntaxKind.VariableDeclaration)?.getName() ?? 'helper');
  for (const inner of fn.getDescendantsOfKind(ts.SyntaxKind.CallExpression)) {
    const callee = inner.getExpression();
    if (!ts.Node.isPropertyAccessExpression(callee) || !['addStage', 'addStageWithGitHubOptions'].includes(callee.getName())) continue;
    // Only stages added to a pipeline the caller handed in.
    const receiver = unwrapExpression(ts, callee.getExpression());
    const receiverDeclaration = ts.Node.isIdentifier(receiver) ? receiver.getSymbol()?.getDeclarations()[0] : undefined;
    if (!receiverDeclaration || !ts.Node.isParameterDeclaration(receiverDeclaration) || !args.has(receiverDeclaration)) continue;
    const stage = inner.getArguments()[0];
    const created = stage && unwrapExpression(ts, stage);
    const construct =
      created && ts.Node.isNewExpression(created)
        ? created
        : created && ts.Node.isIdentifier(created)
          ? evaluator.constructed(created, 0, bindings)
          : undefined;
    const id = construct?.getArguments()[1];
    // An id the helper fixes itself is the helper module's own stage: its scan reports it.
    if (!id || evaluator.strings(id, 0, unbound)) continue;
    const ids = evaluator.strings(id, 0, bindings);
    if (!ids?.length) continue;
    out.push({
      start: call.getStart(),
      end: call.getEnd(),
      helper: name,
      helperPath: fn
        .getSourceFile()
        .getFilePath()
        .replace(/^\/repo\//, ''),
      ids,
      gate: stageGate(ts, inner, bindings),
    });
  }
  return out;
}

/** Whether an `addStage` call's options approve: literally, through a caller's argument, or cannot be told. */
function stageGate(ts: TsMorphModule, call: TsMorph.CallExpression, bindings: Bindings): HelperStage['gate'] {
  const options = call.getArguments()[1];
  if (!options) return 'none';
  if (APPROVAL_TEXT.test(options.getText())) return 'approval';
  // Options from the caller (`addStage(stage, opts)`): what the caller passed decides.
  for (const identifier of [options, ...options.getDescendantsOfKind(ts.SyntaxKind.Identifier)]) {
    if (!ts.Node.isIdentifier(identifier)) continue;
    const declaration = identifier.getSymbol()?.getDeclarations()[0];
    if (!declaration || !ts.Node.isParameterDeclaration(declaration)) continue;
    if (declaration.getParent() !== bindings.helper) continue;
    const bound = bindings.args.get(declaration);
    return bound && APPROVAL_TEXT.test(bound.getText()) ? 'approval' : 'unknown';
  }
  return ts.Node.isObjectLiteralExpression(unwrapExpression(ts, options)) ? 'none' : 'unknown';
}

/**
 * The repository class a pipeline was built from, when it extends `CodePipeline` (directly or
 * through other repository classes), and whether its `addStage` adds an approval to every stage.
 */
function pipelineSubclass(ts: TsMorphModule, evaluator: Evaluator, call: TsMorph.CallExpression): Omit<PipelineSubclass, 'callStart'> | undefined {
  const callee = call.getExpression();
  if (!ts.Node.isPropertyAccessExpression(callee)) return undefined;
  const receiver = unwrapExpression(ts, callee.getExpression());
  const created = ts.Node.isNewExpression(receiver)
    ? receiver
    : ts.Node.isIdentifier(receiver)
      ? evaluator.constructed(receiver, 0)
      : ts.Node.isPropertyAccessExpression(receiver)
        ? assignedInClass(ts, receiver)
        : undefined;
  let symbol = created?.getExpression().getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  let declaration = symbol?.getDeclarations().find((d): d is TsMorph.ClassDeclaration => ts.Node.isClassDeclaration(d));
  if (!declaration) return undefined;
  const first = declaration;
  let approves = false;
  for (let depth = 0; declaration && depth < 6; depth++) {
    const override = declaration.getMethod('addStage');
    if (override && !approves) approves = APPROVAL_TEXT.test(override.getText());
    const base = declaration.getExtends();
    if (!base) return undefined;
    if (PIPELINE_BASE.test(base.getExpression().getText())) {
      return {
        className: first.getName() ?? 'pipeline',
        path: first
          .getSourceFile()
          .getFilePath()
          .replace(/^\/repo\//, ''),
        approvesEveryStage: approves,
      };
    }
    declaration = declaration.getBaseClass();
  }
  return undefined;
}

/** `this.pipeline` assigned `new X(…)` somewhere in its class. */
function assignedInClass(ts: TsMorphModule, access: TsMorph.PropertyAccessExpression): TsMorph.NewExpression | undefined {
  if (!ts.Node.isThisExpression(access.getExpression())) return undefined;
  const owner = access.getFirstAncestorByKind(ts.SyntaxKind.ClassDeclaration);
  for (const assignment of owner?.getDescendantsOfKind(ts.SyntaxKind.BinaryExpression) ?? []) {
    if (assignment.getOperatorToken().getKind() !== ts.SyntaxKind.EqualsToken || assignment.getLeft().getText() !== access.getText()) continue;
    const right = unwrapExpression(ts, assignment.getRight());
    if (ts.Node.isNewExpression(right)) return right;
  }
  const property = owner?.getProperty(access.getName())?.getInitializer();
  const init = property && unwrapExpression(ts, property);
  return init && ts.Node.isNewExpression(init) ? init : undefined;
}

/** A helper analysed for one call: its parameters are that call's arguments (or their defaults). */
interface Bindings {
  helper: TsMorph.Node;
  args: ReadonlyMap<TsMorph.ParameterDeclaration, TsMorph.Node>;
}

/** Evaluates expressions to the literal strings (or object literals) they can hold. */
class Evaluator {
  constructor(private readonly ts: TsMorphModule) {}

  /** Every string the expression can be, or undefined when one of them is unknowable. */
  strings(node: TsMorph.Node, depth: number, bindings?: Bindings): string[] | undefined {
    const ts = this.ts;
    if (depth > MAX_DEPTH) return undefined;
    const expr = unwrapExpression(ts, node);
    if (ts.Node.isStringLiteral(expr) || ts.Node.isNoSubstitutionTemplateLiteral(expr)) return [expr.getLiteralValue()];
    if (ts.Node.isNumericLiteral(expr)) return [expr.getText()];
    if (ts.Node.isTemplateExpression(expr)) {
      let values = [expr.getHead().getLiteralText()];
      for (const span of expr.getTemplateSpans()) {
        const parts = this.strings(span.getExpression(), depth + 1, bindings);
        if (!parts) return undefined;
        const tail = span.getLiteral().getLiteralText();
        values = values.flatMap((v) => parts.map((p) => `${v}${p}${tail}`)).slice(0, MAX_VALUES);
      }
      return values;
    }
    if (ts.Node.isBinaryExpression(expr) && expr.getOperatorToken().getText() === '+') {
      const left = this.strings(expr.getLeft(), depth + 1, bindings);
      const right = this.strings(expr.getRight(), depth + 1, bindings);
      return left && right ? left.flatMap((l) => right.map((r) => l + r)).slice(0, MAX_VALUES) : undefined;
    }
    if (ts.Node.isPropertyAccessExpression(expr)) {
      const objects = this.objects(expr.getExpression(), depth + 1, bindings);
      if (!objects) return undefined;
      return this.collect(
        objects.map((o) => {
          const property = o.getProperty(expr.getName());
          return property && ts.Node.isPropertyAssignment(property) ? this.strings(property.getInitializerOrThrow(), depth + 1, bindings) : undefined;
        }),
      );
    }
    if (ts.Node.isIdentifier(expr)) return this.collect(this.sources(expr, depth, bindings).map((source) => this.strings(source, depth + 1, bindings)));
    return undefined;
  }

  /** The object literals an expression can be (`env` in `for (const env of [{ name: 'prod' }])`). */
  private objects(node: TsMorph.Node, depth: number, bindings?: Bindings): TsMorph.ObjectLiteralExpression[] | undefined {
    const ts = this.ts;
    if (depth > MAX_DEPTH) return undefined;
    const expr = unwrapExpression(ts, node);
    if (ts.Node.isObjectLiteralExpression(expr)) return [expr];
    if (ts.Node.isIdentifier(expr)) {
      const found = this.sources(expr, depth, bindings).map((s) => this.objects(s, depth + 1, bindings));
      return found.every((f): f is TsMorph.ObjectLiteralExpression[] => f !== undefined) && found.length ? found.flat() : undefined;
    }
    return undefined;
  }

  /** The `new X(…)` a variable holds (`const stage = new AppStage(…); pipeline.addStage(stage)`). */
  constructed(identifier: TsMorph.Identifier, depth: number, bindings?: Bindings): TsMorph.NewExpression | undefined {
    const ts = this.ts;
    const sources = this.sources(identifier, depth, bindings);
    const only = sources.length === 1 ? unwrapExpression(ts, sources[0]!) : undefined;
    return only && ts.Node.isNewExpression(only) ? only : undefined;
  }

  /**
   * What an identifier's value comes from: a constant's initializer, each element of the array a
   * `for…of` loop or `forEach`/`map` callback walks, or each argument a helper function is called
   * with. Empty when the binder cannot tell.
   */
  private sources(identifier: TsMorph.Identifier, depth: number, bindings?: Bindings): TsMorph.Node[] {
    const ts = this.ts;
    const declaration = identifier.getSymbol()?.getDeclarations()[0];
    if (!declaration) return [];
    // A helper analysed for one call: its parameter is that call's argument, else its default.
    if (bindings && ts.Node.isParameterDeclaration(declaration) && declaration.getParent() === bindings.helper) {
      const bound = bindings.args.get(declaration) ?? declaration.getInitializer();
      return bound ? [bound] : [];
    }
    if (ts.Node.isVariableDeclaration(declaration)) {
      const list = declaration.getParent();
      const loop = list?.getParent();
      if (loop && ts.Node.isForOfStatement(loop)) return this.elements(loop.getExpression(), depth + 1, bindings);
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
        if (ts.Node.isPropertyAccessExpression(callee) && ['forEach', 'map', 'flatMap', 'filter'].includes(callee.getName()))
          return this.elements(callee.getExpression(), depth + 1, bindings);
      }
      return this.callArguments(fn, index);
    }
    return [];
  }

  /** The elements of an array literal an expression holds. */
  private elements(node: TsMorph.Node, depth: number, bindings?: Bindings): TsMorph.Node[] {
    const ts = this.ts;
    if (depth > MAX_DEPTH) return [];
    const expr = unwrapExpression(ts, node);
    if (ts.Node.isArrayLiteralExpression(expr)) return expr.getElements().slice(0, MAX_VALUES);
    if (ts.Node.isIdentifier(expr)) return this.sources(expr, depth, bindings).flatMap((s) => this.elements(s, depth + 1, bindings));
    // `Object.values({ a: …, b: … })`
    if (ts.Node.isCallExpression(expr) && expr.getExpression().getText() === 'Object.values') {
      const arg = expr.getArguments()[0];
      const object = arg && unwrapExpression(ts, arg);
      if (object && ts.Node.isObjectLiteralExpression(object))
        return object.getProperties().flatMap((p) => (ts.Node.isPropertyAssignment(p) ? [p.getInitializerOrThrow()] : []));
    }
    return [];
  }

  /** The argument at `index` of every call of a helper function, method or arrow function in the file. */
  private callArguments(fn: TsMorph.Node, index: number): TsMorph.Node[] {
    const ts = this.ts;
    let name: TsMorph.Node | undefined;
    if (ts.Node.isFunctionDeclaration(fn) || ts.Node.isMethodDeclaration(fn)) name = fn.getNameNode();
    else if ((ts.Node.isArrowFunction(fn) || ts.Node.isFunctionExpression(fn)) && ts.Node.isVariableDeclaration(fn.getParent()))
      name = (fn.getParent() as TsMorph.VariableDeclaration).getNameNode();
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

/** A place in a repository file the type-aware analysis found (1-based lines and columns). */
interface SourcePlace {
  path: string;
  start: { line: number; column: number };
  end: { line: number; column: number };
  startOffset: number;
  endOffset: number;
}

/** An IAM group another module creates, with administrator permissions, that a user joins here. */
export interface ImportedAdminGroup {
  /** Offset of the group reference in the scanned file. */
  referenceStart: number;
  group: string;
  /** Where the group is created and where it receives administrator permissions. */
  created: SourcePlace;
  grants: SourcePlace[];
}

export interface CrossFileGroups {
  groups: ImportedAdminGroup[];
  files: number;
  limit?: ClosureLimit;
}

/** Managed policies (by name or ARN) and statements that amount to administrator access. */
const ADMIN_TEXT =
  /['"/:](?:AdministratorAccess|IAMFullAccess)['"`]|\.(?:AdministratorAccess|IAMFullAccess)\b(?![-\w])|\bactions\s*:\s*\[[^\]]*['"](?:\*|iam:\*)['"]|"Action"\s*:\s*(?:\[[^\]]*)?"(?:\*|iam:\*)"/;
const GROUP_CLASS = /(?:^|\.)(?:Group|CfnGroup|IamGroup)$/;
const GROUP_GRANT = /^(?:addManagedPolicy|addToPolicy|addToPrincipalPolicy|attachInlinePolicy)$/;

/**
 * For group references a module cannot resolve alone (`user.addToGroup(shared.admins)`,
 * `groups: [adminGroup(this)]`), the IAM group they stand for in the repository modules the
 * file imports, when that group holds administrator permissions (its `managedPolicies` or
 * policies added to it in its own module).
 */
export function adminGroupsAcrossFiles(
  path: string,
  text: string,
  sources: ScannedSources,
  references: readonly { start: number; end: number }[],
): CrossFileGroups {
  const ts = loadModule();
  const closure = importClosure({ path, text }, sources, (code) => ts.ts.preProcessFile(code, true, false).importedFiles.map((f) => f.fileName));
  const project = closureProject(ts, closure.files, closure.resolved);
  const source = project.getSourceFileOrThrow(virtualPath(path));
  const groups: ImportedAdminGroup[] = [];
  for (const { start, end } of references) {
    let node: TsMorph.Node | undefined = source.getDescendantAtPos(start);
    while (node && node.getEnd() < end) node = node.getParent();
    if (!node || node.getStart() !== start) continue;
    const created = node && groupConstruction(ts, node, 0);
    if (!created) continue;
    const grants = groupGrants(ts, created);
    if (!grants.length) continue;
    const props = created.getArguments()[/^['"`]/.test(created.getArguments()[0]?.getText() ?? '') ? 1 : 2];
    const named = props && ts.Node.isObjectLiteralExpression(props) ? props.getProperty('groupName') : undefined;
    const literal = named && ts.Node.isPropertyAssignment(named) ? named.getInitializer() : undefined;
    const id = created.getArguments()[/^['"`]/.test(created.getArguments()[0]?.getText() ?? '') ? 0 : 1];
    const label =
      [literal, id]
        .map((n) => (n && (ts.Node.isStringLiteral(n) || ts.Node.isNoSubstitutionTemplateLiteral(n)) ? n.getLiteralValue() : undefined))
        .find((v) => v !== undefined) ?? 'group';
    groups.push({ referenceStart: start, group: label, created: place(created), grants: grants.map(place) });
  }
  return { groups, files: closure.files.length, limit: closure.limit };
}

/** The `new iam.Group(…)` an expression stands for, through variables, imports, class fields and factory functions. */
function groupConstruction(ts: TsMorphModule, node: TsMorph.Node, depth: number): TsMorph.NewExpression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expr = unwrapExpression(ts, node);
  if (ts.Node.isNewExpression(expr)) return GROUP_CLASS.test(expr.getExpression().getText()) ? expr : undefined;
  if (ts.Node.isCallExpression(expr)) {
    const fn = calledFunction(ts, expr);
    if (!fn) return undefined;
    const body = fn.getBody();
    const returned = body && ts.Node.isBlock(body) ? body.getDescendantsOfKind(ts.SyntaxKind.ReturnStatement).map((r) => r.getExpression()) : [body];
    const found = returned.flatMap((r) => (r ? (groupConstruction(ts, r, depth + 1) ?? []) : []));
    return found.length === 1 ? found[0] : undefined;
  }
  const name = ts.Node.isPropertyAccessExpression(expr) ? expr.getNameNode() : ts.Node.isIdentifier(expr) ? expr : undefined;
  let symbol = name?.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  const declaration = symbol?.getDeclarations()[0];
  if (!declaration) return undefined;
  if (ts.Node.isVariableDeclaration(declaration) || ts.Node.isPropertyDeclaration(declaration)) {
    const init = declaration.getInitializer();
    if (init) return groupConstruction(ts, init, depth + 1);
  }
  if (ts.Node.isPropertyDeclaration(declaration) || ts.Node.isPropertySignature(declaration)) {
    // `readonly admins: iam.Group;` assigned in the constructor: `this.admins = new iam.Group(…)`.
    const owner = declaration.getFirstAncestorByKind(ts.SyntaxKind.ClassDeclaration);
    for (const assignment of owner?.getDescendantsOfKind(ts.SyntaxKind.BinaryExpression) ?? []) {
      if (assignment.getOperatorToken().getKind() === ts.SyntaxKind.EqualsToken && assignment.getLeft().getText() === `this.${declaration.getName()}`)
        return groupConstruction(ts, assignment.getRight(), depth + 1);
    }
  }
  return undefined;
}

/** Where a group receives administrator permissions: its own props, or grant calls on it in its module. */
function groupGrants(ts: TsMorphModule, created: TsMorph.NewExpression): TsMorph.Node[] {
  const grants: TsMorph.Node[] = [];
  const props = created.getArguments().find((a) => ts.Node.isObjectLiteralExpression(unwrapExpression(ts, a)));
  for (const key of ['managedPolicies', 'managedPolicyArns', 'policies']) {
    const property = props && ts.Node.isObjectLiteralExpression(props) ? props.getProperty(key) : undefined;
    if (property && ADMIN_TEXT.test(property.getText())) grants.push(property);
  }
  for (const call of created.getSourceFile().getDescendantsOfKind(ts.SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!ts.Node.isPropertyAccessExpression(callee) || !GROUP_GRANT.test(callee.getName())) continue;
    if (!call.getArguments().some((a) => ADMIN_TEXT.test(a.getText()))) continue;
    if (groupConstruction(ts, callee.getExpression(), 1) === created) grants.push(call);
  }
  return grants;
}

function place(node: TsMorph.Node): SourcePlace {
  const file = node.getSourceFile();
  const at = (offset: number) => {
    const { line, column } = file.getLineAndColumnAtPos(offset);
    return { line, column };
  };
  return {
    path: file.getFilePath().replace(/^\/repo\//, ''),
    start: at(node.getStart()),
    end: at(node.getEnd()),
    startOffset: node.getStart(),
    endOffset: node.getEnd(),
  };
}
