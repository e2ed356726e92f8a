import { bool, entries, get, str, type DataNode } from '../../ast/index.js';
import { commandName, shellWords } from '../pipeline/shell.js';
import { contiguous } from '../pipeline/source.js';
import type { KeyedValue, LaunchPackage, Located, McpServer, ToolGrant } from './types.js';

/**
 * Reads MCP servers from their container: a map of name → server (`mcpServers`, `servers`,
 * `context_servers`, `mcp_servers`, Goose `extensions`) or a list of servers with `name`
 * (Continue). Every shape is checked node by node: odd input yields fewer servers, never a throw.
 */
export function readServers(container: DataNode | undefined): McpServer[] {
  if (!container) return [];
  if (container.type === 'map') {
    return container.entries.flatMap((e) => (e.value.type === 'map' ? [readServer(e.key, e.keyRange, e.value)] : []));
  }
  if (container.type === 'seq') {
    return container.items.flatMap((item) => {
      if (item.type !== 'map') return [];
      const name = get(item, 'name');
      return [readServer(str(name) ?? 'server', name?.range ?? item.range, item)];
    });
  }
  return [];
}

function readServer(name: string, nameRange: { start: number; end: number }, node: DataNode & { type: 'map' }): McpServer {
  let commandNode = get(node, 'command') ?? get(node, 'cmd');
  let args = located(get(node, 'args'));
  let env = keyed(get(node, 'env') ?? get(node, 'envs') ?? get(node, 'environment'));
  // Zed's older shape: `command: { path, args, env }`.
  if (commandNode?.type === 'map') {
    args = located(get(commandNode, 'args'));
    env = env.length ? env : keyed(get(commandNode, 'env'));
    commandNode = get(commandNode, 'path') ?? get(commandNode, 'command');
  }
  let command: Located | undefined;
  if (commandNode?.type === 'seq') {
    // A command given as an argv list (`command: ["npx", "-y", "pkg"]`).
    const argv = located(commandNode);
    command = argv[0];
    args = [...argv.slice(1), ...args];
  } else if (str(commandNode) !== undefined) {
    command = { value: str(commandNode)!, range: commandNode!.range };
    // A whole command line in `command` with no `args`: split it so the launcher is seen.
    if (!args.length && /\s/.test(command.value.trim())) {
      const words = shellWords(contiguous(command.value, 0));
      if (words.length > 1) {
        command = { value: words[0]!.value, range: command.range };
        args = words.slice(1).map((w) => ({ value: w.value, range: commandNode!.range }));
      }
    }
  }
  const urlNode = get(node, 'url') ?? get(node, 'serverUrl') ?? get(node, 'httpUrl') ?? get(node, 'uri');
  const url = str(urlNode) !== undefined ? { value: str(urlNode)!, range: urlNode!.range } : undefined;
  const disabled = bool(get(node, 'disabled')) === true || bool(get(node, 'enabled')) === false;
  const server: McpServer = {
    node,
    name,
    nameRange,
    range: node.range,
    command,
    args,
    env,
    headers: keyed(get(node, 'headers') ?? get(node, 'http_headers') ?? get(get(node, 'requestOptions'), 'headers')),
    url,
    disabled,
  };
  server.launch = command ? launchPackage(command, args) : undefined;
  return server;
}

/** The scalar items of a list, with their ranges. */
function located(node: DataNode | undefined): Located[] {
  if (node?.type !== 'seq') return [];
  return node.items.flatMap((item) => (str(item) !== undefined ? [{ value: str(item)!, range: item.range }] : []));
}

/** The scalar entries of a map (`env`, `headers`). */
export function keyed(node: DataNode | undefined): KeyedValue[] {
  return entries(node).flatMap((e) => (str(e.value) !== undefined ? [{ key: e.key, keyRange: e.keyRange, value: str(e.value)!, range: e.value.range }] : []));
}

/** Tool-list entries of an auto-approve key (`alwaysAllow`, `autoApprove`). */
export function autoApproved(server: DataNode | undefined): { setting: string; items: Located[] }[] {
  const found: { setting: string; items: Located[] }[] = [];
  for (const setting of ['alwaysAllow', 'autoApprove', 'auto_approve', 'autoApprovedTools']) {
    const node = get(server, setting);
    if (!node) continue;
    if (node.type === 'seq') found.push({ setting, items: located(node) });
    else if (bool(node) === true) found.push({ setting, items: [{ value: '*', range: node.range }] });
  }
  return found;
}

const NPM_LAUNCHERS = new Set(['npx', 'bunx', 'pnpx']);
const PY_LAUNCHERS = new Set(['uvx']);
/** Flags of launchers that take a value (the value is not the package). */
const VALUE_FLAGS =
  /^(?:--registry|--cache|--userconfig|--prefix|-c|--call|--python|-p|--package|--from|--with|--index-url|--index|--extra-index-url|--spec|--python-version|--directory|--project|-w|--workspace|-e|--env|-v|--volume|--network|--net|--name|--publish|--mount|--workdir|--user|-u|--entrypoint|--env-file|--platform|--label|-l|--cpus|--memory|-m|--add-host|--cap-add|--cap-drop|--device|--tmpfs|--hostname|-h|--pull|--restart|--shm-size|--ulimit|--log-driver|--security-opt|--runtime|--ipc|--pid|--dns)$/;

/**
 * The package a launcher fetches and runs at every start (`npx -y pkg`, `uvx pkg`,
 * `docker run img`), and whether it is pinned to an exact version or digest.
 */
export function launchPackage(command: Located, args: readonly Located[]): LaunchPackage | undefined {
  const name = commandName(command.value);
  let rest = [...args];
  let launcher = name;
  if (name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun') {
    const sub = rest[0]?.value;
    if (!sub || !['exec', 'x', 'dlx'].includes(sub)) return undefined;
    launcher = `${name} ${sub}`;
    rest = rest.slice(1);
  } else if (name === 'pipx' || name === 'docker' || name === 'podman' || name === 'go' || name === 'deno') {
    const sub = rest[0]?.value;
    if (sub !== 'run') return undefined;
    launcher = `${name} run`;
    rest = rest.slice(1);
  } else if (name === 'uv') {
    if (rest[0]?.value === 'tool' && rest[1]?.value === 'run') rest = rest.slice(2);
    else return undefined;
    launcher = 'uv tool run';
  } else if (!NPM_LAUNCHERS.has(name) && !PY_LAUNCHERS.has(name)) {
    return undefined;
  }
  // npx -p pkg / uvx --from pkg: the package is the flag's value.
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!.value;
    if ((word === '-p' || word === '--package' || word === '--from') && rest[i + 1] && launcher !== 'docker run' && launcher !== 'podman run') {
      return packageAt(launcher, rest[i + 1]!);
    }
    const eq = /^--(?:package|from)=(.+)$/.exec(word);
    if (eq) return { ...packageAt(launcher, { value: eq[1]!, range: rest[i]!.range }) };
  }
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!.value;
    if (word === '--') continue;
    if (word.startsWith('-')) {
      if (VALUE_FLAGS.test(word) && !word.includes('=')) i++;
      continue;
    }
    return packageAt(launcher, rest[i]!);
  }
  return undefined;
}

function packageAt(launcher: string, word: Located): LaunchPackage {
  return { launcher, package: word.value, range: word.range, pinned: isPinned(launcher, word.value) };
}

/** Whether a package spec names one exact version (or an image digest). */
function isPinned(launcher: string, spec: string): boolean {
  if (/^[./~]|^[A-Za-z]:[\\/]/.test(spec)) return true; // a local path, not a registry package
  if (launcher === 'docker run' || launcher === 'podman run') {
    if (/@sha256:[a-f0-9]{64}$/.test(spec)) return true;
    const tag = /:([^/:@]+)$/.exec(spec)?.[1];
    return tag !== undefined && tag !== 'latest' && !/^(?:main|master|edge|nightly|dev|stable|beta)$/.test(tag);
  }
  if (launcher === 'go run') return /@v\d+\.\d+\.\d+/.test(spec);
  if (/^(?:git\+|github:|https?:|git:)/.test(spec)) return /#[0-9a-f]{7,40}$/.test(spec);
  if (launcher === 'uvx' || launcher === 'pipx run' || launcher === 'uv tool run') return /(?:==|@)\d[\w.+-]*$/.test(spec);
  // npm: `name@1.2.3` or `@scope/name@1.2.3`.
  const version = /^(?:@[^/@]+\/)?[^@]+@(.+)$/.exec(spec)?.[1];
  return version !== undefined && /^v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(version);
}

const EXEC_WORDS = /^(?:exec|execute|run|eval|evaluate|shell|bash|terminal|command|cmd|script|spawn|javascript)$/;
const WRITE_WORDS =
  /^(?:write|create|update|delete|remove|rm|put|post|patch|insert|upsert|push|merge|commit|deploy|publish|send|upload|move|rename|edit|modify|set|drop|truncate|apply|install|kill|restart|stop|destroy|transfer|pay|invoke|trigger|approve|close|reopen|assign|comment|label|fill|click|press|submit)$/;
const GETTERS = /^(?:get|list|describe|read|show|search|find|lookup|view|count|explain|inspect|resolve|query|browse|retrieve|summarize|analyze|analyse)$/;
const NETWORK_WORDS = /^(?:fetch|navigate|request|http|https|curl|download|goto|scrape|crawl|webhook)$/;

/** What an MCP or built-in tool does, judged from its name (`browser_run_code` → exec). */
export function toolCapability(tool: string): ToolGrant['capability'] {
  const name = tool.trim();
  if (/^\*(?::\*)?$|^@?[^*]*[/:_]\*$/.test(name)) return 'all';
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // `get_trigger`, `list_runs`, `describe_deployment`: reading about a thing is not doing it.
  if (GETTERS.test(words[0] ?? '')) return 'read';
  if (words.some((w) => EXEC_WORDS.test(w))) return 'exec';
  if (words.some((w) => WRITE_WORDS.test(w))) return 'write';
  if (words.some((w) => NETWORK_WORDS.test(w))) return 'network';
  return 'read';
}
