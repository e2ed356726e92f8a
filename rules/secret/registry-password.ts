import { defineRule } from '../../src/rule/index.js';
import type { RuleContext } from '../../src/rule/index.js';
import { get, items, str, type DataNode } from '../../src/ast/index.js';
import { isPlaceholder } from '../../src/detect/index.js';
import { normaliseUses, pipelineOf, type Pipeline } from '../../src/model/pipeline/index.js';

/** Login actions and plugins whose `password` input is a registry credential. */
const LOGIN_STEPS =
  /^(?:docker\/login-action|azure\/docker-login|redhat-actions\/podman-login|plugins\/(?:docker|ecr|gcr|acr|kaniko|buildx)|thegeeklab\/drone-docker-buildx)$/;

export default defineRule({
  id: 'registry-password',
  family: 'secret',
  title: 'Container registry password written in a pipeline',
  description:
    'A literal password for a container registry sits in a pipeline: job containers and services (`credentials.password`), CircleCI `auth`, Bitbucket image credentials, or a registry login step.',
  severity: 'high',
  confidence: 'high',
  kinds: ['github-workflow', 'github-action', 'circleci', 'bitbucket-pipelines', 'drone'],
  keywords: ['password'],
  tags: ['CWE-798', 'CWE-259', 'NHI2', 'CICD-SEC-6'],
  help: `**Why.** These slots hold nothing but a registry credential, so any literal there is a real password, however plain it looks: everyone who can read the repository can pull, and often push, the organisation's images with it, and push access to an image that production pulls is a deploy path. The general credential rule skips word-like values; this one does not, because the slot leaves no doubt.

**Fix.** Read the password from the CI platform's secret store (\`\${{ secrets.REGISTRY_PASSWORD }}\`, a context variable, a secured repository variable) and rotate the exposed one; for GitHub Packages use the job's \`GITHUB_TOKEN\`.

\`\`\`yaml
container:
  image: ghcr.io/acme/ci:latest
  credentials:
    username: \${{ github.actor }}
    password: \${{ secrets.GITHUB_TOKEN }}
\`\`\``,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    for (const pipeline of model.pipelines) {
      if (pipeline.platform === 'bitbucket') imagePassword(get(pipeline.node, 'image'), ctx);
      for (const job of pipeline.jobs) {
        if (pipeline.platform === 'github-actions') {
          passwordAt(get(get(get(job.node, 'container'), 'credentials'), 'password'), 'the job container', ctx);
          if (get(job.node, 'services')?.type === 'map') {
            for (const service of (get(job.node, 'services') as DataNode & { type: 'map' }).entries)
              passwordAt(get(get(service.value, 'credentials'), 'password'), `service "${service.key}"`, ctx);
          }
        } else if (pipeline.platform === 'circleci') {
          for (const image of items(get(job.node, 'docker')))
            passwordAt(get(get(image, 'auth'), 'password'), `image ${str(get(image, 'image')) ?? ''}`.trim(), ctx);
        } else if (pipeline.platform === 'bitbucket') {
          imagePassword(get(job.node, 'image'), ctx);
        }
        loginSteps(pipeline, job.steps, ctx);
      }
    }
  },
});

function loginSteps(pipeline: Pipeline, steps: Pipeline['jobs'][number]['steps'], ctx: RuleContext): void {
  for (const step of steps) {
    if (!step.uses || !LOGIN_STEPS.test(normaliseUses(pipeline.platform, step.uses.value))) continue;
    const input = step.inputs.find((i) => i.name.toLowerCase() === 'password');
    if (input) passwordAt(input.node, step.uses.value.replace(/@.*$/, ''), ctx);
  }
}

function imagePassword(image: DataNode | undefined, ctx: RuleContext): void {
  if (image?.type === 'map') passwordAt(get(image, 'password'), `image ${str(get(image, 'name')) ?? ''}`.trim(), ctx);
}

/** Reports a literal (not an expression, variable or placeholder) in a registry password slot. */
function passwordAt(node: DataNode | undefined, where: string, ctx: RuleContext): void {
  const value = str(node);
  if (!node || value === undefined) return;
  const trimmed = value.trim();
  if (trimmed.length < 3 || /\$/.test(trimmed) || isPlaceholder(trimmed)) return;
  ctx.report(
    node,
    `The registry password for ${where} is written in the pipeline: anyone who can read the repository can use it to pull (and often push) images; read it from a secret and rotate this one.`,
    {
      secret: trimmed,
      properties: { lifetime: 'long-lived' },
    },
  );
}
