import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../src/pipeline/discover.js';
import { scanFiles, textFile } from './helpers/scan.js';

/**
 * Severities the deploy and identity rules give the classes of the real-repository review (the
 * fixture harness pins lines; these pin what a `--fail-on` gate sees). Each case is a fixture
 * folder scanned with its rule alone.
 */
function folder(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(textFile(relative(dir, path), readFileSync(path, 'utf8')));
    }
  };
  walk(dir);
  return out;
}

async function severities(rule: string, dir: string): Promise<string[]> {
  const result = await scanFiles(folder(`fixtures/${rule}/${dir}`), { only: rule });
  return result.findings
    .filter((f) => f.ruleId === rule)
    .map((f) => `${f.location.path}:${f.location.start.line} ${f.severity}`)
    .sort();
}

describe('deploy/untrusted-trigger severities follow the data', () => {
  it('is critical for a checkout of the head or artifacts, high for event text in a script or prompt', async () => {
    expect(await severities('deploy/untrusted-trigger', 'positive/pr-target-checkout')).toEqual([
      '.github/workflows/fetch-then-checkout.yml:8 critical',
      '.github/workflows/preview.yml:13 critical',
    ]);
    // Fetching the head to diff against it runs nothing of it: outsiders can start the job, not steer it.
    expect(await severities('deploy/untrusted-trigger', 'positive/fetch-head-for-diff')).toEqual(['.github/workflows/codeowners.yml:11 low']);
    expect(await severities('deploy/untrusted-trigger', 'positive/workflow-run-artifacts')).toEqual(['.github/workflows/coverage-report.yml:10 critical']);
    expect(await severities('deploy/untrusted-trigger', 'positive/agent-prompt')).toEqual(['.github/workflows/assistant.yml:14 high']);
    expect(await severities('deploy/untrusted-trigger', 'positive/event-text-injection')).toEqual([
      '.github/workflows/triage.yml:15 high',
      '.github/workflows/triage.yml:26 low',
    ]);
  });

  it('is never above low when an outsider can start the job but not steer it', async () => {
    const found = await severities('deploy/untrusted-trigger', 'positive/started-not-steered');
    expect(found).toHaveLength(3);
    for (const f of found) expect(f).toMatch(/ low$/);
  });
});

describe('deploy/unapproved-deploy severities', () => {
  it('keeps name-only jobs, tag-time publishing and example manifests low', async () => {
    expect(await severities('deploy/unapproved-deploy', 'positive/name-only')).toEqual(['.github/workflows/ship.yml:13 low']);
    expect(await severities('deploy/unapproved-deploy', 'positive/github-release-publish')).toEqual(
      expect.arrayContaining(['.github/workflows/release.yml:25 low']),
    );
    expect(await severities('deploy/unapproved-deploy', 'positive/argocd-examples')).toEqual(['docs/operator-manual/application.yaml:22 low']);
  });

  it('reports a production deploy started only by hand at medium, and a promote to production', async () => {
    expect(await severities('deploy/unapproved-deploy', 'positive/manual-only')).toEqual(['.github/workflows/deploy-production.yml:17 medium']);
    expect(await severities('deploy/unapproved-deploy', 'positive/cloud-deploy-promote')).toEqual(['cloudbuild.yaml:11 medium']);
  });
});

describe('identity/shared-service-account severities', () => {
  it('is low for an account no binding or cloud identity grants anything', async () => {
    expect(await severities('identity/shared-service-account', 'positive/unbound-account-two-apps')).toEqual(['workloads.yaml:24 low']);
  });
});
