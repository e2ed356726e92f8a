/** Kinds that define a CI/CD pipeline. */
export const PIPELINE_KINDS = [
  'github-workflow',
  'github-action',
  'gitlab-ci',
  'azure-pipelines',
  'circleci',
  'bitbucket-pipelines',
  'jenkinsfile',
  'buildkite',
  'cloudbuild',
  'buildspec',
  'travis',
  'drone',
  'argocd',
] as const;

/** Kinds that configure an AI coding assistant or agent (not counting workflows that run one). */
export const ASSISTANT_CONFIG_KINDS = [
  'claude-settings',
  'claude-agent',
  'mcp-config',
  'cursor-config',
  'vscode-settings',
  'codex-config',
  'gemini-settings',
  'aider-config',
  'continue-config',
  'amazonq-agent',
  'goose-config',
  'openhands-config',
  'zed-settings',
  'copilot-setup-steps',
  'agent-setup-script',
  'gemini-policy',
  'agent-hooks',
  'opencode-config',
  'agent-permissions',
  'agentic-workflow',
] as const;

/** General programming languages (see {@link PROGRAMMING_LANGUAGE_KINDS}). */
const LANGUAGE_KINDS = ['javascript', 'typescript', 'python', 'ruby', 'go', 'java', 'kotlin', 'csharp', 'php', 'rust', 'groovy'] as const;

/**
 * Every kind of file nhiscan tells apart. The classifier assigns one kind per file; rules declare
 * the kinds they read, and the parse table maps each kind to its parser.
 */
export const FILE_KINDS = [
  ...PIPELINE_KINDS,
  // infrastructure and runtime configuration
  'kubernetes',
  'docker-compose',
  'dockerfile',
  'terraform',
  'dotenv',
  'npmrc',
  'pypirc',
  'netrc',
  'docker-config',
  // credential stores of git, cloud and database clients (.git-credentials, .aws/credentials, .pgpass…)
  'credential-store',
  'kubeconfig',
  'terraform-state',
  'private-key',
  // binary PKCS#12 and Java key stores, recognised by magic bytes (no text)
  'keystore',
  ...ASSISTANT_CONFIG_KINDS,
  // general programming languages, data formats and prose
  ...LANGUAGE_KINDS,
  'json',
  'yaml',
  'toml',
  'ini',
  'properties',
  'xml',
  'shell',
  'sql',
  'markdown',
  'text',
] as const;

export type FileKind = (typeof FILE_KINDS)[number];

/** General programming languages: where an unquoted word after `=` is code (a variable), not a value. */
export const PROGRAMMING_LANGUAGE_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(LANGUAGE_KINDS);

/** The syntax a kind is parsed with; `text` kinds keep only their raw text. */
export type SyntaxFamily = 'yaml' | 'json' | 'toml' | 'js' | 'text';

const SYNTAX: Partial<Record<FileKind, SyntaxFamily>> = {
  'github-workflow': 'yaml',
  'github-action': 'yaml',
  'gitlab-ci': 'yaml',
  'azure-pipelines': 'yaml',
  circleci: 'yaml',
  'bitbucket-pipelines': 'yaml',
  buildkite: 'yaml',
  cloudbuild: 'yaml',
  buildspec: 'yaml',
  travis: 'yaml',
  drone: 'yaml',
  argocd: 'yaml',
  kubernetes: 'yaml',
  kubeconfig: 'yaml',
  'docker-compose': 'yaml',
  'aider-config': 'yaml',
  'continue-config': 'yaml',
  'goose-config': 'yaml',
  'copilot-setup-steps': 'yaml',
  'agent-permissions': 'yaml',
  yaml: 'yaml',
  'claude-settings': 'json',
  'mcp-config': 'json',
  'cursor-config': 'json',
  'vscode-settings': 'json',
  'gemini-settings': 'json',
  'amazonq-agent': 'json',
  'zed-settings': 'json',
  'agent-hooks': 'json',
  'opencode-config': 'json',
  'docker-config': 'json',
  'terraform-state': 'json',
  json: 'json',
  'codex-config': 'toml',
  'openhands-config': 'toml',
  'gemini-policy': 'toml',
  toml: 'toml',
  javascript: 'js',
  typescript: 'js',
};

/** Which parser family reads a kind. */
export function syntaxOf(kind: FileKind): SyntaxFamily {
  return SYNTAX[kind] ?? 'text';
}
