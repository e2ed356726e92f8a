#!/usr/bin/env node
import module from 'node:module';
import { existsSync, readFileSync } from 'node:fs';

// `--version` alone needs no rule, parser or configuration: answer before loading any of them.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // Node 22.1+ caches compiled code on disk between runs; older Node has no such cache.
  module.enableCompileCache?.();
  // The build's one-file bundle starts faster than the few hundred modules it is made of.
  const bundle = new URL('../dist/src/cli/main.bundle.js', import.meta.url);
  const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/cli/main.js');
  process.exitCode = await main(args);
}
