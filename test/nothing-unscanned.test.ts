import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/pipeline/read.js';
import { nameFromBytes, splitNulNames } from '../src/pipeline/file-names.js';
import { BIN, runCli } from './helpers/cli.js';

/**
 * Nothing is silently left unscanned: names that are not UTF-8, UTF-16 and UTF-32 files, NUL
 * bytes in a text file, a file padded past the size limit, binary content under a text file's
 * name. Each is either scanned (and its secret found) or reported by a warning that shows
 * without --verbose. Real files in real git repositories, through the real CLI.
 */

const TOKEN = 'ghp_' + 'iK2ZWeqhFWCEPyYngFb51yBMWXaSCr1R1Q1J'; // format-valid (CRC-32 checksum), not a live token
const LINE = `token = ${TOKEN}\n`;

interface Repo {
  dir: string;
  git: (...args: string[]) => string;
  write: (path: string | Buffer, data: string | Buffer) => void;
}

function repo(withGit = true): Repo {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-unscanned-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (withGit) git('init', '-q', '.');
  // A name in bytes is joined to the directory as bytes: it may not be valid UTF-8.
  const write = (path: string | Buffer, data: string | Buffer) =>
    writeFileSync(typeof path === 'string' ? join(dir, path) : Buffer.concat([Buffer.from(dir + '/'), path]), data);
  return { dir, git, write };
}

function scanJson(dir: string, ...args: string[]) {
  const run = runCli(['scan', ...args, '--format', 'json'], { cwd: dir });
  type Place = { location: { path: string } };
  const report = JSON.parse(run.stdout) as {
    findings: (Place & { ruleId: string; related: Place[] })[];
    notes: { level: string; code: string; path?: string }[];
  };
  // One value is one finding: the other files holding it are its related places.
  const tokens = report.findings.filter((f) => f.ruleId === 'secret/github-token').flatMap((f) => [f, ...f.related].map((p) => p.location.path));
  return { code: run.code, report, tokens: [...new Set(tokens)].sort() };
}

const LATIN1_NAME = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x65, 0x6e, 0x76]); // "caf\xe9.env"
const LATIN1_DIR = Buffer.from([0x64, 0xef, 0x72]); // "d\xefr"

describe('file names that are not UTF-8', () => {
  function plant(r: Repo) {
    r.write(LATIN1_NAME, LINE);
    mkdirSync(Buffer.concat([Buffer.from(r.dir + '/'), LATIN1_DIR]));
    r.write(Buffer.concat([LATIN1_DIR, Buffer.from('/app.env')]), LINE);
  }

  it('are scanned and reported by an escaped name, in git and walk modes', () => {
    const r = repo();
    plant(r);
    r.git('add', '-A');
    r.git('commit', '-qm', 'latin-1 names');
    for (const args of [[], ['--no-gitignore']]) {
      const run = scanJson(r.dir, ...args);
      expect(run.code).toBe(1);
      expect(run.tokens).toEqual(['caf\\xe9.env', 'd\\xefr/app.env']);
    }
    const plain = repo(false);
    plant(plain);
    expect(scanJson(plain.dir).tokens).toEqual(['caf\\xe9.env', 'd\\xefr/app.env']);
  });

  it('are scanned when staged', () => {
    const r = repo();
    plant(r);
    r.git('add', '-A');
    const run = scanJson(r.dir, '--staged');
    expect(run.code).toBe(1);
    expect(run.tokens).toEqual(['caf\\xe9.env', 'd\\xefr/app.env']);
  });

  it('have one escaped form each, which keeps valid characters and marks each bad byte', () => {
    expect(nameFromBytes(Buffer.from('café.env'))).toEqual({ path: 'café.env' });
    expect(nameFromBytes(Buffer.from([0x61, 0x5c, 0xe9, 0xc3, 0xa9]))).toEqual({ path: 'a\\\\\\xe9é', raw: Buffer.from([0x61, 0x5c, 0xe9, 0xc3, 0xa9]) });
    // An overlong encoding and a lone surrogate are not UTF-8 either.
    expect(nameFromBytes(Buffer.from([0xc0, 0xaf])).path).toBe('\\xc0\\xaf');
    expect(nameFromBytes(Buffer.from([0xed, 0xa0, 0x80])).path).toBe('\\xed\\xa0\\x80');
    expect(splitNulNames(Buffer.from('a\0b\0')).map((n) => n.path)).toEqual(['a', 'b']);
  });
});

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const body = endian === 'le' ? le : Buffer.from(le.map((_, i) => le[i ^ 1]!));
  return Buffer.concat([bom ? Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), body]);
}

function utf32(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const points = [...(bom ? '\ufeff' : ''), ...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (endian === 'le' ? out.writeUInt32LE(p, i * 4) : out.writeUInt32BE(p, i * 4)));
  return out;
}

describe('UTF-16 and UTF-32 files', () => {
  const files: [string, Buffer][] = [
    ['le-bom.ini', utf16(`[auth]\r\n${LINE}`, 'le', true)],
    ['be-bom.ini', utf16(`[auth]\r\n${LINE}`, 'be', true)],
    ['le-plain.ps1', utf16(`# deploy\r\n$${LINE}`, 'le', false)],
    ['be-plain.ps1', utf16(`# deploy\r\n$${LINE}`, 'be', false)],
    ['u32le-bom.txt', utf32(LINE, 'le', true)],
    ['u32be-bom.txt', utf32(LINE, 'be', true)],
    ['u32le-plain.txt', utf32(LINE, 'le', false)],
  ];

  it('are decoded and scanned, in a tree scan and when staged', () => {
    const r = repo();
    for (const [name, data] of files) r.write(name, data);
    r.git('add', '-A');
    const names = files.map(([name]) => name).sort();
    expect(scanJson(r.dir, '--staged').tokens).toEqual(names);
    r.git('commit', '-qm', 'wide text');
    const run = scanJson(r.dir);
    expect(run.code).toBe(1);
    expect(run.tokens).toEqual(names);
  });

  it('keep lines and columns of the decoded text', () => {
    const decoded = decode(utf16(`a\r\nbé${LINE}`, 'le', true));
    expect(decoded).toMatchObject({ encoding: 'utf-16le', text: `a\r\nbé${LINE}` });
    expect(decode(utf32('x', 'be', true))).toMatchObject({ encoding: 'utf-32be', text: 'x' });
  });
});

describe('NUL bytes, padding and binary content', () => {
  it('scans a text file with NUL bytes, and the part of a padded file within the limit; warns about the rest', () => {
    const r = repo();
    r.write('nul.env', `a\0b\n${LINE}`);
    r.write('nul-padded.env', Buffer.concat([Buffer.alloc(20_000), Buffer.from(LINE)]));
    r.write('padded.env', LINE + '#'.repeat(1_100_000));
    r.write('front-padded.env', '#'.repeat(1_100_000) + '\n' + LINE);
    r.write('disguised.env', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe, 0x01]), Buffer.from(LINE)]));
    r.write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xd8]));
    r.git('add', '-A');
    r.git('commit', '-qm', 'evasions');
    const run = scanJson(r.dir);
    expect(run.code).toBe(1);
    expect(run.tokens).toEqual(['nul-padded.env', 'nul.env', 'padded.env']);
    const warnings = run.report.notes.filter((n) => n.level === 'warning').map((n) => `${n.code}:${n.path}`);
    expect(warnings).toEqual(expect.arrayContaining(['too-large:padded.env', 'too-large:front-padded.env', 'binary:disguised.env']));
    // A real binary under a binary name stays an info note.
    expect(run.report.notes).toContainEqual(expect.objectContaining({ level: 'info', code: 'binary', path: 'image.png' }));

    // The warnings show without --verbose.
    const text = runCli(['scan'], { cwd: r.dir }).stdout;
    expect(text).toMatch(/warning front-padded\.env: file is 1\.0 MiB \(1100050 bytes\), over the 1\.0 MiB limit/);
    expect(text).toMatch(/warning disguised\.env: binary content in a file named like dotenv; skipped/);
  });
});

describe('code over the size limit', () => {
  it('scans its first part as code, not as text: a minified bundle gives no name-based findings, a token in it is found', () => {
    const r = repo();
    const minified = 'var Yp={};this.tokenMatcher=s?Yp.tokenStructuredMatcherNoCategories:Yp.tokenStructuredMatcher,(0,Yp.augment)(e);';
    r.write('yarn-3.2.1.cjs', `${minified}\n${LINE}\n${minified.repeat(12_000)}\n`);
    r.git('add', '-A');
    r.git('commit', '-qm', 'vendored yarn');
    const run = scanJson(r.dir);
    expect(run.tokens).toEqual(['yarn-3.2.1.cjs']);
    expect(run.report.findings.map((f) => f.ruleId)).not.toContain('secret/generic-credential');
    expect(run.report.notes).toContainEqual(expect.objectContaining({ level: 'warning', code: 'too-large', path: 'yarn-3.2.1.cjs' }));
  });
});

const hasTime = existsSync('/usr/bin/time');

// Never skipped: without GNU time the test fails and says what to install (`.ci/run` installs it).
describe('--staged memory', () => {
  it('is bounded by the size limit, not by what is staged', () => {
    expect(hasTime, 'this test measures peak memory with GNU time: apt-get install time').toBe(true);
    const r = repo();
    r.write('a.env', LINE);
    // 256 MiB staged: before, every staged blob was buffered (twice); now each is cut at the limit.
    execFileSync('truncate', ['-s', '256M', join(r.dir, 'zeros.bin')]);
    r.git('add', '-A');
    const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'scan', '--staged', '--format', 'json'], {
      cwd: r.dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(run.status).toBe(1);
    const peakKb = Number(run.stderr.trim().split('\n').pop());
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(200 * 1024);
    const report = JSON.parse(run.stdout) as { findings: { location: { path: string } }[]; notes: { code: string; path?: string }[] };
    expect(report.findings.map((f) => f.location.path)).toEqual(['a.env']);
    expect(report.notes).toContainEqual(expect.objectContaining({ code: 'binary', path: 'zeros.bin' }));
  });
});
