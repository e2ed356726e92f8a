import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT } from './helpers/fixtures.js';

/**
 * The CLI tests run bin/nhiscan.js, which loads dist/: build it first so they never test stale
 * code. The build is incremental, so after `npm run build` it costs little.
 */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  // The same second step as `npm run build`: the CLI runs from the bundle.
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: ROOT, stdio: 'inherit' });
}
