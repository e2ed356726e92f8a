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

/** One rule file's default export, with where it was found. */
interface RuleFile {
  family: string;
  id: string;
  rule: Rule | undefined;
}

/** One rule table (`rules/<family>/<folder>/index`): its default export, an array of rules. */
interface RuleTable {
  family: string;
  folder: string;
  rules: unknown;
}

/**
 * A bundle (scripts/bundle.js) cannot read `rules/` at run time: its prelude imports every rule
 * file and rule table and hands them over here, under the same checks as discovery.
 */
export function useBundledRules(files: readonly RuleFile[], tables: readonly RuleTable[]): void {
  cached = Promise.resolve(assemble(files, tables, '.ts'));
}

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

async function discover(): Promise<Rule[]> {
  const families = (await readdir(RULES_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const names = (
    await Promise.all(
      families.map(async (family) =>
        (await readdir(join(RULES_DIR, family.name)))
          .filter((name) => name.endsWith(RULE_EXTENSION) && !name.endsWith('.d.ts'))
          .map((name) => ({ family: family.name, id: name.slice(0, -RULE_EXTENSION.length) })),
      ),
    )
  ).flat();
  const files = await Promise.all(
    names.map(async ({ family, id }): Promise<RuleFile> => {
      const module = (await import(pathToFileURL(join(RULES_DIR, family, id + RULE_EXTENSION)).href)) as { default?: Rule };
      return { family, id, rule: module.default };
    }),
  );
  const tables = await Promise.all(
    families.map(async (family) => {
      const folders = (await readdir(join(RULES_DIR, family.name), { withFileTypes: true })).filter((entry) => entry.isDirectory());
      return Promise.all(folders.map((folder) => loadTable(family.name, folder.name)));
    }),
  );
  return assemble(files, tables.flat().filter((t): t is RuleTable => t !== undefined), RULE_EXTENSION);
}

/** Checks rule files and tables and returns their rules sorted by key. */
function assemble(files: readonly RuleFile[], tables: readonly RuleTable[], extension: string): Rule[] {
  const rules = files.map(({ family, id, rule }) => checked(rule, family, id, extension));
  const fileIds = new Set(rules.map(ruleKey));
  for (const table of tables) {
    if (!Array.isArray(table.rules)) throw new Error(`rules/${table.family}/${table.folder}/index${extension} must export an array of rules`);
    for (const rule of table.rules as Rule[]) {
      if (rule.family !== table.family) throw new Error(`rules/${table.family}/${table.folder}: rule ${rule.id} has family ${rule.family}`);
      const problems = ruleProblems(rule);
      if (fileIds.has(ruleKey(rule))) problems.push('a rule file has the same id');
      if (problems.length) throw new Error(`rule table of ${rule.family}/${rule.id}: ${problems.join('; ')}`);
      fileIds.add(ruleKey(rule));
      rules.push(rule);
    }
  }
  return rules.sort((a, b) => ruleKey(a).localeCompare(ruleKey(b)));
}

/** A rule module's default export, checked against its file name and folder. */
function checked(rule: Rule | undefined, family: string, id: string, extension: string): Rule {
  if (!rule) throw new Error(`rules/${family}/${id}${extension} has no default export`);
  const problems = ruleProblems(rule);
  if (rule.id !== id) problems.push(`id ${rule.id} does not match the file name ${id}`);
  if (rule.family !== family) problems.push(`family ${rule.family} does not match the folder ${family}`);
  if (problems.length) throw new Error(`rules/${family}/${id}: ${problems.join('; ')}`);
  return rule;
}

/** The rule table in `rules/<family>/<folder>/index`, if the folder is one. */
async function loadTable(family: string, folder: string): Promise<RuleTable | undefined> {
  const entries = await readdir(join(RULES_DIR, family, folder));
  if (!entries.includes('index' + RULE_EXTENSION)) return undefined;
  const module = (await import(pathToFileURL(join(RULES_DIR, family, folder, 'index' + RULE_EXTENSION)).href)) as { default?: unknown };
  return { family, folder, rules: module.default };
}
