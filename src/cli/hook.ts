/**
 * `nhiscan hook claude|cursor|copilot`: a coding agent's hook. The agent pipes a JSON event on
 * stdin before it writes a file or runs a command (and when it wants to stop); nhiscan scans what
 * the agent is about to add — the new lines of a file, the command line itself, what a
 * `git commit` would record, the work tree's changes at the end — and answers in that agent's own
 * protocol. A clean event gets no decision at all (a hook must only ever take permission away,
 * never grant it). Answers name the rule, the place and a masked preview, never the value.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { contiguous } from '../model/pipeline/source.js';
import { effectiveArgv, hasFlag, parseShell } from '../model/pipeline/shell.js';
import type { SourceFile } from '../pipeline/discover.js';
import { DIFF_HARDENING, git, gitTopLevel } from '../pipeline/git.js';
import { scan } from '../pipeline/scan.js';
import { parseAddedLines, readStaged } from '../pipeline/staged.js';
import { activeFindings, atLeast } from '../report/common.js';
import { mapStrings, terminalSafe } from '../report/escape.js';
import { loadBuiltinRules } from '../rule/registry.js';
import type { Finding } from '../rule/types.js';

const AGENTS = ['claude', 'cursor', 'copilot'] as const;
export type Agent = (typeof AGENTS)[number];

/** What the agent is about to do, in agent-neutral terms. */
type Action =
  | { kind: 'write'; path: string; content: string }
  /** `applied`: the agent reports an edit it already made (Cursor's afterFileEdit). */
  | { kind: 'edit'; path: string; edits: { oldText: string; newText: string; all: boolean }[]; applied: boolean }
  | { kind: 'command'; command: string }
  | { kind: 'stop'; again: boolean }
  /** Something this hook does not judge (a read, a search, another tool). */
  | { kind: 'other' };

/** The hook's answer: stdout, stderr and exit code, in the agent's protocol. */
interface Answer {
  stdout: string;
  stderr: string;
  code: number;
}

type Json = Record<string, unknown>;

export async function runHook(agent: Agent, input: string): Promise<Answer> {
  let event: Json;
  try {
    event = JSON.parse(input) as Json;
    if (!event || typeof event !== 'object' || Array.isArray(event)) throw new Error('not an object');
  } catch {
    return failClosed(agent, 'nhiscan hook: the event on stdin is not a JSON object');
  }
  const cwd = projectDir(agent, event);
  try {
    const action = readAction(agent, event);
    if (action.kind === 'other') return { stdout: '', stderr: '', code: 0 };
    if (action.kind === 'stop' && action.again) return { stdout: '', stderr: '', code: 0 }; // already asked once: never loop
    const findings = await judge(action, cwd);
    if (!findings.length) return { stdout: '', stderr: '', code: 0 };
    return answer(agent, action, findings, cwd);
  } catch (error) {
    return failClosed(agent, `nhiscan hook: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The project directory the event is about. */
function projectDir(agent: Agent, event: Json): string {
  const roots = event['workspace_roots'];
  const candidates = [
    agent === 'claude' ? process.env['CLAUDE_PROJECT_DIR'] : undefined,
    typeof event['cwd'] === 'string' ? event['cwd'] : undefined,
    Array.isArray(roots) && typeof roots[0] === 'string' ? roots[0] : undefined,
    process.cwd(),
  ];
  return candidates.find((c): c is string => typeof c === 'string' && c.length > 0 && existsSync(c))!;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads the event into an action. Field names follow each agent's documented payloads. */
function readAction(agent: Agent, event: Json): Action {
  const name = str(event['hook_event_name']) ?? str(event['hookEventName']) ?? '';
  if (agent === 'cursor') {
    if (name === 'beforeShellExecution') return { kind: 'command', command: str(event['command']) ?? '' };
    if (name === 'afterFileEdit') {
      // Cursor reports an edit after the fact: judge the file as it is now, new lines only.
      const path = str(event['file_path']) ?? '';
      const edits = Array.isArray(event['edits']) ? (event['edits'] as Json[]) : [];
      return {
        kind: 'edit',
        path,
        applied: true,
        edits: edits.map((e) => ({ oldText: str(e['old_string']) ?? '', newText: str(e['new_string']) ?? '', all: false })),
      };
    }
    if (name === 'stop') return { kind: 'stop', again: Number(event['loop_count'] ?? 0) > 0 };
    if (name === 'preToolUse') return toolAction(str(event['tool_name']) ?? '', objectOf(event['tool_input']));
    return { kind: 'other' };
  }
  if (agent === 'claude' || event['tool_name'] !== undefined) {
    if (name === 'Stop' || name === 'SubagentStop') return { kind: 'stop', again: event['stop_hook_active'] === true };
    return toolAction(str(event['tool_name']) ?? '', objectOf(event['tool_input']));
  }
  // Copilot (CLI and cloud agent): toolName and toolArgs, the arguments as a JSON string.
  if (name === 'agentStop' || name === 'sessionEnd') return { kind: 'stop', again: false };
  return toolAction(str(event['toolName']) ?? '', objectOf(event['toolArgs']));
}

function objectOf(value: unknown): Json {
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Json) : {};
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' ? (value as Json) : {};
}

/** Tool calls of Claude Code (Write, Edit, MultiEdit, Bash), Copilot (create, edit, bash) and Cursor's generic hook. */
function toolAction(tool: string, args: Json): Action {
  const name = tool.toLowerCase();
  const path = str(args['file_path']) ?? str(args['path']) ?? str(args['filePath']) ?? '';
  if (name === 'bash' || name === 'shell' || name === 'run_in_terminal' || name === 'powershell')
    return { kind: 'command', command: str(args['command']) ?? '' };
  if (!path) return { kind: 'other' };
  if (name === 'write' || name === 'create' || name === 'write_file' || name === 'create_file') {
    return { kind: 'write', path, content: str(args['content']) ?? str(args['file_text']) ?? str(args['text']) ?? '' };
  }
  if (name === 'edit' || name === 'str_replace' || name === 'str_replace_editor' || name === 'replace' || name === 'multiedit' || name === 'strreplace') {
    const list = Array.isArray(args['edits']) ? (args['edits'] as Json[]) : [args];
    return {
      kind: 'edit',
      path,
      applied: false,
      edits: list.map((e) => ({
        oldText: str(e['old_string']) ?? str(e['old_str']) ?? str(e['oldString']) ?? '',
        newText: str(e['new_string']) ?? str(e['new_str']) ?? str(e['newString']) ?? '',
        all: e['replace_all'] === true,
      })),
    };
  }
  return { kind: 'other' };
}

/** The findings at or above the project's failOn that the action would add. */
async function judge(action: Exclude<Action, { kind: 'other' }>, cwd: string): Promise<Finding[]> {
  const top = (await gitTopLevel(cwd)) ?? cwd;
  const config = await loadConfig({ cwd: top, stopDir: top });
  const files: SourceFile[] = [];
  const lineFilter = new Map<string, Set<number>>();
  const add = (path: string, content: string | Buffer, lines?: Set<number>) => {
    files.push({ path, read: async () => (typeof content === 'string' ? Buffer.from(content) : content) });
    if (lines) lineFilter.set(path, lines);
    else lineFilter.set(path, allLines(content.toString()));
  };

  if (action.kind === 'write' || action.kind === 'edit') {
    const absolute = resolve(cwd, action.path);
    const path = inside(top, absolute) ?? `(outside the project)/${absolute.split(sep).pop()}`;
    const current = existsSync(absolute) ? readFileSync(absolute, 'utf8') : '';
    // Claude and Copilot ask before editing (the file is still the old one); Cursor reports after.
    const after = action.kind === 'write' ? action.content : action.applied ? current : applyEdits(current, action.edits);
    const before = action.kind === 'edit' && action.applied ? reconstructBefore(current, action.edits) : current;
    add(path, after, addedLines(before, after));
  } else if (action.kind === 'command') {
    // A literal secret on a command line ends up in shell history, logs and transcripts.
    add('(command line).sh', action.command);
    if (commitsIn(action.command).length) await addCommit(top, action.command, add);
  } else {
    await addWorkTreeChanges(top, add);
  }
  if (!files.length) return [];
  const result = await scan({ root: top, config, catalog: await loadBuiltinRules(), files, lineFilter, workers: 0 });
  return activeFindings(result.findings).filter((f) => atLeast(f.severity, config.failOn));
}

function allLines(text: string): Set<number> {
  return new Set(Array.from({ length: text.split('\n').length }, (_, i) => i + 1));
}

function inside(top: string, absolute: string): string | undefined {
  let real = absolute;
  try {
    real = resolve(realpathSync(resolve(absolute, '..')), absolute.split(sep).pop()!);
  } catch {
    // a new directory: keep the path as given
  }
  const rel = relative(realpathSync(top), real).split(sep).join('/');
  return rel.startsWith('../') || rel === '..' || isAbsolute(rel) ? undefined : rel;
}

function applyEdits(text: string, edits: readonly { oldText: string; newText: string; all: boolean }[]): string {
  let out = text;
  for (const edit of edits) {
    if (!edit.oldText) out = out + edit.newText;
    else out = edit.all ? out.split(edit.oldText).join(edit.newText) : out.replace(edit.oldText, () => edit.newText);
  }
  return out;
}

/** For an edit already applied (Cursor): the file with the new texts replaced back. */
function reconstructBefore(text: string, edits: readonly { oldText: string; newText: string }[]): string {
  let out = text;
  for (const edit of [...edits].reverse()) if (edit.newText) out = out.replace(edit.newText, () => edit.oldText);
  return out;
}

/** Line numbers of `after` whose text is not a line of `before` (a multiset comparison). */
function addedLines(before: string, after: string): Set<number> {
  const counts = new Map<string, number>();
  for (const line of before ? before.split('\n') : []) counts.set(line, (counts.get(line) ?? 0) + 1);
  const added = new Set<number>();
  after.split('\n').forEach((line, i) => {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else added.add(i + 1);
  });
  return added;
}

/** The `git commit` commands in a shell command line, as argv after `git`'s global options. */
function commitsIn(command: string): string[][] {
  const out: string[][] = [];
  for (const parsed of parseShell(contiguous(command, 0))) {
    const argv = effectiveArgv(parsed);
    if (argv[0] !== 'git') continue;
    let i = 1;
    while (i < argv.length && argv[i]!.startsWith('-')) i += ['-C', '-c', '--git-dir', '--work-tree', '--namespace'].includes(argv[i]!) ? 2 : 1;
    if (argv[i] === 'commit') out.push(argv.slice(i));
  }
  return out;
}

/** What `git commit` would record: the staged changes, plus tracked changes with `-a`. */
async function addCommit(top: string, command: string, add: (path: string, content: string | Buffer, lines?: Set<number>) => void): Promise<void> {
  const staged = await readStaged(top);
  for (const file of staged.files) add(file.path, await file.read(), staged.addedLines.get(file.path) ?? new Set());
  if (commitsIn(command).some((argv) => hasFlag(argv, '-a', '--all'))) {
    const patch = await git(['diff', '-U0', ...DIFF_HARDENING, '--diff-filter=ACMRT'], top);
    for (const [path, lines] of parseAddedLines(patch)) {
      if (staged.files.some((f) => f.path === path) || !existsSync(resolve(top, path))) continue;
      add(path, await readFile(resolve(top, path)), lines);
    }
  }
}

/** Everything the session changed and did not commit: tracked changes against HEAD and new untracked files. */
async function addWorkTreeChanges(top: string, add: (path: string, content: string | Buffer, lines?: Set<number>) => void): Promise<void> {
  const hasHead = await git(['rev-parse', '--verify', '--quiet', 'HEAD'], top).then(
    () => true,
    () => false,
  );
  if (hasHead) {
    const patch = await git(['diff', 'HEAD', '-U0', ...DIFF_HARDENING, '--diff-filter=ACMRT'], top);
    for (const [path, lines] of parseAddedLines(patch)) if (existsSync(resolve(top, path))) add(path, await readFile(resolve(top, path)), lines);
  }
  const untracked = (await git(['ls-files', '--others', '--exclude-standard', '-z'], top)).toString('utf8').split('\0').filter(Boolean);
  for (const path of untracked.slice(0, 2000)) {
    const content = await readFile(resolve(top, path)).catch(() => undefined);
    if (content) add(path, content);
  }
}

/** One line per finding, masked and terminal-safe (it may reach a terminal or a hooks log): what the agent and the user see. */
function describe(findings: readonly Finding[]): string {
  const lines = mapStrings(findings.slice(0, 10), terminalSafe).map((f) => {
    const preview = f.secret ? ` [${f.secret.preview === '…' ? 'masked' : f.secret.preview}]` : '';
    return `- ${f.location.path}:${f.location.start.line} ${f.severity} ${f.ruleId}: ${f.message}${preview}`;
  });
  if (findings.length > 10) lines.push(`- … and ${findings.length - 10} more`);
  return lines.join('\n');
}

function advice(action: Action): string {
  const fix =
    action.kind === 'command'
      ? 'Do not put the credential on the command line: read it from an environment variable or a secret store.'
      : action.kind === 'stop'
        ? 'Remove these credentials from the files (use environment variables or a secret store) before finishing.'
        : 'Write the code to read the credential from an environment variable or a secret store instead of the literal value.';
  return `${fix} If a finding is a false positive, the user can add "nhiscan-ignore <rule> -- <reason>" on that line or a baseline (nhiscan baseline).`;
}

function answer(agent: Agent, action: Action, findings: readonly Finding[], cwd: string): Answer {
  void cwd;
  const summary = `nhiscan found ${findings.length} credential or identity risk${findings.length === 1 ? '' : 's'} in what the agent is about to ${action.kind === 'stop' ? 'leave in the work tree' : action.kind === 'command' ? 'run or commit' : 'write'}:\n${describe(findings)}\n${advice(action)}`;
  if (agent === 'claude') {
    if (action.kind === 'stop') return { stdout: JSON.stringify({ decision: 'block', reason: summary }) + '\n', stderr: '', code: 0 };
    return {
      stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: summary } }) + '\n',
      stderr: '',
      code: 0,
    };
  }
  if (agent === 'cursor') {
    if (action.kind === 'stop') return { stdout: JSON.stringify({ followup_message: summary }) + '\n', stderr: '', code: 0 };
    if (action.kind === 'edit') return { stdout: '{}\n', stderr: summary + '\n', code: 0 }; // afterFileEdit cannot block; the hooks log shows it
    return { stdout: JSON.stringify({ permission: 'deny', user_message: summary, agent_message: summary }) + '\n', stderr: '', code: 0 };
  }
  if (action.kind === 'stop') return { stdout: '', stderr: summary + '\n', code: 0 }; // Copilot's stop events cannot block
  return { stdout: JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: summary }) + '\n', stderr: '', code: 0 };
}

/** A hook that cannot judge blocks rather than waving the action through. */
function failClosed(agent: Agent, message: string): Answer {
  if (agent === 'claude') return { stdout: '', stderr: message + '\n', code: 2 }; // exit 2: blocked, stderr to Claude
  if (agent === 'cursor') return { stdout: JSON.stringify({ permission: 'deny', user_message: message, agent_message: message }) + '\n', stderr: '', code: 0 };
  return { stdout: JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: message }) + '\n', stderr: '', code: 0 };
}

export function parseAgent(value: string | undefined): Agent {
  if (value && (AGENTS as readonly string[]).includes(value)) return value as Agent;
  throw new UsageError(`hook needs the agent: nhiscan hook ${AGENTS.join('|')} (the agent's hook event on stdin)`);
}
