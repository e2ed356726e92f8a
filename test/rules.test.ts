import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../src/config/load.js';
import type { SourceFile } from '../src/pipeline/discover.js';
import { loadBuiltinRules } from '../src/rule/registry.js';
import type { Finding, Note, OrgLocation, Severity } from '../src/rule/types.js';
import { isOrganisationRule, ruleKey } from '../src/rule/types.js';
import { scanOrganisationCase } from './helpers/org.js';
import { loadFixtureCases, type Expectation } from './helpers/fixtures.js';
import { scanFiles } from './helpers/scan.js';

/**
 * The one data-driven test of every rule: each fixture case is scanned through the real
 * classify → parse → rule path with only its rule enabled. Positive cases must produce exactly
 * the annotated findings; negative cases none (except annotated known noise).
 */
const cases = loadFixtureCases();

/** Organisation rules: each case folder holds one folder per repository (see helpers/org.ts). */
const organisationRules = new Set((await loadBuiltinRules()).filter(isOrganisationRule).map(ruleKey));

/** An organisation case's findings in the shape the comparison reads. */
async function organisationResult(files: SourceFile[], ruleId: string): Promise<{ findings: Finding[]; notes: Note[] }> {
  const found = await scanOrganisationCase(files, ruleId);
  const at = (l: OrgLocation): Finding['location'] => ({
    path: l.path,
    start: { line: l.startLine, column: l.startColumn },
    end: { line: l.endLine, column: l.endColumn },
    startOffset: 0,
    endOffset: 0,
  });
  const findings = found.map((f): Finding => ({
    ruleId: f.ruleId,
    family: 'identity',
    message: f.message,
    severity: f.severity,
    confidence: f.confidence,
    location: at(f.location),
    related: f.related.map((r) => ({ location: at(r.location), message: r.message })),
    fingerprint: f.fingerprint,
    properties: {},
  }));
  return { findings, notes: [] };
}

/** Severities each rule's positive fixtures produced, and whether every expectation pinned one. */
const severities = new Map<string, { seen: Set<Severity>; unpinned: string[] }>();

/**
 * Findings against expectations, one annotation per finding: per line, as many findings as
 * annotations, each pinned severity and column met by a finding of its own. Returns what differs.
 */
function compare(found: readonly Finding[], expected: readonly Expectation[]): string[] {
  const problems: string[] = [];
  const at = (path: string, line: number) => `${path}:${line}`;
  const byLine = new Map<string, Finding[]>();
  for (const f of found) byLine.set(at(f.location.path, f.location.start.line), [...(byLine.get(at(f.location.path, f.location.start.line)) ?? []), f]);
  const wanted = new Map<string, Expectation[]>();
  for (const e of expected) wanted.set(at(e.path, e.line), [...(wanted.get(at(e.path, e.line)) ?? []), e]);
  for (const place of new Set([...byLine.keys(), ...wanted.keys()])) {
    const findings = [...(byLine.get(place) ?? [])];
    const expectations = wanted.get(place) ?? [];
    if (findings.length !== expectations.length) {
      problems.push(`${place}: ${findings.length} finding(s) [${findings.map((f) => f.severity).join(', ')}], ${expectations.length} annotated`);
      continue;
    }
    // Most specific first, so a pin with a column takes its own finding before a bare severity does.
    const pinned = [...expectations].sort((a, b) => Number(b.column !== undefined) - Number(a.column !== undefined));
    for (const e of pinned) {
      const i = findings.findIndex(
        (f) => (e.severity === undefined || f.severity === e.severity) && (e.column === undefined || f.location.start.column === e.column),
      );
      if (i === -1) {
        problems.push(
          `${place}: no finding${e.severity ? ` at ${e.severity}` : ''}${e.column ? ` in column ${e.column}` : ''} (found ${findings.map((f) => `${f.severity} column ${f.location.start.column}`).join(', ')})`,
        );
        break;
      }
      findings.splice(i, 1);
    }
  }
  return problems.sort();
}

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
  it(fixture.polarity === 'positive' ? 'finds exactly the annotated problems' : 'stays quiet', async () => {
    const result = organisationRules.has(fixture.ruleId)
      ? await organisationResult(fixture.files, fixture.ruleId)
      : await scanFiles(fixture.files, {
          only: fixture.ruleId,
          ruleOptions: fixture.options,
          config: fixture.config as Partial<ResolvedConfig> | undefined,
        });
    const errors = result.notes.filter((n) => n.code === 'rule-error');
    expect(errors, 'rule crashed').toEqual([]);

    const findings = result.findings.filter((f) => f.ruleId === fixture.ruleId && !f.suppressed);
    const found = findings.map((f) => `${f.location.path}:${f.location.start.line}`);
    const expected = fixture.expectations.filter((e) => e.ruleId === fixture.ruleId);
    const want = expected.filter((e) => e.kind === 'expect' || e.kind === 'known-noise');
    const misses = expected.filter((e) => e.kind === 'known-miss').map((e) => `${e.path}:${e.line}`);

    if (fixture.polarity === 'positive') expect(want.length, 'a positive case needs at least one expect: annotation').toBeGreaterThan(0);
    else
      expect(
        expected.filter((e) => e.kind === 'expect'),
        'negative cases carry no expect: annotations',
      ).toEqual([]);

    expect(compare(findings, want), 'findings against annotations (one annotation per finding)').toEqual([]);
    if (fixture.polarity === 'positive') {
      const record = severities.get(fixture.ruleId) ?? { seen: new Set(), unpinned: [] };
      for (const f of findings) record.seen.add(f.severity);
      for (const e of want) if (e.kind === 'expect' && e.severity === undefined) record.unpinned.push(`${fixture.name} ${e.path}:${e.line}`);
      severities.set(fixture.ruleId, record);
    }

    const wantRelated = expected.filter((e) => e.kind === 'related').map((e) => `${e.path}:${e.line}`);
    if (wantRelated.length) {
      const related = result.findings
        .filter((f) => f.ruleId === fixture.ruleId && !f.suppressed)
        .flatMap((f) => f.related.map((r) => `${r.location.path}:${r.location.start.line}`));
      expect([...new Set(related)].sort(), 'related locations').toEqual([...new Set(wantRelated)].sort());
    }
    for (const miss of misses) expect(found, `known miss ${miss} is now found: promote it to expect:`).not.toContain(miss);
  });
});

it('has fixture cases', () => {
  expect(cases.length).toBeGreaterThan(0);
});

// Runs after every case above (tests in a file run in order): a rule whose findings come at more
// than one severity must pin the severity on every annotation, so a wrong choice fails.
it('pins the severity of every finding of a rule whose severity varies', () => {
  expect(severities.size, 'the cases above ran first').toBeGreaterThan(0);
  const unpinned = [...severities].filter(([, r]) => r.seen.size > 1).flatMap(([rule, r]) => r.unpinned.map((where) => `${rule}: ${where}`));
  expect(unpinned, 'these rules report more than one severity: write it on each annotation, e.g. `expect: deploy/unapproved-deploy high`').toEqual([]);
});
