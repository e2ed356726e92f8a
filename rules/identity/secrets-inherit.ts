import { defineRule } from '../../src/rule/index.js';
import { pipelineOf } from '../../src/model/pipeline/index.js';

/** Where the called workflow lives and whether it can change without a change here. */
type Callee = 'local' | 'pinned' | 'floating';

/** `owner/repo/.github/workflows/x.yml@<40 hex>`: a full commit SHA, which no push can move. */
const PINNED_TO_COMMIT = /@[0-9a-f]{40}$/i;

const CALLEE_NOTE: Record<Callee, string> = {
  local: '',
  pinned: ' (a workflow in another repository, pinned to a commit: what it does with them is reviewed there, not here)',
  floating: ' (a workflow in another repository, which can change without review here)',
};

const CALLEE_SEVERITY = { local: 'low', pinned: 'medium', floating: 'high' } as const;

export default defineRule({
  id: 'secrets-inherit',
  family: 'identity',
  title: 'Every secret handed on at once',
  description:
    'A job passes every secret it can see to a reusable workflow (`secrets: inherit`) or materialises the whole secrets context (`toJSON(secrets)`, `secrets[…]`).',
  severity: 'medium',
  confidence: 'high',
  kinds: ['github-workflow'],
  tags: ['CWE-200', 'CWE-272', 'NHI5', 'CICD-SEC-6'],
  help: `**Why.** \`secrets: inherit\` gives the called workflow, and every action and script it runs, all repository, organisation and environment secrets the caller can see, not just the ones it needs. One compromised step there can read the deploy keys of unrelated systems, and the secrets' owners cannot tell from the callee which of them it really uses. The same holds for \`toJSON(secrets)\` and dynamic \`secrets[…]\` lookups, which pull the whole secrets context into one place (and defeat log masking for structured values). A callee in another repository is worse (high): it can change without review here. Pinned to a full commit SHA it changes only when the pin does, in a reviewed change here, but its code is still reviewed elsewhere (medium). A callee in this repository changes only with it, under the same review, so handing it every secret is reported at low.

**Fix.** Pass only the secrets the callee declares, by name; look secrets up by literal name.

\`\`\`yaml
jobs:
  deploy:
    uses: ./.github/workflows/deploy.yml
    secrets:
      DEPLOY_TOKEN: \${{ secrets.PROD_DEPLOY_TOKEN }}
\`\`\``,
  scan(doc, ctx) {
    const model = pipelineOf(doc);
    if (!model) return;
    for (const pipeline of model.pipelines) {
      for (const job of pipeline.jobs) {
        const call = job.call;
        if (call?.inheritSecrets) {
          const callee: Callee = call.local ? 'local' : PINNED_TO_COMMIT.test(call.uses.value) ? 'pinned' : 'floating';
          ctx.report(
            call.inheritSecrets,
            `Job "${job.id}" passes every secret it can see, with \`secrets: inherit\`, to ${call.uses.value}${CALLEE_NOTE[callee]}: each step there can read credentials it does not need; pass only the secrets it declares, by name.`,
            // A callee in this repository changes only with it, under the same review: what is left is
            // least privilege (low). One elsewhere at a branch or tag can change without review here
            // (high); pinned to a commit it changes only with the pin, but is reviewed elsewhere (medium).
            { severity: CALLEE_SEVERITY[callee], related: [{ target: call.uses.range, message: 'called workflow' }], fingerprintKey: `${job.id}:inherit` },
          );
        }
        const seen = new Set<number>();
        for (const ref of job.references) {
          if (ref.kind !== 'whole-secrets' || seen.has(ref.range.start)) continue;
          seen.add(ref.range.start);
          ctx.report(
            ref.range,
            `Job "${job.id}" reads the whole secrets context here (\`toJSON(secrets)\` or a computed \`secrets[…]\`): every secret becomes reachable from this step and structured values escape log masking; reference each secret by its literal name.`,
            {
              fingerprintKey: `${job.id}:whole-secrets:${ref.sink ?? ''}`,
            },
          );
        }
      }
    }
  },
});
