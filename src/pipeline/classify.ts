import { dotfileTarget } from '../document/dotfiles.js';
import { ASSISTANT_CONFIG_KINDS, type FileKind } from '../document/kinds.js';

/**
 * Ordered path rules: the first whose pattern matches the lower-cased POSIX path (with a leading
 * `/`, so `/` anchors a segment boundary) gives the kind.
 */
const PATH_RULES: readonly [RegExp, FileKind][] = [
  // CI/CD
  [/\/\.github\/workflows\/[^/]+\.ya?ml$/, 'github-workflow'],
  // GitHub Agentic Workflows: the markdown source `gh aw compile` turns into `<name>.lock.yml`.
  [/\/\.github\/workflows\/(?:[^/]+\/)?[^/]+\.md$/, 'agentic-workflow'],
  [/\/action\.ya?ml$/, 'github-action'],
  [/\/(?:[^/]*\.)?gitlab-ci\.ya?ml$|\/\.gitlab\/ci\/.+\.ya?ml$/, 'gitlab-ci'],
  [
    /\/azure-pipelines[^/]*\.ya?ml$|\/\.?azure-?pipelines\/.+\.ya?ml$|\/\.azuredevops\/.+\.ya?ml$|\/\.ado\/.+\.ya?ml$|\/\.pipelines\/.+\.ya?ml$/,
    'azure-pipelines',
  ],
  [/\/\.circleci\/[^/]+\.ya?ml$/, 'circleci'],
  [/\/bitbucket-pipelines\.ya?ml$/, 'bitbucket-pipelines'],
  [/\/jenkinsfile(?:[._-][^/]*)?$|\/[^/]+\.jenkinsfile$/, 'jenkinsfile'],
  [/\/\.buildkite\/(?:[^/]+\/){0,8}(?!(?:docker-)?compose[^/]*$)[^/]+\.ya?ml$|\/buildkite\.ya?ml$|\/\.buildkite\/[^/]*pipeline[^/]*\.json$/, 'buildkite'],
  [/\/cloudbuild[^/]*\.(?:ya?ml|json)$/, 'cloudbuild'],
  [/\/buildspec[^/]*\.ya?ml$/, 'buildspec'],
  [/\/\.travis\.ya?ml$/, 'travis'],
  [/\/\.drone\.ya?ml$/, 'drone'],
  // AI assistants and agents
  [/\/\.claude\/settings(?:\.local)?\.json$|\/(?:claudecode|claude-code)\/managed-settings\.json$/, 'claude-settings'],
  [
    /\/\.claude\/(?:agents|commands|skills)\/.+\.md$|\/(?:\.opencode|\.config\/opencode)\/agents?\/.+\.md$|\/\.github\/(?:agents\/[^/]+\.agent|chatmodes\/[^/]+\.chatmode)\.md$/,
    'claude-agent',
  ],
  [
    /\/\.codex\/hooks\.json$|\/\.cursor\/hooks\.json$|\/\.github\/hooks\/[^/]+\.json$|\/(?:\.windsurf|\.codeium\/windsurf)\/hooks\.json$|\/\.kiro\/hooks\/[^/]+\.kiro\.hook$|\/\.openhands\/hooks\.json$/,
    'agent-hooks',
  ],
  [/\/(?:\.opencode\/)?opencode\.jsonc?$/, 'opencode-config'],
  [/\/\.continue\/permissions\.ya?ml$|\/\.kiro\/settings\/permissions\.ya?ml$/, 'agent-permissions'],
  [/\/\.clinerules\/hooks\/[^/]+$/, 'agent-setup-script'],
  [/\/gemini-extension\.json$|\/\.kilocode\/mcp\.json$|\/\.github\/mcp\.json$/, 'mcp-config'],
  [/\/\.github\/copilot\/settings(?:\.local)?\.json$|\/\.copilot\/(?:settings|config)\.json$/, 'vscode-settings'],
  [/\/\.amp\/settings\.json$|\/\.config\/amp\/settings\.json$/, 'vscode-settings'],
  [/\/\.cline\/data\/globalstate\.json$|\/roo-code-settings\.json$/, 'vscode-settings'],
  [
    /\/\.mcp\.json$|\/\.claude\.json$|\/(?:\.cursor|\.vscode|\.kiro\/settings|\.amazonq|\.aws\/amazonq|\.junie\/mcp|\.roo|\.windsurf|\.codeium\/windsurf|\.continue)\/mcp\.json$|\/code(?: - insiders)?\/user\/mcp\.json$|\/\.copilot\/mcp-config\.json$|\/claude_desktop_config\.json$|\/mcp_config\.json$|\/cline_mcp_settings\.json$|\/mcp_settings\.json$|\/\.continue\/mcpservers\/[^/]+\.json$/,
    'mcp-config',
  ],
  [/\/\.cursor\/(?:cli|cli-config|permissions|environment)\.json$/, 'cursor-config'],
  [
    /\/\.vscode\/settings\.json$|\.code-workspace$|\/code(?: - insiders)?\/user\/settings\.json$|\/\.devcontainer\/(?:[^/]+\/)?devcontainer\.json$|\/\.devcontainer\.json$/,
    'vscode-settings',
  ],
  [/\/\.codex\/config\.toml$/, 'codex-config'],
  [/\/\.(?:gemini|qwen)\/settings\.json$|\/gemini-?cli\/(?:settings|system-defaults)\.json$/, 'gemini-settings'],
  [/\/\.(?:gemini|qwen)\/policies\/[^/]+\.toml$/, 'gemini-policy'],
  [/\/\.aider\.conf\.ya?ml$/, 'aider-config'],
  [/\/\.continue\/(?:config\.(?:ya?ml|json)|(?:mcpservers|agents|assistants)\/[^/]+\.ya?ml)$/, 'continue-config'],
  [/\/(?:\.amazonq|\.aws\/amazonq)\/(?:cli-)?agents\/[^/]+\.json$|\/\.kiro\/agents\/[^/]+\.json$/, 'amazonq-agent'],
  [/\/(?:\.config\/)?goose\/(?:config|secrets)\.ya?ml$|\/\.goose\/(?:config|secrets)\.ya?ml$/, 'goose-config'],
  [/\/\.openhands\/config\.toml$|\/openhands[^/]*\/config\.toml$/, 'openhands-config'],
  [/\/\.openhands\/(?:setup|pre-commit)\.sh$/, 'agent-setup-script'],
  [/\/\.zed\/settings\.json$|\/zed\/settings\.json$/, 'zed-settings'],
  [/\/\.github\/copilot-setup-steps\.ya?ml$/, 'copilot-setup-steps'],
  // credentials and runtime configuration
  [/\/(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$/, 'docker-compose'],
  [/\/(?:dockerfile|containerfile)(?:\.[^/]*)?$|\.dockerfile$/, 'dockerfile'],
  [/\.(?:tf|tfvars|hcl)$/, 'terraform'],
  [/\/\.env(?:\.[^/]*)?$|\/[^/]+\.env$/, 'dotenv'],
  [/\/\.npmrc$/, 'npmrc'],
  [/\/\.pypirc$/, 'pypirc'],
  [/\/[._]netrc$/, 'netrc'],
  [/\/\.docker\/config\.json$|\/\.dockercfg$/, 'docker-config'],
  [
    /\/\.git-credentials$|\/\.gem\/credentials$|\/\.aws\/(?:credentials|config)$|\/\.boto$|\/\.s3cfg$|\/rclone\.conf$|\/\.pgpass$|\/pgpass\.conf$|\/\.?htpasswd$|\/\.?my\.(?:cnf|ini)$/,
    'credential-store',
  ],
  [/\/\.kube\/config$|\/kubeconfig(?:[._-][^/]*)?$|\.kubeconfig$|\/kube-?config[^/]*\.ya?ml$/, 'kubeconfig'],
  [/\.tfstate(?:\.backup|\.\d+\.backup)?$/, 'terraform-state'],
  [/\.(?:p12|pfx|pkcs12|jks|jceks|keystore)$/, 'keystore'],
  [/\.(?:pem|key|ppk|p8|asc|gpg)$|\/id_(?:rsa|dsa|ecdsa|ed25519)(?:_[^/.]*)?$/, 'private-key'],
];

const EXTENSIONS: Record<string, FileKind> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  map: 'json', // source maps: code escaped inside JSON strings
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  conf: 'ini',
  properties: 'properties',
  xml: 'xml',
  config: 'xml',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ps1: 'shell',
  py: 'python',
  rb: 'ruby',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'csharp',
  php: 'php',
  rs: 'rust',
  groovy: 'groovy',
  gradle: 'groovy',
  sql: 'sql',
  md: 'markdown',
  mdx: 'markdown',
};

/** The kind of a file from its path alone. */
export function classifyPath(path: string): FileKind {
  // A dotfiles repository managed by chezmoi names `~/.claude/settings.json` `dot_claude/settings.json`
  // (only assistant configurations are read under the decoded name: `dot_env.py` stays Python).
  const target = dotfileTarget(path);
  if (target) {
    const kind = kindOfPath(target);
    if (ASSISTANT_KINDS.has(kind)) return kind;
  }
  return kindOfPath(path);
}

const ASSISTANT_KINDS: ReadonlySet<FileKind> = new Set(ASSISTANT_CONFIG_KINDS);

function kindOfPath(path: string): FileKind {
  const lower = '/' + path.toLowerCase();
  for (const [pattern, kind] of PATH_RULES) if (pattern.test(lower)) return kind;
  const dot = lower.lastIndexOf('.');
  const slash = lower.lastIndexOf('/');
  const extension = dot > slash + 1 ? lower.slice(dot + 1) : '';
  return EXTENSIONS[extension] ?? 'text';
}

/** Kinds whose content is worth a peek: YAML under its own name or under a name that hides it. */
const PEEK_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['yaml', 'private-key', 'text', 'toml']);

/**
 * Refines a path-based kind with a peek at the content: a generic YAML file that is a Kubernetes
 * manifest, an Argo CD Application or an Azure Pipelines definition (Azure DevOps lets a pipeline
 * live at any path), and Kubernetes YAML saved under another name (`k8s/main.key` holding a
 * `List` with a TLS Secret).
 */
export function refineKind(kind: FileKind, text: string): FileKind {
  if (!PEEK_KINDS.has(kind)) return kind;
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (kind === 'toml') return isOpenHandsConfig(head) ? 'openhands-config' : kind;
  if (kind === 'yaml' && isAzurePipeline(head)) return 'azure-pipelines';
  if (!/^\s*"?apiVersion"?\s*:/m.test(head) || !/^\s*"?kind"?\s*:/m.test(head)) return kind;
  // Another name than .yaml: only a document that starts like a manifest is read as one.
  if (kind !== 'yaml' && !/^(?:\s*#[^\n]*\n|\s*---[^\n]*\n)*\s*(?:apiVersion|kind)\s*:/.test(head)) return kind;
  // A kubeconfig (`kind: Config` with users) holds credentials to a cluster, not workloads.
  if (/^"?kind"?\s*:\s*"?Config"?\s*$/m.test(head) && /^"?users"?\s*:/m.test(head)) return 'kubeconfig';
  if (/argoproj\.io\//.test(head) && /^\s*"?kind"?\s*:\s*"?(?:Application|ApplicationSet|AppProject)\b/m.test(head)) {
    return 'argocd';
  }
  return 'kubernetes';
}

/**
 * OpenHands reads `config.toml` from the directory it runs in (often a repository's root): its
 * `[core]` table next to an `[llm]` or `[sandbox]` table tells it from other tools' `config.toml`.
 */
function isOpenHandsConfig(head: string): boolean {
  return /^[ \t]*\[core\][ \t]*(?:#.*)?\r?$/m.test(head) && /^[ \t]*\[(?:llm|sandbox)(?:\.[\w-]+)?\][ \t]*(?:#.*)?\r?$/m.test(head);
}

/**
 * An Azure Pipelines definition: a task reference (`- task: Kubernetes@1`) or an Azure-only
 * key (`pool: { vmImage }`, `extends: { template }`), with the top-level keys a pipeline starts
 * with (`trigger`, `pr`, `pool`, `stages`, `jobs`, `steps`).
 */
function isAzurePipeline(head: string): boolean {
  if (!/^(?:trigger|pr|pool|stages|jobs|steps|resources|extends)\s*:/m.test(head)) return false;
  return /^\s*-?\s*task\s*:\s*["']?[A-Za-z][\w.-]*@\d+["']?\s*$/m.test(head) || /^\s+vmImage\s*:/m.test(head);
}
