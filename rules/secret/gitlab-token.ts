import { defineRule } from '../../src/rule/index.js';
import { tokenRule, type TokenPattern } from '../../src/detect/index.js';

const REVOKE =
  'revoke it in GitLab (User settings → Access tokens, or the project or group token page) and give CI jobs CI_JOB_TOKEN or a masked CI/CD variable instead';

/** One GitLab token format: a documented prefix and a body of a known length and alphabet. */
function gitlab(name: string, prefix: string, body: string, extra: Partial<TokenPattern> = {}): TokenPattern {
  const escaped = prefix.replace(/[.-]/g, '\\$&');
  return {
    name,
    regex: new RegExp(`(?<![A-Za-z0-9_-])(${escaped}${body})(?![A-Za-z0-9_-])`, 'dg'),
    keywords: [prefix.toLowerCase()],
    lifetime: 'long-lived',
    publicPrefix: prefix.length,
    entropy: 3,
    action: REVOKE,
    ...extra,
  };
}

/** Routable tokens (GitLab 17+): base64url payload, `.`, a two-character version, `.`, a base-36 tail. */
const ROUTABLE = '[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}\\.?[0-9a-z]{7,9}';

export default defineRule(
  tokenRule({
    id: 'gitlab-token',
    title: 'GitLab token',
    description: 'A GitLab personal, project, group, deploy, trigger, runner, OAuth application, agent or other GitLab-issued token is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** GitLab tokens act for a user, project, group or runner: a personal access token with \`api\` scope can read and push every repository its owner can reach, a runner token lets an attacker register a runner and receive jobs with their secrets, a trigger token starts pipelines. Tokens in git history stay usable until someone revokes them.

**Fix.** Revoke the token (User settings → Access tokens, the project's or group's Access tokens page, or the runner/deploy-token settings). In pipelines use the job's \`CI_JOB_TOKEN\`, which expires with the job, or a protected, masked CI/CD variable.

\`\`\`yaml
release:
  script:
    - 'curl --header "JOB-TOKEN: $CI_JOB_TOKEN" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/packages"'
\`\`\``,
    patterns: [
      gitlab('GitLab personal, project or group access token', 'glpat-', `(?:${ROUTABLE}|[A-Za-z0-9_-]{20})`, { entropy: 3.2 }),
      gitlab('GitLab deploy token', 'gldt-', `(?:${ROUTABLE}|[A-Za-z0-9_-]{20})`, { severity: 'high' }),
      gitlab('GitLab pipeline trigger token', 'glptt-', '[0-9a-f]{40}', { severity: 'high' }),
      gitlab('GitLab runner authentication token', 'glrt-', `(?:t\\d_${ROUTABLE}|${ROUTABLE}|[A-Za-z0-9_-]{20})`, {
        severity: 'high',
        action: 'reset the runner authentication token in the runner settings and keep it in the runner host configuration only',
      }),
      gitlab('GitLab runner registration token', 'GR1348941', '[A-Za-z0-9_-]{20}', {
        severity: 'high',
        action: 'reset the registration token in the CI/CD runner settings and move to runner authentication tokens created in the UI',
      }),
      gitlab('GitLab OAuth application secret', 'gloas-', '[A-Za-z0-9_-]{64}', {
        action: 'renew the application secret under Applications in GitLab settings and keep it in a secret store',
      }),
      gitlab('GitLab Kubernetes agent token', 'glagent-', `(?:${ROUTABLE}|[A-Za-z0-9_-]{50})`, {
        action: 'revoke the agent token in Operate → Kubernetes clusters and create a new one as a Kubernetes Secret',
      }),
      gitlab('GitLab CI/CD job token', 'glcbt-', '[0-9a-zA-Z]{1,5}_[A-Za-z0-9_-]{20}', {
        lifetime: 'short-lived',
        severity: 'medium',
        action: 'remove it; job tokens expire with their job, so read $CI_JOB_TOKEN at run time instead of copying one',
      }),
      gitlab('GitLab SCIM token', 'glsoat-', '[A-Za-z0-9_-]{20}', { severity: 'high' }),
      gitlab('GitLab feed token', 'glft-', '[A-Za-z0-9_-]{20}', { severity: 'medium', action: 'reset the feed token under User settings → Access tokens' }),
      gitlab('GitLab incoming mail token', 'glimt-', '[A-Za-z0-9_-]{25}', {
        severity: 'medium',
        action: 'reset the incoming email token under User settings → Access tokens',
      }),
      gitlab('GitLab feature flags client token', 'glffct-', '[A-Za-z0-9_-]{20}', { severity: 'low', action: 'reset it on the project feature-flags page' }),
      gitlab('GitLab workspace token', 'glwt-', '[A-Za-z0-9_-]{20}', { severity: 'medium' }),
    ],
  }),
);
