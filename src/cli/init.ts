import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const STARTER_CONFIG = `# nhiscan configuration: https://github.com/nhiscan/nhiscan#configuration
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

const HOOK_LINE = 'npx --no-install nhiscan scan --staged';
/** The pre-push hook scans the commits being pushed (git gives them on stdin): it catches what `commit --no-verify` let through. */
const PRE_PUSH_LINE = 'npx --no-install nhiscan scan --pre-push';

const PRE_COMMIT_SNIPPET = `# .pre-commit-config.yaml
repos:
  - repo: https://github.com/nhiscan/nhiscan
    rev: v0.1.0
    hooks:
      - id: nhiscan
      - id: nhiscan-pre-push   # needs: pre-commit install --hook-type pre-push
`;

/** Writes a starter configuration and a husky pre-commit hook (or prints the pre-commit snippet). */
export async function runInit(cwd: string, options: { preCommit: boolean; force: boolean }, say: (line: string) => void): Promise<number> {
  const configPath = join(cwd, '.nhiscanrc.yml');
  if (existsSync(configPath) && !options.force) say('.nhiscanrc.yml exists; kept it (--force to overwrite)');
  else {
    await writeFile(configPath, STARTER_CONFIG);
    say('wrote .nhiscanrc.yml');
  }

  if (options.preCommit) {
    say('Add this to .pre-commit-config.yaml, then run "pre-commit install":');
    say('');
    say(PRE_COMMIT_SNIPPET);
    return 0;
  }

  await mkdir(join(cwd, '.husky'), { recursive: true });
  await addHookLine(join(cwd, '.husky'), 'pre-commit', HOOK_LINE, say);
  await addHookLine(join(cwd, '.husky'), 'pre-push', PRE_PUSH_LINE, say);
  const manifest = existsSync(join(cwd, 'package.json')) ? (JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; scripts?: Record<string, string> }) : undefined;
  if (!manifest?.devDependencies?.['husky'] || !manifest.scripts?.['prepare']?.includes('husky')) {
    say('Husky is not set up here yet: run "npm install --save-dev husky nhiscan && npx husky init" (it rewrites .husky/pre-commit), then "npx nhiscan init" again.');
  }
  return 0;
}

/** Appends the nhiscan line to a husky hook file unless it already runs nhiscan. */
async function addHookLine(dir: string, hook: string, line: string, say: (line: string) => void): Promise<void> {
  const hookPath = join(dir, hook);
  const existing = existsSync(hookPath) ? await readFile(hookPath, 'utf8') : '';
  if (existing.includes('nhiscan')) {
    say(`.husky/${hook} already runs nhiscan`);
    return;
  }
  await appendFile(hookPath, (existing && !existing.endsWith('\n') ? '\n' : '') + line + '\n', { mode: 0o755 });
  say(`added "${line}" to .husky/${hook}`);
}
