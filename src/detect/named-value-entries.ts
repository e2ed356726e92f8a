import { dataDocuments, get, str, walk, type DataNode } from '../ast/data.js';
import type { Document } from '../document/document.js';
import type { Range } from '../rule/types.js';
import { lineBefore, type Assignment } from './assignment.js';

/** Fields that hold a setting's name in a list of name/value entries. */
const NAME_FIELDS = ['name', 'Name', 'key', 'Key', 'ParameterKey', 'OptionName'];
/** Fields that hold its value. */
const VALUE_FIELDS = ['value', 'Value', 'ParameterValue'];

/**
 * Where a credential's name may be the value of a name field, seen from the name's offset: the
 * same line starts `name: DB_`, `"key": "api_`, `ParameterKey": "Db`. A cheap test on the text,
 * so that only documents with such an entry are walked.
 */
const NAME_FIELD_BEFORE = /(?:^|[\s{,"'])(?:[nN]ame|[kK]ey|ParameterKey|OptionName)["']?[ \t]*[:=][ \t]*["']?[\w.-]{0,64}$/;

/**
 * Whether a YAML or JSON document may hold a name/value entry whose name is at one of `hits`
 * (offsets inside candidate names), or GitLab CI variables written with a `value:`.
 */
export function mayHoldNamedValueEntries(doc: Document, hits: readonly number[]): boolean {
  if (doc.family !== 'yaml' && doc.family !== 'json') return false;
  if (doc.kind === 'gitlab-ci') return true;
  // Each hit reads at most the 200 characters before it (a one-line JSON file has no line start
  // to seek). A file of hits that would read more than twice its length is walked instead: the
  // walk is linear, the reads would not be.
  let budget = 2 * doc.text.length + 100_000;
  for (const hit of hits) {
    if ((budget -= 200) < 0) return true;
    if (NAME_FIELD_BEFORE.test(lineBefore(doc.text, hit))) return true;
  }
  return false;
}

/**
 * Settings written as name/value entries rather than `name: value`, each as the assignment it
 * stands for (the name's scalar is its name): container env in Kubernetes (`- name: DB_PASSWORD`,
 * `value: …`) and ECS task definitions, CloudFormation parameter files (`ParameterKey`,
 * `ParameterValue`), Elastic Beanstalk option settings (`OptionName`, `Value`), Postman
 * environments (`key`, `value`), and GitLab CI variables given as `NAME: { value: … }`. Only
 * string values count; a `valueFrom` or a nested object is a reference, not a literal.
 */
export function namedValueEntries(doc: Document): Assignment[] {
  const found: Assignment[] = [];
  for (const root of dataDocuments(doc)) {
    walk(root, (node, path, entry) => {
      if (node.type !== 'map') return;
      const value = field(node, VALUE_FIELDS);
      if (!value) return;
      const name = field(node, NAME_FIELDS);
      if (name) {
        const text = str(name.node);
        if (text) found.push(assignment(doc, text, name.node.range, value));
      } else if (doc.kind === 'gitlab-ci' && entry && path.at(-2) === 'variables') {
        found.push(assignment(doc, entry.key, entry.keyRange, value));
      }
    });
  }
  return found;
}

/** The first of `names` the map has with a scalar value. */
function field(map: DataNode, names: readonly string[]): { node: DataNode; value: string } | undefined {
  for (const name of names) {
    const node = get(map, name);
    const value = str(node);
    if (node && value !== undefined) return { node, value };
  }
  return undefined;
}

function assignment(doc: Document, name: string, nameRange: Range, value: { node: DataNode; value: string }): Assignment {
  const { start, end } = value.node.range;
  const source = doc.text.slice(start, end);
  // The value's own characters: inside the quotes when the source is the value quoted, else the whole scalar.
  const quoted = source.length === value.value.length + 2 && (source[0] === '"' || source[0] === "'") && source.slice(1, -1) === value.value;
  const valueRange = quoted ? { start: start + 1, end: end - 1 } : { start, end };
  return { name, nameRange, value: value.value, valueRange, quoted, commented: false };
}
