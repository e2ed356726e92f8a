#!/usr/bin/env node
// Measures nhiscan's secret rules on the example corpora of peer scanners' rule files: every
// `examples` entry should be found, no `negative_examples` entry should be. The peers' checkouts are
// read from the paths given (fetch them outside this repository; nothing of theirs is committed):
//
//   npm run build
//   node scripts/measure-peers.mjs --noseyparker ~/src/noseyparker --kingfisher ~/src/kingfisher [--out DIR]
//
// A path may be a checkout's root or its rules folder. Each example is written to its own file in a
// temporary folder, the folder is scanned once with the built CLI (dist/), and the results are
// printed per source: examples found, rules with at least one example found, negatives flagged,
// and negatives that are real tokens of another of the source's rules (counted apart: Nosey
// Parker's Slack rules list each other's tokens as negatives). With --out, report.json and
// misses.txt (each missed rule, rule found only by a generic rule, and flagged negative, with its rule file) are written there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where each peer keeps its rule files inside a checkout. */
const RULE_FOLDERS = {
  noseyparker: 'crates/noseyparker/data/default/builtin/rules',
  kingfisher: 'data/rules',
};
/** Rules that catch anything secret-looking by context, not a provider's format. */
const GENERIC_RULES = /generic-credential|code-credential|config-file-credential|high-entropy/;

const { values } = parseArgs({
  options: {
    noseyparker: { type: 'string' },
    kingfisher: { type: 'string' },
    out: { type: 'string' },
  },
});
const sources = Object.entries(RULE_FOLDERS)
  .filter(([name]) => values[name])
  .map(([name, inside]) => ({ name, dir: rulesFolder(values[name], inside) }));
if (!sources.length) {
  console.error('usage: node scripts/measure-peers.mjs --noseyparker DIR --kingfisher DIR [--out DIR]');
  process.exit(2);
}
if (!existsSync(join(root, 'dist'))) {
  console.error('run `npm run build` first: the measurement scans with the built CLI');
  process.exit(2);
}

/** The rules folder for a path that is a checkout root or the folder itself. */
function rulesFolder(path, inside) {
  const candidate = join(path, inside);
  return existsSync(candidate) && statSync(candidate).isDirectory() ? candidate : path;
}

const cases = [];
const unreadable = [];
for (const { name, dir } of sources) {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()) {
    let doc;
    try {
      doc = YAML.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      unreadable.push(`${name}/${file}: ${error.message.split('\n')[0]}`);
      continue;
    }
    for (const rule of doc?.rules ?? []) {
      const base = { source: name, file, rule: `${name}:${rule.id ?? rule.name}` };
      for (const text of rule.examples ?? []) cases.push({ ...base, polarity: 'example', text: String(text) });
      for (const text of rule.negative_examples ?? []) cases.push({ ...base, polarity: 'negative', text: String(text) });
    }
  }
}

const work = mkdtempSync(join(tmpdir(), 'nhiscan-peers-'));
let result;
try {
  cases.forEach((c, n) => {
    c.path = `${c.source}/${c.polarity}/${n}.txt`;
    mkdirSync(join(work, c.source, c.polarity), { recursive: true });
    writeFileSync(join(work, c.path), c.text + '\n');
  });
  const args = [join(root, 'bin/nhiscan.js'), 'scan', work, '--format', 'json', '--no-config', '--no-gitignore', '--fail-on', 'none', '--no-progress'];
  result = JSON.parse(execFileSync(process.execPath, args, { maxBuffer: 1 << 30 }).toString());
} finally {
  rmSync(work, { recursive: true, force: true });
}

// One value seen in many files is one finding whose other places are related locations.
const findingsByPath = new Map();
for (const finding of result.findings) {
  if (finding.suppressed) continue;
  const same = (finding.related ?? []).filter((r) => r.message === 'the same value').map((r) => r.location.path);
  for (const path of new Set([finding.location.path, ...same])) findingsByPath.set(path, [...(findingsByPath.get(path) ?? []), finding]);
}

const tokens = (text) => text.match(/[A-Za-z0-9_+/=.:-]{16,}/g) ?? [];
/** Token → the rule whose example it is, per source. */
const exampleTokens = new Map();
for (const c of cases) if (c.polarity === 'example') for (const t of tokens(c.text)) exampleTokens.set(`${c.source}:${t}`, c.rule);

const report = {};
const lines = [];
const oneLine = (text) => text.slice(0, 200).replace(/\n/g, '⏎');
for (const { name } of sources) {
  const mine = cases.filter((c) => c.source === name);
  const rules = new Map();
  const specificRules = new Set();
  const counts = {
    examples: 0,
    examplesFound: 0,
    examplesFoundByProviderRule: 0,
    negatives: 0,
    negativesFlagged: 0,
    negativesThatArePositivesOfAnotherRule: 0,
  };
  for (const c of mine) {
    const findings = findingsByPath.get(c.path) ?? [];
    const ids = findings.map((f) => f.ruleId).join(',');
    if (c.polarity === 'example') {
      counts.examples++;
      if (!rules.has(c.rule)) rules.set(c.rule, { file: c.file, found: false, text: c.text });
      if (findings.length) {
        counts.examplesFound++;
        rules.get(c.rule).found = true;
      }
      if (findings.some((f) => !GENERIC_RULES.test(f.ruleId))) {
        counts.examplesFoundByProviderRule++;
        specificRules.add(c.rule);
      }
    } else {
      counts.negatives++;
      if (!findings.length) continue;
      const elsewhere = tokens(c.text).some((t) => exampleTokens.has(`${name}:${t}`) && exampleTokens.get(`${name}:${t}`) !== c.rule);
      if (elsewhere) counts.negativesThatArePositivesOfAnotherRule++;
      else counts.negativesFlagged++;
      lines.push(`${elsewhere ? 'NEGATIVE-IS-POSITIVE' : 'NEGATIVE-FLAGGED'} ${c.file} ${c.rule} ${ids} :: ${oneLine(c.text)}`);
    }
  }
  for (const [rule, r] of rules) {
    if (!r.found) lines.push(`MISS ${r.file} ${rule} :: ${oneLine(r.text)}`);
    else if (!specificRules.has(rule)) lines.push(`GENERIC-ONLY ${r.file} ${rule} :: ${oneLine(r.text)}`);
  }
  report[name] = {
    ...counts,
    rules: rules.size,
    rulesFound: [...rules.values()].filter((r) => r.found).length,
    rulesFoundByProviderRule: specificRules.size,
  };
}

const table = [['source', 'examples found', 'rules found', '… by a provider rule', 'negatives flagged', "negatives that are another rule's token"]];
for (const [name, r] of Object.entries(report)) {
  const pct = (n, d) => `${n}/${d} (${d ? ((100 * n) / d).toFixed(1) : '0'}%)`;
  table.push([
    name,
    pct(r.examplesFound, r.examples),
    pct(r.rulesFound, r.rules),
    `${r.rulesFoundByProviderRule}`,
    pct(r.negativesFlagged, r.negatives),
    `${r.negativesThatArePositivesOfAnotherRule}`,
  ]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table)
  console.log(
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
for (const note of unreadable) console.log(`not read: ${note}`);
if (values.out) {
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(values.out, 'misses.txt'), lines.sort().join('\n') + '\n');
  console.log(`wrote ${basename(values.out)}/report.json and misses.txt`);
}
