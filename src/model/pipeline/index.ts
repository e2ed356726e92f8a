import { hasLineLongerThan } from '../../document/parse.js';
import { dataDocuments } from '../../ast/data.js';
import type { Document } from '../../document/document.js';
import { PIPELINE_KINDS, type FileKind } from '../../document/kinds.js';
import { buildArgo } from './argo.js';
import { buildAzure } from './azure.js';
import { buildBitbucket } from './bitbucket.js';
import { buildBuildkite } from './buildkite.js';
import { buildCircleci } from './circleci.js';
import { buildCloudBuild, buildCodeBuild } from './cloud-build.js';
import { buildDrone } from './drone.js';
import { buildGithubAction, buildGithubWorkflow } from './github.js';
import { buildGitlab } from './gitlab.js';
import { buildJenkins } from './jenkins.js';
import { buildTravis } from './travis.js';
import type { Pipeline, PipelineModel, Platform } from './types.js';

export type * from './types.js';
export { parseShell, effectiveArgv } from './shell.js';
export { contiguous } from './source.js';
export { commandDeploy } from './commands.js';
export {
  jobDeploys,
  mainDeploy,
  declaredOnlyByEnvironment,
  deployTier,
  gateVerdict,
  ancestors,
  admitsOnlyTrusted,
  descendants,
  isProtected,
  type Deploy,
  type TargetTier,
  type TierBasis,
} from './analysis.js';
export { compilePatterns, type NamePattern } from './target.js';
export { normaliseUses, inputReader } from './known.js';
export { githubEventTrust, roleCheckStep, forkInputs, type ForkInput } from './trust.js';

/** The file kinds a pipeline model is built for. */
export const MODEL_KINDS: readonly FileKind[] = [...PIPELINE_KINDS, 'kubernetes']; // Kubernetes: Argo CD Applications

const PLATFORM: Partial<Record<FileKind, Platform>> = {
  'github-workflow': 'github-actions',
  'github-action': 'github-actions',
  'gitlab-ci': 'gitlab-ci',
  'azure-pipelines': 'azure-pipelines',
  circleci: 'circleci',
  'bitbucket-pipelines': 'bitbucket',
  jenkinsfile: 'jenkins',
  buildkite: 'buildkite',
  cloudbuild: 'cloud-build',
  buildspec: 'codebuild',
  travis: 'travis',
  drone: 'drone',
  argocd: 'argocd',
  kubernetes: 'argocd',
};

const cache = new WeakMap<Document, PipelineModel | null>();

/**
 * The pipeline model of a CI/CD document, built once per document and shared by every rule
 * that asks (undefined for other kinds, and for files that did not parse). Never throws: odd
 * shapes give fewer jobs, not errors.
 */
export function pipelineOf(doc: Document): PipelineModel | undefined {
  let model = cache.get(doc);
  if (model === undefined) {
    model = build(doc) ?? null;
    cache.set(doc, model);
  }
  return model ?? undefined;
}

/**
 * Pipeline definitions are line-oriented files; one with a line this long is generated or
 * hostile, and the YAML parser needs seconds on a megabyte of nested flow collections.
 */
const MAX_LINE = 32_768;

function build(doc: Document): PipelineModel | undefined {
  const platform = PLATFORM[doc.kind];
  if (!platform || hasLineLongerThan(doc.text, MAX_LINE)) return undefined;
  if (doc.kind === 'jenkinsfile') return { platform, pipelines: buildJenkins(doc.text, doc.path) };
  if (doc.kind === 'kubernetes' && !doc.text.includes('argoproj.io')) return undefined;
  const roots = dataDocuments(doc);
  const pipelines: Pipeline[] = [];
  for (const root of roots) {
    // A Buildkite pipeline may be a bare list of steps.
    if (root.type !== 'map' && !(root.type === 'seq' && doc.kind === 'buildkite')) continue;
    pipelines.push(...buildOne(doc, root));
  }
  return pipelines.length ? { platform, pipelines } : undefined;
}

function buildOne(doc: Document, root: Parameters<typeof buildGitlab>[0]): Pipeline[] {
  switch (doc.kind) {
    case 'github-workflow':
      return [buildGithubWorkflow(root, doc.path, doc.text)];
    case 'github-action':
      return [buildGithubAction(root, doc.path, doc.text)];
    case 'gitlab-ci':
      return [buildGitlab(root, doc.path, doc.text)];
    case 'azure-pipelines':
      return [buildAzure(root, doc.path, doc.text)];
    case 'circleci':
      return buildCircleci(root, doc.path, doc.text);
    case 'bitbucket-pipelines':
      return buildBitbucket(root, doc.path, doc.text);
    case 'buildkite':
      return [buildBuildkite(root, doc.path, doc.text)];
    case 'cloudbuild':
      return [buildCloudBuild(root, doc.path, doc.text)];
    case 'buildspec':
      return [buildCodeBuild(root, doc.path, doc.text)];
    case 'travis':
      return [buildTravis(root, doc.path, doc.text)];
    case 'drone':
      return buildDrone(root, doc.path, doc.text);
    case 'argocd':
    case 'kubernetes':
      return buildArgo(root, doc.path);
    default:
      return [];
  }
}
export { jobLogins, pipelineLogins, federationAvailable, isRegistry, type Provider } from './cloud.js';
export { tokenScopesUsed } from './token-usage.js';
export { GATE_OUTSIDE_FILE } from './approvals.js';
