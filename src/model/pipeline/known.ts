import type { CommandDeploy, DeployKind } from './commands.js';
import type { Input, Platform } from './types.js';

/**
 * Well-known steps that deploy, publish or release: GitHub actions, Azure tasks, CircleCI orb
 * commands, Bitbucket pipes, Buildkite and Drone plugins. Some decide by their inputs
 * (`docker/build-push-action` pushes only with `push: true`; a Firebase channel other than
 * `live` is a preview).
 */

/** The step's name without version, tag or registry decoration, lower case. */
export function normaliseUses(platform: Platform, uses: string): string {
  let name = uses.trim().toLowerCase();
  if (platform === 'github-actions') return name.replace(/@.*$/, '');
  if (platform === 'azure-pipelines') return name.replace(/@.*$/, '');
  if (platform === 'jenkins') return uses.trim();
  if (platform === 'buildkite')
    return name
      .replace(/#.*$/, '')
      .replace(/^https?:\/\/github\.com\//, '')
      .replace(/-buildkite-plugin$/, '')
      .replace(/\.git$/, '');
  name = name.replace(/^docker:\/\//, '');
  return name.replace(/@sha256:.*$/, '').replace(/:[^/]*$/, '');
}

type Check = (inputs: InputReader) => Partial<CommandDeploy> | false | undefined;

interface Known {
  kind: DeployKind;
  /** Decides from the inputs: false means "not a deploy with these inputs". */
  check?: Check;
}

/** Case-insensitive access to a step's inputs. */
export interface InputReader {
  get(name: string): string | undefined;
  has(name: string): boolean;
}

export function inputReader(inputs: readonly Input[]): InputReader {
  const map = new Map<string, string | undefined>();
  for (const i of inputs) map.set(i.name.toLowerCase().replace(/_/g, '-'), i.value);
  const norm = (name: string) => name.toLowerCase().replace(/_/g, '-');
  return { get: (name) => map.get(norm(name)), has: (name) => map.has(norm(name)) };
}

const truthy = (v: string | undefined) => v !== undefined && /^(?:true|yes|on|1)$/i.test(v.trim());
const hints = (...values: (string | undefined)[]) => values.filter((v): v is string => !!v);

const GITHUB: Record<string, Known> = {
  'azure/webapps-deploy': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('app-name'), i.get('slot-name')), tier: slotTier(i.get('slot-name')) }) },
  'azure/functions-action': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('app-name'), i.get('slot-name')), tier: slotTier(i.get('slot-name')) }) },
  'azure/k8s-deploy': {
    kind: 'deploy',
    check: (i) => (i.get('action') && !/deploy|promote/i.test(i.get('action')!) ? false : { hints: hints(i.get('namespace'), i.get('manifests')) }),
  },
  'azure/arm-deploy': {
    kind: 'infrastructure',
    check: (i) =>
      /validate|what-?if/i.test(i.get('deploymentmode') ?? '')
        ? false
        : { hints: hints(i.get('resourcegroupname'), i.get('parameters'), i.get('deploymentname')) },
  },
  'azure/static-web-apps-deploy': {
    kind: 'deploy',
    check: (i) => (i.get('action') === 'close' ? false : { hints: hints(i.get('deployment_environment'), i.get('production_branch')) }),
  },
  'azure/aci-deploy': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('name'), i.get('resource-group')) }) },
  'azure/container-apps-deploy-action': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('containerappname'), i.get('resourcegroup')) }) },
  'azure/sql-action': { kind: 'infrastructure' },
  'azure/bicep-deploy': {
    kind: 'infrastructure',
    check: (i) => (/validate|what-?if/i.test(i.get('operation') ?? '') ? false : { hints: hints(i.get('resource-group-name'), i.get('parameters-file')) }),
  },
  'aws-actions/amazon-ecs-deploy-task-definition': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('cluster'), i.get('service')) }) },
  'aws-actions/aws-cloudformation-github-deploy': {
    kind: 'infrastructure',
    check: (i) => (truthy(i.get('no-execute-changeset')) ? false : { hints: hints(i.get('name'), i.get('parameter-overrides')) }),
  },
  'aws-actions/aws-lambda-deploy': { kind: 'deploy', check: (i) => (truthy(i.get('dry-run')) ? false : { hints: hints(i.get('function-name')) }) },
  'aws-actions/amazon-ecs-deploy-express-service': { kind: 'deploy' },
  'google-github-actions/deploy-cloudrun': {
    kind: 'deploy',
    check: (i) => ({ hints: hints(i.get('service'), i.get('project_id'), i.get('job')), tier: truthy(i.get('no_traffic')) ? 'non-production' : undefined }),
  },
  'google-github-actions/deploy-appengine': {
    kind: 'deploy',
    check: (i) => ({ hints: hints(i.get('project_id'), i.get('version')), tier: i.get('promote') === 'false' ? 'non-production' : undefined }),
  },
  'google-github-actions/deploy-cloud-functions': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('name'), i.get('project_id')) }) },
  'google-github-actions/deploy-gke': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('cluster_name'), i.get('namespace')) }) },
  // Pages sites are documentation as a rule: counted as non-production targets.
  'actions/deploy-pages': { kind: 'deploy', check: () => ({ tier: 'non-production' }) },
  'peaceiris/actions-gh-pages': { kind: 'deploy', check: () => ({ tier: 'non-production' }) },
  'jamesives/github-pages-deploy-action': { kind: 'deploy', check: (i) => (truthy(i.get('dry-run')) ? false : { tier: 'non-production' }) },
  'cloudflare/wrangler-action': {
    kind: 'deploy',
    check: (i) => (i.get('command') && !/deploy|publish/.test(i.get('command')!) ? false : { hints: hints(i.get('environment'), i.get('command')) }),
  },
  'cloudflare/pages-action': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('projectname'), i.get('branch') && `branch ${i.get('branch')}`) }) },
  'firebaseextended/action-hosting-deploy': {
    kind: 'deploy',
    check: (i) => ({ hints: hints(i.get('projectid'), i.get('channelid')), tier: i.get('channelid') === 'live' ? 'production' : 'non-production' }),
  },
  'amondnet/vercel-action': { kind: 'deploy', check: (i) => ({ tier: /--prod\b/.test(i.get('vercel-args') ?? '') ? 'production' : 'non-production' }) },
  'nwtgck/actions-netlify': { kind: 'deploy', check: (i) => ({ tier: truthy(i.get('production-deploy')) ? 'production' : 'non-production' }) },
  'netlify/actions/cli': {
    kind: 'deploy',
    check: (i) => (/\bdeploy\b/.test(i.get('args') ?? '') ? { tier: /--prod\b/.test(i.get('args')!) ? 'production' : 'non-production' } : false),
  },
  'superfly/flyctl-actions': { kind: 'deploy', check: (i) => (/\bdeploy\b/.test(i.get('args') ?? '') ? { hints: hints(i.get('args')) } : false) },
  'superfly/flyctl-actions/setup-flyctl': { kind: 'deploy', check: () => false },
  'akhileshns/heroku-deploy': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('heroku_app_name')) }) },
  'appleboy/scp-action': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('host'), i.get('target')) }) },
  'burnett01/rsync-deployments': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('remote_host'), i.get('remote_path')) }) },
  'easingthemes/ssh-deploy': { kind: 'deploy', check: (i) => ({ hints: hints(i.get('remote_host'), i.get('target')) }) },
  'samkirkland/ftp-deploy-action': { kind: 'deploy', check: (i) => (truthy(i.get('dry-run')) ? false : { hints: hints(i.get('server')) }) },
  'dflook/terraform-apply': { kind: 'infrastructure', check: (i) => ({ hints: hints(i.get('path'), i.get('workspace'), i.get('var_file')) }) },
  'dflook/tofu-apply': { kind: 'infrastructure', check: (i) => ({ hints: hints(i.get('path'), i.get('workspace'), i.get('var_file')) }) },
  'dflook/terraform-destroy': { kind: 'infrastructure' },
  'hashicorp/tfc-workflows-github/actions/apply-run': { kind: 'infrastructure' },
  'pulumi/actions': {
    kind: 'infrastructure',
    check: (i) => (/^(?:up|update|destroy)$/.test(i.get('command') ?? '') ? { hints: hints(i.get('stack-name')) } : false),
  },
  'serverless/github-action': { kind: 'deploy', check: (i) => (/\bdeploy\b/.test(i.get('args') ?? '') ? { hints: hints(i.get('args')) } : false) },
  'digitalocean/app_action': { kind: 'deploy' },
  'digitalocean/app_action/deploy': { kind: 'deploy' },
  'deliverybot/helm': {
    kind: 'deploy',
    check: (i) => (i.get('task') === 'remove' ? false : { hints: hints(i.get('release'), i.get('namespace'), i.get('helm')) }),
  },
  'koslib/helm-eks-action': {
    kind: 'deploy',
    check: (i) => (/helm (?:upgrade|install)|kubectl apply/.test(i.get('command') ?? '') ? { hints: hints(i.get('command')) } : false),
  },
  'bitovi/github-actions-deploy-docker-to-ec2': { kind: 'deploy' },
  'bitovi/github-actions-deploy-eks-helm': { kind: 'deploy' },
  'pypa/gh-action-pypi-publish': {
    kind: 'publish',
    check: (i) => ({
      hints: hints(i.get('repository-url'), i.get('repository_url')),
      tier: /test\.pypi/.test(i.get('repository-url') ?? i.get('repository_url') ?? '') ? 'non-production' : 'production',
    }),
  },
  'rubygems/release-gem': { kind: 'publish', check: () => ({ tier: 'production' }) },
  'js-devtools/npm-publish': { kind: 'publish', check: (i) => (truthy(i.get('dry-run')) ? false : { tier: 'production' }) },
  'katyo/publish-crates': { kind: 'publish', check: (i) => (truthy(i.get('dry-run')) ? false : { tier: 'production' }) },
  'haaleo/publish-vscode-extension': { kind: 'publish', check: (i) => (truthy(i.get('dryrun')) ? false : { tier: 'production' }) },
  'goreleaser/goreleaser-action': {
    kind: 'release',
    check: (i) =>
      !/\brelease\b/.test(i.get('args') ?? '') || /--snapshot|--skip[= ]?publish|--skip-publish/.test(i.get('args')!) ? false : { tier: 'production' },
  },
  'softprops/action-gh-release': { kind: 'release', check: (i) => ({ tier: truthy(i.get('draft')) ? 'non-production' : 'production' }) },
  'ncipollo/release-action': { kind: 'release', check: (i) => ({ tier: truthy(i.get('draft')) ? 'non-production' : 'production' }) },
  'actions/create-release': { kind: 'release', check: (i) => ({ tier: truthy(i.get('draft')) ? 'non-production' : 'production' }) },
  'marvinpinto/action-automatic-releases': { kind: 'release' },
  'svenstaro/upload-release-action': { kind: 'release' },
  'changesets/action': { kind: 'publish', check: (i) => (i.has('publish') ? { tier: 'production' } : false) },
  'cycjimmy/semantic-release-action': { kind: 'release', check: (i) => (truthy(i.get('dry_run')) ? false : { tier: 'production' }) },
  'docker/build-push-action': { kind: 'image-push', check: (i) => (truthy(i.get('push')) ? { hints: hints(i.get('tags')) } : false) },
  'docker/bake-action': { kind: 'image-push', check: (i) => (truthy(i.get('push')) ? {} : false) },
  'redhat-actions/push-to-registry': { kind: 'image-push' },
  'aws-actions/amazon-ecr-push': { kind: 'image-push' },
};

const AZURE: Record<string, Known> = {
  azurewebapp: {
    kind: 'deploy',
    check: (i) => ({
      hints: hints(i.get('appName'), i.get('slotName')),
      tier: slotTier(i.get('slotName') ?? (truthy(i.get('deployToSlotOrASE')) ? i.get('slotName') : undefined)),
    }),
  },
  azurermwebappdeployment: {
    kind: 'deploy',
    check: (i) => ({
      hints: hints(i.get('WebAppName'), i.get('SlotName')),
      tier: truthy(i.get('DeployToSlotOrASEFlag')) ? slotTier(i.get('SlotName')) : undefined,
    }),
  },
  azurefunctionapp: { kind: 'deploy', check: (i) => ({ hints: hints(i.get('appName'), i.get('slotName')), tier: slotTier(i.get('slotName')) }) },
  azurefunctionappcontainer: { kind: 'deploy' },
  azurewebappcontainer: { kind: 'deploy' },
  azurecontainerapps: { kind: 'deploy' },
  azurespringcloud: { kind: 'deploy' },
  azurestaticwebapp: { kind: 'deploy' },
  azureappservicemanage: { kind: 'deploy', check: (i) => (/swap/i.test(i.get('Action') ?? '') ? { what: 'AzureAppServiceManage swap slots' } : false) },
  azureresourcemanagertemplatedeployment: {
    kind: 'infrastructure',
    check: (i) => (/validat/i.test(i.get('deploymentMode') ?? '') ? false : { hints: hints(i.get('resourceGroupName'), i.get('csmParametersFile')) }),
  },
  azureresourcegroupdeployment: {
    kind: 'infrastructure',
    check: (i) => (/validat/i.test(i.get('deploymentMode') ?? '') ? false : { hints: hints(i.get('resourceGroupName')) }),
  },
  kubernetesmanifest: {
    kind: 'deploy',
    check: (i) =>
      /^(?:deploy|patch|scale|delete|promote|reject)$/i.test(i.get('action') ?? 'deploy') ? { hints: hints(i.get('namespace'), i.get('manifests')) } : false,
  },
  kubernetes: {
    kind: 'deploy',
    check: (i) => (/^(?:apply|set|rollout|create|replace|patch|scale|delete)$/i.test(i.get('command') ?? '') ? { hints: hints(i.get('namespace')) } : false),
  },
  helmdeploy: {
    kind: 'deploy',
    check: (i) =>
      /^(?:upgrade|install|rollback)$/i.test(i.get('command') ?? '') && !/--dry-run/.test(i.get('arguments') ?? '')
        ? { hints: hints(i.get('namespace'), i.get('releaseName'), i.get('valueFile')) }
        : false,
  },
  terraformtaskv1: { kind: 'infrastructure', check: terraformTask },
  terraformtaskv2: { kind: 'infrastructure', check: terraformTask },
  terraformtaskv3: { kind: 'infrastructure', check: terraformTask },
  terraformtaskv4: { kind: 'infrastructure', check: terraformTask },
  terraformtask: { kind: 'infrastructure', check: terraformTask },
  terraformcli: { kind: 'infrastructure', check: terraformTask },
  docker: {
    kind: 'image-push',
    check: (i) => (/^(?:push|buildandpush)$/i.test(i.get('command') ?? i.get('action') ?? '') ? { hints: hints(i.get('tags')) } : false),
  },
  dockercompose: { kind: 'image-push', check: (i) => (/push/i.test(i.get('action') ?? '') ? {} : false) },
  nugetcommand: { kind: 'publish', check: (i) => (/^push$/i.test(i.get('command') ?? '') ? {} : false) },
  dotnetcorecli: { kind: 'publish', check: (i) => (/^push$/i.test(i.get('command') ?? '') ? {} : false) },
  npm: { kind: 'publish', check: (i) => (/^publish$/i.test(i.get('command') ?? '') ? {} : false) },
  maven: { kind: 'publish', check: (i) => (/\bdeploy\b|release:perform/.test(i.get('goals') ?? '') ? {} : false) },
  gradle: { kind: 'publish', check: (i) => (/\bpublish(?!ToMavenLocal)/.test(i.get('tasks') ?? '') ? {} : false) },
  universalpackages: { kind: 'publish', check: (i) => (/^publish$/i.test(i.get('command') ?? '') ? {} : false) },
  githubrelease: { kind: 'release', check: (i) => (/^(?:create|edit)$/i.test(i.get('action') ?? 'create') ? {} : false) },
  servicefabricdeploy: { kind: 'deploy' },
  sqlazuredacpacdeployment: { kind: 'infrastructure' },
  iiswebappdeploymentonmachinegroup: { kind: 'deploy' },
  azurefilecopy: { kind: 'deploy' },
  cloudformationcreateorupdatestack: { kind: 'infrastructure', check: (i) => ({ hints: hints(i.get('stackName')) }) },
  lambdadeployfunction: { kind: 'deploy', check: (i) => ({ hints: hints(i.get('functionName')) }) },
  beanstalkdeployapplication: { kind: 'deploy', check: (i) => ({ hints: hints(i.get('environmentName'), i.get('applicationName')) }) },
  codedeploydeployapplication: { kind: 'deploy', check: (i) => ({ hints: hints(i.get('deploymentGroupName')) }) },
  ecrpushimage: { kind: 'image-push' },
  s3upload: { kind: 'deploy', check: (i) => ({ hints: hints(i.get('bucketName')) }) },
};

/** CircleCI orb commands/jobs and Bitbucket pipes, matched by name fragments. */
const ORB_DEPLOY =
  /(?:^|[-_/])(?:deploy|publish|release|rollout|upgrade[-_]helm[-_]chart|install[-_]helm[-_](?:chart|release)|update[-_](?:service|container[-_]image|function)|create[-_]or[-_]update[-_]resource|deploy[-_]service[-_]update|sync)(?:$|[-_])/;
const ORB_PUSH = /(?:^|[-_/])(?:push[-_]image|build[-_]and[-_]push[-_]image|build[-_]and[-_]push|push)(?:$|[-_])/;
const ORB_APPLY = /(?:^|[-_/])apply(?:$|[-_])/;
const PIPE_DEPLOY = /(?:deploy|kubectl-run|helm|ssh-run|release|trigger-deploy|code-deploy|rsync|sftp|scp|firebase|heroku)/;
const PIPE_PUBLISH = /(?:npm-publish|pypi-publish|maven-publish|publish)/;
const PIPE_PUSH = /(?:push-image|ecr-push|gcr-push|docker-push)/;

export function knownStep(platform: Platform, uses: string, inputs: readonly Input[]): CommandDeploy | undefined {
  const name = normaliseUses(platform, uses);
  const reader = inputReader(inputs);
  let known: Known | undefined;
  if (platform === 'github-actions') known = GITHUB[name] ?? GITHUB[name.split('/').slice(0, 2).join('/')];
  else if (platform === 'azure-pipelines') known = AZURE[name];
  else if (platform === 'circleci') known = orbStep(name, reader);
  else if (platform === 'bitbucket') known = pipeStep(name, reader);
  else if (platform === 'buildkite') known = buildkitePlugin(name, reader);
  else if (platform === 'drone') known = dronePlugin(name, reader);
  else if (platform === 'jenkins') known = jenkinsStep(uses, reader);
  if (!known) return undefined;
  const decided = known.check ? known.check(reader) : {};
  if (decided === false) return undefined;
  return {
    kind: decided?.kind ?? known.kind,
    what: decided?.what ?? uses.replace(/@.*$/, '').replace(/:[\w.-]{1,64}$/, ''),
    tool: name,
    hints: decided?.hints ?? [],
    tier: decided?.tier,
  };
}

function terraformTask(i: InputReader): Partial<CommandDeploy> | false {
  const command = i.get('command') ?? '';
  return /^(?:apply|destroy)$/i.test(command)
    ? { hints: hints(i.get('workingDirectory'), i.get('environmentServiceNameAzureRM'), i.get('commandOptions')) }
    : false;
}

function slotTier(slot: string | undefined): CommandDeploy['tier'] {
  if (!slot || /^production$/i.test(slot)) return undefined;
  return 'non-production';
}

function orbStep(name: string, i: InputReader): Known | undefined {
  const slash = name.indexOf('/');
  if (slash < 0) return undefined;
  const command = name.slice(slash + 1);
  if (/setup|install$|login|auth|configure|get[-_]credentials|update[-_]kubeconfig|^test|lint|scan|build$|pack$/.test(command) && !ORB_DEPLOY.test(command))
    return undefined;
  if (/^(?:terraform|pulumi)\//.test(name) && (ORB_APPLY.test(command) || /^(?:up|update|destroy)$/.test(command))) return { kind: 'infrastructure' };
  if (ORB_PUSH.test(command)) return { kind: 'image-push', check: () => ({ hints: hints(i.get('tag'), i.get('repo')) }) };
  if (ORB_DEPLOY.test(command)) {
    if (/^s3|aws-s3/.test(name) && !/sync|copy/.test(command)) return undefined;
    return {
      kind: /publish|release/.test(command) ? 'publish' : 'deploy',
      check: () => ({
        hints: hints(
          i.get('cluster'),
          i.get('cluster-name'),
          i.get('cluster_name'),
          i.get('service-name'),
          i.get('service_name'),
          i.get('namespace'),
          i.get('release-name'),
          i.get('app-name'),
          i.get('to'),
          i.get('stage'),
        ),
      }),
    };
  }
  return undefined;
}

function pipeStep(name: string, i: InputReader): Known | undefined {
  const base = name.split('/').pop() ?? name;
  if (PIPE_PUSH.test(base)) return { kind: 'image-push' };
  if (PIPE_PUBLISH.test(base)) return { kind: 'publish' };
  if (base === 'kubectl-run' || base === 'aws-eks-kubectl-run' || base === 'google-gke-kubectl-run') {
    return /\b(?:apply|set|rollout|create|replace|patch|scale|delete)\b/.test(i.get('KUBECTL_COMMAND') ?? '')
      ? { kind: 'deploy', check: () => ({ hints: hints(i.get('KUBECTL_ARGS'), i.get('RESOURCE_PATH')) }) }
      : undefined;
  }
  if (PIPE_DEPLOY.test(base)) {
    return {
      kind: /cloudformation|arm-deploy|terraform/.test(base) ? 'infrastructure' : 'deploy',
      check: () => ({
        hints: hints(
          i.get('ENVIRONMENT_NAME'),
          i.get('CLUSTER_NAME'),
          i.get('SERVICE_NAME'),
          i.get('APPLICATION_NAME'),
          i.get('S3_BUCKET'),
          i.get('FUNCTION_NAME'),
          i.get('STACK_NAME'),
          i.get('NAMESPACE'),
          i.get('APP_NAME'),
          i.get('HEROKU_APP_NAME'),
        ),
      }),
    };
  }
  return undefined;
}

function buildkitePlugin(name: string, i: InputReader): Known | undefined {
  const base = name.split('/').pop() ?? name;
  if (base === 'docker-compose' && i.has('push')) return { kind: 'image-push' };
  if (base === 'ecr' || base === 'docker-login' || base.includes('assume-role') || base.includes('secrets') || base === 'aws-sm') return undefined;
  if (/deploy|helm|release|publish/.test(base)) return { kind: /publish|release/.test(base) ? 'publish' : 'deploy' };
  return undefined;
}

function dronePlugin(name: string, i: InputReader): Known | undefined {
  const base = name.replace(/^(?:docker\.io\/)?/, '');
  if (/^plugins\/(?:docker|ecr|gcr|acr|kaniko|buildx)$|^thegeeklab\/drone-docker-buildx$|^plugins\/kaniko/.test(base))
    return truthy(i.get('dry_run')) ? undefined : { kind: 'image-push', check: () => ({ hints: hints(i.get('repo'), i.get('tags')) }) };
  if (/^plugins\/(?:npm|pypi|gem|cargo)$/.test(base)) return { kind: 'publish' };
  if (/^plugins\/(?:github-release|gitea-release|gitlab-release)$/.test(base)) return { kind: 'release' };
  if (/^plugins\/(?:s3|s3-sync|heroku|gh-pages|ansible|kube|ecs|cloudfoundry)$|^appleboy\/drone-(?:ssh|scp)|helm|kubectl|kubernetes|deploy/.test(base))
    return { kind: 'deploy', check: () => ({ hints: hints(i.get('namespace'), i.get('release'), i.get('host'), i.get('bucket'), i.get('app')) }) };
  return undefined;
}

/** Jenkins pipeline steps (plugins) that deploy, publish or release. */
const JENKINS: Record<string, DeployKind> = {
  kubernetesDeploy: 'deploy',
  kubernetesApply: 'deploy',
  s3Upload: 'deploy',
  ansiblePlaybook: 'deploy',
  ansibleTower: 'deploy',
  sshPublisher: 'deploy',
  cfnUpdate: 'infrastructure',
  cfnDelete: 'infrastructure',
  cfnExecuteChangeSet: 'infrastructure',
  azureWebAppPublish: 'deploy',
  azureFunctionAppPublish: 'deploy',
  acsDeploy: 'deploy',
  openshiftDeploy: 'deploy',
  ecsDeploy: 'deploy',
  deploy: 'deploy',
  awsCodeDeploy: 'deploy',
  createDeployment: 'deploy',
  octopusDeployRelease: 'deploy',
  nexusArtifactUploader: 'publish',
  nexusPublisher: 'publish',
  rtUpload: 'publish',
  rtPublishBuildInfo: 'publish',
  githubRelease: 'release',
  createGitHubRelease: 'release',
  helmDeploy: 'deploy',
  terraformApply: 'infrastructure',
};

function jenkinsStep(name: string, i: InputReader): Known | undefined {
  const kind = JENKINS[name];
  if (kind)
    return {
      kind,
      check: () => ({
        hints: hints(
          i.get('namespace'),
          i.get('bucket'),
          i.get('stack'),
          i.get('appName'),
          i.get('environment'),
          i.get('configs'),
          i.get('inventory'),
          i.get('limit'),
          i.get('cluster'),
          i.get('service'),
        ),
      }),
    };
  // `docker.image('app').push()`, `app.push('latest')`: the Docker Pipeline plugin pushes.
  if (/(?:^|\.)push$/.test(name) && name !== 'push') return { kind: 'image-push' };
  // `build job: 'deploy-production'` starts another job; its name says what it does.
  if (name === 'build') {
    const job = i.get('job') ?? i.get('0') ?? '';
    if (/deploy|release|publish|rollout|promote/i.test(job)) return { kind: 'deploy', check: () => ({ what: `downstream job "${job}"`, hints: hints(job) }) };
  }
  return undefined;
}

/** GitHub actions whose inputs carry a shell script, and whether it runs on a remote host. */
export const SCRIPT_INPUTS: Record<string, { input: string; remote: boolean; prefix?: string }[]> = {
  'azure/cli': [{ input: 'inlinescript', remote: false }],
  'azure/powershell': [{ input: 'inlinescript', remote: false }],
  'appleboy/ssh-action': [{ input: 'script', remote: true }],
  'garygrossgarten/github-action-ssh': [{ input: 'command', remote: true }],
  'google-github-actions/ssh-compute': [{ input: 'command', remote: true }],
  'nick-fields/retry': [{ input: 'command', remote: false }],
  'nick-invision/retry': [{ input: 'command', remote: false }],
  'actions-hub/kubectl': [{ input: 'args', remote: false, prefix: 'kubectl ' }],
  'steebchen/kubectl': [{ input: 'command', remote: false, prefix: 'kubectl ' }],
};
