import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globMatcher, linearGlobProblem } from '../src/detect/linear-glob.js';
import { LinearPattern, LinearTest, linearRegexProblem } from '../src/detect/linear-regex.js';
import { runCli } from './helpers/cli.js';

/**
 * Bounded by design: what a repository's configuration supplies (regexes, glob lists) cannot
 * make the scan hang or abort, and the token rules' per-file safety bound fails closed.
 */

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-bounded-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  execFileSync('git', ['init', '-q', '.'], { cwd: dir });
  execFileSync('git', ['add', '-A'], { cwd: dir });
  return dir;
}

const EVIL = '(a+)+b';
const LONG_LINE = `x = ${'a'.repeat(50_000)}\n`;

describe('configured regexes run in linear time', () => {
  it('a backtracking custom pattern, allowlist regex and production pattern finish on a hostile line', () => {
    const config = [
      'secrets:',
      '  patterns:',
      '    - id: evil',
      `      regex: "${EVIL}"`,
      '      keywords: ["aaaa"]',
      'allowlist:',
      '  - reason: test',
      `    regexes: ["(a|aa)+$"]`,
      'deploy:',
      `  productionPatterns: ["(x+x+)+y"]`,
      '',
    ].join('\n');
    const dir = repo({ '.nhiscanrc.yml': config, 'data.txt': LONG_LINE, 'env.txt': `password = "${'a'.repeat(3000)}Zq8#rT5!mW2@xK9v"\n` });
    // Before: (a+)+b on 34 a's ran for over a minute; here 50,000 a's.
    const run = runCli(['scan', '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).not.toBe(2);
    expect(JSON.parse(run.stdout).summary.complete).toBe(true);
  });

  it('still find secrets with their groups and columns', () => {
    const config = ['secrets:', '  patterns:', '    - id: acme', '      regex: "acme_key=(?P<secret>[a-z0-9]{24})"', '      keywords: ["acme_key"]', ''].join(
      '\n',
    );
    const dir = repo({ '.nhiscanrc.yml': config, 'app.env': `# é😀\nacme_key=zq8rt5mw2xk9vqplb3nc7hd1\n` });
    const run = runCli(['scan', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const finding = JSON.parse(run.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'secret/acme');
    expect(finding.location).toMatchObject({ path: 'app.env', startLine: 2, startColumn: 10 });
  });

  it('a pattern the linear engine cannot run is a clear configuration error', () => {
    const dir = repo({ '.nhiscanrc.yml': 'allowlist:\n  - reason: x\n    regexes: ["(a)\\\\1"]\n', 'a.txt': 'x\n' });
    const run = runCli(['scan'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('linear time');
    expect(run.stderr).not.toContain('    at ');
  });

  it('match like RegExp with the g and d flags', () => {
    const pattern = new LinearPattern('(?P<secret>b+)(c)?');
    const [first, second] = [...pattern.matchAll('é😀abbc xb')];
    expect(first!.index).toBe(4);
    expect(first!.indices!.groups!['secret']).toEqual([4, 6]);
    expect([...first!]).toEqual(['bbc', 'bb', 'c']);
    expect(second!.indices![2]).toBeUndefined();
    expect(new LinearTest('PROD', { ignoreCase: true }).test('my-prod-env')).toBe(true);
    expect(linearRegexProblem('(?=a)')).toContain('linear time');
    expect(linearRegexProblem('a{1,5}b')).toBeUndefined();
  });
});

describe('glob lists', () => {
  it('a list too long for the limit is a configuration error, not a V8 abort', () => {
    const globs = Array.from({ length: 6_000 }, (_, i) => `  - "a${i}/**"`).join('\n');
    const dir = repo({ '.nhiscanrc.yml': `include:\n${globs}\n`, 'a.txt': 'x\n' });
    const run = runCli(['scan'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at most 5000 globs');
  });

  it('a backtracking glob in the configuration, an allowlist and on the command line finishes on a long path', () => {
    const evil = '*a*a*a*a*a*a*a*a*a*b';
    const name = `${'a'.repeat(200)}.txt`;
    const dir = repo({
      '.nhiscanrc.yml': `exclude: ["${evil}"]\nallowlist:\n  - paths: ["${evil}"]\n    reason: hostile\n`,
      [name]: 'x\n',
      'keep.env': 'API_TOKEN=Vh3Xq9Lm2Zr7Kt4Wp8Nc\n',
    });
    // picomatch's own regex would need hours for this one path (the test would time out); the automaton answers at once.
    const run = runCli(['scan', '--include', evil, '--include', '**', '--path', evil, '--fail-on', 'none'], { cwd: dir });
    expect(run.code).toBe(0);
  });

  it('matches like picomatch with dotfiles, and refuses extglobs it cannot match in linear time', () => {
    const cases: [string, string, boolean][] = [
      ['**/*.js', 'a/b/c.js', true],
      ['**/*.js', 'c.js', true],
      ['src/**', 'src/a/b', true],
      ['docs/*', 'docs/a/b', false],
      ['**/.github/workflows/*.yml', '.github/workflows/a.yml', true],
      ['*.md', '.hidden.md', true],
      ['fixtures/**/test-*.{js,ts}', 'fixtures/x/test-a.ts', true],
      ['!**/node_modules/**', 'a/node_modules/b', false],
      ['!**/node_modules/**', 'a/b', true],
      ['a/?/b', 'a/x/b', true],
    ];
    for (const [glob, path, expected] of cases) expect(globMatcher([glob])(path), `${glob} ${path}`).toBe(expected);
    expect(linearGlobProblem('*.{js,ts}')).toBeUndefined();
    expect(linearGlobProblem('!(vendor)/**')).toMatch(/linear time/);
    const dir = repo({ '.nhiscanrc.yml': 'exclude: ["!(vendor)/**"]\n', 'a.txt': 'x\n' });
    const run = runCli(['scan'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/linear time/);
  });

  it('200,000 globs (report probe C5) stop at the configuration size limit', () => {
    const globs = Array.from({ length: 200_000 }, (_, i) => `  - "a${i}/**"`).join('\n');
    const dir = repo({ '.nhiscanrc.yml': `include:\n${globs}\n`, 'a.txt': 'x\n' });
    const run = runCli(['scan'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a configuration file may be at most/);
  });
});

/** CRC-32 (IEEE), for format-valid GitHub tokens. */
function crc32(text: string): number {
  let crc = ~0;
  for (const byte of Buffer.from(text)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function githubToken(seed: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let body = '';
  let x = seed * 7919 + 17;
  for (let i = 0; i < 30; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    body += chars[x % 62];
  }
  const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = crc32(body);
  let sum = '';
  while (n) {
    sum = base62[n % 62] + sum;
    n = Math.floor(n / 62);
  }
  return `ghp_${body}${sum.padStart(6, '0')}`;
}

describe("the token rules' per-file bound", () => {
  it('fails closed: past 1,000 matches in a file the scan is incomplete (exit 2), not silently short', () => {
    const lines = Array.from({ length: 1_001 }, (_, i) => `t${i} = ${githubToken(i)}`).join('\n');
    const dir = repo({ 'many.env': `${lines}\n` });
    const run = runCli(['scan', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.summary.complete).toBe(false);
    expect(report.notes).toContainEqual(expect.objectContaining({ level: 'error', path: 'many.env', ruleId: 'secret/github-token' }));
    // Exactly at the bound, every token is reported and the scan is complete.
    const dir2 = repo({ 'many.env': Array.from({ length: 1_000 }, (_, i) => `t${i} = ${githubToken(i)}`).join('\n') + '\n' });
    const ok = runCli(['scan', '--format', 'json'], { cwd: dir2 });
    expect(ok.code).toBe(1);
    expect(JSON.parse(ok.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'secret/github-token')).toHaveLength(1_000);
  });
});
