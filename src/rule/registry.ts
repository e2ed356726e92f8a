import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, extname, join } from 'node:path';
import type { Rule } from './types.js';
import { ruleKey } from './types.js';
import { ruleProblems } from './define.js';

/** Where the built-in rules live: `rules/` next to `src/`, in the source tree and in `dist/`. */
const RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');
/** `.ts` when running from source (tests), `.js` when running the build. */
const RULE_EXTENSION = extname(fileURLToPath(import.meta.url));

let cached: Promise<Rule[]> | undefined;

/**
 * Loads every rule under `rules/<family>/<id>.(ts|js)`, checking that each file's name and
 * folder agree with the rule's id and family, plus the rules of each rule table
 * `rules/<family>/<table>/index.(ts|js)` (a default export that is an array of rules built from
 * data, e.g. the provider credential table). Sorted by rule key.
 */
export function loadBuiltinRules(): Promise<Rule[]> {
  cached ??= discover();
  return cached;
}

/**
 * A rule file of the catalog as the bundle lists it: where it lives and what it exports.
 * @public (used by the prelude scripts/bundle.js generates)
 */
export interface BundledRuleFile {
  family: string;
  id: string;
  rule: Rule;
}

/**
 * A bundle lists the rule files statically (no directory walk and no import per file at
 * start-up); the same checks apply as when they are discovered. The GitHub Action's bundle uses
 * this; the CLI's checks its catalog when it is built (`useCheckedCatalog`).
 * @public (called by the prelude scripts/bundle.js generates)
 */
export function useBundledRules(files: readonly BundledRuleFile[], tables: readonly (readonly Rule[])[]): void {
  cached = Promise.resolve(checkCatalog(files, tables));
}

/**
 * The CLI bundle's catalog: every rule, already checked and sorted by scripts/bundle.mjs when it
 * built the bundle (it loads the catalog through `loadBuiltinRules` first), so start-up repeats
 * none of that work.
 * @public (called by the prelude scripts/bundle.mjs generates)
 */
export function useCheckedCatalog(rules: readonly Rule[]): void {
  cached = Promise.resolve([...rules]);
}

async function discover(): Promise<Rule[]> {
  const families = (await readdir(RULES_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const files = (
    await Promise.all(
      families.map(async (family) =>
        (await readdir(join(RULES_DIR, family.name)))
          .filter((name) => name.endsWith(RULE_EXTENSION) && !name.endsWith('.d.ts'))
          .map((name) => ({ family: family.name, id: name.slice(0, -RULE_EXTENSION.length) })),
      ),
    )
  ).flat();
  const loaded = await Promise.all(
    files.map(async ({ family, id }) => {
      const module = (await import(pathToFileURL(join(RULES_DIR, family, id + RULE_EXTENSION)).href)) as { default?: Rule };
      if (!module.default) throw new Error(`rules/${family}/${id}${RULE_EXTENSION} has no default export`);
      return { family, id, rule: module.default };
    }),
  );
  const tables = await Promise.all(
    families.map(async (family) => {
      const folders = (await readdir(join(RULES_DIR, family.name), { withFileTypes: true })).filter((entry) => entry.isDirectory());
      return Promise.all(folders.map((folder) => loadTable(family.name, folder.name)));
    }),
  );
  return checkCatalog(loaded, tables.flat());
}

/** Checks each rule against its file and the tables' rules against the files; sorted by key. */
function checkCatalog(files: readonly BundledRuleFile[], tables: readonly (readonly Rule[])[]): Rule[] {
  const rules = files.map(({ family, id, rule }) => {
    const problems = ruleProblems(rule);
    if (rule.id !== id) problems.push(`id ${rule.id} does not match the file name ${id}`);
    if (rule.family !== family) problems.push(`family ${rule.family} does not match the folder ${family}`);
    if (problems.length) throw new Error(`rules/${family}/${id}: ${problems.join('; ')}`);
    return rule;
  });
  const fileIds = new Set(rules.map(ruleKey));
  for (const rule of tables.flat()) {
    const where = `rule table of ${rule.family}/${rule.id}`;
    const problems = ruleProblems(rule);
    if (fileIds.has(ruleKey(rule))) problems.push('a rule file has the same id');
    if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
    fileIds.add(ruleKey(rule));
    rules.push(rule);
  }
  // Code-unit order: ids are ASCII, and localeCompare's first call loads ICU's collator (10-15 ms
  // of every start-up, 7% of an empty scan).
  return rules.sort((a, b) => {
    const [left, right] = [ruleKey(a), ruleKey(b)];
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** The rules of `rules/<family>/<folder>/index`, when the folder is a rule table (else none). */
async function loadTable(family: string, folder: string): Promise<Rule[]> {
  const index = join(RULES_DIR, family, folder, 'index' + RULE_EXTENSION);
  const entries = await readdir(join(RULES_DIR, family, folder));
  if (!entries.includes('index' + RULE_EXTENSION)) return [];
  const module = (await import(pathToFileURL(index).href)) as { default?: unknown };
  if (!Array.isArray(module.default)) throw new Error(`rules/${family}/${folder}/index${RULE_EXTENSION} must export an array of rules`);
  const rules = module.default as Rule[];
  for (const rule of rules) {
    if (rule.family !== family) throw new Error(`rules/${family}/${folder}: rule ${rule.id} has family ${rule.family}`);
  }
  return rules;
}
