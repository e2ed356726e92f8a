import { get, str, type DataNode } from '../../ast/index.js';
import type { Range } from '../../rule/types.js';
import { launchPackage } from './mcp.js';
import { commandName, parseShell } from '../pipeline/shell.js';
import { contiguous } from '../pipeline/source.js';
import type { Command, Redirect } from '../pipeline/types.js';
import type { AssistantConfig, AutoRun, AutoRunTrigger, CommandDanger } from './types.js';

const SHELLS = /^(?:sh|bash|zsh|dash|ksh|fish|pwsh|powershell|python[0-9.]*|node|ruby|perl|php|iex|invoke-expression)$/;
const FETCHERS = /^(?:curl|wget|iwr|invoke-webrequest|irm|invoke-restmethod|fetch|http|xh|aria2c)$/;
const LOCAL_URL = /^(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?:[:/]|$)/i;
const SHELL_RC = /(?:^|\/)\.(?:bashrc|zshrc|bash_profile|profile|zprofile|zshenv)$/;

/**
 * What makes a command that runs automatically dangerous beyond running repository code: remote
 * code piped to a shell, network egress to a non-local host, persistence outside the session,
 * root-equivalent changes, or an unpinned package fetched at each run. Undefined when none.
 */
export function commandDanger(script: string): CommandDanger | undefined {
  // Commands run by this one (`$(…)`, `sh -c '…'`) stay inside its words, as the shell passes them.
  const commands = parseShell(contiguous(script, 0)).filter((c) => !c.nested);
  let worst: CommandDanger | undefined;
  for (let i = 0; i < commands.length; i++) {
    const danger = simpleDanger(commands[i]!, commands[i - 1], commands[i + 1]);
    if (danger && (!worst || DANGER_ORDER.indexOf(danger.kind) < DANGER_ORDER.indexOf(worst.kind))) worst = danger;
  }
  return worst;
}

/** What a command can do, from worst to mildest: the worst of a script's commands is its danger. */
const DANGER_ORDER: readonly CommandDanger['kind'][] = [
  'pipes-download-to-shell',
  'runs-downloaded-code',
  'opens-docker-socket',
  'sends-data',
  'rewrites-git-config',
  'installs-lasting-job',
  'writes-shell-startup',
  'runs-unpinned-package',
  'contacts-host',
];

function simpleDanger(command: Command, previous: Command | undefined, next: Command | undefined): CommandDanger | undefined {
  const words = command.argv.map((w) => w.value);
  let head = commandName(words[0] ?? '');
  let args = words.slice(1);
  if (head === 'sudo' || head === 'doas') {
    const at = args.findIndex((a) => !a.startsWith('-'));
    head = commandName(at < 0 ? '' : args[at]!);
    args = at < 0 ? [] : args.slice(at + 1);
    if (head === 'bash' || head === 'sh') {
      const script = args.find((a) => !a.startsWith('-'));
      if (script && /docker\.sock|chmod\s+[0-7]*[67][67]\b/.test(script)) return { kind: 'opens-docker-socket' };
    }
  }
  if (command.piped && SHELLS.test(head) && previous && FETCHERS.test(commandName(previous.argv[0]?.value ?? ''))) {
    return { kind: 'pipes-download-to-shell' };
  }
  if ((head === 'eval' || SHELLS.test(head)) && words.some((w) => /\$\((?:curl|wget)\b|`(?:curl|wget)\b/.test(w))) {
    return { kind: 'runs-downloaded-code' };
  }
  if (FETCHERS.test(head)) {
    const target = args.find((a) => !a.startsWith('-') && /^(?:https?:\/\/)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[:/]|$)/i.test(a));
    if (target && !LOCAL_URL.test(target)) {
      if (args.some((a) => /^(?:-d|--data(?:-[a-z]+)?|-F|--form|-T|--upload-file|--post-data|--post-file|--body-file)$/.test(a) || /^--data/.test(a)))
        return { kind: 'sends-data', host: hostOf(target) };
      // Saving a file is a download; a bare request that keeps nothing is a beacon.
      if (!savesOutput(head, args, command.redirects ?? []) && !next?.piped) return { kind: 'contacts-host', host: hostOf(target) };
    }
  }
  if (
    head === 'git' &&
    args[0] === 'config' &&
    args.some((a) => /^core\.(?:hookspath|sshcommand|pager|fsmonitor|editor)$/i.test(a) || /^alias\./i.test(a) || a === '--global' || a === '--system')
  ) {
    return { kind: 'rewrites-git-config' };
  }
  if (head === 'chmod' && args.some((a) => /docker\.sock/.test(a)) && args.some((a) => /^[0-7]*[67][67]$|^[ao]\+\w*w/.test(a))) {
    return { kind: 'opens-docker-socket' };
  }
  if (head === 'crontab' || head === 'launchctl' || (head === 'systemctl' && args.includes('enable'))) return { kind: 'installs-lasting-job' };
  if (
    command.redirects?.some((r) => r.op.startsWith('>') && SHELL_RC.test(r.target)) ||
    /(?:>>?)\s*(?:~|\$HOME)\/\.(?:bashrc|zshrc|profile|bash_profile)/.test(words.join(' '))
  ) {
    return { kind: 'writes-shell-startup' };
  }
  const launch = words.length
    ? launchPackage(
        { value: words[0]!, range: { start: 0, end: 0 } },
        words.slice(1).map((value) => ({ value, range: { start: 0, end: 0 } })),
      )
    : undefined;
  if (launch && !launch.pinned) return { kind: 'runs-unpinned-package', package: launch.package };
  return undefined;
}

/** Whether a fetch keeps what it downloads (`curl -o`, `-O`, `> file`): a download, not a beacon. */
function savesOutput(head: string, args: readonly string[], redirects: readonly Redirect[]): boolean {
  if (head === 'wget') return !args.some((a) => /^-q?O-$/.test(a));
  const toFile = redirects.some((r) => (r.fd === undefined || r.fd === 1) && /^(?:>|>>|>\||&>|&>>)$/.test(r.op));
  return toFile || args.some((a) => /^(?:-[a-zA-Z]*[oO]|--output|--remote-name(?:-all)?|-J|--output-dir)$/.test(a));
}

function hostOf(target: string): string {
  return target.replace(/^https?:\/\//i, '').replace(/[/:].*$/, '');
}

/**
 * Adds one hook entry: a command (`type: command`), an HTTP callback (`type: http`), or a plain
 * string (Amazon Q). Prompt and agent hooks run no shell and are skipped.
 */
export function readHookCommand(config: AssistantConfig, hook: DataNode, event: string, setting: string): void {
  const type = str(get(hook, 'type'));
  if (type === 'prompt' || type === 'agent') return;
  const commandNode = hook.type === 'scalar' ? hook : (get(hook, 'command') ?? get(hook, 'bash') ?? get(hook, 'powershell'));
  let command = str(commandNode);
  // Exec form: `{ "command": "node", "args": ["hook.js", "--post", "…"] }` runs the program with these arguments.
  const args = get(hook, 'args');
  if (command !== undefined && args?.type === 'seq') command = [command, ...args.items.map((a) => shellQuote(str(a) ?? ''))].join(' ');
  if (command !== undefined && command.trim()) {
    addAutoRun(config, commandNode!.range, setting, command, 'hook', { kind: 'event', event });
    return;
  }
  const url = str(get(hook, 'url'));
  if (type === 'http' && url) {
    config.autoRuns.push({
      range: get(hook, 'url')!.range,
      setting,
      text: url,
      kind: 'hook',
      when: { kind: 'event', event },
      command: url,
      danger: LOCAL_URL.test(url) ? undefined : { kind: 'sends-session-data', host: hostOf(url) },
      remedy: 'http-hook',
    });
  }
}

/** Adds a command that runs without a prompt (hook, setup script line, auto-test command). */
export function addAutoRun(config: AssistantConfig, range: Range, setting: string, command: string, kind: AutoRun['kind'], when: AutoRunTrigger): void {
  config.autoRuns.push({
    range,
    setting,
    text: command.length > 80 ? `${command.slice(0, 77)}…` : command,
    kind,
    when,
    command,
    danger: commandDanger(command),
    remedy: kind === 'hook' ? 'hook-command' : 'setup-command',
  });
}

/** Quotes an argument for the shell text the danger analysis reads (exec-form hooks pass words, not a line). */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
