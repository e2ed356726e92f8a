#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli/main.js and everything it imports, rule files included)
// into one file, dist/src/cli/main.bundle.cjs, so start-up resolves and loads one file instead
// of a few hundred. npm packages the CLI always loads are bundled too; the others (parsers,
// spinner) stay external dependencies, loaded lazily where the code says so. The bundle lists
// the rules statically, checked and sorted here. Runs after `tsc` (see the build script).
import { build } from 'esbuild';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Dependencies nearly every run loads: configuration and rule option schemas, globs, colours, .gitignore rules. */
const STARTUP_PACKAGES = ['zod', 'picomatch', 'picocolors', 'ignore', 're2js'];
const rulesDir = join(dist, 'rules');
const entry = join(dist, 'src', 'cli', 'bundle-entry.js');
const bundleFile = join(dist, 'src', 'cli', 'main.bundle.cjs');

// The catalog as a run from dist/ loads it: every rule file and table checked (ids, families,
// metadata, no duplicates) and sorted. The bundle then lists the rules in that order, so its
// start-up neither checks nor sorts them again.
const { loadBuiltinRules } = await import(pathToFileURL(join(dist, 'src', 'rule', 'registry.js')).href);
const catalog = await loadBuiltinRules();
/** Each rule object → the expression that names it in the bundle entry (`rule3`, `rule7[12]`). */
const expressions = new Map();
const imports = [];
for (const family of readdirSync(rulesDir).sort()) {
  const familyDir = join(rulesDir, family);
  if (!statSync(familyDir).isDirectory()) continue;
  for (const name of readdirSync(familyDir).sort()) {
    const path = join(familyDir, name);
    const binding = `rule${imports.length}`;
    const file = statSync(path).isDirectory() ? join(path, 'index.js') : name.endsWith('.js') ? path : undefined;
    if (!file || !existsSync(file)) continue;
    imports.push(`import ${binding} from '../../${relative(dist, file).split(sep).join('/')}';`);
    // The same module instances the registry loaded: its rules are the catalog's objects.
    const exported = (await import(pathToFileURL(file).href)).default;
    if (Array.isArray(exported)) exported.forEach((rule, i) => expressions.set(rule, `${binding}[${i}]`));
    else expressions.set(exported, binding);
  }
}
const unlisted = catalog.filter((rule) => !expressions.has(rule));
if (unlisted.length) throw new Error(`the bundle entry misses ${unlisted.map((r) => `${r.family}/${r.id}`).join(', ')}`);
writeFileSync(
  entry,
  [
    "import { useCheckedCatalog } from '../rule/registry.js';",
    ...imports,
    `useCheckedCatalog([${catalog.map((rule) => expressions.get(rule)).join(', ')}]);`,
    "export { main } from './main.js';",
    // bin/nhiscan.js serves scan worker threads from the bundle too (src/pipeline/parallel.ts).
    "export { serveScanWorker } from '../pipeline/worker.js';",
    '',
  ].join('\n'),
);
// A cache of the previous bundle's compiled code (bin/nhiscan.js) and the ESM bundle of older builds.
for (const stale of ['main.bundle.cache', 'main.bundle.js']) rmSync(join(dist, 'src', 'cli', stale), { force: true });
try {
  const result = await build({
    entryPoints: [entry],
    outfile: bundleFile,
    bundle: true,
    // CommonJS, so that on Node 20 bin/nhiscan.js can compile it as a script with a V8 code cache
    // (Node caches compiled code itself only from 22.1; a module cannot take a cache on 20).
    format: 'cjs',
    define: { 'import.meta.url': '__nhiscanModuleUrl' },
    banner: { js: 'var __nhiscanModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    // No whitespace or comments to scan at every start-up; names stay, for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    platform: 'node',
    target: 'node20',
    // Packages every scan loads at start-up are bundled (resolving and linking zod's hundred ES
    // modules cost more than the rest of start-up); the others stay external and load lazily.
    external: Object.keys(dependencies).filter((name) => !STARTUP_PACKAGES.includes(name)),
    logLevel: 'warning',
    metafile: true,
  });
  // bin/nhiscan.js reads an ASCII bundle without decoding UTF-8 (esbuild escapes strings, not
  // regex literals: write `\u2026` there, not `…`).
  const bytes = readFileSync(bundleFile);
  // The digest bin/nhiscan.js matches its code cache to, so that start-up need not hash the bundle.
  writeFileSync(bundleFile, Buffer.concat([Buffer.from(`// nhiscan-bundle sha256:${createHash('sha256').update(bytes).digest('hex')}\n`), bytes]));
  if (!isAscii(bytes)) {
    const at = bytes.findIndex((byte) => byte > 127);
    console.warn(
      `warning: the CLI bundle is not ASCII (start-up decodes it as UTF-8): ${JSON.stringify(bytes.subarray(Math.max(0, at - 60), at + 4).toString('utf8'))}`,
    );
  }
  // On Node 20 the bundle runs from a code cache, where `import()` has no loader: every module
  // outside the bundle is imported through src/dynamic-import.ts.
  const direct = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.kind === 'dynamic-import' && i.external));
  if (direct.length) throw new Error(`the CLI bundle imports ${direct.map((i) => i.path).join(', ')} with import(): use importModule (src/dynamic-import.ts)`);
} finally {
  rmSync(entry, { force: true });
}
