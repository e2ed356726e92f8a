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
 * A bundle (scripts/bundle.js) cannot read `rules/` at run time: its prelude imports every rule
 * file and hands them over here, under the same checks as discovery.
 */
export function useBundledRules(modules: readonly { family: string; id: string; rule: Rule | undefined }[]): void {
  cached = Promise.resolve(modules.map(({ family, id, rule }) => checked(rule, family, id, '.ts')).sort((a, b) => ruleKey(a).localeCompare(ruleKey(b))));
}

/**
 * Loads every rule under `rules/<family>/<id>.(ts|js)`, checking that each file's name and
 * folder agree with the rule's id and family. Sorted by rule key.
 */
export function loadBuiltinRules(): Promise<Rule[]> {
  cached ??= discover();
  return cached;
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
  const rules = await Promise.all(
    files.map(async ({ family, id }) => {
      const module = (await import(pathToFileURL(join(RULES_DIR, family, id + RULE_EXTENSION)).href)) as { default?: Rule };
      return checked(module.default, family, id, RULE_EXTENSION);
    }),
  );
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
