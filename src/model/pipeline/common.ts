import { entries, str, walk, type DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { parseShell } from './shell.js';
import { rangeIn, scalarSource, type SourceText } from './source.js';
import type { Command, Input, Located, Reference } from './types.js';

/** Helpers every platform builder shares: inputs, scripts, references. */

/** The entries of a map as inputs (`with:`, `env:`, `variables:`). */
export function inputsOf(node: DataNode | undefined): Input[] {
  return entries(node).map((e) => ({ name: e.key, keyRange: e.keyRange, value: str(e.value), valueRange: e.value.range, node: e.value }));
}

/** A scalar string with its range. */
export function located(node: DataNode | undefined): Located | undefined {
  const value = str(node);
  return value === undefined || !node ? undefined : { value, range: node.range };
}

/** Strings of a list, or of one scalar. */
export function strings(node: DataNode | undefined): string[] {
  if (!node) return [];
  if (node.type === 'seq') return node.items.flatMap((item) => (str(item) === undefined ? [] : [str(item)!]));
  const value = str(node);
  return value === undefined ? [] : [value];
}

/** Every string scalar of a script node (a string, a list, nested lists), as mapped sources. */
function scriptSources(node: DataNode | undefined, docText: string): SourceText[] {
  if (!node) return [];
  const out: SourceText[] = [];
  walk(node, (n) => {
    if (n.type === 'map') return false;
    if (n.type === 'scalar') {
      const source = scalarSource(n, docText);
      if (source) out.push(source);
    }
    return undefined;
  });
  return out;
}

/** Parses every script string of a node into commands. */
export function commandsOf(node: DataNode | undefined, docText: string, dialect: 'sh' | 'pwsh' = 'sh'): Command[] {
  return scriptSources(node, docText).flatMap((source) => parseShell(source, { dialect }));
}

// ---- references ------------------------------------------------------------------------------

/** Visits every string scalar under a node with the key of the entry holding it. */
export function eachString(node: DataNode | undefined, visit: (scalar: DataNode & { type: 'scalar' }, value: string, key: string | undefined) => void): void {
  if (!node) return;
  walk(node, (n, path) => {
    if (n.type === 'scalar' && typeof n.value === 'string') {
      const last = path[path.length - 1];
      visit(n as DataNode & { type: 'scalar' }, n.value, typeof last === 'string' ? last : undefined);
    }
  });
}

const GITHUB_EXPRESSION = /\$\{\{((?:[^}]|\}(?!\})){0,2000}?)\}\}/g;
const GITHUB_SECRET =
  /(?<![.\w-])secrets\s{0,4}(?:\.\s{0,4}([A-Za-z_][A-Za-z0-9_-]{0,200})|\[\s{0,4}(['"])([A-Za-z_][A-Za-z0-9_-]{0,200})\2\s{0,4}\]|(\[)|(?![.\w[]))/g;
const GITHUB_VARIABLE = /(?<![.\w-])vars\s{0,4}\.\s{0,4}([A-Za-z_][A-Za-z0-9_-]{0,200})/g;

/**
 * GitHub Actions references in a string: `secrets.NAME`, `secrets['NAME']`, `vars.NAME` inside
 * `${{ }}` (or anywhere in an `if:` condition, which is an expression without the braces), and
 * the whole secrets context (`toJSON(secrets)`, `secrets[format(…)]`).
 */
export function githubReferences(source: SourceText, sink: string | undefined, bare = false): Reference[] {
  const out: Reference[] = [];
  const scan = (start: number, end: number) => {
    const text = source.text.slice(start, end);
    for (const m of text.matchAll(GITHUB_SECRET)) {
      const at = start + m.index;
      const name = m[1] ?? m[3];
      if (name) out.push({ kind: 'secret', name, range: rangeIn(source, at, at + m[0].length), sink });
      else out.push({ kind: 'whole-secrets', name: 'secrets', range: rangeIn(source, at, at + m[0].length), sink });
    }
    for (const m of text.matchAll(GITHUB_VARIABLE)) {
      const at = start + m.index;
      out.push({ kind: 'variable', name: m[1]!, range: rangeIn(source, at, at + m[0].length), sink });
    }
  };
  if (bare && !source.text.includes('${{')) scan(0, source.text.length);
  else for (const m of source.text.matchAll(GITHUB_EXPRESSION)) scan(m.index + 3, m.index + m[0].length - 2);
  return out;
}

/** `$NAME`, `${NAME}`, `${NAME:-x}` (sh) and `$env:NAME` (PowerShell) in a string. */
const SHELL_VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]{0,127})[}:#%/?+=[-]|env:([A-Za-z_][A-Za-z0-9_]{0,127})|([A-Za-z_][A-Za-z0-9_]{0,127}))/g;

/** Shell-style variable references in a string, with their ranges. */
export function shellVariableReferences(source: SourceText, sink: string | undefined): { name: string; range: Range; sink?: string }[] {
  const out: { name: string; range: Range; sink?: string }[] = [];
  for (const m of source.text.matchAll(SHELL_VARIABLE)) {
    if (source.text[m.index - 1] === '$' || source.text[m.index - 1] === '\\') continue;
    const name = m[1] ?? m[2] ?? m[3]!;
    out.push({ name, range: rangeIn(source, m.index, m.index + m[0].length), sink });
  }
  return out;
}

/** Names a shell script assigns itself (`export FOO=`, `FOO=`, `read FOO`, `for FOO in`), which are not external variables. */
export function assignedNames(commands: readonly Command[]): Set<string> {
  const names = new Set<string>();
  for (const command of commands) {
    for (const a of command.assignments) names.add(a.value.split('=')[0]!.replace(/\+$/, ''));
    const argv = command.argv.map((w) => w.value);
    const head = argv[0];
    if (head === 'export' || head === 'declare' || head === 'local' || head === 'readonly' || head === 'typeset') {
      for (const word of argv.slice(1)) if (/^[A-Za-z_]/.test(word)) names.add(word.split('=')[0]!);
    } else if (head === 'read') {
      for (const word of argv.slice(1)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) names.add(word);
    } else if (head === 'for' && argv[1]) {
      names.add(argv[1]);
    }
  }
  return names;
}

/** Environment variables every runner or shell sets itself: never a stored secret. */
const RUNTIME_VARIABLES = new Set([
  'HOME',
  'PATH',
  'PWD',
  'OLDPWD',
  'USER',
  'SHELL',
  'HOSTNAME',
  'TERM',
  'LANG',
  'TMPDIR',
  'RANDOM',
  'SECONDS',
  'UID',
  'IFS',
  'OSTYPE',
  'LINENO',
  'BASH_SOURCE',
  'PIPESTATUS',
  'REPLY',
  'CI',
  'BUILD_NUMBER',
  'BUILD_ID',
  'BUILD_URL',
  'JOB_NAME',
  'WORKSPACE',
  'BRANCH_NAME',
  'TAG_NAME',
  'GIT_COMMIT',
  'GIT_BRANCH',
  'CHANGE_ID',
  'NODE_NAME',
  'EXECUTOR_NUMBER',
  'JENKINS_URL',
  'DOCKER_HOST',
  'DOCKER_TLS_CERTDIR',
  'DOCKER_DRIVER',
  'DOCKER_BUILDKIT',
  'GOPATH',
  'JAVA_HOME',
  'NODE_ENV',
  'VERSION',
  'TAG',
  'IMAGE',
  'IMAGE_TAG',
  'IMAGE_NAME',
]);

/**
 * Variables platforms set themselves (`CI_COMMIT_SHA`, `CIRCLE_BRANCH`, `BITBUCKET_COMMIT`,
 * `BUILD_SOURCEBRANCH`). Kept narrow: `GITLAB_TOKEN`, `CIRCLE_TOKEN` or `BITBUCKET_APP_PASSWORD`
 * are stored by people, not set by the platform.
 */
const RUNTIME_PATTERNS: readonly RegExp[] = [
  /^(?:CI_|RUNNER_|DRONE_|TRAVIS_|CODEBUILD_|BUILDKITE_|_)/,
  /^GITLAB_(?:CI|FEATURES|USER_[A-Z_]{1,40})$/,
  /^GITHUB_(?:SHA|REF|REF_NAME|REF_TYPE|REF_PROTECTED|REPOSITORY|REPOSITORY_ID|REPOSITORY_OWNER|REPOSITORY_OWNER_ID|RUN_ID|RUN_NUMBER|RUN_ATTEMPT|WORKSPACE|ACTOR|ACTOR_ID|TRIGGERING_ACTOR|EVENT_NAME|EVENT_PATH|ENV|OUTPUT|PATH|STATE|STEP_SUMMARY|SERVER_URL|API_URL|GRAPHQL_URL|JOB|ACTION|ACTION_PATH|ACTION_REF|ACTION_REPOSITORY|ACTIONS|BASE_REF|HEAD_REF|WORKFLOW|WORKFLOW_REF|WORKFLOW_SHA|RETENTION_DAYS)$/,
  /^CIRCLE_(?:SHA1|BRANCH|TAG|BUILD_NUM|BUILD_URL|JOB|NODE_INDEX|NODE_TOTAL|PROJECT_REPONAME|PROJECT_USERNAME|PR_NUMBER|PR_REPONAME|PR_USERNAME|PULL_REQUEST|PULL_REQUESTS|REPOSITORY_URL|USERNAME|WORKFLOW_ID|WORKFLOW_JOB_ID|WORKFLOW_WORKSPACE_ID|WORKING_DIRECTORY|COMPARE_URL|INTERNAL_TASK_DATA|OIDC_TOKEN|OIDC_TOKEN_V2|PIPELINE_ID|PIPELINE_NUMBER|SHELL_ENV|PREVIOUS_BUILD_NUM)$/,
  /^BITBUCKET_(?:COMMIT|BRANCH|TAG|BOOKMARK|BUILD_NUMBER|REPO_[A-Z_]{1,20}|WORKSPACE|PR_[A-Z_]{1,30}|CLONE_DIR|STEP_[A-Z_]{1,30}|PIPELINE_UUID|DEPLOYMENT_[A-Z_]{1,30}|GIT_[A-Z_]{1,30}|PROJECT_[A-Z_]{1,20}|EXIT_CODE|PARALLEL_[A-Z_]{1,30}|SSH_KEY_FILE)$/,
  /^(?:BUILD|SYSTEM|AGENT|PIPELINE|ENVIRONMENT|TF_BUILD)_[A-Z0-9]{1,60}$/,
  /^(?:AWS_REGION|AWS_DEFAULT_REGION|PROJECT_ID|PROJECT_NUMBER|BRANCH_NAME|COMMIT_SHA|SHORT_SHA|REPO_NAME|REPO_FULL_NAME|REVISION_ID|TRIGGER_NAME|LOCATION|BUILD_ID|TAG_NAME)$/,
];

/** Whether a variable is set by the platform or shell rather than stored by the project. */
export function isRuntimeVariable(name: string): boolean {
  return RUNTIME_VARIABLES.has(name) || RUNTIME_PATTERNS.some((p) => p.test(name)) || /^[0-9]+$/.test(name);
}

/**
 * Variables a job reads that the file does not define: stored project, group, context or
 * deployment variables (where secrets live on GitLab, CircleCI, Bitbucket, Buildkite…).
 */
export function externalVariableReferences(
  nodes: readonly (DataNode | undefined)[],
  docText: string,
  defined: ReadonlySet<string>,
  commands: readonly Command[],
): Reference[] {
  const assigned = assignedNames(commands);
  const out: Reference[] = [];
  for (const node of nodes) {
    eachString(node, (scalar, _value, key) => {
      const source = scalarSource(scalar, docText);
      if (!source) return;
      for (const ref of shellVariableReferences(source, key)) {
        if (defined.has(ref.name) || assigned.has(ref.name) || isRuntimeVariable(ref.name)) continue;
        out.push({ kind: 'variable', name: ref.name, range: ref.range, sink: ref.sink });
      }
    });
  }
  return out;
}

/** Names that say a value is a credential (`*_TOKEN`, `*PASSWORD*`, `*_KEY`, `KUBECONFIG`…). */
export const CREDENTIAL_LIKE =
  /PASS|PWD|SECRET|TOKEN|KEY|CRED|AUTH|(?:^|_)PAT(?:_|$)|CERT|KUBECONFIG|SSH|PRIVATE|WEBHOOK|DSN|CONNECTION_STRING|SAS|JWT|SESSION|ACCOUNT_JSON|_JSON_KEY/i;

/** A reference to something that grants access: a stored secret, credential, context or connection. */
export function isCredentialReference(ref: Reference): boolean {
  if (ref.kind === 'secret') return ref.name !== 'GITHUB_TOKEN';
  if (ref.kind === 'variable') return CREDENTIAL_LIKE.test(ref.name) || (ref.sink !== undefined && CREDENTIAL_LIKE.test(ref.sink));
  return ref.kind !== 'variable-group';
}

/** Deduplicates references by kind, name and position. */
export function uniqueReferences(refs: readonly Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}\0${r.name}\0${r.range.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
