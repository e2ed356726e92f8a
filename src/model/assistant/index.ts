import { dataRoot } from '../../ast/data.js';
import { frontmatter } from '../../ast/embedded.js';
import type { Document } from '../../document/document.js';
import type { FileKind } from '../../document/kinds.js';
import {
  readAgentJson,
  readAider,
  readCodex,
  readContinue,
  readGemini,
  readGeminiPolicy,
  readGoose,
  readGooseSecrets,
  readOpenHandsConfig,
  readPermissionsFile,
  readSetupScript,
} from './agents.js';
import { readHookFile, readHookScript } from './hook-files.js';
import { readOpencode, readOpencodeAgent, readOpencodePlugin } from './opencode.js';
import { isCompiledAgenticWorkflow, readAgenticWorkflow } from './agentic.js';
import { addServers, newConfig } from './build.js';
import { readClaudeFrontmatter, readClaudeSettings, readClaudeState } from './claude.js';
import { readCopilotAgent, readCopilotSettings, readCursor, readVscode, readZed } from './editors.js';
import { readServers } from './mcp.js';
import { ASSISTANT_CONFIG_KINDS } from '../../document/kinds.js';
import { configPath, toolOf } from './scope.js';
import type { AssistantConfig } from './types.js';
import { mentionsAgent, mentionsAgentCli, readAgentScript, readPackageScripts, readWorkflow } from './workflow.js';

export type * from './types.js';
export { scaleForScope, shiftSeverity } from './scope.js';
export type { CommandBreadth, CommandReach, ExecUtility, ShipAction } from './commands.js';
export { isCompiledAgenticWorkflow } from './agentic.js';
export { lockFreshness, type HashInput } from './agentic-lock.js';

/** Every file kind that holds assistant or agent configuration (GitHub workflows that run agents included). */
export const ASSISTANT_KINDS: readonly FileKind[] = [...ASSISTANT_CONFIG_KINDS, 'github-workflow', 'shell', 'javascript', 'typescript', 'json'];

const KINDS = new Set<FileKind>(ASSISTANT_KINDS);
const cache = new WeakMap<Document, AssistantConfig | null>();

/**
 * The normalised model of one assistant or agent configuration: what runs without approval,
 * which commands, paths, network and sandbox settings, hooks and setup scripts, MCP servers and
 * the credentials they receive. Built lazily, once per document; undefined for other files (and
 * for workflows that run no agent).
 */
export function assistantConfig(doc: Document): AssistantConfig | undefined {
  if (!KINDS.has(doc.kind)) return undefined;
  let config = cache.get(doc);
  if (config === undefined) {
    config = build(doc) ?? null;
    cache.set(doc, config);
  }
  return config ?? undefined;
}

function build(doc: Document): AssistantConfig | undefined {
  const tool = toolOf(doc);
  if (!tool) return undefined;
  if (doc.kind === 'github-workflow' && tool === 'github-actions' && !mentionsAgent(doc.text)) return undefined;
  if (doc.kind === 'shell' || doc.kind === 'json') {
    if (!mentionsAgentCli(doc.text)) return undefined;
    const script = newConfig(doc, tool);
    if (doc.kind === 'shell') readAgentScript(script, doc.text);
    else readPackageScripts(script, doc, dataRoot(doc));
    return script.approvals.length || script.sandbox.length ? script : undefined;
  }
  // gh-aw's compiled lock file is generated: its source (`<name>.md`) is judged instead.
  if (doc.kind === 'github-workflow' && isCompiledAgenticWorkflow(doc.text)) return undefined;
  const config = newConfig(doc, tool);
  const path = configPath(doc);
  // opencode plugin code (`.opencode/plugin/*.ts`): the file itself is what runs.
  if (doc.kind === 'javascript' || doc.kind === 'typescript') {
    readOpencodePlugin(config, doc.text, doc.path);
    return config;
  }
  if (doc.kind === 'claude-agent') {
    if (tool === 'opencode') readOpencodeAgent(config, frontmatter(doc));
    else if (tool === 'copilot') readCopilotAgent(config, frontmatter(doc));
    else readClaudeFrontmatter(config, doc, frontmatter(doc));
    return config;
  }
  if (doc.kind === 'agentic-workflow') {
    config.agentic = readAgenticWorkflow(config, frontmatter(doc));
    return config.agentic ? config : undefined;
  }
  if (doc.kind === 'agent-setup-script') {
    if (tool === 'cline') readHookScript(config, doc.text, path);
    else readSetupScript(config, doc.text, path.replace(/^.*\/(?=\.openhands\/)/, ''));
    return config;
  }
  const root = dataRoot(doc);
  switch (doc.kind) {
    case 'claude-settings':
      readClaudeSettings(config, root);
      break;
    case 'mcp-config':
      if (/(?:^|\/)\.claude\.json$/.test(path)) readClaudeState(config, root);
      else addServers(config, readServers(mcpContainer(root)));
      break;
    case 'cursor-config':
      readCursor(config, doc, root);
      break;
    case 'vscode-settings':
      if (tool === 'copilot') readCopilotSettings(config, root);
      else readVscode(config, root);
      break;
    case 'agent-hooks':
      readHookFile(config, root);
      break;
    case 'opencode-config':
      readOpencode(config, root);
      break;
    case 'agent-permissions':
      readPermissionsFile(config, root);
      break;
    case 'codex-config':
      readCodex(config, root);
      break;
    case 'gemini-settings':
      readGemini(config, root);
      break;
    case 'gemini-policy':
      readGeminiPolicy(config, root);
      break;
    case 'aider-config':
      readAider(config, root);
      break;
    case 'continue-config':
      readContinue(config, root);
      break;
    case 'amazonq-agent':
      readAgentJson(config, root);
      break;
    case 'goose-config':
      if (/secrets\.ya?ml$/.test(path)) readGooseSecrets(config, root);
      else readGoose(config, root);
      break;
    case 'openhands-config':
      readOpenHandsConfig(config, root);
      break;
    case 'zed-settings':
      readZed(config, root);
      break;
    case 'github-workflow':
    case 'copilot-setup-steps':
      readWorkflow(config, doc, root);
      if (tool === 'github-actions' && !config.agentRuns.length && !config.approvals.length) return undefined;
      break;
    default:
      break;
  }
  return config;
}

/** The servers map of an MCP file, whichever client's key it uses. */
function mcpContainer(root: ReturnType<typeof dataRoot>) {
  if (root?.type !== 'map') return undefined;
  for (const key of ['mcpServers', 'servers', 'mcp_servers', 'context_servers']) {
    const entry = root.entries.find((e) => e.key === key);
    if (entry) return entry.value;
  }
  const mcp = root.entries.find((e) => e.key === 'mcp')?.value;
  return mcp?.type === 'map' ? mcp.entries.find((e) => e.key === 'servers' || e.key === 'mcpServers')?.value : undefined;
}
