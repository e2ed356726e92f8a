/**
 * `nhiscan hook claude|cursor|copilot` fed the hook events each agent sends (payload shapes from
 * the agents' hook references), in a real git repository, through the real CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const SECRET = 'Gz8!rT2q#Wm5xV';
const LEAK = `DB_PASSWORD=${SECRET}\n`;

function repo(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-hook-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
    });
  git('init', '-q');
  for (const [path, text] of Object.entries({ 'README.md': '# app\n', ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git('add', '-A');
  git('commit', '-qm', 'init');
  return dir;
}

function hook(agent: string, dir: string, event: object) {
  const run = runCli(['hook', agent], { cwd: dir, input: JSON.stringify(event), env: { CLAUDE_PROJECT_DIR: undefined } });
  expect(run.stdout + run.stderr, 'never echoes the secret').not.toContain(SECRET);
  return { ...run, json: run.stdout.trim() ? JSON.parse(run.stdout) : undefined };
}

const claude = (dir: string, tool: string, input: object) => ({
  session_id: 'abc123',
  transcript_path: join(dir, '.transcript.jsonl'),
  cwd: dir,
  permission_mode: 'default',
  hook_event_name: 'PreToolUse',
  tool_name: tool,
  tool_input: input,
  tool_use_id: 'toolu_01',
});

describe('Claude Code (PreToolUse, Stop)', () => {
  it('denies a Write that adds a secret, in hookSpecificOutput, naming rule and place', () => {
    const dir = repo();
    const run = hook('claude', dir, claude(dir, 'Write', { file_path: join(dir, 'config', 'app.env'), content: LEAK }));
    expect(run.code).toBe(0);
    expect(run.json.hookSpecificOutput.hookEventName).toBe('PreToolUse');
    expect(run.json.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(run.json.hookSpecificOutput.permissionDecisionReason).toContain('config/app.env:1 high secret/generic-credential');
    expect(run.json.hookSpecificOutput.permissionDecisionReason).toContain('nhiscan-ignore');
  });

  it('names a file whose name holds terminal escapes in a terminal-safe form', () => {
    const dir = repo();
    const run = hook('claude', dir, claude(dir, 'Write', { file_path: join(dir, 'zz\u001b[3A\u001b[J.env'), content: LEAK }));
    const reason: string = run.json.hookSpecificOutput.permissionDecisionReason;
    expect(reason).toContain('zz\\x1b[3A\\x1b[J.env:1 high secret/generic-credential');
    expect(reason).not.toContain('\u001b');
  });

  it('gives no decision (never "allow") for a clean write, an unrelated tool or a clean command', () => {
    const dir = repo();
    for (const event of [
      claude(dir, 'Write', { file_path: join(dir, 'src', 'db.js'), content: 'const password = process.env.DB_PASSWORD;\n' }),
      claude(dir, 'Read', { file_path: join(dir, 'README.md') }),
      claude(dir, 'Bash', { command: 'npm test', description: 'Run tests' }),
    ]) {
      const run = hook('claude', dir, event);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
    }
  });

  it('judges only the lines an Edit or MultiEdit adds, not a secret already in the file', () => {
    const dir = repo({ 'legacy.env': `${LEAK}PORT=8080\n` });
    const clean = hook('claude', dir, claude(dir, 'Edit', { file_path: join(dir, 'legacy.env'), old_string: 'PORT=8080', new_string: 'PORT=9090' }));
    expect(clean.stdout).toBe('');
    const multi = hook(
      'claude',
      dir,
      claude(dir, 'MultiEdit', {
        file_path: join(dir, 'legacy.env'),
        edits: [{ old_string: 'PORT=8080', new_string: `PORT=8080\nAPI_PASSWORD=Q7v!mR3x#Lp9Zt` }],
      }),
    );
    expect(multi.json.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(multi.json.hookSpecificOutput.permissionDecisionReason).toContain('legacy.env:3');
    expect(multi.stdout).not.toContain('Q7v!mR3x#Lp9Zt');
  });

  it('denies a Bash git commit that would record a staged secret, and a secret on the command line', () => {
    const dir = repo();
    writeFileSync(join(dir, '.env'), LEAK);
    execFileSync('git', ['add', '.env'], { cwd: dir });
    const commit = hook('claude', dir, claude(dir, 'Bash', { command: 'cd . && git -c core.quotepath=off commit -m "add config"' }));
    expect(commit.json.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(commit.json.hookSpecificOutput.permissionDecisionReason).toContain('.env:1');
    const inline = hook('claude', repo(), claude(dir, 'Bash', { command: `curl -u deploy:${SECRET} https://deploy.example.com/hook` }));
    expect(inline.json?.hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it("Stop: blocks once with the work tree's new secrets, then lets the agent stop", () => {
    const dir = repo();
    writeFileSync(join(dir, 'settings.env'), LEAK);
    const first = hook('claude', dir, { session_id: 'abc123', cwd: dir, hook_event_name: 'Stop', stop_hook_active: false });
    expect(first.json.decision).toBe('block');
    expect(first.json.reason).toContain('settings.env:1');
    const again = hook('claude', dir, { session_id: 'abc123', cwd: dir, hook_event_name: 'Stop', stop_hook_active: true });
    expect(again.stdout).toBe('');
  });

  it('fails closed (exit 2, reason on stderr) on an event it cannot read', () => {
    const run = runCli(['hook', 'claude'], { cwd: repo(), input: 'not json' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a JSON object');
  });
});

describe('Cursor (.cursor/hooks.json)', () => {
  const base = (dir: string, event: string) => ({ hook_event_name: event, conversation_id: 'conv-1', generation_id: 'gen-1', workspace_roots: [dir] });

  it('beforeShellExecution: denies a commit of a staged secret with permission, user_message and agent_message', () => {
    const dir = repo();
    writeFileSync(join(dir, 'app.env'), LEAK);
    execFileSync('git', ['add', 'app.env'], { cwd: dir });
    const run = hook('cursor', dir, { ...base(dir, 'beforeShellExecution'), command: 'git commit -am wip', cwd: dir });
    expect(run.json.permission).toBe('deny');
    expect(run.json.user_message).toContain('app.env:1');
    expect(run.json.agent_message).toContain('app.env:1');
    expect(hook('cursor', dir, { ...base(dir, 'beforeShellExecution'), command: 'git status', cwd: dir }).stdout).toBe('');
  });

  it('afterFileEdit reports new secrets on stderr (it cannot block); stop asks for a follow-up once', () => {
    const dir = repo();
    writeFileSync(join(dir, 'cfg.env'), LEAK);
    const edit = hook('cursor', dir, { ...base(dir, 'afterFileEdit'), file_path: join(dir, 'cfg.env'), edits: [{ old_string: '', new_string: LEAK }] });
    expect(edit.code).toBe(0);
    expect(edit.stderr).toContain('cfg.env:1');
    const stop = hook('cursor', dir, { ...base(dir, 'stop'), status: 'completed', loop_count: 0 });
    expect(stop.json.followup_message).toContain('cfg.env:1');
    expect(hook('cursor', dir, { ...base(dir, 'stop'), status: 'completed', loop_count: 1 }).stdout).toBe('');
  });
});

describe('GitHub Copilot (.github/hooks/*.json, preToolUse)', () => {
  it('denies creating a file with a secret; toolArgs arrive as a JSON string', () => {
    const dir = repo();
    const run = hook('copilot', dir, {
      timestamp: 1704614600000,
      cwd: dir,
      toolName: 'create',
      toolArgs: JSON.stringify({ path: 'deploy/.env', file_text: LEAK }),
    });
    expect(run.json.permissionDecision).toBe('deny');
    expect(run.json.permissionDecisionReason).toContain('deploy/.env:1');
    const clean = hook('copilot', dir, {
      timestamp: 1704614600000,
      cwd: dir,
      toolName: 'bash',
      toolArgs: JSON.stringify({ command: 'ls -la', description: 'list' }),
    });
    expect(clean.stdout).toBe('');
  });
});

describe('nhiscan init --agent', () => {
  it("writes each agent's hook configuration, merging with what is there, once", () => {
    const dir = repo({ '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(npm test)'] } }) });
    for (const agent of ['claude', 'cursor', 'copilot']) {
      expect(runCli(['init', '--agent', agent], { cwd: dir }).code).toBe(0);
      runCli(['init', '--agent', agent], { cwd: dir }); // idempotent
    }
    const settings = JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8'));
    expect(settings.permissions.allow).toEqual(['Bash(npm test)']);
    expect(settings.hooks.PreToolUse).toEqual([
      { matcher: 'Write|Edit|MultiEdit|Bash', hooks: [{ type: 'command', command: 'nhiscan hook claude', timeout: 60 }] },
    ]);
    expect(settings.hooks.Stop).toHaveLength(1);
    const cursor = JSON.parse(readFileSync(join(dir, '.cursor', 'hooks.json'), 'utf8'));
    expect(cursor.version).toBe(1);
    expect(Object.keys(cursor.hooks).sort()).toEqual(['afterFileEdit', 'beforeShellExecution', 'stop']);
    const copilot = JSON.parse(readFileSync(join(dir, '.github', 'hooks', 'nhiscan.json'), 'utf8'));
    expect(copilot.hooks.preToolUse).toEqual([{ type: 'command', bash: 'nhiscan hook copilot', cwd: '.', timeoutSec: 60 }]);
    expect(runCli(['init', '--agent', 'vim'], { cwd: dir }).code).toBe(2);
  });
});
