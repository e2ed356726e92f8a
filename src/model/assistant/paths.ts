import type { PathExposure } from './types.js';

/** How far a configured path reaches beyond the workspace, with what sits there. */
export interface PathReach {
  reach: 'root' | 'home' | 'credentials' | 'parent';
  exposes: PathExposure;
}

const CREDENTIAL_STORES: readonly [RegExp, PathExposure][] = [
  [/(?:^|\/)\.ssh(?:\/|$)/, 'ssh-keys'],
  [/(?:^|\/)\.aws(?:\/|$)/, 'aws-credentials'],
  [/(?:^|\/)\.config\/gcloud(?:\/|$)|(?:^|\/)\.azure(?:\/|$)|(?:^|\/)\.kube(?:\/|$)|(?:^|\/)\.oci(?:\/|$)/, 'cloud-credentials'],
  [
    /(?:^|\/)\.docker\/config\.json$|(?:^|\/)\.netrc$|(?:^|\/)\.git-credentials$|(?:^|\/)\.npmrc$|(?:^|\/)\.pypirc$|(?:^|\/)\.config\/gh(?:\/|$)/,
    'registry-and-forge-tokens',
  ],
  [/(?:^|\/)\.gnupg(?:\/|$)|(?:^|\/)\.password-store(?:\/|$)|(?:^|\/)library\/keychains(?:\/|$)/, 'private-keys-and-keychains'],
  [/(?:^|\/)\.(?:bashrc|zshrc|bash_profile|zprofile|profile|zshenv|envrc)$|(?:^|\/)\.config\/fish(?:\/|$)/, 'shell-startup-files'],
  [/^\/etc\/(?:shadow|sudoers)/, 'system-credential-files'],
];

/**
 * Classifies a path (or glob) from an assistant configuration: the disk root, a home directory,
 * a credential store or the workspace's parent. Undefined for anything narrower.
 */
export function pathReach(raw: string): PathReach | undefined {
  let path = raw
    .trim()
    .replace(/^['"]|['"]$/g, '')
    .replace(/\\/g, '/');
  if (!path) return undefined;
  // Claude Code rule syntax: `//x` is the absolute path `/x`.
  if (path.startsWith('//')) path = path.slice(1);
  path = path.replace(/^(?:\$\{?HOME\}?|\$\{env:(?:HOME|USERPROFILE)\}|\$\{userHome\}|%USERPROFILE%|\$env:USERPROFILE|%HOMEPATH%)(?=\/|$)/i, '~');
  // The workspace itself, as editors and launchers spell it: `${workspaceFolder}/..` is the parent.
  path = path.replace(
    /^(?:\$\{workspaceFolder(?::[^}]{0,100})?\}|\$\{workspaceRoot\}|\$\{?PWD\}?|\$\{cwd\}|\$CLAUDE_PROJECT_DIR|\$\{CLAUDE_PROJECT_DIR\})(?=\/|$)/,
    '.',
  );
  path = path.replace(/^(?:\.\/)+(?=\.\.(?:\/|$))/, '');
  const lower = path.toLowerCase();
  const trimmed = lower.replace(/(?:\/\*\*?)+(?:\/\*[^/]*)?$/, '').replace(/\/+$/, '');

  for (const [pattern, what] of CREDENTIAL_STORES) {
    if ((trimmed.startsWith('~') || isAbsolute(trimmed)) && pattern.test(trimmed)) return { reach: 'credentials', exposes: what };
  }
  if (trimmed === '' && lower.startsWith('/')) return { reach: 'root', exposes: 'whole-disk' };
  if (/^[a-z]:$/.test(trimmed)) return { reach: 'root', exposes: 'whole-drive' };
  if (
    trimmed === '~' ||
    /^\/(?:users|home)\/[^/]+$/.test(trimmed) ||
    trimmed === '/root' ||
    trimmed === '/var/root' ||
    /^[a-z]:\/users\/[^/]+$/.test(trimmed)
  ) {
    return { reach: 'home', exposes: 'home-directory' };
  }
  if (trimmed === '/users' || trimmed === '/home' || /^[a-z]:\/users$/.test(trimmed)) return { reach: 'home', exposes: 'every-home-directory' };
  if (/^(?:\.\.\/?)+$/.test(trimmed + '/') || trimmed === '..') return { reach: 'parent', exposes: 'sibling-projects' };
  return undefined;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[a-z]:\//.test(path);
}

/** Paths inside the agent's own configuration folders (writes there let it widen its grants). */
const OWN_CONFIG =
  /(?:^|\/)\.(?:claude|cursor|vscode|codex|gemini|zed|amazonq|kiro|roo|windsurf|continue|junie|openhands)(?:\/|$)|(?:^|\/)\.github\/workflows(?:\/|$)|(?:^|\/)\.mcp\.json$/;

/** Whether a write glob covers the agent's own configuration (`**`, `*`, `.vscode/**`…). */
export function coversOwnConfig(glob: string): boolean {
  const g = glob.trim().replace(/^\.\//, '');
  if (/^(?:\*\*|\*|\*\*\/\*|\.\/\*\*|\/\*\*)$/.test(g)) return true;
  if (/^\*\*\/\*\.json$|^\*\.json$/.test(g)) return true;
  return OWN_CONFIG.test(g.replace(/\/\*\*?.*$/, ''));
}
