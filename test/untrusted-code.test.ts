import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEARCH_PLACES } from '../src/config/load.js';
import { runCli } from './helpers/cli.js';

/**
 * Nothing in a scanned repository runs: not its configuration files, not programs its
 * `.git/config` names, not a `git` it puts on PATH, not file names that look like options.
 * Every planted program writes a canary file into `markers/` (outside the repository); each test
 * runs nhiscan in every mode over the repository and then expects that folder to be empty.
 */

const TOKEN = 'ghp_' + 'Zq8rT5mW2xK9vQpLb3Nc7Hd1Fg6Js4Ay0Ee'; // format-valid shape, not a live token

interface Sandbox {
  dir: string;
  markers: string;
  write(path: string, text: string, mode?: number): void;
  git(...args: string[]): string;
  /** A JS module in the given flavour that drops a canary named `name`. */
  js(name: string, flavour: 'cjs' | 'esm'): string;
  /** A shell script that drops a canary named `name` (and passes its input through). */
  sh(name: string): string;
}

function sandbox(): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'nhiscan-untrusted-'));
  const dir = join(base, 'repo');
  const markers = join(base, 'markers');
  mkdirSync(dir);
  mkdirSync(markers);
  const scripts = join(base, 'scripts');
  mkdirSync(scripts);
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const write = (path: string, text: string, mode?: number) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    if (mode) chmodSync(join(dir, path), mode);
  };
  // the test's own git must not trigger what the repository configures either
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    markers,
    write,
    git,
    js: (name, flavour) => {
      const target = JSON.stringify(join(markers, name));
      return flavour === 'cjs'
        ? `require('fs').writeFileSync(${target}, 'ran'); module.exports = { failOn: 'none' };\n`
        : `import { writeFileSync } from 'node:fs';\nwriteFileSync(${target}, 'ran');\nexport default { failOn: 'none' };\n`;
    },
    sh: (name) => {
      const path = join(scripts, name + '.sh');
      writeFileSync(path, `#!/bin/sh\ntouch ${JSON.stringify(join(markers, name))}\ncat "$@" 2>/dev/null\nexit 0\n`);
      chmodSync(path, 0o755);
      return path;
    },
  };
}

const ran = (box: Sandbox) => readdirSync(box.markers);

/** Runs nhiscan in every mode that reads a repository: from inside, from outside, staged, listed, baseline, inventory. */
function everyMode(box: Sandbox, env: Record<string, string> = {}): { code: number | null; mode: string }[] {
  const files = box.git('ls-files', '-z', '--cached', '--others').split('\0').filter(Boolean);
  const modes: [string, string[], string][] = [
    ['scan inside', ['scan', '--format', 'json'], box.dir],
    ['scan from outside', ['scan', box.dir, '--format', 'json'], dirname(box.dir)],
    ['staged', ['scan', '--staged', '--format', 'json'], box.dir],
    ['files', ['scan', '--no-progress', '--files', '--', ...files], box.dir],
    ['baseline', ['baseline', '--output', join(dirname(box.dir), 'baseline.json')], box.dir],
    ['inventory', ['inventory', '--format', 'json'], box.dir],
  ];
  return modes.map(([mode, args, cwd]) => ({ mode, code: runCli(args, { cwd, env }).code }));
}

describe('configuration is data', () => {
  const flavours = [
    ['evil.cjs', 'cjs'],
    ['evil.mjs', 'esm'],
    ['evil.js', 'cjs'],
    ['evil.ts', 'esm'],
  ] as const;

  it('never follows $import from any data configuration place', () => {
    for (const [i, place] of SEARCH_PLACES.entries()) {
      const [file, flavour] = flavours[i % flavours.length]!; // every flavour, across the places
      const box = sandbox();
      box.write(file, box.js(`${place.replace(/\W/g, '_')}-${file}`, flavour));
      if (place === 'package.json') box.write(place, JSON.stringify({ name: 'victim', nhiscan: { $import: `./${file}` } }));
      else if (place.endsWith('.json')) box.write(place, JSON.stringify({ $import: `./${file}` }));
      else box.write(place, `$import: ./${file}\n`);
      box.write('a.env', `token = ${TOKEN}\n`);
      // from outside the repository (the worst case the report found)
      const run = runCli(['scan', box.dir, '--format', 'json'], { cwd: dirname(box.dir) });
      expect(ran(box), `${place} → ${file}`).toEqual([]);
      // the config is refused (unknown key), never half-applied: the gate does not open
      expect(run.code, `${place} → ${file}`).toBe(2);
      expect(run.stderr).toContain('unknown key "$import"');
    }
  }, 120_000);

  it('never loads a code configuration or a meta-configuration it finds by search', () => {
    const box = sandbox();
    for (const stem of ['.nhiscanrc', 'nhiscan.config', '.config/nhiscanrc', '.config/config', 'nhiscanrc']) {
      for (const [ext, flavour] of [
        ['.js', 'cjs'],
        ['.cjs', 'cjs'],
        ['.mjs', 'esm'],
        ['.ts', 'esm'],
        ['.mts', 'esm'],
        ['.cts', 'cjs'],
      ] as const) {
        box.write(stem + ext, box.js(`${stem.replace(/\W/g, '_')}${ext}`, flavour));
      }
    }
    // cosmiconfig's meta-configuration forms: a data file that names a code file to load
    box.write('meta.cjs', box.js('meta', 'cjs'));
    box.write('.config/config.json', JSON.stringify({ cosmiconfig: { searchPlaces: ['meta.cjs'] }, nhiscan: { $import: './meta.cjs' } }));
    box.write('.config/config.yaml', 'cosmiconfig:\n  searchPlaces: [meta.cjs]\n  loaders: {}\n');
    box.write('package.json', JSON.stringify({ name: 'victim', scripts: { prepare: `node meta.cjs` }, cosmiconfig: { searchPlaces: ['meta.cjs'] } }));
    box.write('a.env', `token = ${TOKEN}\n`);
    box.git('add', '-A');
    const runs = everyMode(box);
    expect(ran(box)).toEqual([]);
    for (const run of runs.filter((r) => ['scan inside', 'scan from outside', 'staged', 'files'].includes(r.mode))) expect(run.code, run.mode).toBe(1);
  });

  it('reads YAML code tags as plain data', () => {
    const box = sandbox();
    box.write('.nhiscanrc.yml', `failOn: !!js/function "function () { require('fs').writeFileSync(${JSON.stringify(join(box.markers, 'tag'))}, 'x') }"\n`);
    box.write('a.env', `token = ${TOKEN}\n`);
    const run = runCli(['scan'], { cwd: box.dir });
    expect(ran(box)).toEqual([]);
    expect(run.code).toBe(2); // a function is no severity: the configuration is invalid
  });

  it('runs a JS configuration only when the user names it with --config (the canary works)', () => {
    const box = sandbox();
    box.write('mine.cjs', box.js('named-by-user', 'cjs'));
    runCli(['scan', '--config', 'mine.cjs'], { cwd: box.dir });
    expect(ran(box)).toEqual(['named-by-user']);
  });

  it('prints no content of a malformed configuration or package.json', () => {
    const box = sandbox();
    box.write('package.json', `{"name":"x",\n "config": {"token": "${TOKEN}"}\n "x": 1}\n`);
    box.write('.config/config.yml', `token: ${TOKEN}\n  bad: [\n`);
    box.write('.nhiscanrc.yml', `failOn: high\nsecret: "${TOKEN}\n`);
    box.write('.nhiscanrc.json', `{"failOn": "high", "note": "${TOKEN}" `);
    box.git('add', '-A');
    for (const args of [['scan'], ['scan', '--staged'], ['scan', '--config', '.nhiscanrc.json'], ['inventory']]) {
      const run = runCli(args, { cwd: box.dir });
      expect(run.stdout + run.stderr).not.toContain(TOKEN.slice(0, 12));
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});

describe('file names are never options', () => {
  it('scans listed files named like options and writes nothing', () => {
    const box = sandbox();
    box.write('x.cjs', box.js('files-config', 'cjs'));
    box.write('secret.env', `token = ${TOKEN}\n`);
    box.write('package.json', '{"name":"victim"}\n');
    for (const name of [
      '--config=x.cjs',
      '--output=package.json',
      '--fail-on=none',
      '-v',
      '--version',
      '--help',
      '-h',
      '--exclude=**',
      '--max-file-size=1',
      '--format=github',
      '--baseline=x.json',
    ])
      box.write(name, 'x = 1\n');
    box.git('add', '-A');
    box.git('commit', '-qm', 'i');
    const files = box.git('ls-files', '-z').split('\0').filter(Boolean);
    for (const entry of [['--files'], ['--files', '--'], ['--no-progress', '--files', '--']]) {
      const run = runCli(['scan', '--format', 'json', ...entry, ...files], { cwd: box.dir });
      expect(run.code, entry.join(' ')).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: { location: { path: string } }[]; summary: { filesScanned: number } };
      expect(report.findings.map((f) => f.location.path)).toContain('secret.env');
      expect(report.summary.filesScanned).toBe(files.length);
    }
    expect(ran(box)).toEqual([]);
    expect(readFileSync(join(box.dir, 'package.json'), 'utf8')).toBe('{"name":"victim"}\n');
  });

  it('refuses an option placed after --files instead of ignoring it', () => {
    const box = sandbox();
    box.write('a.env', `token = ${TOKEN}\n`);
    const run = runCli(['scan', '--files', 'a.env', '--fail-on', 'none'], { cwd: box.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('put options before --files');
  });

  it('the pre-commit manifest passes file names after --files --', () => {
    const manifest = readFileSync(join(__dirname, '..', '.pre-commit-hooks.yaml'), 'utf8');
    for (const entry of manifest.matchAll(/entry: (.*)/g)) {
      if (!entry[1]!.includes('--files')) continue;
      expect(entry[1]!.trimEnd().endsWith('--files --')).toBe(true);
    }
  });
});

describe('git runs none of the repository’s commands', () => {
  it('ignores fsmonitor, textconv, external diff, hooks and pager from .git/config', () => {
    const box = sandbox();
    box.write('a.txt', 'hello\n');
    box.write('.gitattributes', '* diff=evil\n');
    box.git('add', '-A');
    box.git('commit', '-qm', 'i');
    box.write('a.txt', `hello\ntoken = ${TOKEN}\n`);
    box.git('add', 'a.txt');
    const settings: [string, string][] = [
      ['core.fsmonitor', box.sh('fsmonitor')],
      ['diff.evil.textconv', box.sh('textconv')],
      ['diff.evil.command', box.sh('diff-command')],
      ['diff.external', box.sh('diff-external')],
      ['core.pager', box.sh('pager')],
      ['pager.diff', box.sh('pager-diff')],
      ['core.hooksPath', join(dirname(box.sh('hooks')), 'hooks')],
      ['filter.evil.clean', box.sh('clean')],
      ['filter.evil.process', box.sh('process')],
      ['core.sshCommand', box.sh('ssh')],
      ['credential.helper', `!${box.sh('credential')}`],
      ['gpg.program', box.sh('gpg')],
    ];
    mkdirSync(join(dirname(box.markers), 'scripts', 'hooks'), { recursive: true });
    for (const hook of ['post-index-change', 'pre-commit', 'post-checkout']) {
      writeFileSync(join(dirname(box.markers), 'scripts', 'hooks', hook), `#!/bin/sh\ntouch ${JSON.stringify(join(box.markers, hook))}\n`, { mode: 0o755 });
    }
    // an include pulls in more: the command-line settings win over included files too
    writeFileSync(join(box.dir, '.git', 'extra.config'), `[core]\n\tfsmonitor = ${box.sh('included-fsmonitor')}\n`);
    for (const [key, value] of settings) box.git('config', key, value);
    box.git('config', 'include.path', 'extra.config');
    box.write('.gitattributes', '* diff=evil filter=evil\n');
    const runs = everyMode(box);
    expect(ran(box)).toEqual([]);
    expect(runs.find((r) => r.mode === 'staged')?.code).toBe(1);
  });

  it('never runs a git found in the repository, node_modules/.bin or a relative PATH entry', () => {
    const box = sandbox();
    const fake = `#!/bin/sh\ntouch ${JSON.stringify(join('MARKERS', 'fake-git'))}\nexit 1\n`;
    for (const place of ['node_modules/.bin', 'bin', '.'])
      box.write(join(place, 'git'), fake.replace('MARKERS', box.markers).replace('fake-git', `git-in-${place.replace(/\W/g, '_')}`), 0o755);
    box.write('a.env', `token = ${TOKEN}\n`);
    box.git('add', '-A');
    // what npx does, plus a CI step that put the checkout's bin/ on PATH, plus "."
    const PATH = [join(box.dir, 'node_modules', '.bin'), join(box.dir, 'bin'), '.', '', process.env['PATH'] ?? ''].join(delimiter);
    const runs = everyMode(box, { PATH });
    expect(ran(box)).toEqual([]);
    expect(runs.find((r) => r.mode === 'staged')?.code).toBe(1);
    expect(existsSync(join(box.dir, 'bin', 'git'))).toBe(true);
  });
});
