import type { Document } from '../../document/document.js';
import { dotfileTarget } from '../../document/dotfiles.js';
import type { Severity } from '../../rule/types.js';
import type { AssistantTool, ConfigScope } from './types.js';

/**
 * The lower-cased path a configuration file is read from, with a leading `/`: for a chezmoi source
 * (`dot_codex/config.toml`) the home-relative path it installs to.
 */
export function configPath(doc: Document): string {
  return '/' + (dotfileTarget(doc.path) ?? doc.path).toLowerCase();
}

/** Which assistant reads a file of an assistant kind (the path tells MCP clients apart). */
export function toolOf(doc: Document): AssistantTool | undefined {
  const path = configPath(doc);
  switch (doc.kind) {
    case 'claude-settings':
      return 'claude-code';
    case 'claude-agent':
      if (OPENCODE_DIR.test(path)) return 'opencode';
      return path.includes('/.github/') ? 'copilot' : 'claude-code';
    case 'javascript':
    case 'typescript':
      // Only opencode's plugin folders: every file there is loaded into the agent at start.
      return OPENCODE_PLUGIN.test(path) ? 'opencode' : undefined;
    case 'agent-hooks':
      return hooksClientOf(path);
    case 'opencode-config':
      return 'opencode';
    case 'agent-permissions':
      return path.includes('/.kiro/') ? 'kiro' : 'continue';
    case 'agentic-workflow':
      return 'gh-aw';
    case 'cursor-config':
      return 'cursor';
    case 'vscode-settings':
      if (/\/\.(?:config\/)?amp\//.test(path)) return 'amp';
      if (path.includes('/.github/copilot/') || path.includes('/.copilot/')) return 'copilot';
      if (path.includes('/.cline/')) return 'cline';
      if (path.endsWith('/roo-code-settings.json')) return 'roo';
      return 'vscode';
    case 'codex-config':
      return 'codex';
    case 'gemini-settings':
    case 'gemini-policy':
      // Qwen Code is a fork of Gemini CLI and reads the same settings under `.qwen/`.
      return path.includes('/.qwen/') ? 'qwen' : 'gemini';
    case 'aider-config':
      return 'aider';
    case 'continue-config':
      return 'continue';
    case 'amazonq-agent':
      return path.includes('/.kiro/') ? 'kiro' : 'amazonq';
    case 'goose-config':
      return 'goose';
    case 'openhands-config':
      return 'openhands';
    case 'agent-setup-script':
      return path.includes('/.clinerules/') ? 'cline' : 'openhands';
    case 'zed-settings':
      return 'zed';
    case 'copilot-setup-steps':
      return 'copilot';
    case 'github-workflow':
      return /\/copilot-setup-steps\.ya?ml$/.test(path) ? 'copilot' : 'github-actions';
    case 'mcp-config':
      return mcpClientOf(path);
    case 'shell':
      return 'agent-script';
    case 'json':
      // npm scripts that run an agent CLI are committed scripts like any other.
      return path.endsWith('/package.json') ? 'agent-script' : undefined;
    default:
      return undefined;
  }
}

/** opencode's project (`.opencode/`) and user (`~/.config/opencode/`) folders. */
const OPENCODE_DIR = /\/\.opencode\/|\/\.config\/opencode\//;
/** Plugin code opencode loads from those folders (`plugin/` and `plugins/`). */
const OPENCODE_PLUGIN = /\/(?:\.opencode|\.config\/opencode)\/plugins?\/[^/]+\.(?:[cm]?[jt]s|tsx|jsx)$/;

function hooksClientOf(path: string): AssistantTool {
  if (path.includes('/.codex/')) return 'codex';
  if (path.includes('/.cursor/')) return 'cursor';
  if (path.includes('/.github/hooks/')) return 'copilot';
  if (path.includes('/.kiro/')) return 'kiro';
  if (path.includes('/.openhands/')) return 'openhands';
  return 'windsurf';
}

function mcpClientOf(path: string): AssistantTool {
  if (path.endsWith('/gemini-extension.json')) return 'gemini';
  if (path.includes('/.kilocode/')) return 'kilo';
  if (path.endsWith('/.github/mcp.json')) return 'copilot';
  if (path.includes('/.cursor/')) return 'cursor';
  if (path.includes('/.vscode/') || /\/code(?: - insiders)?\/user\//.test(path)) return 'vscode';
  if (path.includes('/.copilot/')) return 'copilot';
  if (path.includes('/.kiro/')) return 'kiro';
  if (path.includes('/.amazonq/') || path.includes('/amazonq/')) return 'amazonq';
  if (path.includes('/.junie/')) return 'junie';
  if (path.includes('/.roo/') || path.endsWith('/mcp_settings.json')) return 'roo';
  if (path.endsWith('/cline_mcp_settings.json')) return 'cline';
  if (path.includes('/.windsurf/') || path.includes('/.codeium/') || path.endsWith('/mcp_config.json')) return 'windsurf';
  if (path.includes('/.continue/')) return 'continue';
  if (path.endsWith('/claude_desktop_config.json')) return 'claude-desktop';
  return 'claude-code';
}

/** Paths that hold per-user (not per-project) configuration, even when committed to a repository. */
const USER_PATHS =
  /\/\.cline\/|\/roo-code-settings\.json$|\/\.config\/|\/library\/application support\/|\/appdata\/|\/\.codeium\/|\/\.aws\/amazonq\/|\/code(?: - insiders)?\/user\/|\/\.copilot\/|\/claude_desktop_config\.json$|\/cline_mcp_settings\.json$|\/mcp_settings\.json$|\/\.claude\.json$|\/cli-config\.json$|\/goose\/(?:config|secrets)\.ya?ml$|\/zed\/settings\.json$|\/\.continue\/config\.(?:ya?ml|json)$/;

/** Whose configuration a file is (see {@link ConfigScope}). */
export function scopeOf(doc: Document, tool: AssistantTool): ConfigScope {
  const path = configPath(doc);
  // A script that runs an agent is started on purpose, like a CI job (not loaded by opening the repository).
  if (doc.kind === 'github-workflow' || doc.kind === 'copilot-setup-steps' || doc.kind === 'agentic-workflow' || tool === 'agent-script') return 'ci';
  if (/managed-settings\.json$|\/etc\//.test(path)) return 'managed';
  if (/\/\.zed\/settings\.json$/.test(path)) return 'project';
  // chezmoi installs its source tree into a home directory.
  if (USER_PATHS.test(path) || dotfileTarget(doc.path)) return 'user';
  // Codex only reads `[projects]` trust entries from the user's own config.
  if (tool === 'codex' && /^\s*\[projects\./m.test(doc.text)) return 'user';
  return 'project';
}

const ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Moves a severity up (positive) or down (negative) by steps, within info…critical. */
export function shiftSeverity(severity: Severity, steps: number): Severity {
  const index = Math.max(0, Math.min(ORDER.length - 1, ORDER.indexOf(severity) + steps));
  return ORDER[index]!;
}

/**
 * The severity of a grant of base severity `base` (as a committed project file) in a file of
 * this scope: a user-level file describes only its owner's machine (one step lower).
 */
export function scaleForScope(base: Severity, scope: ConfigScope): Severity {
  return scope === 'user' ? shiftSeverity(base, -1) : base;
}
