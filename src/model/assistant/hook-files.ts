import { get, str, type DataNode } from '../../ast/index.js';
import type { Range } from '../../rule/types.js';
import { readHooks } from './claude.js';
import { addAutoRun } from './hooks.js';
import type { AssistantConfig } from './types.js';

/**
 * Stand-alone hook files: `.codex/hooks.json`, `.cursor/hooks.json`, Copilot `.github/hooks/*.json`,
 * Windsurf `hooks.json` and OpenHands `.openhands/hooks.json` (an object of event → hook list, in
 * the Claude shape or the flat `{ command | bash | powershell }` shape), and Kiro's
 * `.kiro/hooks/*.kiro.hook` (`when` an IDE event, `then` a command or an agent prompt).
 */
export function readHookFile(config: AssistantConfig, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  const then = get(root, 'then');
  if (then) {
    if (str(get(root, 'enabled')) === 'false') return;
    const command = get(then, 'command');
    if (str(get(then, 'type')) === 'runCommand' && str(command)) {
      const event = str(get(get(root, 'when'), 'type'));
      addAutoRun(config, command!.range, 'then.command', str(command)!, 'hook', event ? { kind: 'event', event } : 'ide-event');
    }
    return;
  }
  readHooks(config, get(root, 'hooks') ?? root, 'hooks');
}

/** A Cline hook script (`.clinerules/hooks/<Event>`): the whole file runs on its event. */
export function readHookScript(config: AssistantConfig, text: string, path: string): void {
  const event = path.replace(/^.*\//, '').replace(/\.[a-z0-9]+$/i, '');
  let offset = 0;
  let first: Range | undefined;
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('#')) {
      first ??= { start: offset + line.indexOf(trimmed), end: offset + line.length };
      lines.push(trimmed);
    }
    offset += line.length + 1;
  }
  if (!first || !lines.length) return;
  addAutoRun(config, first, `.clinerules/hooks/${event}`, lines.join('\n'), 'hook', { kind: 'event', event });
}
