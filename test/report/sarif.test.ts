import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

const require = createRequire(import.meta.url);
const multitoolDir = (() => {
  try {
    return join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..');
  } catch {
    return undefined;
  }
})();

const demo = runCli(['scan', 'fixtures/demo', '--format', 'sarif', '--category', 'nhiscan/demo']);
const log = JSON.parse(demo.stdout);

describe('SARIF output of the demo scan', () => {
  it('exits 1 (findings) and prints only the log on stdout', () => {
    expect(demo.code).toBe(1);
    expect(demo.stderr).toBe('');
  });

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    expect(multitoolDir, 'the SARIF schema ships with @microsoft/sarif-multitool-linux').toBeDefined();
    const schema = JSON.parse(readFileSync(join(multitoolDir!, 'sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has one run with full rule metadata, taxonomies and fingerprints', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.automationDetails.id).toBe('nhiscan/demo/');
    const rules = run.tool.driver.rules;
    for (const rule of rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.fullDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
      expect(rule.help.markdown).toContain('**Fix');
      expect(rule.helpUri).toMatch(/^https:\/\//);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
      expect(rule.properties.tags.length).toBeLessThanOrEqual(10);
      expect(rule.properties.tags).toContain('security');
    }
    expect(run.taxonomies.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['OWASP NHI Top 10', 'CWE']));
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) {
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      // relative to the repository root (this checkout), not to the scanned folder
      expect(location.artifactLocation.uri).not.toMatch(/^\/|^file:/);
      expect(location.artifactLocation.uri).toMatch(/^fixtures\/demo\//);
      expect(location.region.startLine).toBeGreaterThan(0);
      expect(result.partialFingerprints['nhiscan/v1']).toMatch(/^[0-9a-f]{32}$/);
      // a secret's line hash is a fast unkeyed hash of text around the secret: left to the upload action
      if (result.properties.secretPreview) expect(result.partialFingerprints.primaryLocationLineHash).toBeUndefined();
      else expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
    }
  });

  it('never contains a secret value from the demo', () => {
    for (const secret of ['Zp4Rk9Wq2Lx7Vt1Nb5Mc8Hd3Jf6Gs0Ay', 'uN3#kq8Xz!m2Tf', 'Vq7mZ2pX9kLr', 'b3BlbnNzaC1rZXktdjE']) {
      expect(demo.stdout).not.toContain(secret);
    }
  });

  it('passes the SARIF Multitool with GitHub rules (Sarif;Gh;Ghas, GH1001–GH1006) and no errors', () => {
    const binary = multitoolDir && join(multitoolDir, 'Sarif.Multitool');
    expect(binary && existsSync(binary), 'Sarif.Multitool binary from @microsoft/sarif-multitool-linux').toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-sarif-'));
    const input = join(dir, 'demo.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, demo.stdout);
    const run = spawnSync(
      binary!,
      [
        'validate',
        input,
        '--rule-kind',
        'Sarif;Gh;Ghas',
        '--config',
        join(ROOT, 'test', 'sarif-github.policy.xml'),
        '--level',
        'Error;Warning',
        '--output',
        output,
        '--log',
        'ForceOverwrite',
      ],
      { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } },
    );
    // The Multitool's exit code is 0 even for invalid logs: judge by its output file.
    expect(existsSync(output), `validator wrote no output: ${run.stderr || run.stdout}`).toBe(true);
    const validation = JSON.parse(readFileSync(output, 'utf8'));
    const errors = validation.runs
      .flatMap((r: { results?: { level?: string; ruleId: string; message: { text?: string } }[] }) => r.results ?? [])
      .filter((r: { level?: string }) => r.level === 'error');
    const notifications = validation.runs
      .flatMap((r: { invocations?: { toolExecutionNotifications?: { level?: string }[]; toolConfigurationNotifications?: { level?: string }[] }[] }) =>
        (r.invocations ?? []).flatMap((i) => [...(i.toolExecutionNotifications ?? []), ...(i.toolConfigurationNotifications ?? [])]),
      )
      .filter((n: { level?: string }) => n.level === 'error');
    expect(errors.map((e: { ruleId: string; message: { text?: string } }) => `${e.ruleId}: ${e.message.text}`)).toEqual([]);
    expect(notifications).toEqual([]);
  }, 120_000);
});
