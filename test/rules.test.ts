import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../src/config/load.js';
import { loadFixtureCases } from './helpers/fixtures.js';
import { scanFiles } from './helpers/scan.js';

/**
 * The one data-driven test of every rule: each fixture case is scanned through the real
 * classify → parse → rule path with only its rule enabled. Positive cases must produce exactly
 * the annotated findings; negative cases none (except annotated known noise).
 */
const cases = loadFixtureCases();

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
  it(fixture.polarity === 'positive' ? 'finds exactly the annotated problems' : 'stays quiet', async () => {
    const result = await scanFiles(fixture.files, {
      only: fixture.ruleId,
      ruleOptions: fixture.options,
      config: fixture.config as Partial<ResolvedConfig> | undefined,
    });
    const errors = result.notes.filter((n) => n.code === 'rule-error');
    expect(errors, 'rule crashed').toEqual([]);

    const found = result.findings.filter((f) => f.ruleId === fixture.ruleId && !f.suppressed).map((f) => `${f.location.path}:${f.location.start.line}`);
    const expected = fixture.expectations.filter((e) => e.ruleId === fixture.ruleId);
    const want = expected.filter((e) => e.kind === 'expect' || e.kind === 'known-noise').map((e) => `${e.path}:${e.line}`);
    const misses = expected.filter((e) => e.kind === 'known-miss').map((e) => `${e.path}:${e.line}`);

    if (fixture.polarity === 'positive') expect(want.length, 'a positive case needs at least one expect: annotation').toBeGreaterThan(0);
    else expect(expected.filter((e) => e.kind === 'expect'), 'negative cases carry no expect: annotations').toEqual([]);

    expect([...new Set(found)].sort()).toEqual([...new Set(want)].sort());

    const wantRelated = expected.filter((e) => e.kind === 'related').map((e) => `${e.path}:${e.line}`);
    if (wantRelated.length) {
      const related = result.findings.filter((f) => f.ruleId === fixture.ruleId && !f.suppressed).flatMap((f) => f.related.map((r) => `${r.location.path}:${r.location.start.line}`));
      expect([...new Set(related)].sort(), 'related locations').toEqual([...new Set(wantRelated)].sort());
    }
    for (const miss of misses) expect(found, `known miss ${miss} is now found: promote it to expect:`).not.toContain(miss);
  });
});

it('has fixture cases', () => {
  expect(cases.length).toBeGreaterThan(0);
});
