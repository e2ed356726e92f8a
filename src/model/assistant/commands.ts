import { commandName, splitArgs } from './shell.js';

/**
 * How far a pre-approved command pattern reaches, from worst to harmless:
 * - `any`: every command (bare tool, `*`, a shell, an interpreter, a launcher, a pass-through wrapper);
 * - `exec`: a utility that runs other programs through its own flags (`find -exec`, `sed e`, `git -c`);
 * - `network`: a network client (send workspace data to any host, reach other machines);
 * - `identity`: a cloud or forge CLI acting with the developer's stored credentials;
 * - `script`: a runner of repository-defined scripts (`npm run`, `make`): arbitrary once the
 *   agent may also edit the scripts unasked;
 * - `bounded`: one fixed program or script.
 */
export type CommandReach = 'any' | 'exec' | 'network' | 'identity' | 'script' | 'bounded';

export interface CommandAnalysis {
  reach: CommandReach;
  /** The command the pattern starts with after wrappers, e.g. `python`, `uv run`, `curl`. */
  head: string;
  /** Why the pattern reaches that far, as a clause: "`python` runs any code passed with -c". */
  why: string;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash', 'pwsh', 'powershell', 'cmd', 'busybox', 'nu', 'xonsh', 'elvish']);
const INTERPRETERS = new Set([
  'node', 'nodejs', 'deno', 'bun', 'ruby', 'irb', 'perl', 'php', 'lua', 'luajit', 'tclsh', 'wish', 'rscript', 'r', 'osascript', 'jshell', 'groovy',
  'scala', 'julia', 'ipython', 'wscript', 'cscript', 'mshta', 'ts-node', 'tsx', 'esno', 'swift', 'elixir', 'iex', 'erl', 'racket', 'guile', 'bb',
  'awk', 'gawk', 'mawk', 'nawk', 'java', 'jbang', 'pythonw', 'py', 'vim', 'vi', 'nvim', 'emacs', 'gdb', 'expect',
]);
/** Flags that take code inline: with one of these (and nothing fixed after it) anything runs. */
const EVAL_FLAGS = new Set(['-c', '-lc', '-ic', '-ec', '-xc', '/c', '/k', '-command', '-encodedcommand', '-e', '-E', '--eval', '-r', '-p', '--print', '-m', '--exec']);
/** Wrappers that run the command that follows them (Claude strips some, other tools do not). */
const WRAPPERS = new Set([
  'env', 'xargs', 'timeout', 'gtimeout', 'time', 'nice', 'ionice', 'nohup', 'stdbuf', 'command', 'builtin', 'exec', 'sudo', 'doas', 'su', 'chroot',
  'unbuffer', 'watch', 'script', 'caffeinate', 'taskset', 'strace', 'ltrace', 'runuser', 'setsid', 'flock', 'chronic', 'wsl', 'start', 'call',
  'retry', 'parallel', 'entr', 'nodemon', 'dotenv', 'op', 'with-contenv',
]);
/** Commands that run their argument as code: a pattern starting with them runs anything. */
const EVALUATORS = new Set(['eval', 'source', '.', 'trap']);
/** Two-word launchers: they fetch or start any program named after them. */
const LAUNCHERS: readonly string[] = [
  'npx', 'bunx', 'pnpx', 'uvx', 'pipx', 'npm exec', 'npm x', 'pnpm dlx', 'pnpm exec', 'yarn dlx', 'yarn exec', 'bun x', 'uv run', 'uv tool run',
  'poetry run', 'pipenv run', 'pdm run', 'hatch run', 'rye run', 'pixi run', 'conda run', 'mamba run', 'micromamba run', 'direnv exec', 'devbox run',
  'mise exec', 'mise x', 'mise run', 'asdf exec', 'rtx exec', 'nix run', 'nix-shell', 'nix develop', 'nix shell', 'docker run', 'docker exec',
  'docker compose run', 'docker compose exec', 'podman run', 'podman exec', 'kubectl exec', 'kubectl run', 'kubectl debug', 'flatpak run',
  'go run', 'deno run', 'cargo run', 'dotnet run', 'gh extension exec', 'ssh', 'vagrant ssh', 'firejail', 'bwrap', 'distrobox enter', 'toolbox run',
];
/** Bare package managers whose subcommands include a launcher (`npm exec`, `yarn dlx`). */
const BARE_LAUNCHERS = new Set(['npm', 'pnpm', 'yarn', 'docker', 'podman', 'uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'nix', 'mise', 'conda', 'devbox', 'go', 'cargo', 'dotnet', 'deno']);
const BARE_LAUNCHER_EXAMPLE: Record<string, string> = { npm: 'npm exec', pnpm: 'pnpm dlx', yarn: 'yarn dlx', docker: 'docker run', podman: 'podman run', uv: 'uv run', nix: 'nix run', mise: 'mise exec', conda: 'conda run', devbox: 'devbox run', go: 'go run', deno: 'deno run' };
/** Runners of repository-defined scripts. */
const SCRIPT_RUNNERS: readonly string[] = [
  'npm run', 'npm run-script', 'pnpm run', 'yarn run', 'bun run', 'deno task', 'make', 'gmake', 'just', 'task', 'rake', 'gradle', 'gradlew', 'mvn',
  'mvnw', 'composer run', 'composer run-script', 'nx', 'turbo', 'turbo run', 'lerna run', 'ant', 'invoke', 'nox', 'tox', 'bazel run', 'sbt',
];
const NETWORK_CLIENTS = new Set(['curl', 'wget', 'scp', 'sftp', 'rsync', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ftp', 'tftp', 'http', 'https', 'xh', 'aria2c', 'lftp', 'smbclient', 'ncftp', 'websocat', 'grpcurl']);
const CLOUD_CLIS = new Set([
  'gh', 'glab', 'aws', 'gcloud', 'gsutil', 'bq', 'az', 'kubectl', 'oc', 'helm', 'terraform', 'tofu', 'pulumi', 'vercel', 'netlify', 'railway', 'fly',
  'flyctl', 'heroku', 'firebase', 'wrangler', 'doctl', 'supabase', 'eksctl', 'gcloud.cmd', 'linode-cli', 'hcloud', 'ibmcloud', 'oci', 'aliyun',
]);
/** Cloud/forge subcommands that reach anything the stored credential can. */
const CLOUD_ANY_SUBCOMMANDS: readonly string[] = ['gh api', 'glab api', 'az rest', 'gcloud alpha', 'kubectl apply', 'kubectl delete', 'kubectl patch'];
/** Utilities that run other programs through their own flags or scripts. */
const EXEC_CAPABLE = new Map<string, string>([
  ['find', 'runs any program through `-exec`'],
  ['fd', 'runs any program through `--exec`'],
  ['sed', 'runs shell commands with GNU `e` and writes any file with `w`/`-i`'],
  ['git', 'runs any program through `-c core.pager=…`, aliases and hooks'],
  ['tar', 'runs any program through `--to-command` and `--checkpoint-action`'],
  ['zip', 'runs any program through `-TT`'],
  ['tmux', 'starts shells that outlive the approval'],
  ['screen', 'starts shells that outlive the approval'],
  ['crontab', 'schedules any command to run later'],
  ['at', 'schedules any command to run later'],
  ['systemd-run', 'starts any command as a service'],
  ['launchctl', 'starts any command as a service'],
]);

/**
 * Analyses a pre-approved command pattern given as words (`["uv", "run"]` for `Bash(uv run:*)`).
 * `open` says whether further arguments may follow (a trailing wildcard, or prefix matching).
 */
export function analyseCommand(words: readonly string[], open: boolean): CommandAnalysis {
  const rest = [...words];
  if (!rest.length) return open ? { reach: 'any', head: '*', why: 'it matches every command' } : bounded('');
  stripEnvAssignments(rest);
  while (rest.length) {
    const name = commandName(rest[0]!);
    if (EVALUATORS.has(name)) return open ? { reach: 'any', head: name, why: `\`${name}\` runs whatever it is given as code` } : bounded(name);
    if (!WRAPPERS.has(name)) break;
    rest.shift();
    skipWrapperArguments(name, rest);
    if (!rest.length) {
      return open ? { reach: 'any', head: name, why: `\`${name}\` runs whatever command follows it` } : bounded(name);
    }
  }
  if (!rest.length) return bounded('');
  const lower = rest.map((w) => w.toLowerCase());
  const name = commandName(rest[0]!);
  const phrase = [name, ...lower.slice(1)].join(' ');

  const launcher = longestPrefix(phrase, LAUNCHERS);
  if (launcher) {
    const after = phrase.slice(launcher.length).trim();
    if (launcher === 'ssh') return open ? { reach: 'network', head: 'ssh', why: '`ssh` runs any command on any host the developer can reach' } : bounded(phrase);
    if (!after && open) return { reach: 'any', head: launcher, why: `\`${launcher}\` runs any program or package named after it` };
    return bounded(phrase);
  }
  if (lower.length === 1 && BARE_LAUNCHERS.has(name) && open) {
    return { reach: 'any', head: name, why: `\`${name}\` has subcommands that run any program or package (such as \`${BARE_LAUNCHER_EXAMPLE[name] ?? `${name} run`}\`)` };
  }
  const runner = longestPrefix(phrase, SCRIPT_RUNNERS);
  if (runner && phrase === runner && open) return { reach: 'script', head: runner, why: `\`${runner}\` runs any script the repository defines` };
  if (SHELLS.has(name) || isPython(name) || INTERPRETERS.has(name)) return interpreter(name, lower.slice(1), open);
  if (NETWORK_CLIENTS.has(name)) {
    return open || lower.length === 1 ? { reach: 'network', head: name, why: `\`${name}\` sends data to and fetches from any host` } : bounded(phrase);
  }
  const cloudAny = longestPrefix(phrase, CLOUD_ANY_SUBCOMMANDS);
  if (cloudAny && open && phrase === cloudAny) return { reach: 'identity', head: cloudAny, why: `\`${cloudAny}\` calls any API the developer's stored credential can reach` };
  if (CLOUD_CLIS.has(name) && lower.length === 1 && open) {
    return { reach: 'identity', head: name, why: `\`${name}\` acts with the developer's stored credentials on everything they can reach` };
  }
  const exec = EXEC_CAPABLE.get(name);
  if (exec && open && (lower.length === 1 || (name === 'git' && (lower[1] === '-c' || lower[1] === 'config')))) {
    return { reach: 'exec', head: name, why: `\`${name}\` ${exec}` };
  }
  return bounded(phrase);
}

/** Splits a command prefix such as `uv run` or `git push --force` into words. */
export function commandWords(text: string): string[] {
  return splitArgs(text).map((w) => w.value);
}

function interpreter(name: string, args: readonly string[], open: boolean): CommandAnalysis {
  const kind = SHELLS.has(name) ? 'shell' : 'interpreter';
  let i = 0;
  // Skip option flags that do not take code (`bash -l`, `python -u`, `node --no-warnings`).
  while (i < args.length && args[i]!.startsWith('-') && !EVAL_FLAGS.has(args[i]!)) i++;
  const next = args[i];
  if (next === undefined) {
    return open ? { reach: 'any', head: name, why: `\`${name}\` is ${kind === 'shell' ? 'a shell' : 'an interpreter'}: it runs any code passed to it` } : bounded(name);
  }
  if (EVAL_FLAGS.has(next) || next === '-') {
    // A fixed inline program or module (`python -m pytest`) runs only that.
    if (args.length > i + 1) return bounded([name, ...args].join(' '));
    return open ? { reach: 'any', head: `${name} ${next}`, why: `\`${name} ${next}\` runs any code given inline` } : bounded(name);
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
    if (word === '--' || word === '-e' && name === 'wsl') {
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

function longestPrefix(phrase: string, list: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const candidate of list) {
    if ((phrase === candidate || phrase.startsWith(candidate + ' ')) && (!best || candidate.length > best.length)) best = candidate;
  }
  return best;
}

function bounded(head: string): CommandAnalysis {
  return { reach: 'bounded', head, why: '' };
}

const REACH_ORDER: readonly CommandReach[] = ['any', 'exec', 'network', 'identity', 'script', 'bounded'];

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
    return { reach: 'any', head: parsed.prefixes[0]?.trim() || source, why: 'the pattern is matched against the whole command line, so anything can be chained after it' };
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
    return { prefixes: alternatives.map((alt) => prefix + alt.literal + (alt.length < alt.source.length ? FIXED : '')), open: open && !anchoredEnd || anyChars, anyChars };
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
