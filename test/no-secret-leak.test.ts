import { describe, expect, it } from 'vitest';
import { INFORMATION_URI } from '../src/report/common.js';
import { buildInventory } from '../src/model/identity/inventory.js';
import { toGithub } from '../src/report/github.js';
import { toInventoryJson, toInventoryMarkdown, toInventoryText } from '../src/report/inventory.js';
import { toJson } from '../src/report/json.js';
import { toSarif } from '../src/report/sarif.js';
import { toText } from '../src/report/text.js';
import { loadFixtureCases } from './helpers/fixtures.js';
import { scanFiles } from './helpers/scan.js';

/**
 * No output format ever carries a secret value: every positive fixture is scanned with every
 * rule, each finding's secret is cut out of the scanned text by its location, and every report
 * (and every note, and the identity inventory) is searched for it.
 */
const cases = loadFixtureCases().filter((c) => c.polarity === 'positive');
const tool = { name: 'nhiscan' as const, version: '0.0.0-test', informationUri: INFORMATION_URI };

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
  it('keeps secret values out of text, JSON, SARIF, GitHub and inventory output', async () => {
    const result = await scanFiles(fixture.files);
    const secrets = result.findings.flatMap((f) => {
      if (!f.secret) return [];
      const text = fixture.texts.get(f.secret.location.path) ?? '';
      const value = text.slice(f.secret.location.startOffset, f.secret.location.endOffset);
      return value.length >= 6 ? [value] : [];
    });
    const inventory = buildInventory(result.facts, result.findings);
    const outputs = [
      toInventoryText(inventory, { color: false }),
      toInventoryMarkdown(inventory),
      toInventoryJson(inventory, tool),
      toText(result, { color: false, verbose: true }),
      toJson(result, tool),
      toSarif(result, { tool, includeSuppressed: true }),
      toGithub(result),
    ].join('\n');
    for (const secret of secrets) {
      expect(outputs.includes(secret), `a secret of ${secret.length} characters leaked into the output`).toBe(false);
      // nor a long slice of it (a preview must stay short)
      expect(outputs.includes(secret.slice(0, Math.max(12, Math.ceil(secret.length * 0.6)))), 'most of a secret leaked').toBe(false);
    }
  });
});
