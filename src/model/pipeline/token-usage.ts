import { jobLogins } from './cloud.js';
import { inputReader, normaliseUses } from './known.js';
import { effectiveArgv } from './shell.js';
import type { Job, Pipeline, Step } from './types.js';

/**
 * Which GITHUB_TOKEN write scopes a GitHub Actions job demonstrably uses. The answer is a set
 * of scopes when every step is understood (shell commands and well-known actions), and
 * undefined when any step could use the token in ways the file does not show (an unknown or
 * local action, `gh api`, a script handed the token): then no scope can be called unused.
 */
export function tokenScopesUsed(pipeline: Pipeline, job: Job): Set<string> | undefined {
  const used = new Set<string>();
  if (job.call) return undefined;
  // A token in the job's or workflow's `env` reaches every step's scripts, as a step's own would.
  const tokenInScope = [...pipeline.env, ...job.env].some(isJobToken);
  for (const login of jobLogins(pipeline, job)) if (login.method === 'oidc') used.add('id-token');
  for (const step of job.steps) {
    if (step.uses) {
      const scopes = actionScopes(step);
      if (!scopes) return undefined;
      for (const s of scopes) used.add(s);
    }
    const fromCommands = commandScopes(step, tokenInScope);
    if (!fromCommands) return undefined;
    for (const s of fromCommands) used.add(s);
  }
  return used;
}

/** Actions that need no token write scope. */
const INERT = new Set([
  'actions/checkout',
  'actions/cache',
  'actions/cache/restore',
  'actions/cache/save',
  'actions/upload-artifact',
  'actions/download-artifact',
  'actions/upload-pages-artifact',
  'docker/setup-buildx-action',
  'docker/setup-qemu-action',
  'docker/metadata-action',
  'hashicorp/setup-terraform',
  'ruby/setup-ruby',
  'pnpm/action-setup',
  'astral-sh/setup-uv',
  'dtolnay/rust-toolchain',
  'swatinem/rust-cache',
  'jdx/mise-action',
  'gradle/actions/setup-gradle',
  'gradle/gradle-build-action',
  'oven-sh/setup-bun',
  'denoland/setup-deno',
  'extractions/setup-just',
  'aws-actions/amazon-ecr-login',
  'aws-actions/amazon-ecs-render-task-definition',
  'aws-actions/amazon-ecs-deploy-task-definition',
  'azure/webapps-deploy',
  'azure/setup-helm',
  'azure/setup-kubectl',
  'azure/k8s-set-context',
  'google-github-actions/setup-gcloud',
  'google-github-actions/deploy-cloudrun',
  'google-github-actions/get-gke-credentials',
  'sigstore/cosign-installer',
  'slackapi/slack-github-action',
  'dependabot/fetch-metadata',
  'golangci/golangci-lint-action',
  'github/codeql-action/init',
  'github/codeql-action/autobuild',
  'actions/configure-pages',
  'actions/dependency-review-action',
  'shivammathur/setup-php',
  'goto-bus-stop/setup-zig',
  'mlugg/setup-zig',
  'erlef/setup-beam',
  'haskell-actions/setup',
  'cachix/install-nix-action',
  'hashicorp/vault-action',
  'docker/build-push-action',
  'docker/login-action',
  'codecov/codecov-action',
]);

/** Actions and the write scopes they need. */
const SCOPES: Record<string, string[]> = {
  'softprops/action-gh-release': ['contents'],
  'ncipollo/release-action': ['contents'],
  'actions/create-release': ['contents'],
  'actions/upload-release-asset': ['contents'],
  'svenstaro/upload-release-action': ['contents'],
  'stefanzweifel/git-auto-commit-action': ['contents'],
  'endbug/add-and-commit': ['contents'],
  'ad-m/github-push-action': ['contents'],
  'peaceiris/actions-gh-pages': ['contents'],
  'jamesives/github-pages-deploy-action': ['contents'],
  'peter-evans/create-pull-request': ['contents', 'pull-requests'],
  'googleapis/release-please-action': ['contents', 'pull-requests', 'issues'],
  'google-github-actions/release-please-action': ['contents', 'pull-requests', 'issues'],
  'changesets/action': ['contents', 'pull-requests'],
  'actions/labeler': ['pull-requests', 'issues'],
  // Since v9 it keeps its state in the Actions cache and deletes the old entry (actions/stale#1131).
  'actions/stale': ['issues', 'pull-requests', 'actions'],
  'marocchino/sticky-pull-request-comment': ['pull-requests'],
  'thollander/actions-comment-pull-request': ['pull-requests'],
  'mshick/add-pr-comment': ['pull-requests', 'issues'],
  'peter-evans/create-or-update-comment': ['issues', 'pull-requests'],
  'enricomi/publish-unit-test-result-action': ['checks', 'pull-requests'],
  'dorny/test-reporter': ['checks'],
  'github/codeql-action/analyze': ['security-events'],
  'github/codeql-action/upload-sarif': ['security-events'],
  'actions/deploy-pages': ['pages', 'id-token'],
  'actions/attest-build-provenance': ['id-token', 'attestations'],
  'actions/attest-sbom': ['id-token', 'attestations'],
  'actions/attest': ['id-token', 'attestations'],
  'pypa/gh-action-pypi-publish': ['id-token'],
  'rubygems/release-gem': ['id-token'],
  'aws-actions/configure-aws-credentials': [],
  'google-github-actions/auth': [],
  'azure/login': [],
};

function actionScopes(step: Step): string[] | undefined {
  const uses = step.uses!.value;
  if (uses.startsWith('./') || uses.startsWith('docker://')) return undefined;
  const name = normaliseUses('github-actions', uses);
  const inputs = inputReader(step.inputs);
  if (/^actions\/setup-/.test(name)) return [];
  // Logging in with the job token only makes sense for GitHub Packages (whatever the registry expression).
  if (name === 'docker/login-action' || name === 'redhat-actions/podman-login')
    return /ghcr\.io|docker\.pkg\.github\.com/.test(inputs.get('registry') ?? '') || /secrets\.GITHUB_TOKEN|github\.token/.test(inputs.get('password') ?? '')
      ? ['packages']
      : [];
  if (name === 'docker/build-push-action') return /ghcr\.io/.test(inputs.get('tags') ?? '') && /^true$/i.test(inputs.get('push') ?? '') ? ['packages'] : [];
  if (name === 'codecov/codecov-action') return /^true$/i.test(inputs.get('use_oidc') ?? '') ? ['id-token'] : [];
  // Its `publish` command runs `changeset publish` (npm, with OIDC trusted publishing when an ID token can be minted).
  if (name === 'changesets/action' && inputs.get('publish')) return ['contents', 'pull-requests', 'id-token'];
  if (INERT.has(name)) return [];
  return SCOPES[name];
}

const GH_SUBCOMMANDS: Record<string, string[] | undefined> = {
  release: ['contents'],
  pr: ['pull-requests', 'contents'],
  issue: ['issues'],
  label: ['issues'],
  workflow: ['actions'],
  run: ['actions'],
  cache: ['actions'],
  attestation: ['id-token', 'attestations'],
  auth: [],
  secret: undefined,
  api: undefined,
  repo: undefined,
  extension: [],
  version: [],
};

/** Scopes shell commands use; undefined when a command could use the token in unseen ways. */
/** Publishers that authenticate with the job's ID token, also behind `npx`, `pnpm exec`, `pnpm dlx`, `bunx`. */
function mintsIdTokenToPublish(argv: readonly string[]): boolean {
  const at = argv.findIndex((w) => /^(?:@?jsr|pkg-pr-new|deno)(?:@[\w.^~-]+)?$/.test(w));
  return at !== -1 && at <= 3 && argv[at + 1] === 'publish';
}

/** An input or env entry that hands over the job's own token. */
function isJobToken(input: { value?: string }): boolean {
  return /secrets\.GITHUB_TOKEN|github\.token/.test(input.value ?? '');
}

function commandScopes(step: Step, tokenInScope: boolean): string[] | undefined {
  const out: string[] = [];
  for (const command of step.commands) {
    const argv = effectiveArgv(command);
    const [name, sub] = argv;
    if (
      (name === 'git' && (sub === 'push' || (sub === 'tag' && argv.includes('--push')) || (sub === 'subtree' && argv[2] === 'push'))) ||
      pushesThroughCheckout(argv)
    )
      out.push('contents');
    else if (isDeployNamedScript(argv)) return undefined;
    else if (name === 'gh') {
      const scopes = GH_SUBCOMMANDS[sub ?? ''];
      if (!scopes) return undefined;
      out.push(...scopes);
    } else if (
      (name === 'curl' || name === 'wget' || name === 'http') &&
      argv.some((w) => /api\.github\.com|uploads\.github\.com|GITHUB_TOKEN|github\.token/.test(w))
    ) {
      return undefined;
    } else if ((name === 'docker' || name === 'podman') && argv.some((w) => /ghcr\.io/.test(w)) && (argv.includes('push') || argv.includes('login'))) {
      out.push('packages');
    } else if (name === 'cosign' && (sub === 'sign' || sub === 'attest' || sub === 'sign-blob')) {
      // Keyless signing mints an ID token; signatures and attestations are pushed to the image's registry.
      out.push('id-token', 'packages');
    } else if ((name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun') && argv.includes('publish')) {
      // npm's CLI uses OIDC trusted publishing (and provenance) when an ID token can be minted.
      out.push('id-token');
      if (argv.some((w) => /npm\.pkg\.github\.com/.test(w))) out.push('packages');
    } else if ((name === 'uv' || name === 'pdm') && sub === 'publish') {
      out.push('id-token');
    } else if (mintsIdTokenToPublish(argv)) {
      // pkg.pr.new previews and JSR (`jsr publish`, `deno publish`) authenticate the publish with the job's OIDC token.
      out.push('id-token');
    } else if (['semantic-release', 'goreleaser', 'release-it', 'lerna', 'changeset', 'hub', 'danger', 'reviewdog'].includes(name ?? '')) {
      return undefined;
    }
  }
  // A script handed the token can do anything the token allows.
  const tokenInEnv = tokenInScope || [...step.env, ...step.inputs].some(isJobToken);
  if (tokenInEnv && !step.commands.every((c) => ['git', 'gh', 'docker', 'echo', 'cosign', 'npm', 'pnpm', 'yarn'].includes(effectiveArgv(c)[0] ?? '')))
    return undefined;
  if (step.script && /ACTIONS_ID_TOKEN_REQUEST|getIDToken/.test(step.script.value)) out.push('id-token');
  return out;
}

/**
 * Tools that commit and push with the credentials `actions/checkout` left in `.git/config`
 * (the job token, unless `persist-credentials: false`): documentation deployers and release
 * tools that push a branch or tags.
 */
function pushesThroughCheckout(argv: readonly string[]): boolean {
  const [name, sub] = argv;
  if (name === 'mkdocs' && sub === 'gh-deploy') return true;
  if (name === 'gh-pages') return true;
  if (name === 'ghp-import') return argv.includes('-p') || argv.includes('--push');
  if (name === 'mike' && ['deploy', 'set-default', 'delete', 'alias', 'retitle'].includes(sub ?? '')) return argv.includes('-p') || argv.includes('--push');
  if (name === 'cargo' && sub === 'release') return argv.includes('--execute') || argv.includes('-x');
  return false;
}

/** A project script named for deploying or releasing (`npm run deploy`, `make release`): it may push with the persisted token. */
function isDeployNamedScript(argv: readonly string[]): boolean {
  const [name, sub, third] = argv;
  const target =
    name === 'npm' || name === 'yarn' || name === 'pnpm' || name === 'bun'
      ? sub === 'run' || sub === 'run-script'
        ? third
        : sub
      : name === 'make' || name === 'just' || name === 'task'
        ? sub
        : undefined;
  // `deploy`, `release:npm`, `ci:publish`, `publish-packages`
  return target !== undefined && /^(?:deploy|release|publish|gh-pages)|^[\w-]+:(?:deploy|release|publish)\b/i.test(target);
}
