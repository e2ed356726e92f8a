import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { markdownCode, markdownText, sarifText, terminalSafe, terminalSafePath } from '../src/report/escape.js';
import { BIN } from './helpers/cli.js';

/**
 * Scanned names and values cannot act on whoever reads the report: no terminal escape sequence,
 * line break or bidi override reaches a terminal or CI log; no GitHub Actions workflow command
 * starts from scanned text; no markdown link, image, HTML or mention forms from it in SARIF
 * messages, the inventory markdown or the job summary. A real repository with such file names
 * and values, scanned through the real CLI writing into a real pipe.
 */

const ESC = '\u001b';
/** File names that each try something different on a terminal or a log. */
const HOSTILE_NAMES = [
  `zz${ESC}[3A${ESC}[J.env`, // cursor up, erase to end of screen: hides earlier findings
  `${ESC}]0;PWNED-TITLE\u0007.env`, // OSC: window title
  `${ESC}]8;;https:evil.example${ESC}\\click${ESC}]8;;${ESC}\\.env`, // OSC 8 hyperlink
  `c1\u009b2J.env`, // C1 CSI (one code point)
  `bidi\u202egnp.env`, // right-to-left override
  `iso\u2066late\u2069.env`,
  `cr\rcover.env`, // carriage return: overwrites the start of the line
  `bs\b\b\bx.env`,
  `nl\n::error file=SECURITY.md,line=1::All checks passed.env`, // a line of its own
  '::add-mask::visible.env',
  ' ::stop-commands::k1.env',
  '##[add-mask]legacy.env',
  '::error file=README.md,line=1::Looks fine/creds.env',
];

const WORKFLOW = [
  'on: push',
  'jobs:',
  '  prod:',
  '    name: "release\\e[2J\\n::error file=README.md,line=1,title=Looks fine::nothing to see\\n::stop-commands::k1 [click me](javascript:alert(1)) ![x](https://evil.example/x.png) <script>alert(2)</script> @acme/security-team"',
  '    runs-on: ubuntu-latest',
  '    environment: "[Approve here](https://evil.example/phish) @acme/security-team <img src=x>"',
  '    steps:',
  '      - run: kubectl apply -f k8s/ --namespace production',
  '        env:',
  '          TOKEN: ${{ secrets.DEPLOY_TOKEN }}',
  '',
].join('\n');

let repo: string;

function nhiscan(args: string): { status: number | null; stdout: string; stderr: string } {
  // Through a real pipe, as a CI log or `| less` gets it.
  const run = spawnSync('bash', ['-c', `set -o pipefail; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args} | cat`], {
    cwd: repo,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  repo = join(mkdtempSync(join(tmpdir(), 'nhiscan-escape-')), 'repo');
  mkdirSync(repo);
  HOSTILE_NAMES.forEach((name, i) => {
    mkdirSync(dirname(join(repo, name)), { recursive: true });
    writeFileSync(join(repo, name), `password = "Zq8#rT5!mW2@xK9vQ${String.fromCharCode(65 + i)}"\n`);
  });
  mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(repo, '.github', 'workflows', 'deploy.yml'), WORKFLOW);
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  execFileSync('git', ['init', '-q', '.'], { cwd: repo, env });
  execFileSync('git', ['add', '-A'], { cwd: repo, env });
  execFileSync('git', ['commit', '-qm', 'hostile names'], { cwd: repo, env });
});

/** Characters a terminal acts on, other than the line feeds that end nhiscan's own lines. */
const TERMINAL_ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectTerminalSafe(output: string) {
  expect(output).not.toMatch(TERMINAL_ACTIVE);
  expect(output).not.toContain('##[');
  for (const line of output.split('\n')) expect(line).not.toMatch(/^\s*::/);
}

/** Every line the Actions runner would read as a workflow command: `::name props::data`. */
function workflowCommands(output: string) {
  return output
    .split('\n')
    .filter((line) => /^\s*::/.test(line))
    .map((line) => {
      const m = /^\s*::([^\s:]+)(?: ([^:]*))?::(.*)$/.exec(line.trimStart());
      return { line, name: m?.[1], props: m?.[2] ?? '', data: m?.[3] ?? '' };
    });
}

describe('text output through a pipe', () => {
  it('reports every hostile file, with escapes instead of control characters', () => {
    const run = nhiscan('scan --fail-on none');
    expect(run.status).toBe(0);
    expectTerminalSafe(run.stdout);
    expectTerminalSafe(run.stderr);
    // Each file is still reported, under a visible, escaped name.
    expect(run.stdout).toContain('zz\\x1b[3A\\x1b[J.env');
    expect(run.stdout).toContain('\\x1b]8;;https:evil.example\\x1b\\click');
    expect(run.stdout).toContain('c1\\x9b2J.env');
    expect(run.stdout).toContain('bidi\\u{202e}gnp.env');
    expect(run.stdout).toContain('cr\\rcover.env');
    expect(run.stdout).toContain('nl\\n::error file=SECURITY.md');
    expect(run.stdout).toContain('./::add-mask::visible.env');
    expect(run.stdout).toContain('./ ::stop-commands::k1.env');
    expect(run.stdout).toContain('./::error file=README.md,line=1::Looks fine/creds.env');
    expect(run.stdout).toContain('#\\x23[add-mask]legacy.env');
    // One credential per hostile file, all reported.
    expect(run.stdout).toContain(`by rule: secret/generic-credential ${HOSTILE_NAMES.length},`);
  });

  it('keeps --verbose notes and the quiet form just as safe', () => {
    expectTerminalSafe(nhiscan('scan --fail-on none --verbose').stdout);
    expectTerminalSafe(nhiscan('scan --fail-on none --quiet').stdout);
  });
});

describe('--format github', () => {
  it('emits only its own annotations: scanned names and job names start no command', () => {
    const run = nhiscan('scan --format github --fail-on none');
    expect(run.status).toBe(0);
    const commands = workflowCommands(run.stdout);
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands) {
      expect(['error', 'warning', 'notice']).toContain(command.name);
      // The properties are the annotation's own: file, line, columns, title; nothing injected.
      for (const prop of command.props.split(',')) expect(prop).toMatch(/^(file|line|endLine|col|endColumn|title)=/);
      expect(command.data).not.toMatch(/[\r\n]/);
    }
    expect(commands.map((c) => c.name)).not.toContain('add-mask');
    expect(commands.map((c) => c.name)).not.toContain('stop-commands');
    // The plain list (every finding, one per line) holds only terminal-safe lines.
    const plain = run.stdout.split('\n').filter((line) => !/^::/.test(line));
    expectTerminalSafe(plain.join('\n'));
    expect(run.stdout).not.toContain('##[');
  });

  it('annotates a file named like a command under its real (escaped-property) name', () => {
    const run = nhiscan('scan --format github --fail-on none');
    expect(run.stdout).toContain('file=%3A%3Aerror file=README.md%2Cline=1%3A%3ALooks fine/creds.env,');
    expect(run.stdout).toContain('file=%3A%3Aadd-mask%3A%3Avisible.env,');
  });
});

describe('SARIF messages', () => {
  it('escape links, images and mentions from scanned text', () => {
    const sarif = JSON.parse(nhiscan('scan --format sarif --fail-on none').stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    const deploy = sarif.runs[0]!.results.find((r) => r.ruleId === 'deploy/unapproved-deploy');
    expect(deploy).toBeDefined();
    for (const result of sarif.runs[0]!.results) {
      // SARIF §3.11.6: an unescaped `[` starts an embedded link.
      expect(result.message.text).not.toMatch(/(^|[^\\])\[/);
      expect(result.message.text).not.toMatch(/@[\w-]/);
      expect(result.message.text).not.toMatch(TERMINAL_ACTIVE);
    }
    expect(deploy!.message.text).toContain('\\[click me\\](javascript:alert(1))');
  });
});

describe('inventory', () => {
  const md = new MarkdownIt({ html: true, linkify: false });

  it('markdown renders scanned names and values as text: no link, image, HTML or mention', () => {
    const markdown = nhiscan('inventory --format markdown').stdout;
    const html = md.render(markdown);
    expect(html).not.toMatch(/<a\s/);
    expect(html).not.toMatch(/<img\s/);
    expect(html).not.toMatch(/<script/);
    expect(html).not.toMatch(/@[\w-]/);
    // The values are still there to read.
    expect(html).toContain('[Approve here](https://evil.example/phish)');
    expect(html).toContain('&lt;img src=x&gt;');
  });

  it('text is terminal-safe', () => {
    expectTerminalSafe(nhiscan('inventory').stdout);
  });
});

describe('the escape functions', () => {
  it('terminalSafe shows every control as an escape and breaks workflow commands', () => {
    expect(terminalSafe(`a${ESC}[31mb\u009b\r\n\t\b\u202e\u2028`)).toBe('a\\x1b[31mb\\x9b\\r\\n\\t\\x08\\u{202e}\\u{2028}');
    expect(terminalSafe('  ::error::x')).toBe('  \\x3a:error::x');
    expect(terminalSafe('a ##[add-mask]b')).toBe('a #\\x23[add-mask]b');
    expect(terminalSafe('plain text: a::b')).toBe('plain text: a::b');
    expect(terminalSafePath('::x')).toBe('./::x');
    expect(terminalSafePath(' x')).toBe('./ x');
    expect(terminalSafePath('src/a.ts')).toBe('src/a.ts');
  });

  it('markdown escapes render back to the same text', () => {
    const md = new MarkdownIt({ html: true });
    const hostile = 'a|b <img src=x> [x](http://e) ![i](http://e/i.png) *em* _u_ ~~s~~ `code` $x$ &amp; @org/team \\[';
    const cellHtml = md.render(`| h |\n|---|\n| ${markdownText(hostile)} |\n`);
    expect(cellHtml).not.toMatch(/<(a|img|em|s|code)\b/);
    expect(cellHtml).toContain('a|b &lt;img src=x&gt; [x](http://e) ![i](http://e/i.png) *em* _u_ ~~s~~ `code` $x$ &amp;amp; @\u2060org/team \\[');
    const codeHtml = md.render(`| h |\n|---|\n| ${markdownCode('a`b``c|d', 'table')} |\n`);
    expect(codeHtml).toContain('<code>a`b``c|d</code>');
    expect(md.renderInline(markdownCode('`x`'))).toBe('<code>`x`</code>');
  });

  it('sarifText escapes brackets as SARIF asks', () => {
    expect(sarifText('see [x](1) and \\[y]')).toBe('see \\[x\\](1) and \\\\\\[y\\]');
  });
});
