import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../src/pipeline/discover.js';
import type { Finding, Location } from '../src/rule/types.js';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';
import { scanFiles } from './helpers/scan.js';

/**
 * Turning a rule off removes its findings; it must not hand the same secret to another rule (a
 * catch-all such as secret/generic-credential, or a second rule that knows the format). D20.
 */

function filesUnder(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const bytes = readFileSync(path);
        out.push({ path: relative(dir, path).split('\\').join('/'), size: bytes.length, read: async () => bytes });
      }
    }
  };
  walk(dir);
  return out;
}

function overlaps(a: Location, b: Location): boolean {
  return a.path === b.path && a.startOffset < b.endOffset && b.startOffset < a.endOffset;
}

/** Every place a finding stands for: its secret (or itself) and the other places of the same value. */
function places(f: Finding): Location[] {
  return [f.secret?.location ?? f.location, ...f.related.filter((r) => r.sameValue).map((r) => r.location)];
}

/** Rules with positive fixtures that report secret values: each secret rule, and the assistant rule for credentials in agent configs. */
const CASES = [
  ...readdirSync(join(ROOT, 'fixtures', 'secret')).map((id) => ({ rule: `secret/${id}`, dir: join(ROOT, 'fixtures', 'secret', id, 'positive') })),
  { rule: 'assistant/credential-in-config', dir: join(ROOT, 'fixtures', 'assistant', 'credential-in-config', 'positive') },
].filter(({ dir }) => {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
});

describe('a rule turned off does not reappear under another rule', () => {
  it('covers the secret rules with fixtures', () => {
    expect(CASES.length).toBeGreaterThan(40);
  });

  it.each(CASES.map((c) => [c.rule, c] as const))('%s', async (rule, { dir }) => {
    const files = filesUnder(dir);
    const before = await scanFiles(files);
    const claimed = before.findings.filter((f) => f.ruleId === rule && f.secret).flatMap(places);
    if (!claimed.length) return; // the rule's positives may be files only another fixture layout reaches
    const after = await scanFiles(files, { config: { rules: { [rule]: 'off' } } });
    // A second rule that already reported the value beside it is not a move; a finding that was not there before is.
    const key = (f: Finding) => `${f.ruleId} ${f.location.path}:${f.location.startOffset}`;
    const existed = new Set(before.findings.map(key));
    const moved = after.findings.filter((f) => !existed.has(key(f)) && places(f).some((at) => claimed.some((c) => overlaps(at, c))));
    expect(moved.map((f) => `${f.ruleId} ${f.location.path}:${f.location.start.line}`)).toEqual([]);
  });

  it('the report case through the CLI: kubernetes-secret off leaves no finding on the Secret', () => {
    const on = runCli(['scan', 'fixtures/demo', '--format', 'json', '--fail-on', 'none']);
    const onSecret = (JSON.parse(on.stdout) as { findings: { ruleId: string; location: { path: string } }[] }).findings.filter(
      (f) => f.location.path === 'k8s/orders-secret.yaml',
    );
    expect(onSecret.map((f) => f.ruleId)).toEqual(['secret/kubernetes-secret']);
    const config = join(ROOT, 'fixtures', 'demo', '..', '..', 'test', 'helpers', 'kubernetes-secret-off.yml');
    const off = runCli(['scan', 'fixtures/demo', '--config', config, '--format', 'json', '--fail-on', 'none']);
    expect(off.code).toBe(0);
    const report = JSON.parse(off.stdout) as { findings: { ruleId: string; location: { path: string }; related: { location: { path: string } }[] }[] };
    expect(report.findings.filter((f) => f.location.path === 'k8s/orders-secret.yaml')).toEqual([]);
    // Nor as another place of the same value in a finding elsewhere.
    expect(report.findings.filter((f) => f.ruleId.startsWith('secret/') && f.related.some((r) => r.location.path === 'k8s/orders-secret.yaml'))).toEqual([]);
  });
});
