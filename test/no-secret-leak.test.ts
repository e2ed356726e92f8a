import { describe, expect, it } from 'vitest';
import { loadFixtureCases } from './helpers/fixtures.js';
import { everyOutput } from './helpers/outputs.js';
import { scanFiles } from './helpers/scan.js';

/**
 * No output format ever carries a secret value: every positive fixture is scanned with every
 * rule, each finding's secret is cut out of the scanned text by its location, and every report
 * (and every note, and the identity inventory) is searched for it.
 */
const cases = loadFixtureCases().filter((c) => c.polarity === 'positive');

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
  it('keeps secret values out of text, JSON, SARIF, GitHub and inventory output', async () => {
    const result = await scanFiles(fixture.files);
    const secrets = result.findings.flatMap((f) => {
      if (!f.secret) return [];
      const text = fixture.texts.get(f.secret.location.path) ?? '';
      const value = text.slice(f.secret.location.startOffset, f.secret.location.endOffset);
      return value.length >= 6 ? [value] : [];
    });
    const outputs = everyOutput(result);
    for (const secret of secrets) {
      expect(outputs.includes(secret), `a secret of ${secret.length} characters leaked into the output`).toBe(false);
      // nor a long slice of it (a preview must stay short)
      expect(outputs.includes(secret.slice(0, Math.max(12, Math.ceil(secret.length * 0.6)))), 'most of a secret leaked').toBe(false);
    }
  });
});
