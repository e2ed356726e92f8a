import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/detect/providers/index.js';
import { publishableMatcher, validitySignals } from '../src/detect/index.js';
import { JOIN_MARKER } from './helpers/fixtures.js';
import { scanFiles, textFile } from './helpers/scan.js';

/**
 * Every example of the provider table must be found by its own rule and credential type, and
 * every negative example must leave every rule quiet. All examples are scanned in one run with
 * every built-in rule enabled, so yielding between rules is part of what is tested.
 */
const cases = PROVIDERS.flatMap((spec) =>
  spec.credentials.flatMap((credential, c) => [
    ...credential.examples.map((text, i) => ({ spec, credential, polarity: 'example' as const, text, path: `app/${spec.id}/${c}-example-${i}.txt` })),
    ...(credential.negatives ?? []).map((text, i) => ({
      spec,
      credential,
      polarity: 'negative' as const,
      text,
      path: `app/${spec.id}/${c}-negative-${i}.txt`,
    })),
  ]),
);
const result = await scanFiles(cases.map((c) => textFile(c.path, c.text.split(JOIN_MARKER).join('') + '\n')));
const byPath = new Map<string, typeof result.findings>();
for (const finding of result.findings) if (!finding.suppressed) byPath.set(finding.location.path, [...(byPath.get(finding.location.path) ?? []), finding]);

describe.each(cases.map((c) => [`secret/${c.spec.id}: ${c.credential.name} ${c.polarity} ${c.path.split('/').pop()}`, c] as const))('%s', (_name, c) => {
  it(c.polarity === 'example' ? 'is found by its rule and type' : 'stays quiet', () => {
    const findings = byPath.get(c.path) ?? [];
    if (c.polarity === 'example') {
      const own = findings.filter((f) => f.ruleId === `secret/${c.spec.id}` && f.properties['tokenType'] === c.credential.name);
      expect(
        own.length,
        `found instead: ${findings.map((f) => `${f.ruleId} (${String(f.properties['tokenType'] ?? '')})`).join(', ') || 'nothing'}`,
      ).toBeGreaterThan(0);
      // Offline validity signals follow the entry: test-mode credentials are reported low.
      if (c.credential.mode === 'test') expect(own.every((f) => f.properties['validity'] === 'test-mode' && f.severity === 'low')).toBe(true);
      else expect(own.every((f) => typeof f.properties['validity'] === 'string' && typeof f.properties['validatedBy'] === 'string')).toBe(true);
    } else {
      expect(findings.map((f) => f.ruleId)).toEqual([]);
    }
  });
});

describe('provider table', () => {
  it('has unique ids, at least one example per secret credential type, and no duplicate names', () => {
    const ids = PROVIDERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const spec of PROVIDERS) {
      const names = spec.credentials.map((c) => c.name);
      expect(new Set(names).size, spec.id).toBe(names.length);
      for (const credential of spec.credentials) {
        if (credential.exposure !== 'publishable') expect(credential.examples.length, credential.name).toBeGreaterThan(0);
      }
    }
  });

  it('knows publishable keys, which no rule reports', () => {
    const isPublishable = publishableMatcher(PROVIDERS);
    expect(isPublishable('phc_' + 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9w')).toBe(true);
    expect(isPublishable('phx_' + 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9w')).toBe(false);
  });
});

describe('offline validity signals', () => {
  const jwt = (payload: object) =>
    [{ alg: 'HS256', typ: 'JWT' }, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') +
    '.c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg';

  it('marks an expired JWT expired, with its expiry, at low severity', () => {
    const signals = validitySignals(jwt({ sub: 'svc', exp: 1_600_000_000 }), { basis: 'structure' }, Date.UTC(2026, 0, 1));
    expect(signals.properties).toMatchObject({ validity: 'expired', expiresAt: '2020-09-13T12:26:40.000Z', validatedBy: 'structure' });
    expect(signals.severity).toBe('low');
  });

  it('keeps a JWT that has not expired likely live', () => {
    expect(validitySignals(jwt({ sub: 'svc', exp: 4_102_444_800 }), { basis: 'structure' }, Date.UTC(2026, 0, 1)).properties['validity']).toBe('likely-live');
  });

  it('reports documentation values at info and test-mode values at low', () => {
    expect(validitySignals('sk_test_x', { basis: 'format', documented: (v) => v === 'sk_test_x' })).toMatchObject({
      properties: { validity: 'documentation-example' },
      severity: 'info',
    });
    expect(validitySignals('sk_test_y', { basis: 'format', mode: 'test' })).toMatchObject({
      properties: { validity: 'test-mode', mode: 'test' },
      severity: 'low',
    });
  });
});
