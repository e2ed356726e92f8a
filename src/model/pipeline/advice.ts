import type { Platform } from './types.js';

/** Platform names for messages. */
export const PLATFORM_NAMES: Record<Platform, string> = {
  'github-actions': 'GitHub Actions',
  'gitlab-ci': 'GitLab CI',
  'azure-pipelines': 'Azure Pipelines',
  circleci: 'CircleCI',
  bitbucket: 'Bitbucket Pipelines',
  jenkins: 'Jenkins',
  buildkite: 'Buildkite',
  'cloud-build': 'Cloud Build',
  codebuild: 'CodeBuild',
  travis: 'Travis CI',
  drone: 'Drone',
  argocd: 'Argo',
};

/** How to put a deploy behind a person's approval, per platform. */
export const GATE_ADVICE: Record<Platform, string> = {
  'github-actions': 'give the job an environment (`environment: production`) that requires reviewers',
  'gitlab-ci': 'add `when: manual` to its rules (or deploy to a protected environment with deployment approvals)',
  'azure-pipelines': 'make it a `deployment` job on an environment with an approval check, or run a `ManualValidation` job before it',
  circleci: 'require a `type: approval` job before it in the workflow (and restrict its context to a security group)',
  bitbucket: 'add `trigger: manual` and a `deployment:` environment with deployment permissions',
  jenkins: 'add an `input` with a `submitter` before the stage',
  buildkite: 'add a `block` step (with `allowed_teams`) before it',
  'cloud-build': 'require approval on the build trigger (approvalConfig), or deploy through Cloud Deploy with `requireApproval`',
  codebuild: 'add a manual approval action before this build in its CodePipeline',
  travis: 'deploy from a system with an approval step, or limit the deploy to protected release tags',
  drone: 'run the step only on the `promote` event so someone promotes each build',
  argocd: 'turn off `syncPolicy.automated` for production and sync by hand or from a gated pipeline',
};

/** Whether the platform keeps approvals outside the file for every deploy (trigger settings). */
export const GATE_OUTSIDE_FILE: ReadonlySet<Platform> = new Set<Platform>(['cloud-build', 'codebuild']);
