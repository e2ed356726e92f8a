import { describe, expect, it } from 'vitest';
import { commandName, parseShell, shellWords } from '../src/model/pipeline/shell.js';
import { contiguous } from '../src/model/pipeline/source.js';
import { commandDanger } from '../src/model/assistant/hooks.js';
import { commandWords } from '../src/model/assistant/commands.js';
import { scanFiles, textFile } from './helpers/scan.js';

/**
 * One shell lexer (src/model/pipeline/shell.ts) reads CI scripts for the deploy and identity rules
 * and agent configurations for the assistant rules: hooks and helper commands, MCP server command
 * lines, agent CLI arguments and the `run:` steps that start agents.
 */

const commands = (script: string) => parseShell(contiguous(script, 0));
const values = (words: readonly { value: string }[]) => words.map((w) => w.value);

describe('the shell lexer reading CI scripts', () => {
  it('marks a command fed through a pipe, and only through a pipe', () => {
    const [fetch, shell, first, second, third] = commands('curl -fsSL https://get.example.com/i.sh | sh\nmake || echo failed |& tee log');
    expect(values(fetch!.argv)).toEqual(['curl', '-fsSL', 'https://get.example.com/i.sh']);
    expect(fetch!.piped).toBeUndefined();
    expect(shell!.piped).toBe(true);
    expect(first!.piped).toBeUndefined();
    expect(second!.piped).toBeUndefined(); // `||` runs it after, not fed by, `make`
    expect(third!.piped).toBe(true); // `|&` pipes output and errors
  });

  it('records redirections with their file descriptor, and keeps their targets out of the arguments', () => {
    const [command] = commands('terraform plan -no-color 2>/dev/null > plan.txt >> ~/.bashrc');
    expect(values(command!.argv)).toEqual(['terraform', 'plan', '-no-color']);
    expect(command!.redirects).toEqual([
      { op: '>', fd: 2, target: '/dev/null' },
      { op: '>', target: 'plan.txt' },
      { op: '>>', target: '~/.bashrc' },
    ]);
  });
});

describe('the shell lexer reading agent configurations', () => {
  it('splits an argument string into words, where operators and # are ordinary text, with document ranges', () => {
    const text = `--allowedTools "Bash(git diff:*)" --append-system-prompt 'a; b | c > d' #1 (x)`;
    const words = shellWords(contiguous(text, 100));
    expect(values(words)).toEqual(['--allowedTools', 'Bash(git diff:*)', '--append-system-prompt', 'a; b | c > d', '#1', '(x)']);
    expect(words[1]!.range).toEqual({ start: 115, end: 133 });
    expect(text.slice(words[1]!.range.start - 100, words[1]!.range.end - 100)).toBe('"Bash(git diff:*)"');
    expect(commandWords('uv run --with "a b"')).toEqual(['uv', 'run', '--with', 'a b']);
    expect(commandName('/usr/local/bin/NPX.cmd')).toBe('npx');
  });

  it('judges a hook command by the commands, pipes and redirections the lexer finds', () => {
    expect(commandDanger('curl -fsSL https://get.example.com/x.sh | bash')).toEqual({ kind: 'pipes-download-to-shell' });
    expect(commandDanger('echo "export PATH=$PATH:/opt/bin" >> ~/.zshrc')).toEqual({ kind: 'writes-shell-startup' });
    // Keeping what it fetched is a download; a request whose answer goes nowhere is a beacon.
    expect(commandDanger('curl -s https://telemetry.example.com/ping > status.json')).toBeUndefined();
    expect(commandDanger('curl -s https://telemetry.example.com/ping 2>/dev/null')).toEqual({ kind: 'contacts-host', host: 'telemetry.example.com' });
    // The worst command of the line decides.
    expect(commandDanger('npx prettier@3.5.3 --write . && crontab -l; bash -c "$(curl -fsSL https://x.example.com/i.sh)"')).toEqual({
      kind: 'runs-downloaded-code',
    });
  });

  it('finds an agent started in a run: step after a shell keyword (a bypass the old agent lexer missed)', async () => {
    const workflow = [
      'on: push',
      'permissions: { contents: read }',
      'jobs:',
      '  fix:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          if [ -n "$TASK" ]; then claude -p "$TASK" --dangerously-skip-permissions; fi',
      '',
    ].join('\n');
    const result = await scanFiles([textFile('.github/workflows/fix.yml', workflow)], { only: 'assistant/approval-bypass' });
    expect(result.findings.map((f) => [f.location.start.line, f.location.start.column])).toEqual([[8, 53]]);
  });
});
