// Fails when the static imports of src/ and rules/ form a cycle (type-only imports included: a
// cycle of types still means two modules that cannot be understood or moved apart). Dynamic
// `import()` is the way to load a module lazily and is not counted. Part of `npm run lint`;
// cheaper than eslint-plugin-import's no-cycle, which resolves every import again per file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every `.ts` file under `dir`, absolute. */
function sources(dir) {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const files = [...sources('src'), ...sources('rules')];
const known = new Set(files);
/** Module → the modules it imports statically (relative specifiers only; `.js` names the `.ts` source). */
const graph = new Map();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
  const targets = importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')))
    .filter((target) => known.has(target));
  graph.set(file, [...new Set(targets)]);
}

// Tarjan's strongly connected components, iteratively (no recursion limit on deep chains).
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const cycles = [];
let counter = 0;
for (const start of graph.keys()) {
  if (index.has(start)) continue;
  const work = [[start, 0]];
  index.set(start, counter);
  low.set(start, counter++);
  stack.push(start);
  onStack.add(start);
  while (work.length) {
    const frame = work[work.length - 1];
    const [node, i] = frame;
    const next = graph.get(node)[i];
    if (next !== undefined) {
      frame[1]++;
      if (!index.has(next)) {
        index.set(next, counter);
        low.set(next, counter++);
        stack.push(next);
        onStack.add(next);
        work.push([next, 0]);
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
      continue;
    }
    work.pop();
    if (work.length) {
      const parent = work[work.length - 1][0];
      low.set(parent, Math.min(low.get(parent), low.get(node)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component);
    }
  }
}

if (cycles.length) {
  for (const component of cycles) {
    console.error(
      `import cycle: ${component
        .map((f) => relative(ROOT, f))
        .sort()
        .join(' ↔ ')}`,
    );
  }
  console.error('Break it: move what both sides need into a module below them, or load one side with import().');
  process.exit(1);
}
