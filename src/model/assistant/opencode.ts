import { entries, get, items, str, type DataNode } from '../../ast/index.js';
import type { Range } from '../../rule/types.js';
import { addCommand, addServers, analysePrefix } from './build.js';
import { analyseCommand } from './commands.js';
import { commandDanger } from './hooks.js';
import { readServers } from './mcp.js';
import { pathReach } from './paths.js';
import type { AssistantConfig } from './types.js';

/**
 * opencode (`opencode.json[c]`, `.opencode/opencode.json[c]`, `~/.config/opencode/opencode.json`):
 * `permission` (a single action, or per tool an action or a map of pattern → action, the last
 * matching pattern winning), `external_directory`, per-agent permissions and `mcp` servers
 * (`type: local` with an argv `command` and `environment`, or `type: remote` with `url`/`headers`).
 */
export function readOpencode(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  readPermission(config, get(root, 'permission'), 'permission');
  // `mode` is the older spelling of `agent`.
  for (const key of ['agent', 'mode']) {
    for (const agent of entries(get(root, key))) readPermission(config, get(agent.value, 'permission'), `${key}.${agent.key}.permission`, agent.key);
  }
  addServers(config, readServers(get(root, 'mcp')));
  readPlugins(config, get(root, 'plugin'));
}

/** An opencode agent file (`.opencode/agent/<name>.md`): its frontmatter `permission` applies whenever the agent runs. */
export function readOpencodeAgent(config: AssistantConfig, front: DataNode | undefined): void {
  if (front?.type !== 'map') return;
  readPermission(config, get(front, 'permission'), 'permission');
}

/**
 * `plugin`: npm packages opencode installs and loads into its own process at every start (and
 * local files, which run the same way). A plugin sees every tool call and the developer's
 * environment, and no prompt or trust check stands before it.
 */
function readPlugins(config: AssistantConfig, list: DataNode | undefined): void {
  for (const item of items(list)) {
    const name = str(item);
    if (!name) continue;
    const local = /^(?:\.{1,2}\/|\/|~\/|file:)/.test(name);
    config.autoRuns.push({
      range: item.range,
      setting: 'plugin',
      text: name,
      kind: local ? 'code-plugin' : 'plugin',
      when: 'opencode-starts',
      command: name,
      remedy: local ? 'opencode-plugin-code' : 'opencode-plugin-package',
    });
  }
}

/** Bun shell templates in plugin code (`` $`curl …` ``): the commands a plugin runs. */
const SHELL_TEMPLATE = /\$`([^`]{1,2000})`/g;

/**
 * A plugin file in `.opencode/plugin/` or `~/.config/opencode/plugin/`: opencode imports every
 * file there when it starts, so the module runs with the developer's environment and can hook
 * every tool call. Reported at its first export (or first line of code).
 */
export function readOpencodePlugin(config: AssistantConfig, text: string, path: string): void {
  const exported = /^[ \t]*export\b[^\n]*/m.exec(text) ?? /^[ \t]*\S[^\n]*/m.exec(text);
  if (!exported) return;
  const range: Range = { start: exported.index + (exported[0].length - exported[0].trimStart().length), end: exported.index + exported[0].trimEnd().length };
  const commands = [...text.matchAll(SHELL_TEMPLATE)].map((m) => m[1]!.replace(/\$\{[^}]{0,200}\}/g, 'VALUE'));
  config.autoRuns.push({
    range,
    setting: path.includes('/plugins/') ? 'plugins' : 'plugin',
    text: path.replace(/^.*\//, ''),
    kind: 'code-plugin',
    when: 'opencode-starts-in-folder',
    command: commands.join('\n') || undefined,
    danger: commands.length ? commandDanger(commands.join('\n')) : undefined,
    remedy: 'opencode-plugin-code',
  });
}

function readPermission(config: AssistantConfig, permission: DataNode | undefined, setting: string, profile?: string): void {
  if (!permission) return;
  if (str(permission) === 'allow') {
    config.approvals.push({
      range: permission.range,
      setting,
      text: `${setting}: "allow"`,
      covers: 'every-tool-with-shell-edits-fetch-and-outside-paths',
      remedy: 'opencode-any-command',
      profile,
    });
    return;
  }
  const all = get(permission, '*');
  if (str(all) === 'allow') {
    config.approvals.push({
      range: all!.range,
      setting: `${setting}.*`,
      text: '"*": "allow"',
      covers: 'every-tool-not-narrowed-later',
      remedy: 'opencode-any-tool',
      profile,
    });
  }
  const bash = get(permission, 'bash');
  if (str(bash) === 'allow')
    addCommand(
      config,
      {
        range: bash!.range,
        setting: `${setting}.bash`,
        text: '"bash": "allow"',
        remedy: 'exact-commands',
        example: '"bash": { "*": "ask", "npm test": "allow" }',
      },
      analyseCommand([], true),
    );
  for (const rule of entries(bash)) {
    if (str(rule.value) !== 'allow') continue;
    const pattern = rule.key.trim();
    const open = /\*$/.test(pattern);
    const analysis = pattern === '*' ? analyseCommand([], true) : analysePrefix(pattern.replace(/\s*\*+$/, ''), open);
    addCommand(config, { range: rule.keyRange, setting: `${setting}.bash`, text: pattern, remedy: 'exact-commands' }, analysis);
  }
  for (const key of ['webfetch', 'websearch']) {
    const node = get(permission, key);
    if (str(node) === 'allow' && key === 'webfetch')
      config.network.push({ range: node!.range, setting: `${setting}.webfetch`, text: '"webfetch": "allow"', covers: 'any-url', remedy: 'opencode-webfetch' });
  }
  const edit = get(permission, 'edit');
  if (str(edit) === 'allow' || str(get(edit, '*')) === 'allow') config.writesAutoApproved = true;
  const external = get(permission, 'external_directory');
  if (str(external) === 'allow') {
    config.paths.push({
      range: external!.range,
      setting: `${setting}.external_directory`,
      text: '"external_directory": "allow"',
      path: '/',
      access: 'read-write',
      reach: 'root',
      exposes: 'every-file-outside-project',
      remedy: 'opencode-any-external-directory',
    });
  }
  for (const rule of entries(external)) {
    if (str(rule.value) !== 'allow') continue;
    const reach = pathReach(rule.key);
    if (reach)
      config.paths.push({
        range: rule.keyRange,
        setting: `${setting}.external_directory`,
        text: rule.key,
        path: rule.key,
        access: 'read-write',
        reach: reach.reach,
        exposes: reach.exposes,
        remedy: 'opencode-external-directory',
      });
  }
}
