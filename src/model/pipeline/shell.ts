import type { Command, Redirect, Word } from './types.js';
import { rangeIn, slice, type SourceText } from './source.js';

/**
 * The one shell lexer: enough of POSIX sh (and a PowerShell dialect) to split a script into simple
 * commands and their arguments. CI scripts (`run:`, `script:`) and agent configurations (hooks,
 * helper commands, MCP server command lines, agent CLI arguments) are both read with it. It understands quoting, backslash escapes,
 * line continuations, `&&`/`||`/`;`/`|`/`&`, comments, redirections, heredocs, `$(…)`, `${…}`,
 * backticks and CI expressions (`${{ … }}`). Commands inside substitutions, `sh -c '…'`,
 * `ssh host '…'` and heredocs fed to a shell are returned too, marked `nested`.
 *
 * It is not a shell: it never evaluates anything, and on odd input it degrades to fewer or
 * coarser words, never to an exception. Linear in the script length (nesting is bounded).
 */
export function parseShell(source: SourceText, options: { dialect?: 'sh' | 'pwsh'; remote?: boolean } = {}): Command[] {
  return lex(source, options.dialect ?? 'sh', 0, false, options.remote ?? false);
}

/**
 * The words of one command line given as a string of arguments (`claude_args`, an MCP server's
 * `command`, an allow-list prefix): quoting and escapes as in sh, but `;`, `|`, `&`, `<`, `>`, `#`,
 * parentheses and line breaks are ordinary characters, as they are to a program receiving them.
 */
export function shellWords(source: SourceText): Word[] {
  const lexer = new Lexer(source.text, 'sh', false);
  lexer.run();
  return lexer.commands.flatMap((raw) =>
    raw.words.map((w) => ({ value: w.value, range: rangeIn(source, w.start, w.end), quoted: w.quoted, expansion: w.expansion })),
  );
}

/** The file name of a command word: `/usr/bin/python3` → `python3`, `npx.cmd` → `npx`. */
export function commandName(word: string): string {
  const base = word.replace(/^.*[\\/]/, '').toLowerCase();
  return base.replace(/\.(?:exe|cmd|bat|ps1)$/, '');
}

/** Nesting depth beyond which substitutions are not lexed again. */
const MAX_DEPTH = 3;

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '{', '}', '!', 'time', 'esac', 'function']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);
const SSH_OPTIONS_WITH_ARGUMENT = new Set([
  '-p',
  '-i',
  '-o',
  '-l',
  '-F',
  '-J',
  '-L',
  '-R',
  '-D',
  '-b',
  '-c',
  '-E',
  '-e',
  '-I',
  '-m',
  '-O',
  '-Q',
  '-S',
  '-W',
  '-w',
  '-B',
]);

interface RawWord {
  value: string;
  start: number;
  end: number;
  quoted: boolean;
  expansion: boolean;
  /** Where the value's first character sits in the text, when the value is a verbatim slice. */
  valueStart: number;
}

interface RawCommand {
  words: RawWord[];
  heredoc?: { start: number; end: number };
  /** Fed by the previous command through `|` or `|&`. */
  piped?: boolean;
  redirects?: Redirect[];
}

function lex(source: SourceText, dialect: 'sh' | 'pwsh', depth: number, nested: boolean, remote: boolean): Command[] {
  const lexer = new Lexer(source.text, dialect);
  lexer.run();
  const out: Command[] = [];
  for (const raw of lexer.commands) {
    const command = toCommand(source, raw, nested, remote);
    if (command) out.push(command);
    if (depth >= MAX_DEPTH) continue;
    for (const inner of innerScripts(source, raw, command)) out.push(...lex(inner.source, dialect, depth + 1, true, remote || inner.remote));
  }
  if (depth < MAX_DEPTH) {
    for (const [start, end] of lexer.substitutions) out.push(...lex(slice(source, start, end), dialect, depth + 1, true, remote));
  }
  return out;
}

function toCommand(source: SourceText, raw: RawCommand, nested: boolean, remote: boolean): Command | undefined {
  const words = raw.words.slice();
  while (words.length && !words[0]!.quoted && RESERVED.has(words[0]!.value)) words.shift();
  const assignments: RawWord[] = [];
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]{0,127}\+?=/.test(words[0]!.value) && !words[0]!.value.startsWith('=')) assignments.push(words.shift()!);
  if (!words.length && !assignments.length) return undefined;
  const all = [...assignments, ...words];
  const toWord = (w: RawWord): Word => ({ value: w.value, range: rangeIn(source, w.start, w.end), quoted: w.quoted, expansion: w.expansion });
  return {
    argv: words.map(toWord),
    assignments: assignments.map(toWord),
    range: rangeIn(source, all[0]!.start, all[all.length - 1]!.end),
    nested,
    ...(remote ? { remote: true } : {}),
    ...(raw.piped ? { piped: true } : {}),
    ...(raw.redirects?.length ? { redirects: raw.redirects } : {}),
  };
}

/** Scripts run by this command: `sh -c '…'`, `ssh host '…'`, `bash <<EOF … EOF`. */
function innerScripts(source: SourceText, raw: RawCommand, command: Command | undefined): { source: SourceText; remote: boolean }[] {
  if (!command) return [];
  const words = raw.words.slice(raw.words.length - command.argv.length);
  let index = 0;
  while (index < words.length && ['sudo', 'exec', 'nohup', 'env'].includes(words[index]!.value)) index++;
  const name = basename(words[index]?.value ?? '');
  const scripts: { source: SourceText; remote: boolean }[] = [];
  if (SHELLS.has(name)) {
    const flag = words.findIndex((w, i) => i > index && /^-[a-z]*c[a-z]*$/.test(w.value));
    const body = flag >= 0 ? words[flag + 1] : undefined;
    if (body) scripts.push({ source: wordSource(source, body), remote: false });
    else if (raw.heredoc) scripts.push({ source: slice(source, raw.heredoc.start, raw.heredoc.end), remote: false });
  } else if (name === 'ssh') {
    let i = index + 1;
    while (i < words.length && words[i]!.value.startsWith('-')) i += SSH_OPTIONS_WITH_ARGUMENT.has(words[i]!.value) ? 2 : 1;
    const rest = words.slice(i + 1);
    if (raw.heredoc && (!rest.length || SHELLS.has(basename(rest[0]!.value))))
      scripts.push({ source: slice(source, raw.heredoc.start, raw.heredoc.end), remote: true });
    else if (rest.length === 1) scripts.push({ source: wordSource(source, rest[0]!), remote: true });
    else if (rest.length > 1) scripts.push({ source: slice(source, rest[0]!.start, rest[rest.length - 1]!.end), remote: true });
  }
  return scripts;
}

function wordSource(source: SourceText, word: RawWord): SourceText {
  if (word.valueStart >= 0 && source.text.startsWith(word.value, word.valueStart)) {
    return slice(source, word.valueStart, word.valueStart + word.value.length);
  }
  const at = source.offset(word.start);
  return { text: word.value, offset: () => at };
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(slash + 1) : path;
}

class Lexer {
  readonly commands: RawCommand[] = [];
  /** `[start, end)` of `$(…)`, backtick and `<(…)` bodies, lexed as nested scripts. */
  readonly substitutions: [number, number][] = [];
  private i = 0;
  private words: RawWord[] = [];
  private word: RawWord | undefined;
  /** The redirection whose target the next finished word is (then it is not an argument). */
  private redirecting: Omit<Redirect, 'target'> | undefined;
  private heredocs: { delimiter: string; strip: boolean; command: RawCommand }[] = [];
  private current: RawCommand = { words: [] };

  constructor(
    private readonly text: string,
    private readonly dialect: 'sh' | 'pwsh',
    /** False for an argument string: operators, redirections and comments are ordinary text. */
    private readonly operators = true,
  ) {}

  run(): void {
    const t = this.text;
    const escape = this.dialect === 'pwsh' ? '`' : '\\';
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        this.endWord();
        this.i++;
      } else if (c === '\n' && !this.operators) {
        this.endWord();
        this.i++;
      } else if (c === '\n') {
        this.endWord();
        this.endCommand();
        this.i++;
        this.readHeredocs();
      } else if (c === escape) {
        this.escape();
      } else if (!this.operators && '#;|&<>()'.includes(c)) {
        this.append(c, this.i, 1);
        this.i++;
      } else if (c === '#' && !this.word) {
        this.comment();
      } else if (c === "'") {
        this.singleQuoted();
      } else if (c === '"') {
        this.doubleQuoted();
      } else if (c === '$') {
        this.dollar();
      } else if (c === '`') {
        this.backtick();
      } else if (c === ';' || c === '|' || (c === '&' && t[this.i + 1] !== '>')) {
        this.operator();
      } else if (c === '&' || c === '>' || c === '<') {
        this.redirection();
      } else if ((c === '(' || c === ')') && !this.word) {
        this.endCommand();
        this.i++;
      } else {
        this.append(c, this.i, 1);
        this.i++;
      }
    }
    this.endWord();
    this.endCommand();
  }

  private append(text: string, at: number, width: number, flags: { quoted?: boolean; expansion?: boolean } = {}): void {
    if (!this.word) this.word = { value: '', start: at, end: at, quoted: false, expansion: false, valueStart: -1 };
    const w = this.word;
    // The value's first character: after the backslash of an escape, else where the text starts.
    if (w.value === '' && text !== '') w.valueStart = at + width - text.length;
    w.value += text;
    w.end = at + width;
    if (flags.quoted) w.quoted = true;
    if (flags.expansion) w.expansion = true;
  }

  private endWord(): void {
    const w = this.word;
    this.word = undefined;
    if (!w) return;
    if (this.redirecting !== undefined) {
      (this.current.redirects ??= []).push({ ...this.redirecting, target: w.value });
      this.redirecting = undefined;
      return;
    }
    this.words.push(w);
  }

  private endCommand(): void {
    this.endWord();
    this.redirecting = undefined;
    if (this.words.length) {
      this.current.words = this.words;
      this.commands.push(this.current);
    }
    this.words = [];
    this.current = { words: [] };
  }

  private escape(): void {
    const t = this.text;
    const next = t[this.i + 1];
    if (next === '\n') {
      this.i += 2;
    } else if (next === '\r' && t[this.i + 2] === '\n') {
      this.i += 3;
    } else if (next === undefined) {
      this.i++;
    } else {
      this.append(next, this.i, 2);
      this.i += 2;
    }
  }

  private comment(): void {
    const end = this.text.indexOf('\n', this.i);
    this.i = end === -1 ? this.text.length : end;
  }

  private singleQuoted(): void {
    const t = this.text;
    const close = t.indexOf("'", this.i + 1);
    const end = close === -1 ? t.length : close;
    this.append('', this.i, 1, { quoted: true });
    const body = t.slice(this.i + 1, end);
    if (body) this.append(body, this.i + 1, body.length, { quoted: true });
    this.word!.end = Math.min(t.length, end + 1);
    this.i = end + 1;
  }

  private doubleQuoted(): void {
    const t = this.text;
    const open = this.i;
    this.i++;
    let chunk = '';
    let chunkStart = this.i;
    const flush = () => {
      if (chunk) this.append(chunk, chunkStart, chunk.length, { quoted: true });
      chunk = '';
    };
    this.append('', open, 1, { quoted: true });
    while (this.i < t.length && t[this.i] !== '"') {
      const c = t[this.i]!;
      const escape = this.dialect === 'pwsh' ? '`' : '\\';
      if (c === escape && this.i + 1 < t.length) {
        const next = t[this.i + 1]!;
        if (this.dialect === 'pwsh' || '$`"\\\n'.includes(next)) {
          flush();
          if (next !== '\n') this.append(next, this.i, 2, { quoted: true });
          this.i += 2;
          chunkStart = this.i;
          continue;
        }
      }
      if (c === '$' || (c === '`' && this.dialect === 'sh')) {
        flush();
        if (c === '$') this.dollar(true);
        else this.backtick(true);
        chunkStart = this.i;
        continue;
      }
      if (!chunk) chunkStart = this.i;
      chunk += c;
      this.i++;
    }
    flush();
    if (this.word) this.word.end = Math.min(t.length, this.i + 1);
    this.i++;
  }

  private dollar(inQuotes = false): void {
    const t = this.text;
    const start = this.i;
    const next = t[start + 1];
    let end: number;
    if (next === '(' && t[start + 2] === '(') {
      end = matching(t, start + 1, '(', ')');
    } else if (next === '(') {
      end = matching(t, start + 1, '(', ')');
      this.substitutions.push([start + 2, Math.max(start + 2, end - 1)]);
    } else if (next === '{' && t[start + 2] === '{') {
      const close = t.indexOf('}}', start + 3);
      end = close === -1 ? t.length : close + 2;
    } else if (next === '{') {
      end = matching(t, start + 1, '{', '}');
    } else if (next === "'" && !inQuotes && this.dialect === 'sh') {
      const close = t.indexOf("'", start + 2);
      end = close === -1 ? t.length : close + 1;
      this.append(t.slice(start + 2, end - 1), start, end - start, { quoted: true });
      this.i = end;
      return;
    } else {
      const name = /^(?:[A-Za-z_][A-Za-z0-9_]{0,127}(?::[A-Za-z_][A-Za-z0-9_]{0,127})?|[0-9@*#?$!-])/.exec(t.slice(start + 1, start + 260));
      if (!name) {
        this.append('$', start, 1, { quoted: inQuotes });
        this.i++;
        return;
      }
      end = start + 1 + name[0].length;
    }
    this.append(t.slice(start, end), start, end - start, { expansion: true, quoted: inQuotes });
    this.i = end;
  }

  private backtick(inQuotes = false): void {
    const t = this.text;
    const start = this.i;
    let j = start + 1;
    while (j < t.length && t[j] !== '`') j += t[j] === '\\' ? 2 : 1;
    const end = Math.min(t.length, j + 1);
    this.substitutions.push([start + 1, Math.min(j, t.length)]);
    this.append(t.slice(start, end), start, end - start, { expansion: true, quoted: inQuotes });
    this.i = end;
  }

  private operator(): void {
    this.endCommand();
    const t = this.text;
    const c = t[this.i];
    this.i++;
    if ((c === '&' || c === '|' || c === ';') && t[this.i] === c) this.i++;
    else if (c === '|') {
      if (t[this.i] === '&') this.i++;
      this.current.piped = true;
    }
  }

  private redirection(): void {
    const t = this.text;
    // `2>`: the number before the operator names the file descriptor.
    let fd: number | undefined;
    if (this.word && /^[0-9]{1,2}$/.test(this.word.value) && !this.word.quoted) {
      fd = Number(this.word.value);
      this.word = undefined;
    } else this.endWord();
    const start = this.i;
    if ((t[start] === '<' || t[start] === '>') && t[start + 1] === '(') {
      const end = matching(t, start + 1, '(', ')');
      this.substitutions.push([start + 2, Math.max(start + 2, end - 1)]);
      this.append(t.slice(start, end), start, end - start, { expansion: true });
      this.i = end;
      return;
    }
    const op = /^(?:<<<|<<-|<<|>>|>\||<>|>&|<&|&>>|&>|>|<)/.exec(t.slice(start, start + 3))?.[0] ?? t[start]!;
    this.i = start + op.length;
    if (op === '>&' || op === '<&') {
      const fd = /^[0-9]{1,2}-?|^-/.exec(t.slice(this.i, this.i + 3));
      if (fd) {
        this.i += fd[0].length;
        return;
      }
    }
    if (op === '<<' || op === '<<-') {
      while (t[this.i] === ' ' || t[this.i] === '\t') this.i++;
      const delimiter = /^(?:'([^'\n]{1,64})'|"([^"\n]{1,64})"|\\?([A-Za-z0-9_.-]{1,64}))/.exec(t.slice(this.i, this.i + 70));
      if (delimiter) {
        this.heredocs.push({ delimiter: delimiter[1] ?? delimiter[2] ?? delimiter[3]!, strip: op === '<<-', command: this.current });
        this.i += delimiter[0].length;
      }
      return;
    }
    this.redirecting = fd === undefined ? { op } : { op, fd };
  }

  /** After a newline: skips the bodies of pending heredocs, remembering where they are. */
  private readHeredocs(): void {
    const t = this.text;
    for (const heredoc of this.heredocs.splice(0)) {
      const bodyStart = this.i;
      let lineStart = this.i;
      let bodyEnd = t.length;
      while (lineStart < t.length) {
        let lineEnd = t.indexOf('\n', lineStart);
        if (lineEnd === -1) lineEnd = t.length;
        let line = t.slice(lineStart, lineEnd).replace(/\r$/, '');
        if (heredoc.strip) line = line.replace(/^\t+/, '');
        if (line.trim() === heredoc.delimiter) {
          bodyEnd = lineStart;
          lineStart = lineEnd + 1;
          break;
        }
        lineStart = lineEnd + 1;
      }
      heredoc.command.heredoc ??= { start: bodyStart, end: bodyEnd };
      this.i = Math.min(t.length, lineStart);
    }
  }
}

/** The index just past the bracket matching the one at `open`, skipping quoted text. */
function matching(t: string, open: number, left: string, right: string): number {
  let depth = 0;
  let i = open;
  while (i < t.length) {
    const c = t[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'" && left === '(') {
      const close = t.indexOf("'", i + 1);
      i = close === -1 ? t.length : close + 1;
      continue;
    }
    if (c === left) depth++;
    else if (c === right) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return t.length;
}

// ---- queries over commands -------------------------------------------------------------------

/** Wrappers that run the command that follows them. */
const WRAPPERS = new Set([
  'sudo',
  'exec',
  'nohup',
  'time',
  'command',
  'env',
  'xargs',
  'npx',
  'bunx',
  'pnpx',
  'dotenv',
  'doppler',
  'op',
  'aws-vault',
  'chamber',
  'with-contenv',
]);

/**
 * The argv of a command without wrappers (`sudo -E`, `npx`, `env FOO=1`, `pnpm exec`,
 * `yarn run`, `bundle exec`, `poetry run`, `python -m`) and with the program's directory removed.
 * `python -m twine upload` becomes `twine upload`.
 */
export function effectiveArgv(command: Command): string[] {
  const argv = command.argv.map((w) => w.value);
  let i = 0;
  for (let guard = 0; guard < 6 && i < argv.length; guard++) {
    const name = basename(argv[i]!);
    if (WRAPPERS.has(name)) {
      i++;
      // Wrapper options and assignments: `sudo -E -u deploy`, `env FOO=1`, `op run --`.
      while (i < argv.length && (argv[i]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!) || argv[i] === 'run' || argv[i] === 'exec')) {
        if (argv[i] === '--') {
          i++;
          break;
        }
        i += ['-u', '--user', '-g', '--package', '-p'].includes(argv[i]!) ? 2 : 1;
      }
      continue;
    }
    if (
      (name === 'pnpm' ||
        name === 'yarn' ||
        name === 'bundle' ||
        name === 'poetry' ||
        name === 'pipenv' ||
        name === 'uv' ||
        name === 'hatch' ||
        name === 'pdm') &&
      (argv[i + 1] === 'exec' || argv[i + 1] === 'run' || argv[i + 1] === 'dlx')
    ) {
      if (!(name === 'uv' && argv[i + 1] === 'run' && argv[i + 2] === undefined)) {
        i += 2;
        continue;
      }
    }
    if ((name === 'python' || name === 'python3' || /^python3\.[0-9]{1,2}$/.test(name)) && argv[i + 1] === '-m') {
      i += 2;
      continue;
    }
    break;
  }
  const rest = argv.slice(i);
  if (rest.length)
    rest[0] = basename(rest[0]!)
      .replace(/\.(?:exe|cmd|ps1)$/i, '')
      .toLowerCase();
  return rest;
}

/** Index of the argv word that `effectiveArgv` starts at. */
export function effectiveStart(command: Command): number {
  return command.argv.length - effectiveArgv(command).length;
}

/** Whether argv carries a flag (`--prod`, `-n`), in `--flag`, `--flag=value` or combined short form. */
export function hasFlag(argv: readonly string[], ...flags: string[]): boolean {
  for (const word of argv) {
    if (word === '--') break;
    for (const flag of flags) {
      if (word === flag || word.startsWith(flag + '=')) return true;
      if (flag.length === 2 && flag[0] === '-' && /^-[A-Za-z]{2,6}$/.test(word) && word.includes(flag[1]!)) return true;
    }
  }
  return false;
}

/** The value of an option: `--namespace prod`, `--namespace=prod`, `-n prod`. */
export function optionValue(argv: readonly string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    for (const flag of flags) {
      if (word === flag) return argv[i + 1];
      if (word.startsWith(flag + '=')) return word.slice(flag.length + 1);
    }
  }
  return undefined;
}

/**
 * Non-option words after `from`. Options listed in `valueFlags` take the next word as their
 * value (`--namespace prod`), which is skipped too; other options are taken as switches.
 */
export function positionals(argv: readonly string[], from = 1, valueFlags: ReadonlySet<string> = NO_FLAGS): string[] {
  const out: string[] = [];
  for (let i = from; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith('-')) {
      if (valueFlags.has(word)) i++;
      continue;
    }
    out.push(word);
  }
  return out;
}

const NO_FLAGS: ReadonlySet<string> = new Set();
