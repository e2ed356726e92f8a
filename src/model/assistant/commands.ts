import { commandName, shellWords } from '../pipeline/shell.js';
import { contiguous } from '../pipeline/source.js';

/**
 * How far a pre-approved command pattern reaches, from worst to harmless:
 * - `any`: every command (bare tool, `*`, a shell, an interpreter, a launcher, a pass-through wrapper);
 * - `exec`: a utility that runs other programs through its own flags (`find -exec`, `sed e`, `git -c`);
 * - `network`: a network client (send workspace data to any host, reach other machines);
 * - `deploy`: a command that ships with the developer's own authority: pushes, merges, releases,
 *   publishes, applies infrastructure or deploys (`git push`, `gh pr merge`, `terraform apply`);
 * - `identity`: a cloud or forge CLI acting with the developer's stored credentials;
 * - `script`: a runner of repository-defined scripts (`npm run`, `make`): arbitrary once the
 *   agent may also edit the scripts unasked;
 * - `bounded`: one fixed program or script.
 */
export type CommandReach = 'any' | 'exec' | 'deploy' | 'network' | 'identity' | 'script' | 'bounded';

export interface CommandAnalysis {
  reach: CommandReach;
  /** The command the pattern starts with after wrappers, e.g. `python`, `uv run`, `curl`. */
  head: string;
  /** Why the pattern reaches that far (absent when it is bounded); worded by `rules/assistant/wildcard-command-allow.ts`. */
  why?: CommandBreadth;
}

/** Why a command pattern reaches further than one fixed program. */
export type CommandBreadth =
  /** The pattern matches every command (`*`, a bare tool). */
  | { kind: 'every-command' }
  /** `eval`, `source`: the program runs whatever it is given as code. */
  | { kind: 'evaluator'; program: string }
  /** `timeout`, `env`, `sudo`: the program runs whatever command follows it. */
  | { kind: 'wrapper'; program: string }
  /** A command that ships with the developer's own credentials (`git push`, `gh pr merge`). */
  | { kind: 'ships'; command: string; action: ShipAction }
  /** `ssh`: any command on any host the developer can reach. */
  | { kind: 'remote-shell' }
  /** `npx`, `uv run`: any program or package named after it. */
  | { kind: 'launcher'; program: string }
  /** `uv`, `docker`: subcommands that run any program or package, such as `example`. */
  | { kind: 'launcher-subcommands'; program: string; example: string }
  /** `npm run`, `make`: any script the repository defines. */
  | { kind: 'script-runner'; program: string }
  /** A shell or an interpreter with nothing fixed after it. */
  | { kind: 'shell' | 'interpreter'; program: string }
  /** `python -c`, `bash -`: any code given inline. */
  | { kind: 'inline-code'; program: string; flag: string }
  /** `curl`, `wget`: sends data to and fetches from any host. */
  | { kind: 'network-client'; program: string }
  /** `gh api`, `az rest`: any API the stored credential can reach. */
  | { kind: 'cloud-api'; command: string }
  /** A bare cloud or forge CLI acting with the stored credentials. */
  | { kind: 'cloud-cli'; program: string }
  /** A utility that runs other programs through its own flags or scripts. */
  | { kind: 'runs-programs'; program: ExecUtility }
  /** A regular expression matched against the whole command line with `.*` in it. */
  | { kind: 'whole-line-pattern' };

/** What a shipping command does. */
export type ShipAction = 'pushes-commits' | 'merges' | 'publishes' | 'changes-infrastructure' | 'starts-workflows' | 'deploys';

/** The utilities that run other programs through their own flags or scripts. */
export type ExecUtility = 'find' | 'fd' | 'sed' | 'git' | 'tar' | 'zip' | 'tmux' | 'screen' | 'crontab' | 'at' | 'systemd-run' | 'launchctl';

const SHELLS = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'mksh',
  'fish',
  'csh',
  'tcsh',
  'ash',
  'pwsh',
  'powershell',
  'cmd',
  'busybox',
  'nu',
  'xonsh',
  'elvish',
]);
const INTERPRETERS = new Set([
  'node',
  'nodejs',
  'deno',
  'bun',
  'ruby',
  'irb',
  'perl',
  'php',
  'lua',
  'luajit',
  'tclsh',
  'wish',
  'rscript',
  'r',
  'osascript',
  'jshell',
  'groovy',
  'scala',
  'julia',
  'ipython',
  'wscript',
  'cscript',
  'mshta',
  'ts-node',
  'tsx',
  'esno',
  'swift',
  'elixir',
  'iex',
  'erl',
  'racket',
  'guile',
  'bb',
  'awk',
  'gawk',
  'mawk',
  'nawk',
  'java',
  'jbang',
  'pythonw',
  'py',
  'vim',
  'vi',
  'nvim',
  'emacs',
  'gdb',
  'expect',
]);
/** Flags that take code inline: with one of these (and nothing fixed after it) anything runs. */
const EVAL_FLAGS = new Set([
  '-c',
  '-lc',
  '-ic',
  '-ec',
  '-xc',
  '/c',
  '/k',
  '-command',
  '-encodedcommand',
  '-e',
  '-E',
  '--eval',
  '-r',
  '-p',
  '--print',
  '-m',
  '--exec',
]);
/** Wrappers that run the command that follows them (Claude strips some, other tools do not). */
const WRAPPERS = new Set([
  'env',
  'xargs',
  'timeout',
  'gtimeout',
  'time',
  'nice',
  'ionice',
  'nohup',
  'stdbuf',
  'command',
  'builtin',
  'exec',
  'sudo',
  'doas',
  'su',
  'chroot',
  'unbuffer',
  'watch',
  'script',
  'caffeinate',
  'taskset',
  'strace',
  'ltrace',
  'runuser',
  'setsid',
  'flock',
  'chronic',
  'wsl',
  'start',
  'call',
  'retry',
  'parallel',
  'entr',
  'nodemon',
  'dotenv',
  'op',
  'with-contenv',
]);
/** Commands that run their argument as code: a pattern starting with them runs anything. */
const EVALUATORS = new Set(['eval', 'source', '.', 'trap']);
/** Two-word launchers: they fetch or start any program named after them. */
const LAUNCHERS: readonly string[] = [
  'npx',
  'bunx',
  'pnpx',
  'uvx',
  'pipx',
  'npm exec',
  'npm x',
  'pnpm dlx',
  'pnpm exec',
  'yarn dlx',
  'yarn exec',
  'bun x',
  'uv run',
  'uv tool run',
  'poetry run',
  'pipenv run',
  'pdm run',
  'hatch run',
  'rye run',
  'pixi run',
  'conda run',
  'mamba run',
  'micromamba run',
  'direnv exec',
  'devbox run',
  'mise exec',
  'mise x',
  'mise run',
  'asdf exec',
  'rtx exec',
  'nix run',
  'nix-shell',
  'nix develop',
  'nix shell',
  'docker run',
  'docker exec',
  'docker compose run',
  'docker compose exec',
  'podman run',
  'podman exec',
  'kubectl exec',
  'kubectl run',
  'kubectl debug',
  'flatpak run',
  'go run',
  'deno run',
  'cargo run',
  'dotnet run',
  'gh extension exec',
  'ssh',
  'vagrant ssh',
  'firejail',
  'bwrap',
  'distrobox enter',
  'toolbox run',
];
/** Launchers that fetch a package and run its program: a grant reaches what that program reaches. */
const PACKAGE_LAUNCHERS: readonly string[] = [
  'npx',
  'bunx',
  'pnpx',
  'uvx',
  'pipx run',
  'pnpm dlx',
  'pnpm exec',
  'yarn dlx',
  'yarn exec',
  'npm exec',
  'npm x',
  'bun x',
  'uv tool run',
  'uv run',
];
/** Launcher flags that take a value (the value is not the program). */
const LAUNCHER_VALUE_FLAGS =
  /^(?:-p|--package|--from|--with|--python|--registry|--cache|--spec|-c|--call|--index-url|--index|--extra-index-url|--directory|--project|-w|--workspace)$/;

/**
 * Commands that ship with the developer's own authority: a push, a merge, a release, a package
 * publish, an infrastructure apply or a deploy. Matched as word prefixes after launchers.
 */
const DEPLOY_COMMANDS: readonly string[] = [
  'git push',
  'gh pr merge',
  'gh release create',
  'gh release upload',
  'gh release edit',
  'gh workflow run',
  'glab mr merge',
  'glab release create',
  'wrangler deploy',
  'wrangler publish',
  'wrangler pages deploy',
  'wrangler versions deploy',
  'vercel deploy',
  'vercel --prod',
  'vercel promote',
  'netlify deploy',
  'fly deploy',
  'flyctl deploy',
  'railway up',
  'firebase deploy',
  'kubectl apply',
  'kubectl replace',
  'kubectl rollout restart',
  'kubectl rollout undo',
  'kubectl set image',
  'kubectl scale',
  'kubectl delete',
  'kubectl patch',
  'terraform apply',
  'terraform destroy',
  'tofu apply',
  'tofu destroy',
  'terragrunt apply',
  'pulumi up',
  'pulumi destroy',
  'helm upgrade',
  'helm install',
  'helm uninstall',
  'helm rollback',
  'helmfile apply',
  'helmfile sync',
  'cdk deploy',
  'cdk destroy',
  'serverless deploy',
  'sls deploy',
  'sam deploy',
  'gcloud run deploy',
  'gcloud app deploy',
  'gcloud functions deploy',
  'gcloud deploy releases promote',
  'aws cloudformation deploy',
  'aws deploy create-deployment',
  'az deployment group create',
  'az deployment sub create',
  'az webapp deploy',
  'npm publish',
  'pnpm publish',
  'yarn publish',
  'yarn npm publish',
  'bun publish',
  'cargo publish',
  'twine upload',
  'gem push',
  'docker push',
  'poetry publish',
  'uv publish',
  'supabase db push',
  'supabase functions deploy',
  'prisma migrate deploy',
  'argocd app sync',
  'doctl apps create-deployment',
  'eb deploy',
  'copilot deploy',
  'kamal deploy',
  'cap production deploy',
];

/** Bare package managers whose subcommands include a launcher (`npm exec`, `yarn dlx`). */
const BARE_LAUNCHERS = new Set([
  'npm',
  'pnpm',
  'yarn',
  'docker',
  'podman',
  'uv',
  'poetry',
  'pipenv',
  'pdm',
  'hatch',
  'nix',
  'mise',
  'conda',
  'devbox',
  'go',
  'cargo',
  'dotnet',
  'deno',
]);
const BARE_LAUNCHER_EXAMPLE: Record<string, string> = {
  npm: 'npm exec',
  pnpm: 'pnpm dlx',
  yarn: 'yarn dlx',
  docker: 'docker run',
  podman: 'podman run',
  uv: 'uv run',
  nix: 'nix run',
  mise: 'mise exec',
  conda: 'conda run',
  devbox: 'devbox run',
  go: 'go run',
  deno: 'deno run',
};
/** Runners of repository-defined scripts. */
const SCRIPT_RUNNERS: readonly string[] = [
  'npm run',
  'npm run-script',
  'pnpm run',
  'yarn run',
  'bun run',
  'deno task',
  'make',
  'gmake',
  'just',
  'task',
  'rake',
  'gradle',
  'gradlew',
  'mvn',
  'mvnw',
  'composer run',
  'composer run-script',
  'nx',
  'turbo',
  'turbo run',
  'lerna run',
  'ant',
  'invoke',
  'nox',
  'tox',
  'bazel run',
  'sbt',
];
const NETWORK_CLIENTS = new Set([
  'curl',
  'wget',
  'scp',
  'sftp',
  'rsync',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'telnet',
  'ftp',
  'tftp',
  'http',
  'https',
  'xh',
  'aria2c',
  'lftp',
  'smbclient',
  'ncftp',
  'websocat',
  'grpcurl',
]);
const CLOUD_CLIS = new Set([
  'gh',
  'glab',
  'aws',
  'gcloud',
  'gsutil',
  'bq',
  'az',
  'kubectl',
  'oc',
  'helm',
  'terraform',
  'tofu',
  'pulumi',
  'vercel',
  'netlify',
  'railway',
  'fly',
  'flyctl',
  'heroku',
  'firebase',
  'wrangler',
  'doctl',
  'supabase',
  'eksctl',
  'gcloud.cmd',
  'linode-cli',
  'hcloud',
  'ibmcloud',
  'oci',
  'aliyun',
]);
/** Cloud/forge subcommands that reach anything the stored credential can. */
const CLOUD_ANY_SUBCOMMANDS: readonly string[] = ['gh api', 'glab api', 'az rest', 'gcloud alpha'];
/** Utilities that run other programs through their own flags or scripts. */
const EXEC_CAPABLE: ReadonlySet<string> = new Set<ExecUtility>([
  'find',
  'fd',
  'sed',
  'git',
  'tar',
  'zip',
  'tmux',
  'screen',
  'crontab',
  'at',
  'systemd-run',
  'launchctl',
]);

/**
 * Analyses a pre-approved command pattern given as words (`["uv", "run"]` for `Bash(uv run:*)`).
 * `open` says whether further arguments may follow (a trailing wildcard, or prefix matching).
 */
export function analyseCommand(words: readonly string[], open: boolean): CommandAnalysis {
  const rest = [...words];
  if (!rest.length) return open ? { reach: 'any', head: '*', why: { kind: 'every-command' } } : bounded('');
  stripEnvAssignments(rest);
  while (rest.length) {
    const name = commandName(rest[0]!);
    if (EVALUATORS.has(name)) return open ? { reach: 'any', head: name, why: { kind: 'evaluator', program: name } } : bounded(name);
    if (!WRAPPERS.has(name)) break;
    rest.shift();
    skipWrapperArguments(name, rest);
    if (!rest.length) {
      return open ? { reach: 'any', head: name, why: { kind: 'wrapper', program: name } } : bounded(name);
    }
  }
  if (!rest.length) return bounded('');
  const lower = rest.map((w) => w.toLowerCase());
  const name = commandName(rest[0]!);
  const phrase = [name, ...lower.slice(1)].join(' ');

  // `npx wrangler deploy`, `uvx --from x y`: look through the launcher to the program it runs.
  const packageLauncher = longestPrefix(phrase, PACKAGE_LAUNCHERS);
  if (packageLauncher) {
    const program = launchedProgram(rest.slice(packageLauncher.split(' ').length));
    if (program.length) {
      const inner = analyseCommand(program, open);
      if (inner.reach !== 'bounded') return { ...inner, head: `${packageLauncher} ${inner.head}`, why: inner.why };
      return bounded(phrase);
    }
  }
  const subcommand = withoutGlobalFlags(name, lower);
  // An open grant on a command group (`gh pr:*`, `gh release *`) covers the deploying subcommand in it.
  const deploy =
    longestPrefix(subcommand, DEPLOY_COMMANDS) ?? (open && subcommand.includes(' ') ? DEPLOY_COMMANDS.find((c) => c.startsWith(subcommand + ' ')) : undefined);
  if (deploy) return { reach: 'deploy', head: deploy, why: { kind: 'ships', command: deploy, action: shipAction(deploy) } };

  const launcher = longestPrefix(phrase, LAUNCHERS);
  if (launcher) {
    const after = phrase.slice(launcher.length).trim();
    if (launcher === 'ssh') return open ? { reach: 'network', head: 'ssh', why: { kind: 'remote-shell' } } : bounded(phrase);
    if (!after && open) return { reach: 'any', head: launcher, why: { kind: 'launcher', program: launcher } };
    return bounded(phrase);
  }
  if (lower.length === 1 && BARE_LAUNCHERS.has(name) && open) {
    return {
      reach: 'any',
      head: name,
      why: { kind: 'launcher-subcommands', program: name, example: BARE_LAUNCHER_EXAMPLE[name] ?? `${name} run` },
    };
  }
  const runner = longestPrefix(phrase, SCRIPT_RUNNERS);
  if (runner && phrase === runner && open) return { reach: 'script', head: runner, why: { kind: 'script-runner', program: runner } };
  if (SHELLS.has(name) || isPython(name) || INTERPRETERS.has(name)) return interpreter(name, lower.slice(1), open);
  if (NETWORK_CLIENTS.has(name)) {
    return open || lower.length === 1 ? { reach: 'network', head: name, why: { kind: 'network-client', program: name } } : bounded(phrase);
  }
  const cloudAny = longestPrefix(phrase, CLOUD_ANY_SUBCOMMANDS);
  if (cloudAny && open && phrase === cloudAny) return { reach: 'identity', head: cloudAny, why: { kind: 'cloud-api', command: cloudAny } };
  if (CLOUD_CLIS.has(name) && lower.length === 1 && open) {
    return { reach: 'identity', head: name, why: { kind: 'cloud-cli', program: name } };
  }
  if (EXEC_CAPABLE.has(name) && open && (lower.length === 1 || (name === 'git' && (lower[1] === '-c' || lower[1] === 'config')))) {
    return { reach: 'exec', head: name, why: { kind: 'runs-programs', program: name as ExecUtility } };
  }
  return bounded(phrase);
}

/** Splits a command prefix such as `uv run` or `git push --force` into words. */
export function commandWords(text: string): string[] {
  return shellWords(contiguous(text, 0)).map((w) => w.value);
}

function interpreter(name: string, args: readonly string[], open: boolean): CommandAnalysis {
  const kind = SHELLS.has(name) ? 'shell' : 'interpreter';
  let i = 0;
  // Skip option flags that do not take code (`bash -l`, `python -u`, `node --no-warnings`).
  while (i < args.length && args[i]!.startsWith('-') && !EVAL_FLAGS.has(args[i]!)) i++;
  const next = args[i];
  if (next === undefined) {
    return open ? { reach: 'any', head: name, why: { kind, program: name } } : bounded(name);
  }
  if (EVAL_FLAGS.has(next) || next === '-') {
    // A fixed inline program or module (`python -m pytest`) runs only that.
    if (args.length > i + 1) return bounded([name, ...args].join(' '));
    return open ? { reach: 'any', head: `${name} ${next}`, why: { kind: 'inline-code', program: name, flag: next } } : bounded(name);
  }
  // A fixed script path: the pattern runs that script (with any arguments).
  return bounded([name, ...args].join(' '));
}

function isPython(name: string): boolean {
  return /^python[0-9.]*w?$/.test(name) || name === 'pypy' || name === 'pypy3';
}

/** Drops leading `VAR=value` words (an environment prefix runs the command after it). */
function stripEnvAssignments(words: string[]): void {
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
}

/** Drops a wrapper's own options and arguments so the wrapped command comes first. */
function skipWrapperArguments(name: string, words: string[]): void {
  const takesValue: Record<string, RegExp> = {
    sudo: /^-[ugCDhpRTr]$/,
    doas: /^-[uC]$/,
    su: /^-[cs]$/,
    nice: /^-n$/,
    ionice: /^-[cnp]$/,
    timeout: /^-[sk]$/,
    env: /^-[uSC]$/,
    xargs: /^-[IdEaLnPs]$/,
    wsl: /^(?:-d|--distribution|-u|--user|--cd)$/,
    taskset: /^-c$/,
    flock: /^-[wE]$/,
    watch: /^-[nd]$/,
    stdbuf: /^-[ioe]$/,
  };
  while (words.length) {
    const word = words[0]!;
    if (word === '--' || (word === '-e' && name === 'wsl')) {
      words.shift();
      break;
    }
    if (word.startsWith('-')) {
      words.shift();
      if (takesValue[name]?.test(word) && words.length) words.shift();
      continue;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      words.shift();
      continue;
    }
    // `timeout 10s cmd`, `nice 10 cmd`: a leading duration or number belongs to the wrapper.
    if ((name === 'timeout' || name === 'gtimeout' || name === 'nice' || name === 'flock' || name === 'taskset') && /^[0-9][0-9.]*[smhd]?$|^[./~]/.test(word)) {
      words.shift();
      continue;
    }
    break;
  }
}

/** The program a package launcher runs (`-y`, `--yes`, value flags and a version suffix dropped). */
function launchedProgram(words: readonly string[]): string[] {
  const rest = [...words];
  while (rest.length && rest[0]!.startsWith('-')) {
    const flag = rest.shift()!;
    if (LAUNCHER_VALUE_FLAGS.test(flag) && rest.length) rest.shift();
  }
  if (!rest.length) return [];
  // `wrangler@3`, `@scope/cli@1.2.3`, `ruff==0.5.0`: the program is the package's own name.
  const pkg = rest[0]!.replace(/(?<=.)@[^/@]*$/, '').replace(/[=<>~!]=.*$/, '');
  const program = pkg.startsWith('@') ? pkg.slice(pkg.indexOf('/') + 1) : pkg;
  return [program, ...rest.slice(1)];
}

/** The command's words without the global flags some CLIs take before the subcommand (`git -C dir push`). */
function withoutGlobalFlags(name: string, lower: readonly string[]): string {
  const words = [name];
  for (let i = 1; i < lower.length; i++) {
    const word = lower[i]!;
    if (name === 'git' && (word === '-c' || word === '-C' || word === '--git-dir' || word === '--work-tree')) {
      i++;
      continue;
    }
    if (name === 'terraform' && /^-chdir=/.test(word)) continue;
    if (name === 'vercel' && word === '--prod') {
      words.push(word);
      continue;
    }
    if (word.startsWith('-') && name !== 'vercel') {
      // Flags before the subcommand (`kubectl -n prod apply`) are skipped; a value flag takes its value.
      if (/^-(?:n|c|C|f)$|^--(?:namespace|context|kubeconfig|profile|region|project)$/.test(word)) i++;
      continue;
    }
    words.push(word);
  }
  return words.join(' ');
}

function shipAction(command: string): ShipAction {
  if (/^git push/.test(command)) return 'pushes-commits';
  if (/merge/.test(command)) return 'merges';
  if (/release|publish|upload|push$|gem push|docker push/.test(command)) return 'publishes';
  if (/apply|up$|destroy|sync|migrate/.test(command)) return 'changes-infrastructure';
  if (/workflow run/.test(command)) return 'starts-workflows';
  return 'deploys';
}

function longestPrefix(phrase: string, list: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const candidate of list) {
    if ((phrase === candidate || phrase.startsWith(candidate + ' ')) && (!best || candidate.length > best.length)) best = candidate;
  }
  return best;
}

function bounded(head: string): CommandAnalysis {
  return { reach: 'bounded', head };
}

const REACH_ORDER: readonly CommandReach[] = ['any', 'exec', 'deploy', 'network', 'identity', 'script', 'bounded'];

/**
 * Analyses a regular expression used as a command allow rule (VS Code `/…/`, Zed `pattern`,
 * Amazon Q `allowedCommands`, Gemini `commandRegex`): its literal prefix, expanded over a
 * leading group of alternatives, with what may follow. With `wholeLine` (Amazon Q matches the
 * whole command line) any `.*` lets other commands be chained after the prefix. Undefined when
 * the expression is too irregular to read.
 */
export function analyseRegex(source: string, wholeLine = false): CommandAnalysis | undefined {
  const parsed = readRegex(source);
  if (!parsed) return undefined;
  if (wholeLine && parsed.anyChars) {
    return {
      reach: 'any',
      head: parsed.prefixes[0]?.trim() || source,
      why: { kind: 'whole-line-pattern' },
    };
  }
  let worst: CommandAnalysis | undefined;
  for (const prefix of parsed.prefixes) {
    const analysis = analyseCommand(commandWords(prefix), parsed.open);
    if (!worst || REACH_ORDER.indexOf(analysis.reach) < REACH_ORDER.indexOf(worst.reach)) worst = analysis;
  }
  return worst;
}

/** A placeholder word for a fixed but unreadable part of a pattern (`\\S+`, a class). */
const FIXED = '\u0000fixed';

function readRegex(source: string): { prefixes: string[]; open: boolean; anyChars: boolean } | undefined {
  let s = source.trim();
  const anchoredStart = /^(?:\^|\\A)/.test(s);
  s = s.replace(/^(?:\^|\\A)/, '');
  const anchoredEnd = /(?:\$|\\z|\\Z)$/.test(s) && !/\\\$$/.test(s);
  if (anchoredEnd) s = s.replace(/(?:\$|\\z|\\Z)$/, '');
  const anyChars = /\.\*|\.\+|\[\\s\\S\][*+]|\[\^[^\]]{0,20}\][*+]/.test(s);
  const head = literalPrefix(s);
  const prefix = head.literal;
  const rest = s.slice(head.length);
  const openRest = /^(?:\.\*|\.\+|\(\?:?\.\*\)\??|(?: |\\s[*+]?)\.\*)$/.test(rest);
  if (!prefix && openRest) return { prefixes: [''], open: true, anyChars };
  if (!anchoredStart && !prefix) return undefined;
  if (rest === '') return { prefixes: [prefix], open: !anchoredEnd, anyChars };
  if (openRest) return { prefixes: [prefix], open: true, anyChars };
  const group = /^\((?:\?:)?([^()]{1,400})\)(.*)$/s.exec(rest);
  if (group) {
    const alternatives = group[1]!.split('|').map((alt) => literalPrefix(alt));
    const after = group[2]!;
    const open = !anchoredEnd || /\.\*|\.\+/.test(after) || after === '';
    return {
      prefixes: alternatives.map((alt) => prefix + alt.literal + (alt.length < alt.source.length ? FIXED : '')),
      open: (open && !anchoredEnd) || anyChars,
      anyChars,
    };
  }
  if (anyChars) return { prefixes: [prefix], open: true, anyChars };
  return { prefixes: [prefix + FIXED], open: !anchoredEnd, anyChars };
}

/** The literal text a regex starts with (escapes undone, `\\s` as a space), and how much of it was read. */
function literalPrefix(s: string): { literal: string; length: number; source: string } {
  let literal = '';
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const next = s[i + 1];
      if (next === undefined) break;
      if (next === 's') literal += ' ';
      else if (/[A-Za-z0-9]/.test(next)) break;
      else literal += next;
      i++;
      if (next === 's' && (s[i + 1] === '+' || s[i + 1] === '*')) i++;
      continue;
    }
    // `x?`/`x*` make the last literal character optional (read on without it); `x+` keeps it.
    if ((c === '?' || c === '*') && literal && i > 0 && !'.)]}'.includes(s[i - 1]!)) {
      literal = literal.slice(0, -1);
      continue;
    }
    if (c === '+' && literal && i > 0 && !'.)]}'.includes(s[i - 1]!)) continue;
    if ('.*+?()[]{}|^$'.includes(c)) break;
    literal += c;
  }
  return { literal, length: i, source: s };
}
