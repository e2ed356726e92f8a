#!/usr/bin/env node
// Builds dist/ after `npm install`/`npm ci` in a source checkout: a clone, a git dependency
// (npm installs a git dependency's dev dependencies and runs this before packing it) or the
// pre-commit framework's copy of this repository. An installed tarball has no src/ and is already
// built, so there is nothing to do. This is a postinstall script, not `prepare`, because `npm pack`
// prints a `prepare` banner on stdout and the pre-commit framework reads the tarball name there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'src')) || !existsSync(join(root, 'tsconfig.build.json'))) process.exit(0);

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('nhiscan: TypeScript is not installed, so dist/ was not built; run "npm install" with dev dependencies, then "npm run build"\n');
  process.exit(existsSync(join(root, 'dist', 'src', 'cli', 'main.js')) ? 0 : 1);
}
const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (run.status !== 0) process.exit(run.status ?? 1);
// The one-file CLI bundle starts faster; bin/nhiscan.js falls back to dist/ without it.
const bundle = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
process.exit(bundle.status ?? 1);
