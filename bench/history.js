#!/usr/bin/env node
// History benchmark: `nhiscan scan --history` of a git repository (default: this project's own;
// give a path — a mirror such as `git clone --mirror https://github.com/OWASP/wrongsecrets` — as
// the first argument or in NHISCAN_BENCH_HISTORY) against the time git itself takes to stream
// every object (`git cat-file --batch-all-objects --batch`). Prints both, the ratio and peak memory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? process.env.NHISCAN_BENCH_HISTORY ?? root;
const gitDir = spawnSync('git', ['rev-parse', '--git-dir'], { cwd: target, encoding: 'utf8' });
if (gitDir.status !== 0) {
  console.log(`history: ${target} is not a git repository; skipped`);
  process.exit(0);
}
const count = (args) => spawnSync('git', args, { cwd: target, encoding: 'utf8' }).stdout.trim();
const commits = count(['rev-list', '--all', '--count']);
const refs = count(['for-each-ref', '--format=x']).split('\n').filter(Boolean).length;

// git's own streaming time, best of 3 (the page cache is warm after the first)
let gitWall = Infinity;
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  const run = spawnSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: target, stdio: ['ignore', 'ignore', 'ignore'] });
  if (run.status !== 0) break;
  gitWall = Math.min(gitWall, (performance.now() - started) / 1000);
}

const probe = `
  const { scanHistory } = await import(${JSON.stringify(join(root, 'dist/src/pipeline/history.js'))});
  const { loadConfig } = await import(${JSON.stringify(join(root, 'dist/src/config/load.js'))});
  const { loadBuiltinRules } = await import(${JSON.stringify(join(root, 'dist/src/rule/registry.js'))});
  const config = await loadConfig({ cwd: ${JSON.stringify(target)}, none: true });
  const started = performance.now();
  const result = await scanHistory({ root: ${JSON.stringify(target)}, config, catalog: await loadBuiltinRules(), selection: { kind: 'history' } });
  console.log(JSON.stringify({
    wall: (performance.now() - started) / 1000, blobs: result.stats.files, bytes: result.stats.bytes,
    findings: result.findings.length, peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }));
`;
const script = join(mkdtempSync(join(tmpdir(), 'nhiscan-bench-history-')), 'probe.mjs');
writeFileSync(script, probe);
const run = spawnSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(2);
}
const h = JSON.parse(run.stdout);
console.log(`history:     ${target} (${commits} commits, ${refs} refs)`);
console.log(`  blobs:     ${h.blobs} scanned, ${(h.bytes / 1024 / 1024).toFixed(1)} MB of text, ${h.findings} findings`);
console.log(`  wall:      ${h.wall.toFixed(2)} s; git streams every object in ${gitWall.toFixed(2)} s (${(h.wall / gitWall).toFixed(1)}×)`);
console.log(`  peak memory: ${h.peakRssMiB.toFixed(0)} MiB`);
