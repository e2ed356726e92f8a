#!/usr/bin/env node
// Benchmark: scan a large real tree (this project's node_modules) with every rule on, then time
// `nhiscan scan --staged` on a 10-file commit, Node start-up included. Run with `npm run bench`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'nhiscan.js');
const target = process.argv[2] ?? join(root, 'node_modules');
if (!existsSync(target)) {
  console.error(`bench: ${target} not found (run npm ci first)`);
  process.exit(2);
}

// 1. Throughput in one thread, in a child process so peak memory is the scan's own. (Worker
//    threads are measured through the CLI below, which starts them as users get them.)
const probe = `
  const { scan } = await import(${JSON.stringify(join(root, 'dist/src/pipeline/scan.js'))});
  const { loadConfig } = await import(${JSON.stringify(join(root, 'dist/src/config/load.js'))});
  const { loadBuiltinRules } = await import(${JSON.stringify(join(root, 'dist/src/rule/registry.js'))});
  const config = await loadConfig({ cwd: ${JSON.stringify(target)}, none: true });
  config.gitignore = false;
  const started = performance.now();
  const result = await scan({ root: ${JSON.stringify(target)}, config, catalog: await loadBuiltinRules(), workers: 0 });
  const wall = (performance.now() - started) / 1000;
  const byRule = {};
  for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  console.log(JSON.stringify({
    files: result.stats.files, skipped: result.stats.skipped, bytes: result.stats.bytes, wall,
    peakRssMiB: process.resourceUsage().maxRSS / 1024, findings: result.findings.length, byRule,
  }));
`;
function measure() {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(2);
  }
  return JSON.parse(run.stdout);
}
const loadAtStart = loadavg()[0];
const cores = availableParallelism();
const single = measure();
const mb = single.bytes / 1024 / 1024;

// 2. Pre-commit latency: a 10-file commit in a fresh repository, median of 7 runs.
const repo = mkdtempSync(join(tmpdir(), 'nhiscan-bench-'));
const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
git('init', '-q');
mkdirSync(join(repo, 'src'));
for (let i = 0; i < 10; i++) {
  const body = Array.from({ length: 200 }, (_, n) => `export const value${n} = compute(${n}, 'item-${i}-${n}');`).join('\n');
  writeFileSync(join(repo, 'src', `module${i}.${i % 2 ? 'ts' : 'js'}`), body + '\n');
}
git('add', '.');
const times = [];
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, 'scan', '--staged', '--no-progress'], { cwd: repo, encoding: 'utf8' });
  times.push(performance.now() - started);
  if (r.status === 2) {
    console.error(r.stderr);
    process.exit(2);
  }
}
times.sort((a, b) => a - b);

// 3. Side by side, in this run: Node's own start-up, the CLI's start-up (`--version`, an empty
//    folder), the whole CLI over the tree (as it chooses, in one thread, and with a worker per
//    core), ripgrep looking for six secret patterns in it, and Node doing ripgrep's job
//    (bench/node-floor.js). Runs alternate so a busy machine slows every command alike; medians
//    are compared.
const empty = mkdtempSync(join(tmpdir(), 'nhiscan-bench-empty-'));
// The tree scan's report goes elsewhere: the empty folder must stay empty.
const reports = mkdtempSync(join(tmpdir(), 'nhiscan-bench-report-'));
const rg = spawnSync('rg', ['--version'], { encoding: 'utf8' }).status === 0;
const SECRET_PATTERNS = [
  'AKIA[0-9A-Z]{16}',
  'gh[pousr]_[A-Za-z0-9]{36}',
  'xox[baprs]-[A-Za-z0-9-]{10,}',
  'sk_live_[A-Za-z0-9]{24,}',
  '-----BEGIN [A-Z ]*PRIVATE KEY-----',
  'glpat-[A-Za-z0-9_-]{20}',
];
const workers = Math.min(cores, 8);
/** The CLI over the tree, every rule on, its JSON report written outside the tree. */
const treeScan = [bin, 'scan', target, '--no-progress', '--no-config', '--no-gitignore', '--fail-on', 'none'];
treeScan.push('--format', 'json', '--output', join(reports, 'report.json'));
const commands = {
  'node -e 0': [process.execPath, ['-e', '0'], {}],
  'nhiscan --version': [process.execPath, [bin, '--version'], {}],
  'nhiscan scan (empty folder)': [process.execPath, [bin, 'scan', empty, '--no-progress', '--no-config'], {}],
  'nhiscan scan --staged (10 files)': [process.execPath, [bin, 'scan', '--staged', '--no-progress'], { cwd: repo }],
  'nhiscan scan (tree)': [process.execPath, treeScan, {}],
  // The CLI chooses worker threads by idle cores (load average) and size: both choices, forced.
  'nhiscan scan (tree, one thread)': [process.execPath, treeScan, { env: { ...process.env, NHISCAN_WORKERS: '0' } }],
  [`nhiscan scan (tree, ${workers} workers)`]: [process.execPath, treeScan, { env: { ...process.env, NHISCAN_WORKERS: String(workers) } }],
  ...(rg ? { 'ripgrep, six patterns (tree)': ['rg', ['--no-ignore', '--hidden', '-c', ...SECRET_PATTERNS.flatMap((p) => ['-e', p]), target], {}] } : {}),
  // ripgrep's job done by Node (bench/node-floor.js): what any JavaScript scanner pays on this tree.
  'node, six patterns (tree)': [process.execPath, [join(root, 'bench', 'node-floor.js'), target, ...SECRET_PATTERNS], {}],
};
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
// Fifteen rounds: start-up takes a tenth of a second, and on a busy machine five samples of it
// put the median a scheduler hiccup away from the target.
for (let round = 0; round < 15; round++) {
  for (const [name, [command, args, options]] of Object.entries(commands)) {
    if (round >= 3 && name.includes('(tree')) continue; // the long runs: three samples are enough
    const started = performance.now();
    const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
    samples[name].push(performance.now() - started);
    // An empty folder is a usage error by design (nothing scanned is no pass): exit 2 is its answer.
    if (r.error || (r.status === 2 && !name.includes('empty folder'))) {
      console.error(`bench: ${name} failed: ${r.error?.message ?? r.stderr}`);
      process.exit(2);
    }
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
// Peak memory of the whole CLI over the tree (one more run, under GNU time when it is installed).
const timed = spawnSync('/usr/bin/time', ['-f', '%M', ...[commands['nhiscan scan (tree)'][0], ...commands['nhiscan scan (tree)'][1]]], {
  encoding: 'utf8',
  maxBuffer: 1 << 26,
});
const cliPeakMiB = timed.status === 0 || timed.status === 1 ? Number(timed.stderr.trim().split('\n').pop()) / 1024 : undefined;
const node = median(samples['node -e 0']);
const ripgrep = rg ? median(samples['ripgrep, six patterns (tree)']) : undefined;
const nodeFloor = median(samples['node, six patterns (tree)']);

console.log(`tree:        ${target}`);
console.log(`files:       ${single.files} scanned, ${single.skipped} skipped (binary, too large)`);
console.log(`size:        ${mb.toFixed(1)} MB of text`);
console.log(`wall:        ${single.wall.toFixed(2)} s in one thread, in process`);
console.log(`throughput:  ${(mb / single.wall).toFixed(1)} MB/s`);
console.log(`peak memory: ${single.peakRssMiB.toFixed(0)} MiB in process${cliPeakMiB ? `; the CLI over the tree: ${cliPeakMiB.toFixed(0)} MiB` : ''}`);
console.log(`findings:    ${single.findings} ${JSON.stringify(single.byRule)}`);
console.log(
  `staged scan of a 10-file commit: median ${times[3].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[6].toFixed(0)}), Node start-up included`,
);
console.log('');
console.log(`side by side (medians of alternating runs; ${cores} cores, load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} now):`);
/** Issue 15's targets, as ratios to `node -e 0` (start-up) or ripgrep (the tree). */
const TARGETS = {
  'nhiscan --version': { node: 1.5 },
  'nhiscan scan (empty folder)': { node: 2 },
  'nhiscan scan --staged (10 files)': { node: 2.5 },
  'nhiscan scan (tree)': { ripgrep: 4 },
};
const verdict = (ratio, target) => (target === undefined ? '' : ` (target ≤${target}×: ${ratio <= target ? 'met' : 'NOT met'})`);
for (const [name, values] of Object.entries(samples)) {
  const ms = median(values);
  const ratios = [`${(ms / node).toFixed(1)}× node -e 0${verdict(ms / node, TARGETS[name]?.node)}`];
  if (ripgrep && name.includes('(tree')) ratios.push(`${(ms / ripgrep).toFixed(1)}× ripgrep${verdict(ms / ripgrep, TARGETS[name]?.ripgrep)}`);
  if (name.startsWith('nhiscan scan (tree')) ratios.push(`${(ms / nodeFloor).toFixed(1)}× node's six patterns`);
  console.log(`  ${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms   ${ratios.join(', ')}`);
}
const mbps = mb / single.wall;
console.log(`  in-process, one thread              ${mbps.toFixed(1).padStart(6)} MB/s (target ≥40 MB/s: ${mbps >= 40 ? 'met' : 'NOT met'})`);
if (!rg) console.log('  (ripgrep not installed: `apt-get install ripgrep` to compare with it)');

// 4. History audit (bench/history.js: this repository's history, or the path in NHISCAN_BENCH_HISTORY).
spawnSync(process.execPath, [join(root, 'bench', 'history.js')], { stdio: 'inherit' });
