/** SARIF that GitHub code scanning places and ranks right, through the real CLI and real git. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { GITHUB_LIMITS, toSarif } from '../../src/report/sarif.js';
import type { ScanResult } from '../../src/rule/result.js';
import type { Finding, Severity } from '../../src/rule/types.js';
import { runCli } from '../helpers/cli.js';

const LEAK = 'DB_PASSWORD=Gz8!rT2q#Wm5xV\n';

function monorepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-sarif-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  mkdirSync(join(dir, 'services', 'api', 'docs'), { recursive: true });
  writeFileSync(join(dir, 'services', 'api', '.env'), LEAK);
  writeFileSync(join(dir, 'services', 'api', 'docs', 'setup.md'), '# Setup\n\n```\nexport DB_PASSWORD=Q7v!mR3x#Lp9Zt\n```\n'); // another value: one value is one finding
  return dir;
}

const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

describe('SARIF paths', () => {
  it('are relative to the repository root when a subdirectory is scanned, from the top or from inside it', () => {
    const dir = monorepo();
    for (const [cwd, target] of [
      [dir, 'services/api'],
      [join(dir, 'services', 'api'), '.'],
      [join(dir, 'services'), 'api'],
    ] as const) {
      const run = runCli(['scan', target, '-f', 'sarif'], { cwd });
      const uris = (JSON.parse(run.stdout) as Sarif.Log).runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
      expect(uris.sort(), `${cwd} ${target}`).toEqual(['services/api/.env', 'services/api/docs/setup.md']);
    }
    const annotations = runCli(['scan', 'services/api', '-f', 'github'], { cwd: dir }).stdout;
    expect(annotations).toContain('file=services/api/.env,');
    // text keeps paths relative to the scan root, as the README says
    expect(runCli(['scan', 'services/api'], { cwd: dir }).stdout).toMatch(/^\.env$/m);
  });
});

describe('SARIF severity', () => {
  it('gives each result the security-severity of its own finding, so a low finding does not show as High', () => {
    const run = runCli(['scan', '.', '-f', 'sarif', '--fail-on', 'none'], { cwd: monorepo() });
    const sarif = JSON.parse(run.stdout) as Sarif.Log;
    const results = sarif.runs[0]!.results!;
    const severities = new Set(results.map((r) => r.properties!['severity']));
    expect(severities).toEqual(new Set(['high', 'low'])); // one rule, two severities
    for (const result of results) {
      expect(result.properties!['security-severity']).toBe(SECURITY_SEVERITY[result.properties!['severity'] as Severity]);
    }
  });
});

describe('a report written to a file', () => {
  it('still prints the one-line summary on the console', () => {
    const dir = monorepo();
    const run = runCli(['scan', '.', '-f', 'sarif', '-o', 'out/report.sarif'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/✖ 2 findings \(1 high, 1 low\) in 2 files/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'report.sarif'), 'utf8')).runs).toHaveLength(1);
    expect(runCli(['scan', '.', '-f', 'sarif', '-o', 'x.sarif', '--quiet'], { cwd: dir }).stderr).toBe('');
  });

  it('treats -o - as standard output', () => {
    const run = runCli(['scan', '.', '-f', 'json', '-o', '-'], { cwd: monorepo() });
    expect(JSON.parse(run.stdout).findings).toHaveLength(2);
  });
});

describe("GitHub's upload limits", () => {
  const location = (path: string, line: number) => ({ path, start: { line, column: 1 }, end: { line, column: 5 }, startOffset: 0, endOffset: 4 });
  const finding = (i: number, severity: Severity, related = 0): Finding => ({
    ruleId: 'secret/generic-credential',
    family: 'secret',
    message: 'a credential',
    severity,
    confidence: 'high',
    location: location(`f${i}.env`, 1),
    related: Array.from({ length: related }, (_, j) => ({ location: location(`r${j}.env`, 1), message: 'also here' })),
    fingerprint: `fp${i}`,
    properties: {},
  });
  const result = (findings: Finding[]): ScanResult => ({
    findings,
    notes: [],
    rules: [],
    facts: [],
    stats: { files: 1, bytes: 1, skipped: 0, durationMs: 1 },
    complete: true,
  });

  it('keeps the most severe results up to the per-run limit and says what it left out', () => {
    const findings = Array.from({ length: GITHUB_LIMITS.resultsPerRun + 10 }, (_, i) => finding(i, i % 1000 === 999 ? 'critical' : 'low'));
    const warnings: string[] = [];
    const sarif = JSON.parse(
      toSarif(result(findings), { tool: { name: 'nhiscan', version: '0', informationUri: 'x' }, warn: (w) => warnings.push(w) }),
    ) as Sarif.Log;
    const results = sarif.runs[0]!.results!;
    expect(results).toHaveLength(GITHUB_LIMITS.resultsPerRun);
    expect(results.filter((r) => r.properties!['severity'] === 'critical')).toHaveLength(findings.filter((f) => f.severity === 'critical').length);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('leaves out 10 (10 low)');
    expect(sarif.runs[0]!.invocations![0]!.toolExecutionNotifications!.map((n) => n.message.text)).toContain(warnings[0]);
  });

  it('caps related locations per result and counts the rest in the message', () => {
    const warnings: string[] = [];
    const sarif = JSON.parse(
      toSarif(result([finding(1, 'high', 1500), finding(2, 'high', 3)]), {
        tool: { name: 'nhiscan', version: '0', informationUri: 'x' },
        warn: (w) => warnings.push(w),
      }),
    ) as Sarif.Log;
    const [big, small] = sarif.runs[0]!.results!;
    expect(big!.relatedLocations!.length + big!.locations!.length).toBe(GITHUB_LIMITS.locationsPerResult);
    expect(big!.message.text).toContain('501 more related places');
    expect(small!.relatedLocations).toHaveLength(3);
    expect(warnings).toHaveLength(1);
  });
});
