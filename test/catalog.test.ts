import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../src/rule/registry.js';
import { ruleKey } from '../src/rule/types.js';
import { FIXTURES } from './helpers/fixtures.js';
import { PROVIDERS } from '../src/detect/providers/index.js';

const catalog = await loadBuiltinRules();
/** Rules built from the provider table: their examples (test/providers.test.ts) are their fixtures. */
const tableRules = new Set(PROVIDERS.map((p) => `secret/${p.id}`));
const rules = catalog.filter((r) => !tableRules.has(ruleKey(r)));

describe('rule catalog', () => {
  it.each(rules.map((r) => [ruleKey(r), r] as const))('%s is consistent', (key, rule) => {
    // Where the rule lives and its **Fix** paragraph are checked by the registry when the
    // catalog loads (and by scripts/bundle.mjs when it builds the CLI bundle); what rules may import is checked by `npm run lint`.
    expect(rule.help).toMatch(/\*\*Why\.?\*\*/);
    expect(rule.tags.length, 'tags').toBeGreaterThan(0);
    expect(rule.tags.length, 'GitHub shows at most 10 tags').toBeLessThanOrEqual(8);
    for (const polarity of ['positive', 'negative']) {
      const dir = join(FIXTURES, rule.family, rule.id, polarity);
      expect(existsSync(dir) && readdirSync(dir).length > 0, `${key} needs ${polarity} fixtures in fixtures/${rule.family}/${rule.id}/${polarity}/`).toBe(true);
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
