import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

// Fake, format-valid values, different per test so that no finding can come from another test.
const PASSWORD_A = 'Gz8!rT2q#Wm5xV';
const PASSWORD_B = 'Hq3$vL9p@Zk4nB';
const PASSWORD_C = 'Rt6%yN1w^Qc8mJ';
const PASSWORD_D = 'Kd2&uP7s*Xf3hV';
const ALL_VALUES = [PASSWORD_A, PASSWORD_B, PASSWORD_C, PASSWORD_D];

interface Repo {
  dir: string;
  git: (...args: string[]) => string;
  write: (path: string, text: string | Buffer) => void;
  commit: (message: string, date?: number) => string;
}

let clock = 1_700_000_000;

function repo(): Repo {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-history-'));
  const git = (...args: string[]) => {
    clock += 60;
    const date = `${clock} +0000`;
    return execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ann Author',
        GIT_AUTHOR_EMAIL: 'ann@example.com',
        GIT_COMMITTER_NAME: 'Ann Author',
        GIT_COMMITTER_EMAIL: 'ann@example.com',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    }).trim();
  };
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  const write = (path: string, text: string | Buffer) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '--no-verify', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  return { dir, git, write, commit };
}

interface JsonFinding {
  ruleId: string;
  location: { path: string; startLine: number };
  related: { location: { path: string } }[];
  fingerprint: string;
  suppressed?: { kind: string };
  provenance: {
    source: string;
    introduced?: { commit: string; author: string; date: string; path: string };
    removed?: { commit: string; path: string };
    atHead: boolean;
    refs: string[];
    refCount: number;
    commits: number;
    range?: string;
  };
}

interface JsonReport {
  findings: JsonFinding[];
  notes: { level: string; code: string; message: string; path?: string }[];
  summary: { filesScanned: number };
}

function scanJson(dir: string, args: string[], input?: string): { code: number | null; report: JsonReport; stdout: string; stderr: string } {
  const run = runCli(['scan', dir, '--format', 'json', ...args], { cwd: dir, input });
  expect(run.stderr).not.toMatch(/internal error/);
  return { ...run, report: JSON.parse(run.stdout) as JsonReport };
}

const byValue = (report: JsonReport, path: string) => report.findings.filter((f) => f.location.path === path);

function expectNoValues(...outputs: string[]) {
  for (const output of outputs) for (const value of ALL_VALUES) expect(output).not.toContain(value);
}

describe('nhiscan scan --history', () => {
  it('finds a secret removed from HEAD and names the commits that added and removed it', () => {
    const r = repo();
    r.write('.env', 'PORT=8080\n');
    r.commit('init');
    r.write('.env', `PORT=8080\nDB_PASSWORD=${PASSWORD_A}\n`);
    const added = r.commit('configure database');
    r.write('.env', 'PORT=8080\n');
    const removed = r.commit('oops');

    expect(runCli(['scan', r.dir], { cwd: r.dir }).code).toBe(0); // HEAD is clean
    const run = scanJson(r.dir, ['--history']);
    expect(run.code).toBe(1);
    expect(run.report.findings).toHaveLength(1);
    const [finding] = run.report.findings;
    expect(finding!.location).toMatchObject({ path: '.env', startLine: 2 });
    expect(finding!.provenance).toMatchObject({
      source: 'blob',
      introduced: { commit: added, author: 'Ann Author', path: '.env' },
      removed: { commit: removed, path: '.env' },
      atHead: false,
      refs: ['refs/heads/main'],
    });
    const text = runCli(['scan', r.dir, '--history'], { cwd: r.dir }).stdout;
    expect(text).toContain(`added in ${added.slice(0, 12)} by Ann Author`);
    expect(text).toContain(`removed in ${removed.slice(0, 12)}`);
    expectNoValues(run.stdout, text, runCli(['scan', r.dir, '--history', '-f', 'sarif'], { cwd: r.dir }).stdout);
  });

  it('reports a secret carried by 30 commits once, attributed to the first, and a deleted file', () => {
    const r = repo();
    const first = (() => {
      r.write('config/app.env', `DB_PASSWORD=${PASSWORD_B}\nBUILD=0\n`);
      return r.commit('add config');
    })();
    for (let i = 1; i < 30; i++) {
      r.write('config/app.env', `DB_PASSWORD=${PASSWORD_B}\n${'# note\n'.repeat(i % 3)}BUILD=${i}\n`);
      r.commit(`build ${i}`);
    }
    r.git('rm', '-q', 'config/app.env');
    const deletion = r.commit('delete config');
    const run = scanJson(r.dir, ['--history']);
    expect(run.report.findings).toHaveLength(1);
    expect(run.report.findings[0]!.provenance).toMatchObject({ introduced: { commit: first }, removed: { commit: deletion }, atHead: false, commits: 30 });
  });

  it('keeps a secret still at HEAD at its HEAD place, follows a rename and lists the old path as related', () => {
    const r = repo();
    r.write('old/settings.env', `API_PASSWORD=${PASSWORD_C}\n`);
    const added = r.commit('add settings');
    mkdirSync(join(r.dir, 'new'));
    r.git('mv', 'old/settings.env', 'new/settings.env');
    r.commit('move settings');
    const run = scanJson(r.dir, ['--history']);
    expect(run.report.findings).toHaveLength(1);
    const [finding] = run.report.findings;
    expect(finding!.location.path).toBe('new/settings.env');
    expect(finding!.related.map((x) => x.location.path)).toEqual(['old/settings.env']);
    expect(finding!.provenance).toMatchObject({ introduced: { commit: added, path: 'old/settings.env' }, atHead: true });
    expect(finding!.provenance.removed).toBeUndefined();
    // Same secret, same place as a plain scan: its fingerprint matches, so one baseline serves both.
    // (with one secret-hash key for both, as a baseline or NHISCAN_FINGERPRINT_KEY gives)
    const env = { NHISCAN_FINGERPRINT_KEY: 'c'.repeat(64) };
    const keyed = JSON.parse(runCli(['scan', r.dir, '-f', 'json', '--history'], { cwd: r.dir, env }).stdout) as JsonReport;
    const plain = JSON.parse(runCli(['scan', r.dir, '-f', 'json'], { cwd: r.dir, env }).stdout) as JsonReport;
    expect(plain.findings.map((f) => f.fingerprint)).toEqual(keyed.findings.map((f) => f.fingerprint));
  });

  it('attributes a secret that arrived through a merge to the branch commit that added it', () => {
    const r = repo();
    r.write('README.md', 'hello\n');
    r.commit('init');
    r.git('checkout', '-q', '-b', 'feature');
    r.write('deploy/.env', `DEPLOY_PASSWORD=${PASSWORD_A}\n`);
    const branchCommit = r.commit('feature work');
    r.git('checkout', '-q', 'main');
    r.write('README.md', 'hello world\n');
    r.commit('main work');
    r.git('merge', '-q', '--no-ff', '--no-edit', 'feature');
    const run = scanJson(r.dir, ['--history']);
    expect(run.report.findings).toHaveLength(1);
    expect(run.report.findings[0]!.provenance.introduced?.commit).toBe(branchCommit);
    expect(run.report.findings[0]!.provenance.refs).toEqual(['refs/heads/feature', 'refs/heads/main']);
  });

  it('reads unmerged branches, tags and the stash; --ref narrows to one ref', () => {
    const r = repo();
    r.write('README.md', 'hello\n');
    r.commit('init');
    r.git('checkout', '-q', '-b', 'experiment');
    r.write('lab/.env', `LAB_PASSWORD=${PASSWORD_B}\n`);
    r.commit('experiment');
    r.git('checkout', '-q', 'main');
    r.git('checkout', '-q', '-b', 'release-prep');
    r.write('release/.env', `RELEASE_PASSWORD=${PASSWORD_C}\n`);
    r.commit('release');
    r.git('tag', '-a', 'v1', '-m', 'v1');
    r.git('checkout', '-q', 'main');
    r.git('branch', '-q', '-D', 'release-prep');
    r.write('README.md', `hello\nSTASH_PASSWORD=${PASSWORD_D}\n`);
    r.git('stash', '-q');

    const all = scanJson(r.dir, ['--history']).report;
    const refsByPath = Object.fromEntries(all.findings.map((f) => [f.location.path, f.provenance.refs]));
    expect(refsByPath).toEqual({ 'lab/.env': ['refs/heads/experiment'], 'release/.env': ['refs/tags/v1'], 'README.md': ['refs/stash'] });
    const narrowed = scanJson(r.dir, ['--history', '--ref', 'experiment']).report;
    expect(narrowed.findings.map((f) => f.location.path)).toEqual(['lab/.env']);
    // the configuration's exclude globs apply to history paths as to a tree
    const excluded = scanJson(r.dir, ['--history', '--exclude', 'lab']).report;
    expect(excluded.findings.map((f) => f.location.path).sort()).toEqual(['README.md', 'release/.env']);
  });

  it('scans commit messages', () => {
    const r = repo();
    r.write('README.md', 'hello\n');
    const id = r.commit(`rotate the database\n\nDB_PASSWORD=${PASSWORD_D}\n`);
    const run = scanJson(r.dir, ['--history']);
    expect(run.report.findings).toHaveLength(1);
    expect(run.report.findings[0]!.provenance).toMatchObject({ source: 'commit-message', introduced: { commit: id } });
    expectNoValues(run.stdout);
  });

  it('skips binary and oversized blobs with a note, and stays quiet on documentation example keys', () => {
    const r = repo();
    r.write('blob.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0, 0xff, 0xfe]), Buffer.from(`DB_PASSWORD=${PASSWORD_A}\n`)]));
    r.write('big.env', `DB_PASSWORD=${PASSWORD_B}\n` + '#'.repeat(3000) + '\n');
    // The AWS documentation's example key pair is a look-alike, not a leak.
    r.write('docs/aws.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    r.write('src/app.js', "const password = process.env.DB_PASSWORD;\nconst token = '${{ secrets.TOKEN }}';\n");
    r.commit('assets');
    r.git('rm', '-q', 'blob.bin', 'big.env');
    r.commit('remove');
    const run = scanJson(r.dir, ['--history', '--max-file-size', '2KiB']);
    expect(run.report.findings).toEqual([]);
    expect(run.code).toBe(0);
    const codes = run.report.notes.map((n) => `${n.code}:${n.path}`);
    expect(codes).toContain('binary:blob.bin');
    expect(codes).toContain('too-large:big.env');
  });

  it('audits a bare mirror and a shallow clone (with a note about what it cannot see)', () => {
    const r = repo();
    r.write('.env', `DB_PASSWORD=${PASSWORD_A}\n`);
    const added = r.commit('add');
    r.write('.env', 'PORT=1\n');
    r.commit('remove');
    r.write('app.txt', 'x\n');
    r.commit('more');
    const mirror = mkdtempSync(join(tmpdir(), 'nhiscan-mirror-'));
    execFileSync('git', ['clone', '-q', '--mirror', r.dir, join(mirror, 'repo.git')]);
    const bare = scanJson(join(mirror, 'repo.git'), ['--history']);
    expect(bare.report.findings.map((f) => f.provenance.introduced?.commit)).toEqual([added]);

    const shallowDir = join(mirror, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${r.dir}`, shallowDir]);
    const shallow = scanJson(shallowDir, ['--history']);
    expect(shallow.report.findings).toEqual([]);
    expect(shallow.report.notes.find((n) => n.code === 'shallow-history')?.message).toMatch(/--unshallow/);
    rmSync(mirror, { recursive: true, force: true });
  });

  it('notes the blobs a partial clone lacks and never fetches them', () => {
    const r = repo();
    r.git('config', 'uploadpack.allowFilter', 'true');
    r.write('.env', `DB_PASSWORD=${PASSWORD_C}\n`);
    r.commit('add');
    r.write('.env', 'PORT=1\n');
    r.commit('remove');
    const clone = mkdtempSync(join(tmpdir(), 'nhiscan-partial-'));
    execFileSync('git', ['clone', '-q', '--filter=blob:none', '--no-checkout', `file://${r.dir}`, clone], { stdio: 'ignore' });
    const objects = () => execFileSync('git', ['count-objects', '-v'], { cwd: clone, encoding: 'utf8' });
    const before = objects();
    const run = scanJson(clone, ['--history']);
    expect(run.report.findings).toEqual([]);
    expect(run.report.notes.filter((n) => n.code === 'missing-object').length).toBeGreaterThanOrEqual(2);
    expect(objects()).toBe(before);
    rmSync(clone, { recursive: true, force: true });
  });

  it('applies baselines across the history, by content', () => {
    const r = repo();
    r.write('.env', `DB_PASSWORD=${PASSWORD_A}\n`);
    r.commit('add');
    r.write('.env', `DB_PASSWORD=${PASSWORD_A}\nMORE=1\n`);
    r.commit('edit');
    r.write('.env', 'MORE=1\n');
    r.commit('remove');
    r.write('other.env', `DB_PASSWORD=${PASSWORD_B}\n`);
    r.commit('another');
    // A baseline of today's tree covers the secret still at HEAD in its older versions too.
    runCli(['baseline', r.dir, '--output', join(r.dir, 'head-baseline.json')], { cwd: r.dir });
    const partly = scanJson(r.dir, ['--history', '--baseline', join(r.dir, 'head-baseline.json')]).report;
    expect(partly.findings.map((f) => [f.location.path, f.suppressed?.kind])).toEqual([
      ['.env', undefined],
      ['other.env', 'baseline'],
    ]);
    // A baseline written from the history hides everything, whatever version a secret is in.
    runCli(['baseline', r.dir, '--history', '--output', join(r.dir, 'history-baseline.json')], { cwd: r.dir });
    const all = scanJson(r.dir, ['--history', '--baseline', join(r.dir, 'history-baseline.json')]);
    expect(all.report.findings.every((f) => f.suppressed?.kind === 'baseline')).toBe(true);
    expect(all.code).toBe(0);
  });

  it('puts history findings in their own SARIF category with commits in properties', () => {
    const r = repo();
    r.git('remote', 'add', 'origin', 'https://user:hunter2token@example.com/acme/app.git');
    r.write('.env', `DB_PASSWORD=${PASSWORD_A}\n`);
    const added = r.commit('add');
    r.write('.env', 'PORT=1\n');
    const head = r.commit('remove');
    const sarif = JSON.parse(runCli(['scan', r.dir, '--history', '-f', 'sarif', '--category', 'secrets'], { cwd: r.dir }).stdout);
    const [run] = sarif.runs;
    expect(run.automationDetails.id).toBe('secrets-history/');
    expect(run.versionControlProvenance).toEqual([{ repositoryUri: 'https://example.com/acme/app.git', revisionId: head }]);
    expect(run.results[0].properties).toMatchObject({ introducedCommit: added, atHead: false });
  });
});

describe('nhiscan scan --range / --since / --pre-push', () => {
  function branchRepo() {
    const r = repo();
    r.write('app/.env', `OLD_PASSWORD=${PASSWORD_A}\nPORT=1\n`);
    r.write('other/.env', `OTHER_PASSWORD=${PASSWORD_D}\n`);
    const base = r.commit('base with an old secret');
    r.git('checkout', '-q', '-b', 'topic');
    r.write('app/.env', `OLD_PASSWORD=${PASSWORD_A}\nPORT=2\nNEW_PASSWORD=${PASSWORD_B}\n`);
    const introducing = r.commit('touch the file, add a secret');
    r.write('tmp/.env', `TEMP_PASSWORD=${PASSWORD_C}\n`);
    r.commit('add a temporary secret');
    r.git('rm', '-q', 'tmp/.env');
    const head = r.commit('and remove it again');
    return { r, base, introducing, head };
  }

  it('reports what the range brings in, marks older secrets in touched files pre-existing and leaves the rest out', () => {
    const { r, base, introducing, head } = branchRepo();
    const run = scanJson(r.dir, ['--range', `${base}..${head}`]);
    const status = Object.fromEntries(run.report.findings.map((f) => [`${f.location.path}:${f.location.startLine}`, f.provenance.range]));
    expect(status).toEqual({ 'app/.env:1': 'pre-existing', 'app/.env:3': 'new', 'tmp/.env:1': 'new' });
    expect(byValue(run.report, 'app/.env').find((f) => f.provenance.range === 'new')?.provenance.introduced?.commit).toBe(introducing);
    expect(run.code).toBe(1);
    expectNoValues(run.stdout);
    // --since is the same range from HEAD's point of view
    const since = scanJson(r.dir, ['--since', 'main']);
    expect(since.report.findings.length).toBe(3);
  });

  it('passes when only pre-existing secrets are in touched files', () => {
    const r = repo();
    r.write('app/.env', `OLD_PASSWORD=${PASSWORD_A}\nPORT=1\n`);
    const base = r.commit('base');
    r.write('app/.env', `OLD_PASSWORD=${PASSWORD_A}\nPORT=2\n`);
    const head = r.commit('change the port');
    const run = scanJson(r.dir, ['--range', `${base}..${head}`]);
    expect(run.report.findings.map((f) => f.provenance.range)).toEqual(['pre-existing']);
    expect(run.code).toBe(0);
  });

  it('says an empty range holds nothing and exits 0', () => {
    const { r, head } = branchRepo();
    const run = scanJson(r.dir, ['--range', `${head}..${head}`]);
    expect(run.code).toBe(0);
    expect(run.report.findings).toEqual([]);
    expect(run.report.notes.map((n) => n.code)).toContain('empty-range');
  });

  it('pre-push: scans exactly the commits being pushed, including a new branch (zero remote sha)', () => {
    const { r, base, head } = branchRepo();
    const remote = mkdtempSync(join(tmpdir(), 'nhiscan-remote-'));
    execFileSync('git', ['init', '-q', '--bare', remote]);
    r.git('remote', 'add', 'origin', remote);
    r.git('push', '-q', '--no-verify', 'origin', 'main');
    const zero = '0'.repeat(40);
    const newBranch = scanJson(r.dir, ['--pre-push'], `refs/heads/topic ${head} refs/heads/topic ${zero}\n`);
    expect(
      newBranch.report.findings
        .filter((f) => f.provenance.range === 'new')
        .map((f) => f.location.path)
        .sort(),
    ).toEqual(['app/.env', 'tmp/.env']);
    expect(newBranch.code).toBe(1);
    // Pushing main again (nothing new) scans nothing; a deletion pushes no commits.
    const same = scanJson(r.dir, ['--pre-push'], `refs/heads/main ${base} refs/heads/main ${base}\nrefs/heads/gone ${zero} refs/heads/gone ${base}\n`);
    expect(same.report.findings).toEqual([]);
    expect(same.code).toBe(0);
    rmSync(remote, { recursive: true, force: true });
  });

  it('pre-push under the pre-commit framework: the range comes from PRE_COMMIT_FROM_REF/TO_REF', () => {
    const { r, introducing, head } = branchRepo();
    const run = runCli(['scan', r.dir, '--pre-push', '-f', 'json'], {
      cwd: r.dir,
      env: { PRE_COMMIT_FROM_REF: introducing, PRE_COMMIT_TO_REF: head, PRE_COMMIT_REMOTE_NAME: 'origin' },
    });
    const report = JSON.parse(run.stdout) as JsonReport;
    // only the two commits after `introducing`: the temporary secret, added and removed
    expect(report.findings.map((f) => [f.location.path, f.provenance.range])).toEqual([['tmp/.env', 'new']]);
    expect(run.code).toBe(1);
  });

  it('rejects stdin that is not a pre-push hook feed', () => {
    const r = repo();
    r.write('a.txt', 'a\n');
    r.commit('a');
    const run = runCli(['scan', r.dir, '--pre-push'], { cwd: r.dir, input: 'hello world\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pre-push/);
  });
});
