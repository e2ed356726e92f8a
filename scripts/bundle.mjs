#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli/main.js and everything it imports, rule files included)
// into one module, dist/src/cli/main.bundle.js, so start-up resolves and loads one file instead
// of a few hundred. npm packages the CLI always loads are bundled too; the others (parsers,
// spinner, ignore rules) stay external dependencies, loaded lazily where the code says so. The
// bundle lists the rule files statically; the registry checks them as it checks discovered ones. Runs after `tsc` (see the build script).
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Dependencies nearly every run loads: configuration and rule option schemas, globs, colours, .gitignore rules. */
const STARTUP_PACKAGES = ['zod', 'picomatch', 'picocolors', 'ignore'];
const rulesDir = join(dist, 'rules');
const entry = join(dist, 'src', 'cli', 'bundle-entry.js');

const imports = [];
const files = [];
const tables = [];
for (const family of readdirSync(rulesDir).sort()) {
  const familyDir = join(rulesDir, family);
  if (!statSync(familyDir).isDirectory()) continue;
  for (const name of readdirSync(familyDir).sort()) {
    const path = join(familyDir, name);
    const binding = `rule${imports.length}`;
    if (statSync(path).isDirectory()) {
      if (!existsSync(join(path, 'index.js'))) continue;
      imports.push(`import ${binding} from '../../rules/${family}/${name}/index.js';`);
      tables.push(binding);
    } else if (name.endsWith('.js')) {
      imports.push(`import ${binding} from '../../rules/${family}/${name}';`);
      files.push(`{ family: ${JSON.stringify(family)}, id: ${JSON.stringify(name.slice(0, -3))}, rule: ${binding} }`);
    }
  }
}
writeFileSync(
  entry,
  [
    "import { useBundledRules } from '../rule/registry.js';",
    ...imports,
    `useBundledRules([${files.join(', ')}], [${tables.join(', ')}]);`,
    "export { main } from './main.js';",
    '',
  ].join('\n'),
);
try {
  await build({
    entryPoints: [entry],
    outfile: join(dist, 'src', 'cli', 'main.bundle.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages every scan loads at start-up are bundled (resolving and linking zod's hundred ES
    // modules cost more than the rest of start-up); the others stay external and load lazily.
    external: Object.keys(dependencies).filter((name) => !STARTUP_PACKAGES.includes(name)),
    logLevel: 'warning',
  });
} finally {
  rmSync(entry, { force: true });
}
