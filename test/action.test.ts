/**
 * The GitHub Action run as the runner runs it: the committed bundle under `node`, a real git
 * "origin" and a (shallow) clone as the workspace, an event payload file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { markdownText } from '../src/report/escape.js';
import { wantedScan } from '../src/action/range.js';
import { loadBuiltinRules } from '../src/rule/registry.js';
import { isOrganisationRule } from '../src/rule/types.js';
import { ROOT } from './helpers/fixtures.js';

const BUNDLE = join(ROOT, 'dist-action', 'index.js');
const SECRET = 'Gz8!rT2q#Wm5xV';
const ZERO = '0'.repeat(40);

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  }).trim();
}

function commit(cwd: string, files: Record<string, string>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(cwd, path, '..'), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-qm', message);
  return git(cwd, 'rev-parse', 'HEAD');
}

/** An origin with history on main: an old committed secret, then ten clean commits. */
function origin() {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-action-'));
  const bare = join(dir, 'origin.git');
  git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
  const work = join(dir, 'work');
  git(dir, 'init', '-q', '-b', 'main', work);
  git(work, 'remote', 'add', 'origin', bare);
  commit(work, { 'legacy/.env': `OLD_PASSWORD=${SECRET}\n` }, 'old secret');
  for (let i = 0; i < 10; i++) commit(work, { 'README.md': `# app\n${'line\n'.repeat(i)}` }, `c${i}`);
  git(work, 'push', '-q', 'origin', 'main');
  return { dir, bare, work };
}

function shallowClone(dir: string, bare: string, ref: string): string {
  const workspace = join(dir, `ws-${Math.random().toString(36).slice(2)}`);
  git(dir, 'clone', '-q', '--depth=1', '--branch', ref, `file://${bare}`, workspace);
  return workspace;
}

function runAction(workspace: string, event: string, payload: object, inputs: Record<string, string> = {}, sha = git(workspace, 'rev-parse', 'HEAD')) {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-runner-'));
  const files = { event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary.md') };
  writeFileSync(files.event, JSON.stringify(payload));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: sha,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: dir,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const run = spawnSync(process.execPath, [BUNDLE], { cwd: workspace, env, encoding: 'utf8' });
  const outputs: Record<string, string> = {};
  const text = readFileSync(files.output, 'utf8');
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  const sarif = outputs['sarif-file'] ? (JSON.parse(readFileSync(outputs['sarif-file'], 'utf8')) as Sarif.Log) : undefined;
  const all = `${run.stdout}${run.stderr}${text}${readFileSync(files.summary, 'utf8')}${sarif ? JSON.stringify(sarif) : ''}`;
  expect(all, 'no secret value in any output').not.toContain(SECRET);
  return {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs,
    summary: readFileSync(files.summary, 'utf8'),
    sarif,
    uris: sarif?.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri).sort() ?? [],
  };
}

describe('action.yml', () => {
  it('is a node24 JavaScript action whose entry is the committed bundle', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    expect(action.runs).toEqual({ using: 'node24', main: 'dist-action/index.js' });
    expect(Object.keys(action.outputs)).toContain('sarif-file');
    expect(git(ROOT, 'ls-files', 'dist-action/index.js')).toBe('dist-action/index.js');
  });

  it('has a committed bundle identical to a fresh build of the current sources', async () => {
    const { bundle } = (await import(join(ROOT, 'scripts', 'bundle.js'))) as { bundle: (out: string) => Promise<string[]> };
    const out = mkdtempSync(join(tmpdir(), 'nhiscan-bundle-'));
    await bundle(out);
    const fresh = readFileSync(join(out, 'dist-action', 'index.js'));
    expect(fresh.equals(readFileSync(BUNDLE)), 'dist-action/index.js is stale: run "npm run bundle" and commit it').toBe(true);
  }, 120_000);
});

describe('the action on each event, in a shallow clone', () => {
  it('push: scans what the pushed commits add, deepening the clone to reach `before`', () => {
    const { dir, bare, work } = origin();
    const before = git(work, 'rev-parse', 'HEAD');
    commit(work, { 'services/api/.env': `DB_PASSWORD=${SECRET}\n`, 'docs/x.md': 'hello\n' }, 'leak');
    commit(work, { 'README.md': '# app 2\n' }, 'after');
    git(work, 'push', '-q', 'origin', 'main');
    const workspace = shallowClone(dir, bare, 'main');
    expect(git(workspace, 'rev-parse', '--is-shallow-repository')).toBe('true');
    const run = runAction(workspace, 'push', { before, after: git(work, 'rev-parse', 'HEAD'), repository: { default_branch: 'main' } });
    expect(run.code, run.stdout).toBe(0); // upload mode does not fail
    expect(run.uris).toEqual(['services/api/.env']); // not the old legacy/.env
    expect(run.outputs['findings']).toBe('1');
    expect(run.stdout).toContain(`scanning what ${before.slice(0, 12)}..`);
    expect(run.stdout).not.toContain('::error file='); // upload mode writes no annotations
  });

  it('push of a new branch (zero before): the changes since it left the default branch', () => {
    const { dir, bare, work } = origin();
    git(work, 'checkout', '-q', '-b', 'feature');
    commit(work, { 'feature/.env': `API_PASSWORD=${SECRET}\n` }, 'feature');
    git(work, 'push', '-q', 'origin', 'feature');
    const workspace = shallowClone(dir, bare, 'feature');
    const run = runAction(workspace, 'push', { before: ZERO, after: git(work, 'rev-parse', 'HEAD'), repository: { default_branch: 'main' } });
    expect(run.stdout).toContain('a new branch');
    expect(run.uris).toEqual(['feature/.env']);
  });

  it('pull_request: the merge commit against the base, annotated and failing in fail mode', () => {
    const { dir, bare, work } = origin();
    const base = git(work, 'rev-parse', 'HEAD');
    git(work, 'checkout', '-q', '-b', 'topic');
    commit(work, { 'app/config.env': `DB_PASSWORD=${SECRET}\n` }, 'topic');
    git(work, 'checkout', '-q', 'main');
    git(work, 'merge', '-q', '--no-ff', '-m', 'merge topic', 'topic');
    git(work, 'push', '-q', 'origin', 'main:refs/pull/1/merge');
    const workspace = shallowClone(dir, bare, 'main');
    git(workspace, 'fetch', '-q', '--depth=1', 'origin', '+refs/pull/1/merge:refs/remotes/pull/1/merge');
    git(workspace, 'checkout', '-q', 'refs/remotes/pull/1/merge');
    const run = runAction(
      workspace,
      'pull_request',
      { pull_request: { base: { sha: base }, head: { sha: git(work, 'rev-parse', 'topic') } } },
      { mode: 'fail' },
    );
    expect(run.code).toBe(1);
    expect(run.uris).toEqual(['app/config.env']);
    expect(run.stdout).toMatch(/^::error file=app\/config\.env,line=1,/m);
    expect(run.summary).toContain('| secret |  | 1 |');
    expect(run.summary).toContain('`secret/generic-credential`');
  });

  it('merge_group: from base_sha to head_sha', () => {
    const { dir, bare, work } = origin();
    const base = git(work, 'rev-parse', 'HEAD');
    const head = commit(work, { 'queue/.env': `DB_PASSWORD=${SECRET}\n` }, 'queued');
    git(work, 'push', '-q', 'origin', 'main');
    const run = runAction(shallowClone(dir, bare, 'main'), 'merge_group', { merge_group: { base_sha: base, head_sha: head } });
    expect(run.uris).toEqual(['queue/.env']);
  });

  it('schedule and workflow_dispatch: the whole tree, old secrets included, with every rule of the catalog', async () => {
    const { dir, bare } = origin();
    // Organisation rules run only in `nhiscan org merge`, never in the scan of one repository.
    const catalog = (await loadBuiltinRules())
      .filter((r) => !isOrganisationRule(r))
      .map((r) => `${r.family}/${r.id}`)
      .sort();
    for (const event of ['schedule', 'workflow_dispatch']) {
      const run = runAction(shallowClone(dir, bare, 'main'), event, {});
      expect(run.sarif!.runs[0]!.tool.driver.rules!.map((r) => r.id).sort()).toEqual(catalog);
      expect(run.stdout).toContain('full scan: scheduled or manual run');
      expect(run.uris).toEqual(['legacy/.env']);
      expect(run.summary).toContain('full scan');
    }
  });

  it('a subdirectory path keeps SARIF paths relative to the repository root; a clean change passes in fail mode', () => {
    const { dir, bare, work } = origin();
    const before = git(work, 'rev-parse', 'HEAD');
    commit(work, { 'legacy/notes.md': 'clean\n' }, 'clean');
    git(work, 'push', '-q', 'origin', 'main');
    const clean = runAction(shallowClone(dir, bare, 'main'), 'push', { before, after: git(work, 'rev-parse', 'HEAD') }, { mode: 'fail' });
    expect(clean.code).toBe(0);
    expect(clean.summary).toContain('No findings.');
    const full = runAction(shallowClone(dir, bare, 'main'), 'workflow_dispatch', {}, { path: 'legacy' });
    expect(full.uris).toEqual(['legacy/.env']);
  });

  it('refuses a JS configuration and bad inputs with an error annotation, exit 2', () => {
    const { dir, bare } = origin();
    const workspace = shallowClone(dir, bare, 'main');
    expect(runAction(workspace, 'schedule', {}, { config: 'nhiscan.config.js' }).stdout).toMatch(/^::error title=nhiscan::config must be a YAML or JSON file/m);
    const bad = runAction(workspace, 'schedule', {}, { mode: 'block' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('mode must be one of upload, fail');
  });
});

describe('range from the event payload', () => {
  it('reads each event without API calls', () => {
    expect(wantedScan('push', { before: 'a', after: 'b' }, 'c')).toEqual({ kind: 'changes', event: 'push', base: 'a', head: 'b' });
    expect(wantedScan('push', { before: ZERO, after: 'b', repository: { default_branch: 'trunk' } }, 'c')).toEqual({
      kind: 'new-branch',
      event: 'push',
      defaultBranch: 'trunk',
      head: 'b',
    });
    expect(wantedScan('pull_request', { pull_request: { base: { sha: 'a' }, head: { sha: 'h' } } }, 'm')).toEqual({
      kind: 'changes',
      event: 'pull_request',
      base: 'a',
      head: 'm',
    });
    expect(wantedScan('merge_group', { merge_group: { base_sha: 'a', head_sha: 'b' } }, 'c')).toEqual({
      kind: 'changes',
      event: 'merge_group',
      base: 'a',
      head: 'b',
    });
    expect(wantedScan('release', {}, 'c').kind).toBe('full');
  });
});

describe('job summary cells', () => {
  it('cannot inject Markdown, HTML, links or mentions from scanned paths and messages', () => {
    const hostile = 'a|b <img src=x> [x](http://e) @org/team `code`\n| new row';
    const escaped = markdownText(hostile);
    // Every markdown-active character is backslash-escaped; `@` is followed by a word joiner.
    expect(escaped.replace(/\\[|<>[\]()`]/g, '')).not.toMatch(/[|<>[\]()`\n]/);
    expect(escaped).not.toMatch(/@\w/);
  });
});

describe('the action scans a range as `nhiscan scan --range` does', () => {
  it('an old secret in a file the pull request touches is reported as pre-existing and does not fail; a new one fails; deploy rules still read the changed workflow', () => {
    const { dir, bare, work } = origin();
    const base = git(work, 'rev-parse', 'HEAD');
    git(work, 'checkout', '-q', '-b', 'topic');
    commit(work, { 'legacy/.env': `OLD_PASSWORD=${SECRET}\nPORT=8080\n` }, 'touch the legacy settings');
    git(work, 'checkout', '-q', 'main');
    git(work, 'merge', '-q', '--no-ff', '-m', 'merge topic', 'topic');
    git(work, 'push', '-q', 'origin', 'main:refs/pull/2/merge');
    const workspace = shallowClone(dir, bare, 'main');
    git(workspace, 'fetch', '-q', '--depth=1', 'origin', '+refs/pull/2/merge:refs/remotes/pull/2/merge');
    git(workspace, 'checkout', '-q', 'refs/remotes/pull/2/merge');
    const payload = { pull_request: { base: { sha: base }, head: { sha: git(work, 'rev-parse', 'topic') } } };
    const old = runAction(workspace, 'pull_request', payload, { mode: 'fail' });
    expect(old.code).toBe(0);
    expect(old.uris).toEqual(['legacy/.env']);
    expect(old.sarif!.runs[0]!.results![0]!.properties).toMatchObject({ rangeStatus: 'pre-existing' });
    expect(old.outputs).toMatchObject({ findings: '1', failing: '0' });
    expect(old.stdout).toContain('1 pre-existing');
    expect(old.stdout).not.toMatch(/^::error file=legacy/m);
    expect(old.stdout).toMatch(/^::notice file=legacy\/\.env,line=1,.*title=secret\/generic-credential \(high%2C pre-existing\)::/m);
    expect(old.stdout).toMatch(/^legacy\/\.env:1:14: high \[pre-existing\] secret\/generic-credential /m);

    // A second pull request adds a new secret and a deploy job without an approval gate.
    git(work, 'checkout', '-q', '-b', 'topic2', base);
    commit(
      work,
      {
        'app/new.env': `NEW_PASSWORD=${SECRET}x\n`,
        '.github/workflows/deploy.yml':
          'name: deploy\non:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: kubectl apply -f k8s/ --namespace production\n',
      },
      'new secret and a deploy',
    );
    git(work, 'checkout', '-q', 'main');
    git(work, 'reset', '-q', '--hard', base);
    git(work, 'merge', '-q', '--no-ff', '-m', 'merge topic2', 'topic2');
    git(work, 'push', '-q', 'origin', 'main:refs/pull/3/merge');
    const workspace2 = shallowClone(dir, bare, 'main');
    git(workspace2, 'fetch', '-q', '--depth=1', 'origin', '+refs/pull/3/merge:refs/remotes/pull/3/merge');
    git(workspace2, 'checkout', '-q', 'refs/remotes/pull/3/merge');
    const fresh = runAction(
      workspace2,
      'pull_request',
      { pull_request: { base: { sha: base }, head: { sha: git(work, 'rev-parse', 'topic2') } } },
      { mode: 'fail' },
    );
    expect(fresh.code).toBe(1);
    const results = fresh.sarif!.runs[0]!.results!;
    expect(results.find((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === 'app/new.env')?.properties).toMatchObject({ rangeStatus: 'new' });
    expect(results.map((r) => r.ruleId)).toContain('deploy/unapproved-deploy');
    expect(fresh.stdout).toMatch(/^::error file=app\/new\.env,line=1,/m);
  });
});
