#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli/main.js and everything it imports, rule files included)
// into one module, dist/src/cli/main.bundle.js, so start-up resolves and loads one file instead
// of a few hundred. npm packages stay external: they are dependencies, loaded lazily where the
// code says so. The bundle lists the rule files statically; the registry checks them as it
// checks discovered ones. Runs after `tsc` (see the build script).
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
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
    packages: 'external',
    logLevel: 'warning',
  });
} finally {
  rmSync(entry, { force: true });
}
