import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Agent } from './hook.js';

/** The schema shipped in the package: local when nhiscan is a dependency, else the repository copy. */
function schemaReference(cwd: string): string {
  const local = 'node_modules/nhiscan/schema/nhiscan.schema.json';
  return existsSync(join(cwd, local)) ? `./${local}` : 'https://github.com/nhiscan/nhiscan/raw/main/schema/nhiscan.schema.json';
}

const starterConfig = (cwd: string) => `# yaml-language-server: $schema=${schemaReference(cwd)}
# nhiscan configuration: see "Configuration" in nhiscan's README.
# Findings at or above this severity fail the hook and CI (critical, high, medium, low, info, none).
failOn: high
# Paths nhiscan never reads (picomatch globs, dotfiles included).
exclude:
  - "**/node_modules/**"
  - "**/vendor/**"
# Rules: "off", a severity, or { severity, options }.
rules: {}
# Findings to accept, each with a reason:
# allowlist:
#   - reason: test keys for the local emulator
#     paths: ["test/emulator/**"]
# Environments whose protection rules (required reviewers) live in the CI platform:
# approvals:
#   protectedEnvironments: ["production"]
`;

// husky 9 puts node_modules/.bin on PATH; npx would add half a second to every commit.
const HOOK_LINE = 'nhiscan scan --staged';
/** The hook `npx husky init` writes; it fails every commit in a project without tests. */
const HUSKY_DEFAULT = /^npm test\s*$/m;
/** The pre-push hook scans the commits being pushed (git gives them on stdin): it catches what `commit --no-verify` let through. */
const PRE_PUSH_LINE = 'nhiscan scan --pre-push';

const PRE_COMMIT_SNIPPET = `# .pre-commit-config.yaml
# nhiscan has no release tags yet: pin rev to a full commit SHA of the repository you install from.
repos:
  - repo: https://github.com/nhiscan/nhiscan
    rev: <commit-sha>
    hooks:
      - id: nhiscan
      - id: nhiscan-pre-push   # needs: pre-commit install --hook-type pre-push
`;

/** Writes a starter configuration and a husky pre-commit hook, or (--pre-commit) only prints the framework snippet. */
export async function runInit(cwd: string, options: { preCommit: boolean; force: boolean; agent?: Agent }, say: (line: string) => void): Promise<number> {
  if (options.agent) return writeAgentHooks(cwd, options.agent, say);
  if (options.preCommit) {
    say('Add this to .pre-commit-config.yaml, then run "pre-commit install" (pre-commit 2.9 or later, Debian\'s 3.0.4 included):');
    say('');
    say(PRE_COMMIT_SNIPPET);
    return 0;
  }

  const configPath = join(cwd, '.nhiscanrc.yml');
  if (existsSync(configPath) && !options.force) say('.nhiscanrc.yml exists; kept it (--force to overwrite)');
  else {
    await writeFile(configPath, starterConfig(cwd));
    say('wrote .nhiscanrc.yml');
  }

  await mkdir(join(cwd, '.husky'), { recursive: true });
  await addHookLine(join(cwd, '.husky'), 'pre-commit', HOOK_LINE, say, HUSKY_DEFAULT);
  await addHookLine(join(cwd, '.husky'), 'pre-push', PRE_PUSH_LINE, say);
  const manifest = existsSync(join(cwd, 'package.json'))
    ? (JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; scripts?: Record<string, string> })
    : undefined;
  if (!manifest?.devDependencies?.['husky'] || !manifest.scripts?.['prepare']?.includes('husky')) {
    say('Husky is not set up here yet: run "npm install --save-dev husky && npx husky init" (it rewrites .husky/pre-commit), then "npx nhiscan init" again.');
  }
  return 0;
}

/** How the agent runs nhiscan: the project's own install when there is one, else PATH. */
function hookCommand(cwd: string, agent: Agent): string {
  return existsSync(join(cwd, 'node_modules', '.bin', 'nhiscan')) ? `npx --no-install nhiscan hook ${agent}` : `nhiscan hook ${agent}`;
}

/**
 * Writes (or merges into) the agent's hook configuration: Claude Code's .claude/settings.json
 * (PreToolUse on Write, Edit, MultiEdit and Bash; Stop), Cursor's .cursor/hooks.json
 * (beforeShellExecution, afterFileEdit, stop), Copilot's .github/hooks/nhiscan.json (preToolUse).
 */
async function writeAgentHooks(cwd: string, agent: Agent, say: (line: string) => void): Promise<number> {
  const command = hookCommand(cwd, agent);
  const file = { claude: '.claude/settings.json', cursor: '.cursor/hooks.json', copilot: '.github/hooks/nhiscan.json' }[agent];
  const path = join(cwd, file);
  let config: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    } catch {
      say(`${file} is not plain JSON; add the nhiscan hook by hand (see "Coding agents" in the README)`);
      return 2;
    }
  }
  const hooks = (config['hooks'] && typeof config['hooks'] === 'object' ? config['hooks'] : {}) as Record<string, unknown[]>;
  const has = (event: string) => JSON.stringify(hooks[event] ?? []).includes('nhiscan hook');
  const addTo = (event: string, entry: unknown) => {
    if (has(event)) return;
    hooks[event] = [...(Array.isArray(hooks[event]) ? hooks[event] : []), entry];
  };
  if (agent === 'claude') {
    addTo('PreToolUse', { matcher: 'Write|Edit|MultiEdit|Bash', hooks: [{ type: 'command', command, timeout: 60 }] });
    addTo('Stop', { hooks: [{ type: 'command', command, timeout: 120 }] });
  } else if (agent === 'cursor') {
    config['version'] ??= 1;
    for (const event of ['beforeShellExecution', 'afterFileEdit', 'stop']) addTo(event, { command });
  } else {
    config['version'] ??= 1;
    addTo('preToolUse', { type: 'command', bash: command, cwd: '.', timeoutSec: 60 });
  }
  config['hooks'] = hooks;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(config, null, 2) + '\n');
  say(`wrote the nhiscan hook to ${file} (${command})`);
  return 0;
}

/**
 * Adds the nhiscan line to a husky hook file unless it already runs nhiscan; `replace` names a
 * line to replace instead (husky's default `npm test`, which fails every commit without tests).
 */
async function addHookLine(dir: string, hook: string, line: string, say: (line: string) => void, replace?: RegExp): Promise<void> {
  const hookPath = join(dir, hook);
  const existing = existsSync(hookPath) ? await readFile(hookPath, 'utf8') : '';
  if (existing.includes('nhiscan')) {
    say(`.husky/${hook} already runs nhiscan`);
    return;
  }
  if (replace?.test(existing)) {
    await writeFile(hookPath, existing.replace(replace, line), { mode: 0o755 });
    say(`replaced husky's default "npm test" in .husky/${hook} with "${line}" (add "npm test" back if your tests should run on every commit)`);
    return;
  }
  await appendFile(hookPath, (existing && !existing.endsWith('\n') ? '\n' : '') + line + '\n', { mode: 0o755 });
  say(`added "${line}" to .husky/${hook}`);
}
