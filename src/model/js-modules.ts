import type * as t from '@babel/types';
import { asNode, memberName, memberPath, propertyKeyName, requireSpecifier, stringLiteral, stringValue, unwrap, type JsNode } from '../ast/js.js';

/**
 * What one JavaScript/TypeScript module imports and exports, read from its syntax alone (no type
 * checker, no file system): enough to follow a string constant from the module that defines it
 * to the module that uses it, joined by path in a repository rule.
 */

/** A local name bound to something another module exports. */
export interface ImportBinding {
  /** The specifier as written: `./config`, `@/lib/keys`, `stripe`. */
  specifier: string;
  /** `default`, `*` (namespace or `require` result) or the exported name. */
  imported: string;
  /** Bound by `require` (CommonJS): the value is `module.exports`, i.e. also the default export. */
  viaRequire: boolean;
}

/** A string literal a module exports, under a dotted path (`KEY`, `config.stripe.secret`, `default`). */
export interface ExportedString {
  path: string;
  literal: t.StringLiteral | t.TemplateLiteral;
  value: string;
}

/** `export { X as Y } from './m'` (name `Y`, imported `X`) or `export * from './m'` (both `*`). */
export interface ReExport {
  name: string;
  imported: string;
  specifier: string;
  /** The export statement. */
  node: JsNode;
}

/** Extensions a module specifier may leave out (or name as `.js` in TypeScript ESM). */
const MODULE_EXTENSIONS = /\.(?:[cm]?[jt]sx?)$/i;

/** Every import binding of a module, by local name: ESM imports and `require` calls. */
export function importBindings(program: t.Program): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && statement.importKind !== 'type' && statement.importKind !== 'typeof') {
      for (const spec of statement.specifiers) {
        if (spec.type === 'ImportSpecifier' && spec.importKind === 'type') continue;
        const imported =
          spec.type === 'ImportDefaultSpecifier'
            ? 'default'
            : spec.type === 'ImportNamespaceSpecifier'
              ? '*'
              : (stringValue(spec.imported) ?? (spec.imported.type === 'Identifier' ? spec.imported.name : ''));
        if (imported) bindings.set(spec.local.name, { specifier: statement.source.value, imported, viaRequire: false });
      }
    } else if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
      bindings.set(statement.id.name, { specifier: statement.moduleReference.expression.value, imported: '*', viaRequire: true });
    }
  }
  // `require` bindings at the top level of the module (where configuration is loaded).
  const declarators = program.body.flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    return declaration?.type === 'VariableDeclaration' ? declaration.declarations : [];
  });
  for (const node of declarators) {
    const init = unwrap(node.init);
    let specifier = requireSpecifier(init);
    let member: string | undefined;
    if (!specifier && (init?.type === 'MemberExpression' || init?.type === 'OptionalMemberExpression')) {
      specifier = requireSpecifier(init.object);
      member = specifier ? memberName(init) : undefined;
      if (!member) specifier = undefined;
    }
    if (!specifier) continue;
    if (node.id.type === 'Identifier') {
      bindings.set(node.id.name, { specifier, imported: member ?? '*', viaRequire: true });
    } else if (node.id.type === 'ObjectPattern' && !member) {
      for (const prop of node.id.properties) {
        if (prop.type !== 'ObjectProperty') continue;
        const name = propertyKeyName(prop);
        const local = unwrap(prop.value);
        const target = local?.type === 'AssignmentPattern' ? asNode(local.left) : local;
        if (name && target?.type === 'Identifier') bindings.set(target.name, { specifier, imported: name, viaRequire: true });
      }
    }
  }
  return bindings;
}

/**
 * Module-level constants initialised with a string or an object literal of strings, by name:
 * `const KEY = 'x'`, `const cfg = { stripe: { key: 'x' } }`, `Object.freeze({...})`. A name
 * declared twice is dropped (it is not a constant we can follow).
 */
function moduleConstants(program: t.Program): Map<string, JsNode> {
  const constants = new Map<string, JsNode>();
  const duplicate = new Set<string>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const name = declarator.id.name;
      if (constants.has(name)) duplicate.add(name);
      constants.set(name, declarator.init);
    }
  }
  for (const name of duplicate) constants.delete(name);
  return constants;
}

/** Every string a module exports, with its export path, and its re-exports. */
export function moduleExports(program: t.Program): { strings: ExportedString[]; reexports: ReExport[] } {
  const constants = moduleConstants(program);
  const strings: ExportedString[] = [];
  const reexports: ReExport[] = [];
  const add = (path: string, init: unknown) => collectStrings(path, init, constants, strings, 0);

  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      if (statement.exportKind === 'type') continue;
      if (statement.source) {
        for (const spec of statement.specifiers) {
          const name = exportedName(spec);
          if (!name) continue;
          const imported =
            spec.type === 'ExportSpecifier' ? (stringValue(spec.local) ?? spec.local.name) : spec.type === 'ExportDefaultSpecifier' ? 'default' : '*';
          reexports.push({ name, imported, specifier: statement.source.value, node: statement });
        }
        continue;
      }
      const declaration = statement.declaration;
      if (declaration?.type === 'VariableDeclaration') {
        for (const d of declaration.declarations) if (d.id.type === 'Identifier') add(d.id.name, d.init);
      } else if (declaration?.type === 'TSEnumDeclaration') {
        for (const member of declaration.members) {
          const name = member.id.type === 'Identifier' ? member.id.name : member.id.value;
          add(`${declaration.id.name}.${name}`, member.initializer);
        }
      } else if (declaration?.type === 'ClassDeclaration' && declaration.id) {
        for (const member of declaration.body.body) {
          if (member.type !== 'ClassProperty' || !member.static) continue;
          const name = propertyKeyName(member);
          if (name) add(`${declaration.id.name}.${name}`, member.value);
        }
      }
      for (const spec of statement.specifiers) {
        if (spec.type !== 'ExportSpecifier' || spec.local.type !== 'Identifier') continue;
        const name = exportedName(spec);
        if (name) add(name, { type: 'Identifier', name: spec.local.name });
      }
    } else if (statement.type === 'ExportAllDeclaration') {
      if (statement.exportKind !== 'type') reexports.push({ name: '*', imported: '*', specifier: statement.source.value, node: statement });
    } else if (statement.type === 'ExportDefaultDeclaration') {
      add('default', statement.declaration);
    } else if (statement.type === 'ExpressionStatement') {
      collectCommonJsExport(statement.expression, add);
    }
  }
  return { strings, reexports };
}

/** `module.exports = …`, `module.exports.X = …`, `exports.X = …`. */
function collectCommonJsExport(expression: t.Expression, add: (path: string, init: unknown) => void): void {
  const assignment = unwrap(expression);
  if (assignment?.type !== 'AssignmentExpression' || assignment.operator !== '=') return;
  const target = memberPath(assignment.left);
  if (!target) return;
  const rest = target[0] === 'module' && target[1] === 'exports' ? target.slice(2) : target[0] === 'exports' ? target.slice(1) : undefined;
  if (!rest) return;
  if (rest.length === 0) {
    // module.exports = {...}: `require()` gives the object, an ESM default import too.
    add('default', assignment.right);
    const object = unwrap(assignment.right);
    if (object?.type === 'ObjectExpression') for (const [name, value] of objectEntries(object)) add(name, value);
    return;
  }
  add(rest.join('.'), assignment.right);
  add(['default', ...rest].join('.'), assignment.right);
}

function collectStrings(path: string, init: unknown, constants: Map<string, JsNode>, out: ExportedString[], depth: number): void {
  if (depth > 4 || out.length > 500) return;
  let node = unwrap(init);
  if (node?.type === 'Identifier') node = unwrap(constants.get(node.name));
  if (node?.type === 'CallExpression' && memberPath(node.callee)?.join('.') === 'Object.freeze') node = unwrap(node.arguments[0]);
  const literal = stringLiteral(node);
  if (literal) {
    const value = stringValue(literal);
    if (value !== undefined) out.push({ path, literal, value });
    return;
  }
  if (node?.type === 'ObjectExpression') {
    for (const [name, value] of objectEntries(node)) collectStrings(`${path}.${name}`, value, constants, out, depth + 1);
  }
}

function objectEntries(object: t.ObjectExpression): [string, JsNode][] {
  const out: [string, JsNode][] = [];
  for (const prop of object.properties) {
    if (prop.type !== 'ObjectProperty') continue;
    const name = propertyKeyName(prop);
    const value = asNode(prop.value);
    if (name !== undefined && value) out.push([name, value]);
  }
  return out;
}

function exportedName(spec: t.ExportSpecifier | t.ExportDefaultSpecifier | t.ExportNamespaceSpecifier): string | undefined {
  const exported = spec.exported;
  return exported.type === 'Identifier' ? exported.name : exported.value;
}

/**
 * The module key a specifier names from an importing file: the repository path without its
 * extension (`src/config` for `./config`, `./config.js` or `./config.ts` from `src/app.ts`).
 * Aliases (`@/x`, `~/x`, `#x`, `src/x`) become a suffix key (star, slash, `x`) matched against path ends. Package names give
 * undefined.
 */
export function moduleKeyOf(fromPath: string, specifier: string): string | undefined {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    const parts = fromPath.split('/').slice(0, -1);
    for (const segment of specifier.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (!parts.length) return undefined;
        parts.pop();
      } else parts.push(segment);
    }
    return stripExtension(parts.join('/'));
  }
  const alias = /^(?:@\/|~\/|#\/?|\$\/)(.+)$/.exec(specifier);
  if (alias) return `*/${stripExtension(alias[1]!)}`;
  if (/^(?:src|app|lib|config|utils|server)\//.test(specifier)) return `*/${stripExtension(specifier)}`;
  return undefined;
}

/** The keys under which a module at `path` can be imported: `src/config` (and `src` for an index). */
export function moduleKeysOfFile(path: string): string[] {
  const key = stripExtension(path);
  const keys = [key];
  if (key === 'index') keys.push('');
  else if (key.endsWith('/index')) keys.push(key.slice(0, -'/index'.length));
  return keys;
}

function stripExtension(path: string): string {
  return path.replace(MODULE_EXTENSIONS, '').replace(/\/$/, '');
}
