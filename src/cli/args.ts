import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'codequality'] as const;
export type Format = (typeof FORMATS)[number];
const COMMANDS = ['scan', 'baseline', 'inventory', 'rules', 'init', 'hook', 'org', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

/** Every option, with the commands that accept it (and its help line). */
const OPTIONS = {
  format: {
    type: 'string',
    short: 'f',
    value: 'FORMAT',
    help: 'output format: text, json, sarif, github, gitlab (secret-detection report), codequality (GitLab Code Quality) (default text)',
  },
  output: { type: 'string', short: 'o', value: 'FILE', help: 'write the report to FILE instead of stdout (- is stdout)' },
  'fail-on': { type: 'string', value: 'SEVERITY', help: 'exit 1 when a finding is at or above: critical, high, medium, low, info, none (default high)' },
  config: { type: 'string', short: 'c', value: 'FILE', help: 'use this configuration file (the only way to load a JS/TS config)' },
  'no-config': { type: 'boolean', help: 'ignore configuration files; use defaults' },
  include: { type: 'string', multiple: true, value: 'GLOB', help: 'only scan paths matching GLOB (repeatable)' },
  exclude: { type: 'string', multiple: true, value: 'GLOB', help: 'skip paths matching GLOB (repeatable)' },
  'max-file-size': { type: 'string', value: 'SIZE', help: 'scan at most SIZE of each file (the rest of a larger one is a warning), e.g. 2MiB (default 1MiB)' },
  category: { type: 'string', value: 'ID', help: 'SARIF automationDetails.id, for several uploads per commit' },
  baseline: { type: 'string', short: 'b', value: 'FILE', help: 'hide findings recorded in this baseline file' },
  'min-severity': {
    type: 'string',
    value: 'SEVERITY',
    help: 'report only findings at or above SEVERITY (critical, high, medium, low, info); the exit code follows what is reported',
  },
  family: { type: 'string', multiple: true, value: 'FAMILY', help: 'report only findings of FAMILY: secret, identity, assistant, deploy (repeatable)' },
  rule: { type: 'string', multiple: true, value: 'RULE', help: 'report only findings of RULE, e.g. secret/github-token or secret/* (repeatable)' },
  path: { type: 'string', multiple: true, value: 'GLOB', help: 'report only findings in files matching GLOB (repeatable; the whole tree is still scanned)' },
  staged: { type: 'boolean', help: 'scan what is staged for commit (pre-commit mode)' },
  'all-lines': { type: 'boolean', help: 'with --staged: report findings on every line of staged files' },
  files: { type: 'boolean', help: 'every argument after this flag is a file to scan, never an option (pre-commit, lint-staged); put options before it' },
  history: { type: 'boolean', help: 'scan every commit of every ref (branches, tags, notes, stash), secrets with provenance' },
  ref: { type: 'string', multiple: true, value: 'REF', help: 'with --history: only the history of REF (repeatable)' },
  range: {
    type: 'string',
    value: 'BASE..HEAD',
    help: 'scan what the commits BASE..HEAD bring in (pull requests, CI); older secrets in touched files are marked pre-existing',
  },
  since: { type: 'string', value: 'REF', help: 'scan what HEAD brings in since REF (same as --range REF..HEAD)' },
  'pre-push': { type: 'boolean', help: "scan exactly the commits being pushed, read from the pre-push hook's stdin" },
  'no-gitignore': { type: 'boolean', help: 'scan files that .gitignore excludes' },
  'sarif-include-suppressed': { type: 'boolean', help: 'keep suppressed findings in SARIF, marked with suppressions' },
  quiet: { type: 'boolean', short: 'q', help: 'print findings only: no progress, notes or summary' },
  verbose: { type: 'boolean', help: 'list every note (skipped binaries, large files …)' },
  'no-progress': { type: 'boolean', help: 'no spinner on the terminal' },
  color: { type: 'boolean', help: 'force colours in text output' },
  'no-color': { type: 'boolean', help: 'no colours (also NO_COLOR=1)' },
  'pre-commit': { type: 'boolean', help: 'init: print the pre-commit framework snippet instead of a husky hook' },
  force: { type: 'boolean', help: 'init: overwrite an existing starter configuration' },
  agent: { type: 'string', value: 'AGENT', help: 'init: write the hook configuration of a coding agent: claude, cursor or copilot' },
  repos: { type: 'string', value: 'FILE', help: 'org scan: the repository list, one per line: a path to a repository folder or a clone URL' },
  shard: { type: 'string', value: 'I/N', help: 'org scan: scan shard I of N (I counts from 0): the repositories whose id hashes to I modulo N (default 0/1)' },
  out: { type: 'string', value: 'DIR', help: 'org scan: the output folder: one result file per repository, resumable' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
  version: { type: 'boolean', short: 'v', help: 'show the version' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Which options each command takes. */
const ACCEPTS: Record<Command, readonly OptionName[]> = {
  scan: [
    'format',
    'output',
    'fail-on',
    'min-severity',
    'family',
    'rule',
    'path',
    'config',
    'no-config',
    'include',
    'exclude',
    'max-file-size',
    'category',
    'baseline',
    'staged',
    'all-lines',
    'files',
    'history',
    'ref',
    'range',
    'since',
    'pre-push',
    'no-gitignore',
    'sarif-include-suppressed',
    'quiet',
    'verbose',
    'no-progress',
    'color',
    'no-color',
    'help',
  ],
  baseline: ['output', 'config', 'no-config', 'include', 'exclude', 'max-file-size', 'history', 'ref', 'no-gitignore', 'no-progress', 'help'],
  inventory: ['format', 'output', 'config', 'no-config', 'include', 'exclude', 'max-file-size', 'no-gitignore', 'no-progress', 'color', 'no-color', 'help'],
  rules: ['format', 'output', 'config', 'no-config', 'help'],
  init: ['pre-commit', 'force', 'agent', 'help'],
  hook: ['help'],
  org: [
    'repos',
    'shard',
    'out',
    'history',
    'config',
    'no-config',
    'include',
    'exclude',
    'max-file-size',
    'no-gitignore',
    'format',
    'output',
    'fail-on',
    'quiet',
    'help',
  ],
  help: ['help'],
};

const ORG_SUBCOMMANDS = ['scan', 'merge'] as const;
export type OrgSubcommand = (typeof ORG_SUBCOMMANDS)[number];

/** Which options each `nhiscan org` subcommand takes. */
const ORG_ACCEPTS: Record<OrgSubcommand, readonly OptionName[]> = {
  scan: ['repos', 'shard', 'out', 'history', 'config', 'no-config', 'include', 'exclude', 'max-file-size', 'no-gitignore', 'quiet', 'help'],
  merge: ['format', 'output', 'fail-on', 'quiet', 'help'],
};

/** Option help that differs for one command. */
const HELP_OVERRIDES: Partial<Record<Command, Partial<Record<OptionName, string>>>> = {
  inventory: { format: 'output format: text (tables), markdown (PR comment, wiki), json (default text)' },
  rules: {
    format: 'output format: text, json, markdown (default text)',
    output: 'write the catalog, or the explanation of one rule, to FILE instead of stdout (- is stdout)',
  },
  baseline: { output: 'write the baseline to FILE (default .nhiscan-baseline.json in the scanned directory; - prints it)' },
  org: {
    format: 'org merge: output format: text, markdown, json, sarif (default text)',
    output: 'org merge: write the report to FILE instead of stdout',
    'fail-on': 'org merge: exit 1 when a finding (in a repository or across them) is at or above: critical, high, medium, low, info, none (default high)',
    history: 'org scan: also audit every commit of every ref of each repository (full clones)',
    quiet: 'print no progress lines',
  },
};

export interface ParsedArgs {
  command: Command;
  /** `nhiscan org scan|merge`. */
  subcommand?: OrgSubcommand;
  values: Partial<Record<OptionName, string | boolean | string[]>>;
  positionals: string[];
}

/** Parses argv (without `node` and the script). The command defaults to `scan`. */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const first = argv[0];
  const named = first !== undefined && (COMMANDS as readonly string[]).includes(first);
  if (first !== undefined && !named && !first.startsWith('-') && /^[a-z]+$/.test(first) && !looksLikePath(first)) {
    // `nhiscan sacn` — a typo is likelier than a directory named like a command
    const near = COMMANDS.find((c) => c.length === first.length && [...c].filter((ch, i) => ch !== first[i]).length <= 2);
    if (near) throw new UsageError(`unknown command "${first}" (did you mean "${near}"?); run "nhiscan help"`);
  }
  const command: Command = named ? (first as Command) : 'scan';
  let afterCommand = named ? argv.slice(1) : argv;
  let subcommand: OrgSubcommand | undefined;
  if (command === 'org') {
    const sub = afterCommand[0];
    if (sub === 'scan' || sub === 'merge') {
      subcommand = sub;
      afterCommand = afterCommand.slice(1);
    } else if (sub !== undefined && sub !== '--help' && sub !== '-h' && sub !== 'help') {
      throw new UsageError(`"nhiscan org" takes a subcommand: scan or merge, not "${sub}"; run "nhiscan org --help"`);
    } else if (sub === 'help') {
      return { command: 'org', values: { help: true }, positionals: [] };
    }
  }
  // `--files`: every argument after it is a file name, never an option. Hooks append file names
  // chosen by whoever wrote the commit, and `--config=x.cjs` or `--output=package.json` are valid
  // file names. A single `--` right after `--files` is allowed (and skipped).
  const filesAt = command === 'scan' ? afterCommand.indexOf('--files') : -1;
  const endOfOptions = afterCommand.indexOf('--');
  const listed = filesAt !== -1 && (endOfOptions === -1 || filesAt < endOfOptions) ? afterCommand.slice(filesAt + 1) : undefined;
  const fileNames = listed?.[0] === '--' ? listed.slice(1) : listed;
  const rest = filesAt !== -1 && fileNames ? [...afterCommand.slice(0, filesAt), '--files'] : afterCommand;
  const optionPart = (fileNames ? rest : afterCommand).slice(0, endOfOptions === -1 || fileNames ? undefined : endOfOptions);
  if (optionPart.includes('--version') || optionPart.includes('-v')) return { command: 'help', values: { version: true }, positionals: [] };
  const allowed = subcommand ? ORG_ACCEPTS[subcommand] : command === 'org' ? (['help'] as const) : ACCEPTS[command];
  const options = Object.fromEntries(
    allowed.map((name) => {
      const { type, ...spec } = OPTIONS[name];
      return [name, { type, ...('short' in spec ? { short: spec.short } : {}), ...('multiple' in spec ? { multiple: spec.multiple } : {}) }];
    }),
  ) as ParseArgsConfig['options'];
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
    return {
      command,
      ...(subcommand ? { subcommand } : {}),
      values: values as ParsedArgs['values'],
      positionals: fileNames ? [...positionals, ...fileNames] : positionals,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(error);
    const name = subcommand ? `${command} ${subcommand}` : command;
    throw new UsageError(`${message}${suggestOption(message, command, subcommand)}\nRun "nhiscan ${name} --help" for the options.`);
  }
}

/** " (did you mean --format?)" for an unknown option close to one the command takes, or to another command's. */
function suggestOption(message: string, command: Command, subcommand?: OrgSubcommand): string {
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (!unknown) return '';
  const name = unknown.replace(/^-+/, '').split('=')[0]!;
  if (subcommand) {
    const other = ORG_SUBCOMMANDS.find((sub) => sub !== subcommand && ORG_ACCEPTS[sub].includes(name as OptionName));
    if (other) return ` (--${name} belongs to "nhiscan org ${other}")`;
  }
  const own = [...(subcommand ? ORG_ACCEPTS[subcommand] : ACCEPTS[command]), 'version'].find(
    (option) => distance(option, name) <= Math.max(1, Math.floor(option.length / 3)),
  );
  if (own) return ` (did you mean --${own}?)`;
  const elsewhere = COMMANDS.find((c) => ACCEPTS[c].includes(name as OptionName));
  return elsewhere ? ` (--${name} belongs to "nhiscan ${elsewhere}")` : '';
}

/** Levenshtein distance, for short option names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes('.');
}

/** The help text of a command, generated from the option table. */
export function helpText(command: Command, subcommand?: OrgSubcommand): string {
  const usage: Record<Command, string> = {
    scan: 'nhiscan [scan] [paths…] [options]\n  Scan a tree (default .), the staged changes (--staged), a list of files (--files), the git\n  history of a repository (--history, also bare mirrors) or what a commit range brings in\n  (--range, --since, --pre-push).',
    baseline: 'nhiscan baseline [paths…] [--output FILE]\n  Record the current findings in a baseline (default .nhiscan-baseline.json).',
    inventory:
      'nhiscan inventory [paths…] [--format text|markdown|json] [--output FILE]\n  List every machine identity the repository defines or uses — CI secrets and variables, cloud\n  identities (OIDC roles and static keys), Kubernetes service accounts, deploy keys, assistant/MCP\n  credentials, committed literal credentials (shown only by a hash prefix) — with where each is\n  used, by which jobs and environments, under which triggers and permissions, and whether it is\n  long-lived. Exit code 0, or 2 on errors; findings do not change it. The JSON shape is\n  documented in the README (Identity inventory).',
    rules:
      'nhiscan rules [RULE] [--format text|json|markdown]\n  List the rule catalog, or explain one rule (what, why, fix, how to suppress): nhiscan rules secret/github-token.',
    init: "nhiscan init [--pre-commit] [--force] [--agent claude|cursor|copilot]\n  Write a starter configuration and a husky pre-commit hook; with --agent, the agent's hook configuration.",
    hook: "nhiscan hook claude|cursor|copilot\n  A coding agent's hook: reads the agent's hook event (JSON) on stdin and denies writing a file,\n  running a command or committing when that would add a secret, in the agent's own protocol.",
    org: 'nhiscan org scan --repos LIST [--shard I/N] --out DIR [--history] [scan options]\n  Scan the repositories of shard I of N of the list (paths or clone URLs), one result file per\n  repository in DIR; finished repositories are skipped on a rerun. Exit 0, or 2 when a repository\n  failed (it gets an error record; the others are scanned).\nnhiscan org merge DIR… [--format text|markdown|json|sarif] [--output FILE] [--fail-on SEVERITY]\n  Merge the results of every shard: the organisation inventory and the identities shared across\n  repositories (identity/shared-across-repositories). Exit 2 when a shard or repository is missing\n  or failed, else 1 for findings at or above --fail-on, else 0.',
    help: 'nhiscan <command> [options]\n  Commands: scan (default), baseline, inventory, rules, init, hook, org, help.',
  };
  const lines = [`Usage: ${usage[command]}`, ''];
  if (command === 'help') {
    lines.push(
      'Run "nhiscan <command> --help" for a command\'s options.',
      '',
      'Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or runtime error.',
    );
    return lines.join('\n') + '\n';
  }
  lines.push('Options:');
  for (const name of subcommand ? ORG_ACCEPTS[subcommand] : ACCEPTS[command]) {
    const spec = OPTIONS[name];
    const help = HELP_OVERRIDES[command]?.[name] ?? spec.help;
    const flag = `${'short' in spec ? `-${spec.short}, ` : '    '}--${name}${'value' in spec ? ` ${spec.value}` : ''}`;
    lines.push(`  ${flag.padEnd(34)} ${help}`);
  }
  return lines.join('\n') + '\n';
}
