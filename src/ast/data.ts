import type { Node as YamlNode } from 'yaml';
import { parserModule } from '../document/parsers.js';
import type { Node as JsonNode } from 'jsonc-parser';
import type { AST as TomlAst } from 'toml-eslint-parser';
import type { Document } from '../document/document.js';
import type { Range } from '../rule/types.js';

/**
 * One tree shape for YAML, JSON/JSONC and TOML documents, with source ranges on every node, so a
 * rule that reads configuration is written once for every format.
 */
export type DataNode = DataMap | DataSeq | DataScalar;

export interface DataMap {
  type: 'map';
  range: Range;
  entries: DataEntry[];
  /** YAML tag, when present. */
  tag?: string;
}

interface DataSeq {
  type: 'seq';
  range: Range;
  items: DataNode[];
  /** YAML tag such as GitLab's `!reference [.job, script]`, when present. */
  tag?: string;
}

export interface DataScalar {
  type: 'scalar';
  range: Range;
  value: string | number | boolean | null;
  /** YAML tag such as `!reference` or `!Ref`, when present. */
  tag?: string;
}

export interface DataEntry {
  key: string;
  keyRange: Range;
  value: DataNode;
}

/**
 * Limits that keep the data tree of a crafted file finite and shallow. Real configuration is a
 * few dozen levels deep and expands aliases into at most a few thousand nodes; an attacker's file
 * can refer to an anchor from inside itself (`&a [*a]`), nest aliases ten times per level (an
 * alias bomb) or nest brackets thousands deep. Past a limit the node becomes an empty value, the
 * rest of the tree is built as usual and the scan notes it (`dataTreeProblems`).
 */
const MAX_DEPTH = 256;
/** Nodes built by expanding YAML aliases, per file. */
const MAX_ALIAS_NODES = 100_000;

/** Why part of a file's data tree was left out. */
type DataTreeProblemKind = 'recursive-alias' | 'alias-expansion-limit' | 'nesting-limit';

/** Where a crafted or degenerate structure was cut short (the first place of each kind). */
export interface DataTreeProblem {
  kind: DataTreeProblemKind;
  offset: number;
}

interface BuildState {
  depth: number;
  /** Alias targets being expanded: an alias to one of them refers to itself. */
  expanding: Set<unknown>;
  aliasNodesLeft: number;
  /** > 0 while building the copy of an anchored node. */
  inAlias: number;
  problems: Map<DataTreeProblemKind, number>;
}

interface Built {
  trees: DataNode[];
  problems: DataTreeProblem[];
}

const cache = new WeakMap<Document, Built>();

/**
 * The data trees of a YAML, JSON or TOML document (one per YAML document in a stream; empty
 * when the file did not parse). Built once per document.
 */
export function dataDocuments(doc: Document): DataNode[] {
  return built(doc).trees;
}

/**
 * Parts of the document's data tree that were cut short (self-referring aliases, alias bombs,
 * pathological nesting); empty when the tree was never built or is complete.
 */
export function dataTreeProblems(doc: Document): readonly DataTreeProblem[] {
  return cache.get(doc)?.problems ?? [];
}

/** The first data tree of a document, if any. */
export function dataRoot(doc: Document): DataNode | undefined {
  return dataDocuments(doc)[0];
}

function built(doc: Document): Built {
  let result = cache.get(doc);
  if (!result) {
    const state: BuildState = { depth: 0, expanding: new Set(), aliasNodesLeft: MAX_ALIAS_NODES, inAlias: 0, problems: new Map() };
    const trees = build(doc, state);
    result = { trees, problems: [...state.problems].map(([kind, offset]) => ({ kind, offset })) };
    cache.set(doc, result);
  }
  return result;
}

function build(doc: Document, state: BuildState): DataNode[] {
  const yaml = doc.yaml();
  if (yaml) return yaml.flatMap((d) => (d.contents ? [fromYaml(d.contents as YamlNode, d, state)] : []));
  const json = doc.json();
  if (json) return [fromJson(json, state)];
  const toml = doc.toml();
  if (toml) return [fromToml(toml, state)];
  return [];
}

type YamlDoc = NonNullable<ReturnType<Document['yaml']>>[number];

function yamlRange(node: { range?: readonly number[] | null }): Range {
  const r = node.range;
  return { start: r?.[0] ?? 0, end: r?.[1] ?? r?.[0] ?? 0 };
}

function empty(range: Range): DataScalar {
  return { type: 'scalar', range, value: null };
}

function cutShort(state: BuildState, kind: DataTreeProblemKind, range: Range): DataScalar {
  if (!state.problems.has(kind)) state.problems.set(kind, range.start);
  return empty(range);
}

/**
 * Enters one level of the tree: false (and a problem) when the level is too deep or the alias
 * budget is spent. Every `enter` that returns true is paired with `leave`.
 */
function enter(state: BuildState, range: Range): DataScalar | undefined {
  if (state.depth >= MAX_DEPTH) return cutShort(state, 'nesting-limit', range);
  if (state.inAlias > 0 && --state.aliasNodesLeft < 0) return cutShort(state, 'alias-expansion-limit', range);
  state.depth += 1;
  return undefined;
}

function fromYaml(node: YamlNode | null | undefined, doc: YamlDoc, state: BuildState): DataNode {
  // The yaml library is loaded: this document was parsed with it.
  const { isAlias, isMap, isPair, isScalar, isSeq } = parserModule('yaml');
  if (!node) return empty({ start: 0, end: 0 });
  const range = yamlRange(node as { range?: number[] });
  const stop = enter(state, range);
  if (stop) return stop;
  try {
    if (isAlias(node)) {
      const target = node.resolve(doc) as YamlNode | undefined;
      if (!target) return empty(range);
      if (state.expanding.has(target)) return cutShort(state, 'recursive-alias', range);
      state.expanding.add(target);
      state.inAlias += 1;
      try {
        // Keep the alias's own position: findings point at the line that uses the anchor.
        return relocate(fromYaml(target, doc, state), range);
      } finally {
        state.inAlias -= 1;
        state.expanding.delete(target);
      }
    }
    if (isMap(node)) {
      const entries: DataEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode && isAlias(keyNode) ? String(keyNode.source) : '';
        if (key === '<<' && pair.value) {
          // Merge keys: inline the merged map's entries (explicit keys win).
          const merged = fromYaml(pair.value as YamlNode, doc, state);
          const sources = merged.type === 'seq' ? merged.items : [merged];
          for (const source of sources) if (source.type === 'map') entries.push(...source.entries.filter((e) => !node.has(e.key)));
          continue;
        }
        entries.push({ key, keyRange: keyNode ? yamlRange(keyNode) : yamlRange(pair.value as YamlNode), value: fromYaml(pair.value as YamlNode, doc, state) });
      }
      return withTag({ type: 'map', range, entries }, node.tag);
    }
    if (isSeq(node)) return withTag({ type: 'seq', range, items: node.items.map((item) => fromYaml(item as YamlNode, doc, state)) }, node.tag);
    if (isScalar(node)) {
      const value = node.value;
      const scalar: DataScalar = {
        type: 'scalar',
        range,
        value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value),
      };
      if (node.tag && !node.tag.startsWith('tag:yaml.org')) scalar.tag = node.tag;
      return scalar;
    }
    return empty(range);
  } finally {
    state.depth -= 1;
  }
}

function withTag<T extends DataMap | DataSeq>(node: T, tag: string | undefined): T {
  if (tag && !tag.startsWith('tag:yaml.org')) node.tag = tag;
  return node;
}

function relocate(node: DataNode, range: Range): DataNode {
  return { ...node, range } as DataNode;
}

function fromJson(node: JsonNode, state: BuildState): DataNode {
  const range = { start: node.offset, end: node.offset + node.length };
  const stop = enter(state, range);
  if (stop) return stop;
  try {
    return jsonNode(node, range, state);
  } finally {
    state.depth -= 1;
  }
}

function jsonNode(node: JsonNode, range: Range, state: BuildState): DataNode {
  if (node.type === 'object') {
    const entries: DataEntry[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      entries.push({ key: String(key.value), keyRange: { start: key.offset, end: key.offset + key.length }, value: fromJson(value, state) });
    }
    return { type: 'map', range, entries };
  }
  if (node.type === 'array') return { type: 'seq', range, items: (node.children ?? []).map((child) => fromJson(child, state)) };
  const value = node.value as unknown;
  return { type: 'scalar', range, value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null };
}

/** TOML: tables and dotted keys become nested maps; ranges point at the key-value or table header. */
function fromToml(program: TomlAst.TOMLProgram, state: BuildState): DataNode {
  const top = program.body[0];
  const root: DataMap = { type: 'map', range: { start: program.range[0], end: program.range[1] }, entries: [] };
  if (!top) return root;
  for (const item of top.body) addTomlKeyValue(root, item, state);
  for (const table of program.body.slice(1) as unknown as TomlAst.TOMLTable[]) addTomlTable(root, table, state);
  return root;
}

function addTomlKeyValue(target: DataMap, item: TomlAst.TOMLKeyValue | TomlAst.TOMLTable, state: BuildState): void {
  if (item.type === 'TOMLTable') {
    addTomlTable(target, item, state);
    return;
  }
  const keys = item.key.keys.map(tomlKeyName);
  const range = { start: item.range[0], end: item.range[1] };
  if (keys.length > MAX_DEPTH) {
    cutShort(state, 'nesting-limit', range);
    return;
  }
  const parent = descend(target, keys.slice(0, -1), range);
  parent.entries.push({ key: keys[keys.length - 1]!, keyRange: { start: item.key.range[0], end: item.key.range[1] }, value: fromTomlValue(item.value, state) });
}

function addTomlTable(root: DataMap, table: TomlAst.TOMLTable, state: BuildState): void {
  const keys = table.key.keys.map(tomlKeyName);
  const header = { start: table.range[0], end: table.key.range[1] + 1 };
  if (keys.length > MAX_DEPTH) {
    cutShort(state, 'nesting-limit', header);
    return;
  }
  let map: DataMap;
  if (table.kind === 'array') {
    const parent = descend(root, keys.slice(0, -1), header);
    const last = keys[keys.length - 1]!;
    let entry = parent.entries.find((e) => e.key === last);
    if (!entry || entry.value.type !== 'seq') {
      entry = { key: last, keyRange: { start: table.key.range[0], end: table.key.range[1] }, value: { type: 'seq', range: header, items: [] } };
      parent.entries.push(entry);
    }
    map = { type: 'map', range: header, entries: [] };
    (entry.value as DataSeq).items.push(map);
  } else {
    map = descend(root, keys, header, { start: table.key.range[0], end: table.key.range[1] });
  }
  for (const item of table.body) addTomlKeyValue(map, item, state);
}

/** Finds or creates nested maps along `keys`. */
function descend(map: DataMap, keys: readonly string[], range: Range, keyRange: Range = range): DataMap {
  let current = map;
  for (const key of keys) {
    let entry = current.entries.find((e) => e.key === key);
    if (!entry || entry.value.type !== 'map') {
      entry = { key, keyRange, value: { type: 'map', range, entries: [] } };
      current.entries.push(entry);
    }
    current = entry.value as DataMap;
  }
  return current;
}

function tomlKeyName(key: TomlAst.TOMLBare | TomlAst.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

function fromTomlValue(node: TomlAst.TOMLContentNode, state: BuildState): DataNode {
  const range = { start: node.range[0], end: node.range[1] };
  const stop = enter(state, range);
  if (stop) return stop;
  try {
    if (node.type === 'TOMLArray') return { type: 'seq', range, items: node.elements.map((element) => fromTomlValue(element, state)) };
    if (node.type === 'TOMLInlineTable') {
      const map: DataMap = { type: 'map', range, entries: [] };
      for (const item of node.body) addTomlKeyValue(map, item, state);
      return map;
    }
    if (node.type === 'TOMLValue') {
      const value = node.value as unknown;
      return {
        type: 'scalar',
        range,
        value:
          typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
            ? value
            : typeof value === 'bigint'
              ? Number(value)
              : String(value),
      };
    }
    return empty(range);
  } finally {
    state.depth -= 1;
  }
}

// ---- queries -------------------------------------------------------------------------------

/** The value under `key` in a map (undefined for other nodes or a missing key). */
export function get(node: DataNode | undefined, key: string): DataNode | undefined {
  if (node?.type !== 'map') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i]!.value;
  return undefined;
}

/** The entry (key and value) under `key` in a map. */
export function entry(node: DataNode | undefined, key: string): DataEntry | undefined {
  if (node?.type !== 'map') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i];
  return undefined;
}

/** The value at a path of keys (numbers index sequences). */
export function at(node: DataNode | undefined, path: readonly (string | number)[]): DataNode | undefined {
  let current = node;
  for (const step of path) {
    if (typeof step === 'number') current = current?.type === 'seq' ? current.items[step] : undefined;
    else current = get(current, step);
    if (!current) return undefined;
  }
  return current;
}

/** A scalar's value as a string (numbers and booleans converted), else undefined. */
export function str(node: DataNode | undefined): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** A scalar boolean, accepting YAML/TOML booleans and the strings "true"/"false". */
export function bool(node: DataNode | undefined): boolean | undefined {
  if (node?.type !== 'scalar') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true') return true;
  if (node.value === 'false') return false;
  return undefined;
}

/** The items of a sequence, or the node itself as a one-item list (a common shorthand). */
export function items(node: DataNode | undefined): DataNode[] {
  if (!node) return [];
  return node.type === 'seq' ? node.items : [node];
}

/** The entries of a map (empty for other nodes). */
export function entries(node: DataNode | undefined): DataEntry[] {
  return node?.type === 'map' ? node.entries : [];
}

/** Visits every node depth-first with the key path that leads to it. */
export function walk(
  node: DataNode,
  visit: (node: DataNode, path: readonly (string | number)[], entry?: DataEntry) => void | false,
  path: (string | number)[] = [],
): void {
  const stack: { node: DataNode; path: (string | number)[]; entry?: DataEntry }[] = [{ node, path }];
  while (stack.length) {
    const { node: current, path: currentPath, entry: currentEntry } = stack.pop()!;
    if (visit(current, currentPath, currentEntry) === false) continue;
    if (current.type === 'map') {
      for (let i = current.entries.length - 1; i >= 0; i--) {
        const e = current.entries[i]!;
        stack.push({ node: e.value, path: [...currentPath, e.key], entry: e });
      }
    } else if (current.type === 'seq') {
      for (let i = current.items.length - 1; i >= 0; i--) stack.push({ node: current.items[i]!, path: [...currentPath, i] });
    }
  }
}
