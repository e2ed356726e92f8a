import type * as t from '@babel/types';

/**
 * Helpers over Babel syntax trees (`doc.js()`), for rules and models that read JavaScript and
 * TypeScript. Pure functions; every helper accepts any value and returns undefined on a shape it
 * does not expect, so malformed or unusual code never throws.
 */

export type JsNode = t.Node;

/** Keys that hold positions, comments or parser bookkeeping, never child nodes worth visiting. */
const SKIP_KEYS = new Set([
  'loc',
  'start',
  'end',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'errors',
  'comments',
  'tokens',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'superTypeParameters',
]);

/**
 * Keys never holding child nodes, per node type: bookkeeping, and keys whose value is a primitive
 * on the first node of the type seen (Babel gives each key of a type one shape). Keys missing from
 * that first node are not in the set, so they are still visited where present.
 */
const LEAF_KEYS = new Map<string, Set<string>>();

function leafKeys(node: JsNode): Set<string> {
  let keys = LEAF_KEYS.get(node.type);
  if (!keys) {
    const record = node as unknown as Record<string, unknown>;
    keys = new Set(SKIP_KEYS);
    keys.add('type');
    for (const key of Object.keys(node)) {
      const value = record[key];
      if (value !== null && value !== undefined && typeof value !== 'object') keys.add(key);
    }
    LEAF_KEYS.set(node.type, keys);
  }
  return keys;
}

/**
 * Walks a tree in source order (iteratively: deep nesting cannot overflow the stack), calling
 * `enter(node, parent)` on every node. Type annotations are skipped: they hold no values.
 */
export function walkJs(root: unknown, enter: (node: JsNode, parent: JsNode | undefined) => void): void {
  const nodes: unknown[] = [root];
  const parents: (JsNode | undefined)[] = [undefined];
  while (nodes.length) {
    const value = nodes.pop();
    const parent = parents.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        nodes.push(value[i]);
        parents.push(parent);
      }
      continue;
    }
    const node = value as JsNode;
    if (typeof node.type !== 'string') continue;
    enter(node, parent);
    const leaves = leafKeys(node);
    const keys = Object.keys(node);
    const record = node as unknown as Record<string, unknown>;
    for (let i = keys.length - 1; i >= 0; i--) {
      if (leaves.has(keys[i]!)) continue;
      const child = record[keys[i]!];
      if (child && typeof child === 'object') {
        nodes.push(child);
        parents.push(node);
      }
    }
  }
}

/** Strips TypeScript assertions and parentheses: `('x' as const)` → `'x'`. */
export function unwrap(node: unknown): JsNode | undefined {
  let current = asNode(node);
  for (let depth = 0; current && depth < 16; depth++) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
      case 'TypeCastExpression':
        current = asNode(current.expression);
        continue;
      default:
        return current;
    }
  }
  return current;
}

/** The node when the value is a Babel node. */
export function asNode(value: unknown): JsNode | undefined {
  return value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as JsNode) : undefined;
}

/** A string literal or a template literal without expressions, after unwrapping assertions. */
export function stringLiteral(node: unknown): t.StringLiteral | t.TemplateLiteral | undefined {
  const inner = unwrap(node);
  if (inner?.type === 'StringLiteral') return inner;
  if (inner?.type === 'TemplateLiteral' && inner.expressions.length === 0 && inner.quasis.length === 1) return inner;
  return undefined;
}

/** The value of `stringLiteral(node)`. */
export function stringValue(node: unknown): string | undefined {
  const literal = stringLiteral(node);
  if (!literal) return undefined;
  if (literal.type === 'StringLiteral') return literal.value;
  return literal.quasis[0]?.value.cooked ?? literal.quasis[0]?.value.raw;
}

/** The range of a literal's content, without its quotes (for secret locations). */
export function literalContentRange(literal: t.StringLiteral | t.TemplateLiteral): { start: number; end: number } {
  const start = (literal.start ?? 0) + 1;
  const end = Math.max(start, (literal.end ?? start) - 1);
  return { start, end };
}

/**
 * The static name of a property key: `apiKey`, `'api-key'`, `["x-api-key"]`, `#secret`.
 * Undefined for computed keys that are not string literals.
 */
export function propertyKeyName(node: unknown): string | undefined {
  const prop = asNode(node);
  if (!prop || !('key' in prop)) return undefined;
  const key = asNode(prop.key);
  const computed = 'computed' in prop && prop.computed === true;
  if (!key) return undefined;
  if (key.type === 'Identifier' && !computed) return key.name;
  if (key.type === 'PrivateName') return key.id.name;
  if (key.type === 'NumericLiteral' && !computed) return String(key.value);
  return stringValue(key);
}

/**
 * A dotted path for identifiers and member chains: `a.b.c` → `['a','b','c']`, `this.x` →
 * `['this','x']`, `a['b-c']` → `['a','b-c']`. Undefined for anything dynamic.
 */
export function memberPath(node: unknown): string[] | undefined {
  const parts: string[] = [];
  let current = unwrap(node);
  for (let depth = 0; current && depth < 32; depth++) {
    if (current.type === 'Identifier') {
      parts.unshift(current.name);
      return parts;
    }
    if (current.type === 'ThisExpression') {
      parts.unshift('this');
      return parts;
    }
    if (current.type === 'MetaProperty') {
      parts.unshift(`${current.meta.name}.${current.property.name}`);
      return parts;
    }
    if (current.type === 'MemberExpression' || current.type === 'OptionalMemberExpression') {
      const name = memberName(current);
      if (name === undefined) return undefined;
      parts.unshift(name);
      current = unwrap(current.object);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** The property name of a member expression: `a.b` → `b`, `a['b']` → `b`. */
export function memberName(node: t.MemberExpression | t.OptionalMemberExpression): string | undefined {
  const property = asNode(node.property);
  if (!property) return undefined;
  if (!node.computed && property.type === 'Identifier') return property.name;
  if (property.type === 'PrivateName') return property.id.name;
  return stringValue(property);
}

/** `require('x')` → `'x'`. */
export function requireSpecifier(node: unknown): string | undefined {
  const call = unwrap(node);
  if (call?.type !== 'CallExpression') return undefined;
  const callee = unwrap(call.callee);
  if (callee?.type !== 'Identifier' || callee.name !== 'require' || call.arguments.length !== 1) return undefined;
  return stringValue(call.arguments[0]);
}

/** The properties of an object literal by static key name (later keys win, like at run time). */
export function objectProperties(node: unknown): Map<string, t.ObjectProperty> {
  const out = new Map<string, t.ObjectProperty>();
  const object = unwrap(node);
  if (object?.type !== 'ObjectExpression') return out;
  for (const prop of object.properties) {
    if (prop.type !== 'ObjectProperty') continue;
    const name = propertyKeyName(prop);
    if (name !== undefined) out.set(name, prop);
  }
  return out;
}

/** The value node of a property of an object literal, by name. */
export function propertyValue(node: unknown, name: string): JsNode | undefined {
  return asNode(objectProperties(node).get(name)?.value);
}

/** The elements of an array literal (holes and spreads dropped). */
export function arrayElements(node: unknown): JsNode[] {
  const array = unwrap(node);
  if (array?.type !== 'ArrayExpression') return [];
  return array.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? [e] : []));
}

/** The `[start, end)` range of a node, for `ctx.report` and `ctx.fact` targets. */
export function span(node: JsNode): { start: number; end: number } {
  const start = node.start ?? 0;
  return { start, end: node.end ?? start };
}

/** TypeScript declaration files (`.d.ts`) hold types, never values: nothing to analyse. */
export function isDeclarationFile(path: string): boolean {
  return /\.d\.[cm]?ts$/i.test(path);
}
