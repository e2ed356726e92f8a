import { effectiveArgv, effectiveStart, hasFlag, optionValue, positionals } from './shell.js';
import type { Command } from './types.js';

/**
 * The command lexicon: which parsed shell commands deploy, publish or release, and which
 * options name their target. Dry runs (`--dry-run`, `terraform plan`, `helm template`,
 * `npm publish --dry-run`) are not deploys.
 */

export type DeployKind = 'deploy' | 'infrastructure' | 'publish' | 'release' | 'image-push';

export interface CommandDeploy {
  kind: DeployKind;
  /** What was recognised, for messages: `kubectl apply`, `npm publish`. */
  what: string;
  /**
   * The program that deploys (`kubectl`, `npm`, `gcloud`), an action or task name for known
   * steps, or `script` for a project script named for a deploy: what code asks about.
   */
  tool: string;
  /** Words that name the target: namespaces, stages, projects, value files, flags like `--prod`. */
  hints: string[];
  /** The command itself says preview or production (`vercel` without `--prod` is a preview). */
  tier?: 'production' | 'non-production';
}

/** What a matcher recognises; {@link commandDeploy} adds the tool. */
type Matched = Omit<CommandDeploy, 'tool'>;
type Matcher = (argv: string[]) => Matched | undefined;

const DRY = ['--dry-run', '--dryrun', '--dry_run'];

function deploy(kind: DeployKind, what: string, hints: (string | undefined)[] = [], tier?: CommandDeploy['tier']): Matched {
  return { kind, what, hints: hints.filter((h): h is string => !!h), tier };
}

/** Values of options that usually name a target (`--namespace prod`, `--stage production`). */
function targetOptions(argv: string[], ...flags: string[]): (string | undefined)[] {
  return flags.map((f) => optionValue(argv, f));
}

/** Value files and paths that name an environment (`values-prod.yaml`, `overlays/production`). */
function pathHints(argv: string[], ...flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    for (const flag of flags) {
      if (argv[i] === flag && argv[i + 1]) out.push(argv[i + 1]!);
      else if (argv[i]!.startsWith(flag + '=')) out.push(argv[i]!.slice(flag.length + 1));
    }
  }
  return out;
}

/** Global options that take a value, per CLI: skipped when looking for the subcommand. */
const KUBECTL_FLAGS = new Set([
  '-n',
  '--namespace',
  '--context',
  '--kubeconfig',
  '--cluster',
  '--user',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--request-timeout',
  '--certificate-authority',
]);
const HELM_FLAGS = new Set([
  '-n',
  '--namespace',
  '--kube-context',
  '--kubeconfig',
  '--kube-apiserver',
  '--kube-token',
  '--repository-config',
  '--registry-config',
]);
const AWS_FLAGS = new Set([
  '--region',
  '--profile',
  '--output',
  '--endpoint-url',
  '--query',
  '--ca-bundle',
  '--cli-connect-timeout',
  '--cli-read-timeout',
  '--color',
]);
const GCLOUD_FLAGS = new Set([
  '--project',
  '--account',
  '--configuration',
  '--region',
  '--zone',
  '--format',
  '--verbosity',
  '--impersonate-service-account',
  '--billing-project',
]);
const AZ_FLAGS = new Set(['--subscription', '--output', '-o', '--query']);
const DOCKER_FLAGS = new Set(['-H', '--host', '--context', '-c', '--config', '--log-level', '-l']);

const kubectl: Matcher = (argv) => {
  const sub = positionals(argv, 1, KUBECTL_FLAGS)[0];
  const rest = positionals(argv, 1, KUBECTL_FLAGS);
  if (!sub || hasFlag(argv, '--dry-run') || hasFlag(argv, '--server-dry-run')) return undefined;
  const mutating = ['apply', 'create', 'replace', 'patch', 'set', 'scale', 'delete', 'annotate', 'label', 'run', 'expose', 'autoscale'];
  const rollout = sub === 'rollout' && ['restart', 'undo', 'resume'].includes(rest[1] ?? '');
  if (!mutating.includes(sub) && !rollout) return undefined;
  if (sub === 'create' && ['secret', 'configmap'].includes(rest[1] ?? '') && hasFlag(argv, '-o', '--output')) return undefined;
  return deploy('deploy', `kubectl ${rollout ? 'rollout ' + rest[1] : sub === 'set' ? `set ${rest[1] ?? ''}`.trim() : sub}`, [
    ...targetOptions(argv, '--namespace', '-n', '--context', '--cluster'),
    ...pathHints(argv, '-f', '--filename', '-k', '--kustomize'),
  ]);
};

const helm: Matcher = (argv) => {
  const words = positionals(argv, 1, HELM_FLAGS);
  const i = words[0] === 'secrets' ? 1 : 0;
  const sub = words[i];
  if (!['upgrade', 'install', 'rollback', 'uninstall', 'delete'].includes(sub ?? '') || hasFlag(argv, ...DRY)) return undefined;
  return deploy('deploy', `helm ${sub}`, [words[i + 1], ...targetOptions(argv, '--namespace', '-n', '--kube-context'), ...pathHints(argv, '-f', '--values')]);
};

const helmfile: Matcher = (argv) => {
  const sub = positionals(argv).find((w) => ['apply', 'sync', 'deploy', 'destroy', 'diff', 'template', 'lint', 'build'].includes(w));
  if (!sub || !['apply', 'sync', 'deploy', 'destroy'].includes(sub)) return undefined;
  return deploy('deploy', `helmfile ${sub}`, targetOptions(argv, '-e', '--environment', '--kube-context', '-n', '--namespace'));
};

const terraform: Matcher = (argv) => {
  const words = argv.filter((w) => !w.startsWith('-chdir'));
  let sub = words[1];
  if (sub === 'run-all' || sub === 'run') sub = words[2];
  if (sub === 'apply-all' || sub === 'destroy-all') sub = sub.slice(0, -4);
  if (sub !== 'apply' && sub !== 'destroy') return undefined;
  const chdir = argv.find((w) => w.startsWith('-chdir='))?.slice(7);
  return deploy('infrastructure', `${argv[0]} ${sub}`, [chdir, ...pathHints(argv, '-var-file', '--var-file'), ...positionals(argv, 2)]);
};

const pulumi: Matcher = (argv) => {
  const sub = argv[1];
  if (!['up', 'update', 'destroy'].includes(sub ?? '') || hasFlag(argv, '--preview-only')) return undefined;
  return deploy('infrastructure', `pulumi ${sub}`, targetOptions(argv, '--stack', '-s'));
};

const cdk: Matcher = (argv) => {
  const sub = argv[1];
  if (sub !== 'deploy' && sub !== 'destroy') return undefined;
  return deploy('infrastructure', `cdk ${sub}`, [...positionals(argv, 2), ...targetOptions(argv, '--context', '-c')]);
};

const sam: Matcher = (argv) => {
  if (argv[1] !== 'deploy' || hasFlag(argv, '--no-execute-changeset')) return undefined;
  return deploy('infrastructure', 'sam deploy', targetOptions(argv, '--config-env', '--stack-name'));
};

const serverless: Matcher = (argv) => {
  if (argv[1] !== 'deploy' || hasFlag(argv, '--noDeploy', '--package')) return undefined;
  return deploy('deploy', `${argv[0]} deploy`, targetOptions(argv, '--stage', '-s', '--aws-profile'));
};

const AWS_DEPLOYS: Record<string, string[]> = {
  cloudformation: ['deploy', 'create-stack', 'update-stack', 'execute-change-set', 'delete-stack'],
  ecs: ['update-service', 'run-task', 'create-service'],
  lambda: ['update-function-code', 'update-function-configuration', 'update-alias', 'publish-version'],
  deploy: ['create-deployment'],
  elasticbeanstalk: ['update-environment', 'create-environment'],
  apprunner: ['start-deployment', 'update-service'],
  amplify: ['start-job', 'start-deployment'],
  s3: ['sync'],
  'ecr-public': [],
  ssm: ['send-command'],
  autoscaling: ['start-instance-refresh'],
};

const aws: Matcher = (argv) => {
  const args = positionals(argv, 1, AWS_FLAGS);
  const service = args[0] ?? '';
  const operation = args[1] ?? '';
  if (hasFlag(argv, '--dryrun', '--dry-run', '--no-execute-changeset')) return undefined;
  const copiesTree = service === 's3' && operation === 'cp' && hasFlag(argv, '--recursive') && args.slice(2).some((w) => w.startsWith('s3://'));
  if (!AWS_DEPLOYS[service]?.includes(operation) && !copiesTree) return undefined;
  if (service === 's3' && !args.slice(2).some((w) => w.startsWith('s3://'))) return undefined;
  const kind = service === 'cloudformation' ? 'infrastructure' : 'deploy';
  const targets = targetOptions(
    argv,
    '--cluster',
    '--service',
    '--stack-name',
    '--function-name',
    '--environment-name',
    '--application-name',
    '--deployment-group-name',
    '--profile',
    '--alias',
  );
  return deploy(kind, `aws ${service} ${operation}`, [...targets, ...args.slice(2).filter((w) => w.startsWith('s3://'))]);
};

const gcloud: Matcher = (argv) => {
  const args = positionals(argv, 1, GCLOUD_FLAGS).filter((w) => w !== 'beta' && w !== 'alpha');
  const [group, second, third] = args;
  if (hasFlag(argv, '--no-promote') && group === 'app') return deploy('deploy', 'gcloud app deploy', targetOptions(argv, '--project'), 'non-production');
  const isDeploy =
    ((group === 'run' || group === 'app' || group === 'functions') && second === 'deploy') ||
    (group === 'run' && (second === 'services' || second === 'jobs') && ['update', 'replace', 'update-traffic', 'deploy'].includes(third ?? '')) ||
    (group === 'deploy' && second === 'releases' && (third === 'create' || third === 'promote')) ||
    (group === 'deploy' && second === 'apply') ||
    (group === 'deployment-manager' && second === 'deployments' && ['create', 'update', 'delete'].includes(third ?? '')) ||
    (group === 'compute' && second === 'instance-groups' && third === 'managed') ||
    (group === 'container' && second === 'images' && third === 'add-tag');
  if (!isDeploy) return undefined;
  const kind = group === 'deployment-manager' ? 'infrastructure' : 'deploy';
  // A revision that takes no traffic is a preview until someone shifts traffic to it. A Cloud
  // Deploy release rolls out to the delivery pipeline's first target (staging, in practice)
  // unless `--to-target` names another; production is reached by `releases promote`.
  const firstTargetOnly = group === 'deploy' && third === 'create' && !optionValue(argv, '--to-target');
  const tier = (group === 'run' && hasFlag(argv, '--no-traffic')) || firstTargetOnly ? 'non-production' : undefined;
  const what = second === 'deploy' ? `gcloud ${group} deploy` : `gcloud ${group} ${second} ${third ?? ''}`.trim();
  return deploy(kind, what, [args[second === 'deploy' ? 2 : 3], ...targetOptions(argv, '--project', '--to-target', '--delivery-pipeline', '--service')], tier);
};

const gsutil: Matcher = (argv) => {
  const args = positionals(argv);
  if (!((args[0] === 'rsync' || (args[0] === 'cp' && hasFlag(argv, '-r', '-R'))) && args.some((w) => w.startsWith('gs://')))) return undefined;
  return deploy(
    'deploy',
    `gsutil ${args[0]}`,
    args.filter((w) => w.startsWith('gs://')),
  );
};

const az: Matcher = (argv) => {
  const args = positionals(argv, 1, AZ_FLAGS);
  const line = args.slice(0, 4).join(' ');
  if (hasFlag(argv, '--what-if') || args.includes('what-if') || args.includes('validate')) return undefined;
  const patterns: [RegExp, 'deploy' | 'infrastructure' | 'image-push'][] = [
    [/^webapp (?:deploy|up|deployment source config-zip|config container set|deployment slot swap)/, 'deploy'],
    [/^functionapp (?:deploy|deployment source config-zip|config container set|deployment slot swap)/, 'deploy'],
    [/^containerapp (?:update|up|create|revision copy)/, 'deploy'],
    [/^(?:deployment (?:group|sub|mg|tenant) create|group deployment create|stack (?:group|sub|mg) create)/, 'infrastructure'],
    [/^spring app deploy|^spring-cloud app deploy|^staticwebapp (?:create|update)|^aks command invoke/, 'deploy'],
    [/^acr build/, 'image-push'],
    [/^storage blob (?:upload-batch|sync)/, 'deploy'],
  ];
  const found = patterns.find(([p]) => p.test(line));
  if (!found) return undefined;
  if (found[0].source.startsWith('^storage') && !/\$web/.test(argv.join(' '))) return undefined;
  // Deploying into a slot other than production is a staging step; swapping slots releases.
  const slot = optionValue(argv, '--slot');
  const intoSlot = slot && !/swap/.test(line) && !/^production$/i.test(slot);
  return deploy(
    found[1],
    `az ${line.split(' ').slice(0, 3).join(' ')}`,
    [...targetOptions(argv, '--name', '-n', '--resource-group', '-g', '--subscription', '--target-slot'), slot],
    intoSlot ? 'non-production' : undefined,
  );
};

/** `azd -e <env>`, `azd --cwd <dir>`: flags of the Azure Developer CLI that take a value. */
const AZD_FLAGS = new Set(['-e', '--environment', '-C', '--cwd', '--from-package']);

/**
 * The Azure Developer CLI: `azd up` provisions and deploys, `azd deploy` ships the code,
 * `azd provision` and `azd down` change the infrastructure; `--preview` only shows the plan.
 */
const azd: Matcher = (argv) => {
  const sub = positionals(argv, 1, AZD_FLAGS)[0];
  if (hasFlag(argv, '--preview')) return undefined;
  const target = targetOptions(argv, '--environment', '-e');
  if (sub === 'up' || sub === 'deploy') return deploy('deploy', `azd ${sub}`, target);
  if (sub === 'provision' || sub === 'down') return deploy('infrastructure', `azd ${sub}`, target);
  return undefined;
};

const vercel: Matcher = (argv) => {
  const sub = argv[1];
  if (sub && !sub.startsWith('-') && !['deploy', 'promote', 'alias'].includes(sub) && !sub.includes('/') && sub !== '.') return undefined;
  const prod = hasFlag(argv, '--prod', '--production') || sub === 'promote' || sub === 'alias';
  return deploy('deploy', prod ? 'vercel --prod' : 'vercel deploy', [], prod ? 'production' : 'non-production');
};

const netlify: Matcher = (argv) => {
  if (argv[1] !== 'deploy') return undefined;
  const prod = hasFlag(argv, '--prod', '--prodIfUnlocked', '--prod-if-unlocked');
  return deploy('deploy', prod ? 'netlify deploy --prod' : 'netlify deploy', targetOptions(argv, '--site', '--alias'), prod ? 'production' : 'non-production');
};

const firebase: Matcher = (argv) => {
  const sub = argv[1];
  if (sub === 'hosting:channel:deploy') return deploy('deploy', 'firebase hosting:channel:deploy', [argv[2]], 'non-production');
  if (sub !== 'deploy' && sub !== 'hosting:clone') return undefined;
  return deploy('deploy', `firebase ${sub}`, targetOptions(argv, '--project', '-P'));
};

const wrangler: Matcher = (argv) => {
  const args = positionals(argv);
  const isDeploy =
    args[0] === 'deploy' ||
    args[0] === 'publish' ||
    (args[0] === 'pages' && args[1] === 'deploy') ||
    (args[0] === 'pages' && args[1] === 'publish') ||
    (args[0] === 'versions' && args[1] === 'deploy');
  if (!isDeploy || hasFlag(argv, '--dry-run')) return undefined;
  const branch = optionValue(argv, '--branch');
  return deploy('deploy', `wrangler ${args.slice(0, args[0] === 'deploy' || args[0] === 'publish' ? 1 : 2).join(' ')}`, [
    ...targetOptions(argv, '--env', '-e', '--project-name'),
    branch ? `branch ${branch}` : undefined,
  ]);
};

const fly: Matcher = (argv) => {
  if (argv[1] !== 'deploy' && !(argv[1] === 'releases' && argv[2] === 'rollback')) return undefined;
  return deploy('deploy', `${argv[0]} deploy`, [...targetOptions(argv, '--app', '-a'), ...pathHints(argv, '--config', '-c')]);
};

const heroku: Matcher = (argv) => {
  const sub = argv[1] ?? '';
  if (!['container:release', 'releases:rollback', 'container:push', 'builds:create', 'deploy:jar', 'deploy:war'].includes(sub)) return undefined;
  return deploy('deploy', `heroku ${sub}`, targetOptions(argv, '--app', '-a'));
};

/** Branches whose push is the deploy (a host or a later pipeline ships what lands there). */
const DEPLOY_BRANCH = /^(?:production|prod|live|release|deploy|deployment)$/i;

const git: Matcher = (argv) => {
  if (argv[1] !== 'push') return undefined;
  const [remote = '', ...refspecs] = positionals(argv, 2);
  if (/heroku|dokku|scm\.azurewebsites\.net|git\.heroku\.com|\.scalingo\.|clever-cloud|platform\.sh|appengine/i.test(remote))
    return deploy('deploy', 'git push to a PaaS remote', [remote, ...refspecs]);
  // `git push origin release`, `git push origin HEAD:production`: the branch push is the release.
  const branch = refspecs
    .map((r) =>
      r
        .replace(/^\+/, '')
        .split(':')
        .pop()!
        .replace(/^refs\/heads\//, ''),
    )
    .find((b) => DEPLOY_BRANCH.test(b));
  if (!branch) return undefined;
  return deploy('deploy', `git push to branch ${branch}`, [branch], /^(?:production|prod|live)$/i.test(branch) ? 'production' : undefined);
};

const docker: Matcher = (argv) => {
  const args = positionals(argv, 1, DOCKER_FLAGS);
  if ((args[0] === 'push' || (args[0] === 'image' && args[1] === 'push') || (args[0] === 'manifest' && args[1] === 'push')) && !hasFlag(argv, '--dry-run')) {
    return deploy('image-push', `${argv[0]} push`, args.slice(args[0] === 'push' ? 1 : 2));
  }
  if (
    (args[0] === 'build' || (args[0] === 'buildx' && (args[1] === 'build' || args[1] === 'bake'))) &&
    (hasFlag(argv, '--push') || /(?:^|,)push=true/.test(optionValue(argv, '--output', '-o') ?? ''))
  ) {
    return deploy('image-push', `${argv[0]} build --push`, targetOptions(argv, '-t', '--tag'));
  }
  if (args[0] === 'stack' && args[1] === 'deploy') return deploy('deploy', 'docker stack deploy', [args[2]]);
  if ((args[0] === 'compose' && args[1] === 'push') || (argv[0] === 'docker-compose' && args[0] === 'push')) return deploy('image-push', 'docker compose push');
  return undefined;
};

const imageTools: Matcher = (argv) => {
  const [name, sub] = argv;
  if (
    (name === 'crane' && ['push', 'copy', 'cp', 'tag', 'append', 'mutate'].includes(sub ?? '')) ||
    (name === 'skopeo' && sub === 'copy') ||
    (name === 'buildah' && sub === 'push') ||
    (name === 'nerdctl' && sub === 'push') ||
    (name === 'oras' && sub === 'push') ||
    (name === 'regctl' && sub === 'image' && argv[2] === 'copy')
  ) {
    return deploy('image-push', `${name} ${sub}`, positionals(argv, 2));
  }
  if (name === 'ko' && (sub === 'build' || sub === 'publish' || sub === 'resolve' || sub === 'apply')) {
    if (hasFlag(argv, '--local', '-L', '--push=false')) return undefined;
    return sub === 'apply' ? deploy('deploy', 'ko apply', targetOptions(argv, '-n', '--namespace')) : deploy('image-push', `ko ${sub}`);
  }
  if (name === 'executor' || name === '/kaniko/executor') {
    if (hasFlag(argv, '--no-push')) return undefined;
    return deploy('image-push', 'kaniko executor', targetOptions(argv, '--destination', '-d'));
  }
  return undefined;
};

const node: Matcher = (argv) => {
  const [name, sub, third] = argv;
  if (hasFlag(argv, ...DRY)) return undefined;
  if ((name === 'npm' || name === 'pnpm' || name === 'bun') && sub === 'publish')
    return deploy('publish', `${name} publish`, targetOptions(argv, '--tag', '--registry'));
  if (name === 'yarn' && (sub === 'publish' || (sub === 'npm' && third === 'publish'))) return deploy('publish', 'yarn publish', targetOptions(argv, '--tag'));
  if (name === 'lerna' && sub === 'publish') return deploy('publish', 'lerna publish');
  if ((name === 'changeset' || name === 'changesets') && sub === 'publish') return deploy('publish', 'changeset publish');
  if (name === 'nx' && sub === 'release' && !hasFlag(argv, '--skip-publish') && (third === undefined || third === 'publish' || third.startsWith('-')))
    return deploy('publish', 'nx release');
  if (name === 'semantic-release' || name === 'multi-semantic-release') return hasFlag(argv, '-d', '--no-ci') ? undefined : deploy('release', name);
  if (name === 'release-it') return hasFlag(argv, '-d', '--only-version', '--release-version', '--changelog') ? undefined : deploy('release', 'release-it');
  if ((name === 'vsce' || name === 'ovsx') && sub === 'publish') return deploy('publish', `${name} publish`);
  if (name === 'gh-pages' && hasFlag(argv, '-d', '--dist')) return deploy('deploy', 'gh-pages', [], 'non-production');
  if (name === 'np' && !hasFlag(argv, '--preview')) return deploy('publish', 'np');
  if (name === 'jsr' && sub === 'publish') return deploy('publish', 'jsr publish');
  if (name === 'deno' && sub === 'publish') return deploy('publish', 'deno publish');
  return undefined;
};

const python: Matcher = (argv) => {
  const [name, sub] = argv;
  if (hasFlag(argv, ...DRY)) return undefined;
  if (name === 'twine' && sub === 'upload') return deploy('publish', 'twine upload', targetOptions(argv, '--repository', '-r', '--repository-url'));
  if (
    (name === 'uv' || name === 'poetry' || name === 'hatch' || name === 'pdm' || name === 'flit' || name === 'maturin' || name === 'rye') &&
    sub === 'publish'
  ) {
    return deploy('publish', `${name} publish`, targetOptions(argv, '--repository', '-r', '--index', '--publish-url'));
  }
  if ((name === 'setup.py' || name === 'python' || name === 'python3') && argv.includes('upload')) return deploy('publish', 'setup.py upload');
  return undefined;
};

const otherPublishers: Matcher = (argv) => {
  const [name, sub, third] = argv;
  if (hasFlag(argv, ...DRY)) return undefined;
  if (name === 'cargo' && sub === 'publish') return deploy('publish', 'cargo publish');
  if (name === 'cargo' && sub === 'release' && hasFlag(argv, '--execute', '-x')) return deploy('publish', 'cargo release');
  if (name === 'gem' && sub === 'push') return deploy('publish', 'gem push', targetOptions(argv, '--host'));
  if ((name === 'rake' || name === 'bundle') && argv.includes('release') && !argv.includes('release:guard_clean')) return deploy('publish', 'rake release');
  if (
    (name === 'mvn' || name === 'mvnw' || name === 'maven') &&
    argv.some((w) => w === 'deploy' || w === 'release:perform' || w.startsWith('deploy:') || w === 'jib:build' || w === 'nexus-staging:release')
  ) {
    return deploy(
      argv.includes('jib:build') ? 'image-push' : 'publish',
      `${name} ${argv.find((w) => w === 'deploy' || (w.includes(':') && !w.startsWith('-')))}`,
    );
  }
  if (
    (name === 'gradle' || name === 'gradlew') &&
    argv.some((w) =>
      /^:?(?:[\w-]{1,80}:){0,4}(?:publish(?!ToMavenLocal)[A-Za-z]{0,120}|jib|closeAndReleaseRepository|closeAndReleaseStagingRepositories|releaseRepository|uploadArchives|bintrayUpload|artifactoryPublish)$/.test(
        w,
      ),
    )
  ) {
    return deploy(argv.some((w) => /jib$/.test(w)) ? 'image-push' : 'publish', `${name} publish`);
  }
  if ((name === 'dotnet' && sub === 'nuget' && third === 'push') || (name === 'nuget' && sub === 'push'))
    return deploy('publish', 'nuget push', targetOptions(argv, '--source', '-s', '-Source'));
  if (name === 'goreleaser' && (sub === 'release' || sub === undefined || sub.startsWith('-'))) {
    if (hasFlag(argv, '--snapshot', '--skip-publish') || /publish/.test(optionValue(argv, '--skip') ?? '')) return undefined;
    return deploy('release', 'goreleaser release');
  }
  if ((name === 'gh' || name === 'hub') && sub === 'release' && (third === 'create' || third === 'upload' || third === 'edit')) {
    // A draft release is published later by a person.
    return deploy('release', `${name} release ${third}`, [], hasFlag(argv, '--draft', '-d') && !argv.includes('--draft=false') ? 'non-production' : undefined);
  }
  if (name === 'ghr') return deploy('release', 'ghr');
  if (name === 'jreleaser' && ['full-release', 'release', 'deploy', 'publish'].includes(sub ?? '')) return deploy('release', `jreleaser ${sub}`);
  if (name === 'helm' && (sub === 'push' || sub === 'cm-push')) return deploy('publish', `helm ${sub}`);
  if (name === 'cr' && sub === 'upload') return deploy('publish', 'chart-releaser upload');
  if ((name === 'dart' || name === 'flutter') && sub === 'pub' && third === 'publish') return deploy('publish', `${name} pub publish`);
  if (name === 'pod' && sub === 'trunk' && third === 'push') return deploy('publish', 'pod trunk push');
  if (name === 'mix' && sub === 'hex.publish') return deploy('publish', 'mix hex.publish');
  if (name === 'snapcraft' && (sub === 'upload' || sub === 'push' || sub === 'release')) return deploy('publish', `snapcraft ${sub}`);
  if (name === 'mkdocs' && sub === 'gh-deploy') return deploy('deploy', 'mkdocs gh-deploy', [], 'non-production');
  if (name === 'conan' && sub === 'upload') return deploy('publish', 'conan upload');
  if (name === 'jf' || name === 'jfrog') return argv.includes('upload') || argv.includes('u') ? deploy('publish', `${name} upload`) : undefined;
  return undefined;
};

const paas: Matcher = (argv) => {
  const [name, sub] = argv;
  if (name === 'eb' && sub === 'deploy') return deploy('deploy', 'eb deploy', positionals(argv, 2));
  if (name === 'func' && sub === 'azure' && argv[2] === 'functionapp' && argv[3] === 'publish')
    return deploy('deploy', 'func azure functionapp publish', [argv[4]]);
  if (name === 'swa' && sub === 'deploy')
    return deploy('deploy', 'swa deploy', targetOptions(argv, '--env'), optionValue(argv, '--env') === 'production' ? 'production' : undefined);
  if ((name === 'kamal' || name === 'mrsk') && ['deploy', 'redeploy', 'rollback'].includes(sub ?? ''))
    return deploy('deploy', `${name} ${sub}`, targetOptions(argv, '-d', '--destination'));
  if (name === 'cap' && argv.includes('deploy')) return deploy('deploy', 'cap deploy', [sub]);
  if (name === 'dep' && sub === 'deploy') return deploy('deploy', 'dep deploy', positionals(argv, 2));
  if (name === 'argocd' && sub === 'app' && ['sync', 'set', 'create', 'rollback', 'actions'].includes(argv[2] ?? ''))
    return deploy('deploy', `argocd app ${argv[2]}`, [argv[3]]);
  if (name === 'flux' && sub === 'reconcile') return deploy('deploy', 'flux reconcile', positionals(argv, 2));
  if (name === 'railway' && (sub === 'up' || sub === 'deploy'))
    return deploy('deploy', `railway ${sub}`, targetOptions(argv, '--environment', '-e', '--service', '-s'));
  if (name === 'render' && sub === 'deploys') return deploy('deploy', 'render deploys');
  if (name === 'doctl' && sub === 'apps' && (argv[2] === 'create-deployment' || argv[2] === 'update')) return deploy('deploy', `doctl apps ${argv[2]}`);
  if (name === 'cf' && (sub === 'push' || sub === 'v3-push')) return deploy('deploy', 'cf push', positionals(argv, 2));
  if (name === 'oc' && ['apply', 'rollout', 'start-build', 'set', 'new-app', 'replace', 'process', 'tag'].includes(sub ?? '') && !hasFlag(argv, '--dry-run'))
    return deploy('deploy', `oc ${sub}`, targetOptions(argv, '-n', '--namespace', '--context'));
  if (name === 'kustomize' && sub === 'edit') return undefined;
  if (name === 'skaffold' && (sub === 'run' || sub === 'deploy' || sub === 'apply'))
    return deploy('deploy', `skaffold ${sub}`, targetOptions(argv, '-p', '--profile', '-n', '--namespace', '--kube-context'));
  if (name === 'tanka' || (name === 'tk' && sub === 'apply')) return deploy('deploy', 'tk apply', positionals(argv, 2));
  if (name === 'kubectl-argo-rollouts' && sub === 'promote') return deploy('deploy', 'argo rollouts promote');
  if (name === 'octo' && (sub === 'deploy-release' || sub === 'create-release'))
    return deploy('deploy', `octo ${sub}`, targetOptions(argv, '--deployTo', '--environment'));
  if (name === 'ansible-playbook')
    return hasFlag(argv, '--check', '-C', '--syntax-check', '--list-hosts')
      ? undefined
      : deploy('deploy', 'ansible-playbook', [...positionals(argv), ...targetOptions(argv, '-i', '--inventory', '-l', '--limit')]);
  if (name === 'rsync' || name === 'scp')
    return argv.slice(1).some((w) => /^[\w.-]{1,64}@[\w.-]{1,255}:|^[\w.-]{1,255}:\//.test(w)) && !hasFlag(argv, '--dry-run')
      ? deploy(
          'deploy',
          name,
          argv.slice(1).filter((w) => w.includes(':')),
        )
      : undefined;
  return undefined;
};

const MATCHERS: Record<string, Matcher> = {
  kubectl,
  oc: paas,
  helm: (argv) => helm(argv) ?? otherPublishers(argv),
  helmfile,
  terraform,
  tofu: terraform,
  terragrunt: terraform,
  pulumi,
  cdk,
  cdktf: (argv) => (argv[1] === 'deploy' || argv[1] === 'destroy' ? deploy('infrastructure', `cdktf ${argv[1]}`, positionals(argv, 2)) : undefined),
  sam,
  serverless,
  sls: serverless,
  aws,
  gcloud,
  gsutil,
  az,
  azd,
  vercel,
  netlify,
  firebase,
  wrangler,
  fly,
  flyctl: fly,
  heroku,
  git,
  docker,
  podman: docker,
  'docker-compose': docker,
};

/** A command that deploys, publishes or releases, with its target hints; undefined otherwise. */
export function commandDeploy(command: Command): CommandDeploy | undefined {
  let argv = effectiveArgv(command);
  let script = (command.argv[effectiveStart(command)]?.value ?? '').includes('/');
  // `bash scripts/deploy.sh prod`: the script is the command.
  if (SHELLS.has(argv[0] ?? '') && argv[1] && !argv[1].startsWith('-')) {
    script = true;
    argv = argv.slice(1);
  }
  const name = argv[0];
  if (!name) return undefined;
  if (script) return withTool(scriptDeploy(argv, true), 'script');
  const normalised = name === 'gradlew' || name === 'mvnw' ? name : name.replace(/^\.\//, '');
  const matcher = MATCHERS[normalised];
  if (matcher) return withTool(matcher(argv), normalised);
  const named = node(argv) ?? python(argv) ?? otherPublishers(argv) ?? imageTools(argv) ?? paas(argv);
  return named ? withTool(named, normalised.replace(/^.*\//, '')) : withTool(scriptDeploy(argv, false), 'script');
}

function withTool(found: Matched | undefined, tool: string): CommandDeploy | undefined {
  return found && { ...found, tool };
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'pwsh', 'powershell']);

/**
 * A project script or task named for a deploy: `./deploy.sh prod`, `make deploy-production`,
 * `npm run deploy:prod`. Weaker evidence: the name says deploy, the body is elsewhere.
 */
/** A task or script named for documentation: `docs.publish`, `publish-docs`, `deploy:storybook`. */
const DOCS_WORD = /(?:^|[-_:./])(?:docs?|documentation|api-?docs|storybook)(?:$|[-_:.])/i;

function scriptDeploy(argv: string[], script: boolean): Matched | undefined {
  const [name, sub, third] = argv;
  // `release` scripts often only build artifacts: a script name counts for deploy words only.
  const DEPLOY_WORD = /(?:^|[-_:./])(?:deploy|publish|rollout|promote)(?:$|[-_:.])/i;
  const base = name!.slice(name!.lastIndexOf('/') + 1);
  if (script || /\.(?:sh|bash|ps1|py|rb)$/i.test(base)) {
    const scriptName = base.replace(/\.(?:sh|bash|ps1|py|rb|js|ts)$/i, '');
    // `./bin/mcp-publisher publish`: a local program told to publish. (`$DIR/tool deploy` stays
    // unknown: a project's own CLI is run in its CI as often to test its deploy as to deploy.)
    if (sub === 'publish') return { kind: 'publish', what: `${base} publish`, hints: argv.slice(2) };
    if (!DEPLOY_WORD.test(scriptName) && !/^deploy/i.test(scriptName)) return undefined;
    if (DOCS_WORD.test(scriptName)) return deploy('deploy', `${base} script`, argv.slice(1), 'non-production');
    return { kind: 'deploy', what: `${base} script`, hints: argv.slice(1) };
  }
  if (
    (name === 'make' || name === 'task' || name === 'just' || name === 'rake' || name === 'mage' || name === 'invoke' || name === 'fab' || name === 'nox') &&
    sub
  ) {
    const targets = argv.slice(1).filter((w) => !w.startsWith('-') && !w.includes('='));
    // `make deploy`, `make publish-npm`, `make docs.publish`; not `make publisher` (builds the tool that publishes).
    const target = targets.find((t) => /^(?:deploy(?:ment)?|publish|rollout|ship)(?:$|[-_:.])/i.test(t) || DEPLOY_WORD.test(t));
    if (!target) return undefined;
    // `make docs.publish`, `make publish-docs`: a documentation site, like `mkdocs gh-deploy`.
    if (DOCS_WORD.test(target)) return deploy('deploy', `${name} ${target}`, [target], 'non-production');
    return {
      kind: /publish/i.test(target) ? 'publish' : 'deploy',
      what: `${name} ${target}`,
      hints: [target, ...argv.slice(1).filter((w) => w.includes('='))],
    };
  }
  if ((name === 'npm' || name === 'yarn' || name === 'pnpm' || name === 'bun') && (sub === 'run' || sub === 'run-script') && third) {
    if (/^(?:deploy|release|publish)(?:$|[-_:])/i.test(third))
      return DOCS_WORD.test(third)
        ? deploy('deploy', `${name} run ${third}`, [third], 'non-production')
        : { kind: 'deploy', what: `${name} run ${third}`, hints: [third, ...argv.slice(3)] };
    return undefined;
  }
  if ((name === 'yarn' || name === 'pnpm') && sub && /^(?:deploy|release)(?:$|[-_:])/i.test(sub))
    return { kind: 'deploy', what: `${name} ${sub}`, hints: [sub] };
  return undefined;
}
