#!/usr/bin/env node
/**
 * Bundles entry points into single files that run with no node_modules (the GitHub Action runs
 * from a checkout of this repository at a commit, with no install step). Deterministic: the same
 * sources and lockfile give the same bytes, and a test rebuilds each bundle and compares.
 *
 *   node scripts/bundle.js            write every bundle
 *   node scripts/bundle.js --out DIR  write them under DIR instead (the freshness test)
 *
 * Every bundle starts with a prelude that registers the rule files (the registry reads rules/ from
 * disk otherwise) and the parser libraries (loaded through createRequire otherwise, which a
 * bundle cannot follow).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundles: add an entry here to bundle another program. */
export const ENTRIES = [{ name: 'github-action', entry: 'src/action/entry.ts', outfile: 'dist-action/index.js' }];

const PRELUDE = 'nhiscan:bundle-prelude';

function preludeSource() {
  const rulesDir = join(ROOT, 'rules');
  const families = readdirSync(rulesDir, { withFileTypes: true })
    .filter((family) => family.isDirectory())
    .map((family) => family.name)
    .sort();
  const rules = families.flatMap((family) =>
    readdirSync(join(rulesDir, family))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .sort()
      .map((file) => ({ family, id: file.slice(0, -3) })),
  );
  // rule tables: rules/<family>/<folder>/index.ts exporting an array of rules
  const tables = families.flatMap((family) =>
    readdirSync(join(rulesDir, family), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(rulesDir, family, entry.name, 'index.ts')))
      .map((entry) => entry.name)
      .sort()
      .map((folder) => ({ family, folder })),
  );
  const lines = [
    `import { useBundledRules } from './src/rule/registry.ts';`,
    `import { parserModules } from './src/document/parsers.ts';`,
    `import * as yaml from 'yaml';`,
    `import * as json from 'jsonc-parser';`,
    `import * as toml from 'toml-eslint-parser';`,
    `import * as js from '@babel/parser';`,
    ...rules.map((r, i) => `import rule${i} from './rules/${r.family}/${r.id}.ts';`),
    ...tables.map((t, i) => `import table${i} from './rules/${t.family}/${t.folder}/index.ts';`),
    `Object.assign(parserModules, { yaml, json, toml, js });`,
    `useBundledRules(`,
    `  [${rules.map((r, i) => `{ family: ${JSON.stringify(r.family)}, id: ${JSON.stringify(r.id)}, rule: rule${i} }`).join(', ')}],`,
    `  [${tables.map((_, i) => `table${i}`).join(', ')}],`,
    `);`,
  ];
  return lines.join('\n') + '\n';
}

const preludePlugin = {
  name: 'nhiscan-prelude',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${PRELUDE}$`) }, () => ({ path: PRELUDE, namespace: 'nhiscan' }));
    b.onLoad({ filter: /.*/, namespace: 'nhiscan' }, () => ({ contents: preludeSource(), resolveDir: ROOT, loader: 'ts' }));
  },
};

export async function bundle(outDir = ROOT) {
  const written = [];
  for (const { entry, outfile } of ENTRIES) {
    const target = join(outDir, outfile);
    await build({
      absWorkingDir: ROOT,
      stdin: { contents: `import '${PRELUDE}';\nimport './${entry}';\n`, resolveDir: ROOT, sourcefile: `${entry}.bundle-entry.ts`, loader: 'ts' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      // ESM builds first: jsonc-parser's UMD build requires its parts by computed names.
      mainFields: ['module', 'main'],
      outfile: target,
      // ESM output still meets CommonJS dependencies that call require(): give them one.
      banner: { js: `import { createRequire as __nhiscanCreateRequire } from 'node:module';\nconst require = __nhiscanCreateRequire(import.meta.url);` },
      // cosmiconfig loads TypeScript only for .ts configs, which the action never reads.
      external: ['typescript'],
      plugins: [preludePlugin],
      legalComments: 'eof',
      charset: 'utf8',
      logLevel: 'warning',
    });
    written.push(relative(ROOT, target));
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--out');
  const written = await bundle(at > 0 ? process.argv[at + 1] : ROOT);
  for (const file of written) process.stdout.write(`wrote ${file}\n`);
}
