import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../src/pipeline/discover.js';
import { matchesRule } from '../src/rule/match.js';
import { scanFiles, textFile } from './helpers/scan.js';

const TOKEN = 'ghp_' + 'cqAmZIm7mPWUL9l0e4yjmLRDD7LoeX0ocJUp';

/** A fixture folder as in-memory files with repository-relative paths. */
function folder(root: string) {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(textFile(relative(root, path), readFileSync(path, 'utf8')));
    }
  };
  walk(root);
  return files;
}

const SHARED = folder('fixtures/identity/shared-credential/positive/one-deployer-key-in-three-workflows');

describe('rule names', () => {
  it('mean the same wherever they are written: *, family/*, family/id and a bare id', () => {
    expect(matchesRule('*', 'secret/github-token')).toBe(true);
    expect(matchesRule('secret/*', 'secret/github-token')).toBe(true);
    expect(matchesRule('deploy/*', 'secret/github-token')).toBe(false);
    expect(matchesRule('secret/github-token', 'secret/github-token')).toBe(true);
    expect(matchesRule('github-token', 'secret/github-token')).toBe(true);
    expect(matchesRule('github', 'secret/github-token')).toBe(false);
    expect(matchesRule('secret/', 'secret/github-token')).toBe(false);
  });
});

describe('allowlists', () => {
  it('cover every rule with rules: ["*"]', async () => {
    const files = [textFile('config.env', `GITHUB_TOKEN=${TOKEN}\n`)];
    const plain = await scanFiles(files, { only: 'secret/github-token' });
    expect(plain.findings.map((f) => f.suppressed)).toEqual([undefined]);
    const allowed = await scanFiles(files, {
      only: 'secret/github-token',
      config: { allowlist: [{ rules: ['*'], paths: ['config.env'], reason: 'rotated test token' }] },
    });
    expect(allowed.findings.map((f) => f.suppressed)).toEqual([{ kind: 'config', reason: 'rotated test token' }]);
  });

  it('try regexes on the line of a repository finding, as for a file finding without a secret', async () => {
    const plain = await scanFiles(SHARED, { only: 'identity/shared-credential' });
    expect(plain.findings.length).toBe(1);
    expect(plain.findings[0]!.suppressed).toBeUndefined();
    const byLine = await scanFiles(SHARED, {
      only: 'identity/shared-credential',
      config: { allowlist: [{ regexes: ['secrets\\.GCP_DEPLOYER_KEY'], reason: 'one deployer by design' }] },
    });
    expect(byLine.findings.map((f) => f.suppressed?.reason)).toEqual(['one deployer by design']);
  });

  it('do not cover a repository finding with a regex that only matches an empty subject', async () => {
    const result = await scanFiles(SHARED, {
      only: 'identity/shared-credential',
      config: { allowlist: [{ regexes: ['^$'], reason: 'blank lines' }] },
    });
    expect(result.findings.map((f) => f.suppressed)).toEqual([undefined]);
  });
});

describe('rule options', () => {
  const STAGING = [
    'on: { push: { branches: [main] } }',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: kubectl --context staging apply -f k8s/',
    '',
  ].join('\n');
  const workflow = [textFile('.github/workflows/deploy.yml', STAGING)];

  it('reach the rule through its schema, defaults filled in', async () => {
    const quiet = await scanFiles(workflow, { only: 'deploy/unapproved-deploy' });
    expect(quiet.findings).toEqual([]);
    const loud = await scanFiles(workflow, { only: 'deploy/unapproved-deploy', ruleOptions: { reportNonProduction: true } });
    expect(loud.findings.map((f) => f.ruleId)).toEqual(['deploy/unapproved-deploy']);
  });

  it('reject a misspelt option with the likeliest one', async () => {
    await expect(scanFiles(workflow, { only: 'deploy/unapproved-deploy', ruleOptions: { reportNonProdution: true } })).rejects.toThrow(
      /rules\.deploy\/unapproved-deploy\.options: unknown option "reportNonProdution" \(did you mean "reportNonProduction"\?\)/,
    );
  });

  it('reject a value of the wrong type and options for a rule that takes none', async () => {
    await expect(scanFiles(workflow, { only: 'deploy/unapproved-deploy', ruleOptions: { reportNonProduction: 'yes' } })).rejects.toThrow(
      /rules\.deploy\/unapproved-deploy\.options\.reportNonProduction: /,
    );
    await expect(scanFiles(workflow, { only: 'secret/github-token', ruleOptions: { strict: true } })).rejects.toThrow(/secret\/github-token takes no options/);
  });
});

describe('allowlist rule names', () => {
  it('are checked against the catalog, with a suggestion for a misspelt one', async () => {
    const files = [textFile('config.env', `GITHUB_TOKEN=${TOKEN}\n`)];
    await expect(scanFiles(files, { config: { allowlist: [{ rules: ['secret/github-tokn'], paths: ['config.env'], reason: 'test' }] } })).rejects.toThrow(
      /allowlist\[0\]\.rules: unknown rule "secret\/github-tokn" \(did you mean "secret\/github-token"\?\)/,
    );
  });
});
