import { defineRule } from '../../src/rule/index.js';
import type { Confidence, RuleContext } from '../../src/rule/index.js';
import { isCompiledAgenticWorkflow } from '../../src/model/assistant/index.js';
import { MODEL_KINDS, effectiveArgv, pipelineOf, type Job, type Pipeline, type Reference } from '../../src/model/pipeline/index.js';

type Service = 'github' | 'gitlab' | 'azure-devops' | 'bitbucket' | 'generic';

/**
 * A stored credential whose name says it belongs to a person: `*_PAT`, `PERSONAL_ACCESS_TOKEN`,
 * and user-created GitHub/GitLab tokens (no platform mints a token under those names, so a
 * stored one is a personal or machine-user token). Bot and app tokens are left alone.
 */
function personalToken(name: string, platform: Pipeline['platform']): { service: Service; confidence: Confidence } | undefined {
  const upper = name.toUpperCase().replace(/-/g, '_');
  if (/(?:^|_)(?:BOT|APP|APPS|ACTIONS|SERVICE|SVC|CI|MACHINE|AUTOMATION)(?:_|$)/.test(upper)) return undefined;
  // `PAT_USERNAME`, `GITHUB_TOKEN_EMAIL`: the account a token belongs to, not the token.
  if (/_(?:USER|USERNAME|LOGIN|EMAIL|ID|OWNER|NAME)$/.test(upper)) return undefined;
  const service: Service = /^(?:GH|GITHUB)(?:_|$)|_(?:GH|GITHUB)(?:_|$)/.test(upper)
    ? 'github'
    : /^(?:GL|GITLAB)(?:_|$)|_GITLAB(?:_|$)|^PRIVATE_TOKEN$/.test(upper)
      ? 'gitlab'
      : /AZURE_DEVOPS|^ADO_|^AZDO_|^VSTS_|_ADO_/.test(upper)
        ? 'azure-devops'
        : /BITBUCKET|^BB_/.test(upper)
          ? 'bitbucket'
          : 'generic';
  if (/(?:^|_)PAT(?:_|$)|PERSONAL_?(?:ACCESS_?)?TOKEN|PERSONAL_?(?:ACCESS_?)?KEY/.test(upper)) return { service, confidence: 'high' };
  if (service === 'bitbucket' && /APP_?PASSWORD/.test(upper)) return { service, confidence: 'medium' };
  if (service === 'github' && /TOKEN$|^GH_TOKEN$/.test(upper)) {
    // On GitHub Actions `secrets.GITHUB_TOKEN` is the platform's own token.
    if (upper === 'GITHUB_TOKEN' && platform === 'github-actions') return undefined;
    return { service, confidence: 'medium' };
  }
  if (service === 'gitlab' && /(?:^|_)(?:TOKEN|API_TOKEN|ACCESS_TOKEN)$|^PRIVATE_TOKEN$/.test(upper) && upper !== 'CI_JOB_TOKEN')
    return { service, confidence: 'medium' };
  if (service === 'azure-devops' && /TOKEN$/.test(upper)) return { service, confidence: 'medium' };
  return undefined;
}

const ADVICE: Record<Service, (platform: Pipeline['platform']) => string> = {
  github: (platform) =>
    platform === 'github-actions'
      ? "use the job's GITHUB_TOKEN with a `permissions:` block, or a GitHub App installation token (actions/create-github-app-token)"
      : 'use a GitHub App installation token scoped to the repositories it needs',
  // The platform's own job token exists only in its own pipelines: elsewhere a bot-owned token is the answer.
  gitlab: (platform) =>
    platform === 'gitlab-ci'
      ? 'use CI_JOB_TOKEN (with the job-token allowlist) or a project access token owned by a bot user'
      : 'use a GitLab project or group access token (a bot user) scoped to what the job needs',
  'azure-devops': (platform) =>
    platform === 'azure-pipelines'
      ? 'use $(System.AccessToken) with the build service identity'
      : 'use a service principal or managed identity (Microsoft Entra) with access to what the job needs',
  bitbucket: () => 'use a repository or workspace access token',
  generic: () => 'use a bot or app identity with scoped, short-lived access',
};

export default defineRule({
  id: 'personal-token-in-automation',
  family: 'identity',
  title: "A person's token driving automation",
  description:
    'A pipeline authenticates with a personal access token (PAT-like secret names, user-created GitHub or GitLab tokens) where the platform token or an app identity would do.',
  severity: 'medium',
  confidence: 'medium',
  kinds: MODEL_KINDS.filter((k) => k !== 'argocd' && k !== 'kubernetes'),
  tags: ['CWE-250', 'CWE-284', 'NHI6', 'NHI2'],
  help: `**Why.** A personal access token acts as its owner everywhere that person has access, usually far beyond the one repository the job touches, with no expiry or a long one. Actions taken with it look like the person's own, it breaks when they leave or lose access, and a leak from the pipeline is a leak of their account. The platform's job token (\`GITHUB_TOKEN\`, \`CI_JOB_TOKEN\`, \`System.AccessToken\`) or an app installation token is scoped to the run and expires with it.

The rule looks at the secrets, variables and credentials a job reads: names with \`PAT\` or \`PERSONAL_ACCESS_TOKEN\` (high confidence) and user-created GitHub, GitLab, Azure DevOps and Bitbucket tokens such as \`GH_TOKEN\`, \`RELEASE_GITHUB_TOKEN\`, \`GITLAB_TOKEN\`, \`BITBUCKET_APP_PASSWORD\` (medium). Names that say bot, app or service are left alone.

**Fix.** Use the run's own token with the permissions it needs; for cross-repository work, a GitHub App (or a bot-owned project token) scoped to those repositories.

\`\`\`yaml
- uses: actions/create-github-app-token@v1
  id: app
  with:
    app-id: \${{ vars.RELEASE_APP_ID }}
    private-key: \${{ secrets.RELEASE_APP_KEY }}
    repositories: homebrew-tap
\`\`\``,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    // gh-aw's compiled workflows name its optional tokens (`GH_AW_GITHUB_TOKEN || GITHUB_TOKEN`) whatever the
    // repository holds; what identity stands behind them is the repository's choice, not this generated file's.
    if (isCompiledAgenticWorkflow(doc.text)) return;
    // One finding per token name in the file, at its first use, with the other jobs as related places.
    const uses = new Map<string, Use[]>();
    const seen = new Set<number>();
    for (const pipeline of model.pipelines) {
      for (const ref of pipeline.references) collect(pipeline, undefined, ref, seen, uses);
      for (const job of pipeline.jobs) for (const ref of job.references) collect(pipeline, job, ref, seen, uses);
    }
    for (const list of uses.values()) report(list, ctx);
  },
});

interface Use {
  pipeline: Pipeline;
  job: Job | undefined;
  ref: Reference;
  found: { service: Service; confidence: Confidence };
}

function collect(pipeline: Pipeline, job: Job | undefined, ref: Reference, seen: Set<number>, uses: Map<string, Use[]>): void {
  if (ref.kind !== 'secret' && ref.kind !== 'variable' && ref.kind !== 'credential') return;
  if (seen.has(ref.range.start)) return;
  seen.add(ref.range.start);
  const found = personalToken(ref.name, pipeline.platform);
  if (!found || (job && (nameMandatedByTool(job, ref) || namedToHideOnly(job, ref)))) return;
  const list = uses.get(ref.name) ?? [];
  // Several references in one job are one use.
  if (!list.some((u) => u.job === job && u.pipeline === pipeline)) list.push({ pipeline, job, ref, found });
  uses.set(ref.name, list);
}

function report(list: Use[], ctx: RuleContext): void {
  const [first, ...others] = list;
  if (!first) return;
  const { pipeline, job, ref, found } = first;
  const unit = pipeline.platform === 'jenkins' ? 'Stage' : 'Job';
  const where = job ? `${unit} "${job.id}"${others.length ? ` (and ${others.length} more job${others.length > 1 ? 's' : ''})` : ''}` : 'This pipeline';
  const kind = ref.kind === 'credential' ? 'credential' : ref.kind;
  ctx.report(
    ref.range,
    `${where} authenticate${job && !others.length ? 's' : job ? '' : 's'} with ${kind} ${ref.name}, which by its name is a personal token: the automation acts as that person with all their access and stops working when they leave; ${ADVICE[found.service](pipeline.platform)}.`,
    {
      confidence: found.confidence,
      related: others.length ? list.map((u) => ({ target: u.ref.range, message: u.job ? `${unit.toLowerCase()} "${u.job.id}"` : 'pipeline' })) : [],
      properties: { service: found.service, secretName: ref.name, jobs: list.length },
      fingerprintKey: `${job?.id ?? ''}:${ref.name}`,
    },
  );
}

/**
 * The secret is stored under the very name a step's action reads (`CROWDIN_PERSONAL_TOKEN` for
 * crowdin/github-action): the tool chose the name, so the name says nothing about whose token it is.
 */
function nameMandatedByTool(job: Job, ref: Reference): boolean {
  return job.steps.some(
    (step) =>
      step.uses !== undefined &&
      [...step.env, ...step.inputs].some(
        (input) => input.name.toUpperCase() === ref.name.toUpperCase() && ref.range.start >= input.valueRange.start && ref.range.end <= input.valueRange.end,
      ),
  );
}

/** A script that scrubs values out of logs: `redact-logs.ps1`, `mask_secrets.sh`, `scrub-output.py`. */
const REDACTION_SCRIPT = /(?:^|[\\/])[\w.-]*(?:redact|mask|scrub)[\w.-]*\.(?:ps1|sh|bash|py|js|mjs|cjs|ts)$/i;

/**
 * The token is named only so that it never shows: handed to a log-redaction script as one of the
 * values to scrub (Arcade's `redact-logs.ps1 … '$(symbol-server-pat)'`), or registered with
 * GitHub's `::add-mask::`. Nothing authenticates with it there (a use elsewhere is still reported).
 */
function namedToHideOnly(job: Job, ref: Reference): boolean {
  const step = job.steps.find((s) => ref.range.start >= s.range.start && ref.range.end <= s.range.end);
  if (!step) return false;
  const command = step.commands.find((c) => ref.range.start >= c.range.start && ref.range.end <= c.range.end);
  if (command?.argv.some((word) => word.value.startsWith('::add-mask::'))) return true;
  const programs = [
    ...step.inputs.filter((input) => /^(?:filePath|scriptPath)$/i.test(input.name)).map((input) => input.value ?? ''),
    ...(command ? [effectiveArgv(command)[0] ?? '', effectiveArgv(command)[1] ?? ''] : []),
  ];
  return programs.some((program) => REDACTION_SCRIPT.test(program));
}
