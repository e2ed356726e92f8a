#!/usr/bin/env node
import module from 'node:module';
import { isAscii } from 'node:buffer';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// `--version` alone needs no rule, parser or configuration: answer before loading any of them.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (args.length === 1 && args[0] === '--scan-worker' && !(await import('node:worker_threads')).isMainThread) {
  // A scan worker thread of the bundled CLI (src/pipeline/parallel.ts started it): the main thread
  // writes the code cache, not its workers.
  const { serveScanWorker } = await loadBundle(bundlePath(), { writeCache: false });
  await serveScanWorker();
} else {
  // The build's one-file bundle starts faster than the few hundred modules it is made of.
  const bundle = bundlePath();
  let main;
  if (existsSync(bundle)) {
    // Scan worker threads run this file too, to load the bundle as this thread does (parallel.ts).
    globalThis[Symbol.for('nhiscan.bin')] = import.meta.url;
    ({ main } = await loadBundle(bundle));
  } else {
    ({ main } = await import('../dist/src/cli/main.js'));
  }
  process.exitCode = await main(args);
}

function bundlePath() {
  return fileURLToPath(new URL('../dist/src/cli/main.bundle.cjs', import.meta.url));
}

/**
 * Loads the CLI bundle with its compiled code cached between runs: compiling the bundle is most of
 * the start-up. Node 22.1+ caches compiled code itself; on older Node the bundle is compiled as a
 * script with a V8 code cache kept next to it (the cache is as trusted as the bundle: the same
 * folder; it names the digest of the source it was made from, and V8 rejects it for another V8).
 * The build writes that digest in the bundle's first line, so start-up hashes nothing (loading
 * node:crypto alone costs a tenth of Node's start-up); without that line no cache is used.
 */
async function loadBundle(path, { writeCache = true } = {}) {
  if (module.enableCompileCache) {
    module.enableCompileCache();
    return module.createRequire(import.meta.url)(path);
  }
  const { Script } = await import('node:vm');
  const cachePath = path.replace(/\.cjs$/, '.cache');
  const bytes = readFileSync(path);
  // V8 matches a cache to its source by length only: the cache starts with the source's digest.
  const header = /^\/\/ nhiscan-bundle sha256:([0-9a-f]{64})\n/.exec(bytes.subarray(0, 100).toString('latin1'));
  const digest = header ? Buffer.from(header[1], 'hex') : undefined;
  let cachedData;
  try {
    const cache = digest && readFileSync(cachePath);
    if (cache && cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
  } catch {
    // no cache yet
  }
  // The build keeps the bundle ASCII: read as Latin-1 it is the same text, with no UTF-8 decoding
  // and a one-byte string (half the copying when the wrapper is added).
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  // The same wrapper as Node's for CommonJS; one line, so positions in stack traces hold.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: path,
    cachedData,
  });
  // V8 drops `import()`'s loader from cached code: the bundle imports through this one instead
  // (src/dynamic-import.ts). Resolved from here, in the same package as the bundle.
  globalThis[Symbol.for('nhiscan.import')] = (specifier) => import(specifier);
  const exports = {};
  const bundleModule = { exports };
  script.runInThisContext()(exports, module.createRequire(path), bundleModule, path, dirname(path));
  if (writeCache && digest && (cachedData === undefined || script.cachedDataRejected)) {
    // Written when the process ends, so the cache holds the code this run compiled too.
    process.once('beforeExit', () => {
      const temporary = `${cachePath}.${process.pid}`;
      try {
        writeFileSync(temporary, Buffer.concat([digest, script.createCachedData()]));
        renameSync(temporary, cachePath);
      } catch {
        // a read-only install: start-up stays as without a cache
        rmSync(temporary, { force: true });
      }
    });
  }
  return bundleModule.exports;
}
