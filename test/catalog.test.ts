import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../src/rule/registry.js';
import { ruleKey } from '../src/rule/types.js';
import { FIXTURES, ROOT } from './helpers/fixtures.js';
import { PROVIDERS } from '../src/detect/providers/index.js';

const catalog = await loadBuiltinRules();
/** Rules built from the provider table: their examples (test/providers.test.ts) are their fixtures. */
const tableRules = new Set(PROVIDERS.map((p) => `secret/${p.id}`));
const rules = catalog.filter((r) => !tableRules.has(ruleKey(r)));

/** Folders under src/ that rules may import: the pure, I/O-free layers. */
const RULE_IMPORTS = /^\.\.\/\.\.\/src\/(?:rule|ast|detect|model)\//;

describe('rule catalog', () => {
  it.each(rules.map((r) => [ruleKey(r), r] as const))('%s is consistent', (key, rule) => {
    const file = join(ROOT, 'rules', rule.family, `${rule.id}.ts`);
    expect(existsSync(file), `${key} lives in rules/${rule.family}/${rule.id}.ts`).toBe(true);
    expect(rule.help).toMatch(/\*\*Why\.?\*\*/);
    expect(rule.help).toMatch(/\*\*Fix\.?\*\*/);
    expect(rule.tags.length, 'tags').toBeGreaterThan(0);
    expect(rule.tags.length, 'GitHub shows at most 10 tags').toBeLessThanOrEqual(8);
    for (const polarity of ['positive', 'negative']) {
      const dir = join(FIXTURES, rule.family, rule.id, polarity);
      expect(existsSync(dir) && readdirSync(dir).length > 0, `${key} needs ${polarity} fixtures in fixtures/${rule.family}/${rule.id}/${polarity}/`).toBe(true);
    }
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/from '([^']+)'/g)) {
      expect(spec, `${key} imports ${spec}: rules may import only src/rule, src/ast, src/detect and src/model`).toMatch(RULE_IMPORTS);
    }
  });

  it('has every provider table entry as a rule', () => {
    const keys = new Set(catalog.map(ruleKey));
    for (const key of tableRules) expect(keys, key).toContain(key);
  });

  it('has unique ids', () => {
    const keys = catalog.map(ruleKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has no fixture folder without a rule', () => {
    const keys = new Set(catalog.map(ruleKey));
    for (const family of readdirSync(FIXTURES)) {
      if (family === 'demo' || family === 'corpus') continue;
      for (const id of readdirSync(join(FIXTURES, family))) expect(keys, `fixtures/${family}/${id}`).toContain(`${family}/${id}`);
    }
  });
});
