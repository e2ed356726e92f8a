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

/** Nodes built through YAML aliases, beyond which aliases are no longer expanded (alias bombs). */
const ALIAS_BUDGET = 20_000;

const cache = new WeakMap<Document, DataNode[]>();

/**
 * The data trees of a YAML, JSON or TOML document (one per YAML document in a stream; empty
 * when the file did not parse). Built once per document.
 */
export function dataDocuments(doc: Document): DataNode[] {
  let trees = cache.get(doc);
  if (!trees) {
    trees = build(doc);
    cache.set(doc, trees);
  }
  return trees;
}

/** The first data tree of a document, if any. */
export function dataRoot(doc: Document): DataNode | undefined {
  return dataDocuments(doc)[0];
}

function build(doc: Document): DataNode[] {
  const yaml = doc.yaml();
  if (yaml) {
    const budget = { left: ALIAS_BUDGET };
    return yaml.flatMap((d) => (d.contents ? [fromYaml(d.contents as YamlNode, d, budget)] : []));
  }
  const json = doc.json();
  if (json) return [fromJson(json)];
  const toml = doc.toml();
  if (toml) return [fromToml(toml)];
  return [];
}

type YamlDoc = NonNullable<ReturnType<Document['yaml']>>[number];

function yamlRange(node: { range?: readonly number[] | null }): Range {
  const r = node.range;
  return { start: r?.[0] ?? 0, end: r?.[1] ?? r?.[0] ?? 0 };
}

function fromYaml(node: YamlNode | null | undefined, doc: YamlDoc, budget: { left: number }): DataNode {
  // The yaml library is loaded: this document was parsed with it.
  const { isAlias, isMap, isPair, isScalar, isSeq } = parserModule('yaml');
  if (!node) return { type: 'scalar', range: { start: 0, end: 0 }, value: null };
  if (isAlias(node)) {
    const target = budget.left > 0 ? (node.resolve(doc) as YamlNode | undefined) : undefined;
    if (!target) return { type: 'scalar', range: yamlRange(node), value: null };
    budget.left -= 1;
    // Keep the alias's own position: findings point at the line that uses the anchor.
    return relocate(fromYaml(target, doc, budget), yamlRange(node));
  }
  if (isMap(node)) {
    const entries: DataEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : keyNode && isAlias(keyNode) ? String(keyNode.source) : '';
      if (key === '<<' && pair.value) {
        // Merge keys: inline the merged map's entries (explicit keys win).
        const merged = fromYaml(pair.value as YamlNode, doc, budget);
        const sources = merged.type === 'seq' ? merged.items : [merged];
        for (const source of sources) if (source.type === 'map') entries.push(...source.entries.filter((e) => !node.has(e.key)));
        continue;
      }
      entries.push({ key, keyRange: keyNode ? yamlRange(keyNode) : yamlRange(pair.value as YamlNode), value: fromYaml(pair.value as YamlNode, doc, budget) });
    }
    return withTag({ type: 'map', range: yamlRange(node), entries }, node.tag);
  }
  if (isSeq(node)) return withTag({ type: 'seq', range: yamlRange(node), items: node.items.map((item) => fromYaml(item as YamlNode, doc, budget)) }, node.tag);
  if (isScalar(node)) {
    const value = node.value;
    const scalar: DataScalar = {
      type: 'scalar',
      range: yamlRange(node),
      value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value),
    };
    if (node.tag && !node.tag.startsWith('tag:yaml.org')) scalar.tag = node.tag;
    return scalar;
  }
  return { type: 'scalar', range: yamlRange(node as { range?: number[] }), value: null };
}

function withTag<T extends DataMap | DataSeq>(node: T, tag: string | undefined): T {
  if (tag && !tag.startsWith('tag:yaml.org')) node.tag = tag;
  return node;
}

function relocate(node: DataNode, range: Range): DataNode {
  return { ...node, range } as DataNode;
}

function fromJson(node: JsonNode): DataNode {
  const range = { start: node.offset, end: node.offset + node.length };
  if (node.type === 'object') {
    const entries: DataEntry[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      entries.push({ key: String(key.value), keyRange: { start: key.offset, end: key.offset + key.length }, value: fromJson(value) });
    }
    return { type: 'map', range, entries };
  }
  if (node.type === 'array') return { type: 'seq', range, items: (node.children ?? []).map(fromJson) };
  const value = node.value as unknown;
  return { type: 'scalar', range, value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null };
}

/** TOML: tables and dotted keys become nested maps; ranges point at the key-value or table header. */
function fromToml(program: TomlAst.TOMLProgram): DataNode {
  const top = program.body[0];
  const root: DataMap = { type: 'map', range: { start: program.range[0], end: program.range[1] }, entries: [] };
  if (!top) return root;
  for (const item of top.body) addTomlKeyValue(root, item);
  for (const table of program.body.slice(1) as unknown as TomlAst.TOMLTable[]) addTomlTable(root, table);
  return root;
}

function addTomlKeyValue(target: DataMap, item: TomlAst.TOMLKeyValue | TomlAst.TOMLTable): void {
  if (item.type === 'TOMLTable') {
    addTomlTable(target, item);
    return;
  }
  const keys = item.key.keys.map(tomlKeyName);
  const parent = descend(target, keys.slice(0, -1), { start: item.range[0], end: item.range[1] });
  parent.entries.push({ key: keys[keys.length - 1]!, keyRange: { start: item.key.range[0], end: item.key.range[1] }, value: fromTomlValue(item.value) });
}

function addTomlTable(root: DataMap, table: TomlAst.TOMLTable): void {
  const keys = table.key.keys.map(tomlKeyName);
  const header = { start: table.range[0], end: table.key.range[1] + 1 };
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
  for (const item of table.body) addTomlKeyValue(map, item);
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

function fromTomlValue(node: TomlAst.TOMLContentNode): DataNode {
  const range = { start: node.range[0], end: node.range[1] };
  if (node.type === 'TOMLArray') return { type: 'seq', range, items: node.elements.map(fromTomlValue) };
  if (node.type === 'TOMLInlineTable') {
    const map: DataMap = { type: 'map', range, entries: [] };
    for (const item of node.body) addTomlKeyValue(map, item);
    return map;
  }
  if (node.type === 'TOMLValue') {
    const value = node.value as unknown;
    return {
      type: 'scalar',
      range,
      value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : typeof value === 'bigint' ? Number(value) : String(value),
    };
  }
  return { type: 'scalar', range, value: null };
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
export function walk(node: DataNode, visit: (node: DataNode, path: readonly (string | number)[], entry?: DataEntry) => void | false, path: (string | number)[] = []): void {
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
