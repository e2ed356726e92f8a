// ESLint (flat config) with typescript-eslint's parser and its non-type-aware rules: type-aware
// linting would parse the whole program a second time for little gain here (tsc already runs in
// the build). Its main job is the layer rules of CONTRIBUTING.md, which nothing else enforces.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * The layers from the bottom up: a layer may import the ones before it, never the ones after it.
 * (`src/errors.ts` is below them all.)
 */
const LAYERS = ['src/document', 'src/rule', 'src/ast', 'src/detect', 'src/model', 'src/report', 'src/config', 'src/pipeline', 'src/cli', 'src/action'];
/** What rules may import: the pure layers (the rule contract, syntax, detection helpers, models). */
const RULE_IMPORTS = ['src/rule', 'src/ast', 'src/detect', 'src/model'];
/** Layers that do no I/O: they work on documents and data handed to them. */
const NO_IO = ['src/document', 'src/ast', 'src/detect', 'src/model', 'src/report', 'rules'];
const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'worker_threads', 'readline'];
/** Only the command line talks to the terminal and the process. */
const PROCESS_MODULES = ['process', 'console', 'tty'];

/** Every folder under `top` that holds TypeScript, relative to the root. */
function folders(top) {
  const found = [];
  const walk = (dir) => {
    const entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.ts'))) found.push(dir);
    for (const e of entries) if (e.isDirectory()) walk(`${dir}/${e.name}`);
  };
  walk(top);
  return found;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern matching import specifiers, written in `dir`, that reach `target`. */
function reaching(dir, target) {
  const rel = relative(join(ROOT, dir), join(ROOT, target)).split('\\').join('/');
  return `^${escape(rel.startsWith('.') ? rel : `./${rel}`)}(?:/|$)`;
}

const builtins = (names) => names.flatMap((name) => [name, `node:${name}`]);

/** The `no-restricted-imports` options for one folder: its layer's limits plus I/O and process. */
function restrictions(dir) {
  const layer = dir.startsWith('rules') ? 'rules' : dir.split('/').slice(0, 2).join('/');
  const patterns = [];
  if (layer === 'rules') {
    const allowed = RULE_IMPORTS.map((target) => relative(join(ROOT, dir), join(ROOT, target)).split('\\').join('/'));
    // A family may keep the wording its rules share in `rules/<family>/shared/` (no rules there).
    allowed.push(dir.endsWith('/shared') ? '.' : './shared');
    patterns.push({
      regex: `^(?!(?:${allowed.map(escape).join('|')})/)`,
      message: "rules may import only src/rule, src/ast, src/detect, src/model and their family's shared/ folder (CONTRIBUTING.md)",
    });
  } else {
    const above = LAYERS.slice(LAYERS.indexOf(layer) + 1);
    for (const target of above) patterns.push({ regex: reaching(dir, target), message: `${layer} may not import ${target}: it is a higher layer (CONTRIBUTING.md)` });
  }
  const paths = [];
  if (NO_IO.includes(layer)) for (const name of builtins(IO_MODULES)) paths.push({ name, message: `${layer} does no I/O: it works on what it is handed` });
  if (layer !== 'src/cli' && layer !== 'src/action') for (const name of builtins(PROCESS_MODULES)) paths.push({ name, message: 'only src/cli touches the process and the terminal' });
  return { patterns, paths };
}

const layerConfigs = [...folders('src'), ...folders('rules')].map((dir) => ({
  files: [`${dir}/*.ts`],
  rules: { 'no-restricted-imports': ['error', restrictions(dir)] },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-action/**', 'node_modules/**', 'fixtures/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      // Babel and parser nodes are typed loosely on purpose (`Visitors`); tsc's strict mode does the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  ...layerConfigs,
  {
    // Below the command line nothing reads the process or writes to the console: they take
    // arguments and return results (notes, findings) for src/cli to print.
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    // src/action is the GitHub Action's entry point: a command line of its own.
    ignores: ['src/cli/**', 'src/action/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'only src/cli touches the process: take what you need as an argument' },
        { name: 'console', message: 'only src/cli prints: return a note or a result instead' },
      ],
    },
  },
  {
    // The exception: the modules that launch git need the process's environment and platform to
    // build a trusted PATH and a hardened child environment (security). They print nothing.
    files: ['src/pipeline/git.ts', 'src/pipeline/git-objects.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'console', message: 'only src/cli prints: return a note or a result instead' }],
    },
  },
);
