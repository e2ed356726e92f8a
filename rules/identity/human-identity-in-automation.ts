import { defineRule } from '../../src/rule/index.js';
import type { RepositoryContext } from '../../src/rule/index.js';
import {
  capitalise,
  correlation,
  onlyInExamples,
  describeIdentity,
  listLabels,
  personalIdentity,
  publicKey,
  relatedOf,
  type IdentityRecord,
} from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'human-identity-in-automation',
  family: 'identity',
  title: "A person's identity drives automation",
  description:
    "Automation acts with a credential named for a person, a person's e-mail or name as its git identity or cloud account, or a person's .netrc login.",
  severity: 'high',
  confidence: 'medium',
  tags: ['NHI1', 'NHI10', 'CICD-SEC-2', 'CWE-272'],
  help: `**Why.** A credential that belongs to a person carries all of that person's access, not the little the job needs; it stops working (or worse, keeps working) when they leave; and everything the automation does is recorded as the person's doing. Credentials named for someone (\`JOHN_SMITH_TOKEN\`, \`ALICE_PAT\`, a Jenkins credential \`alice-github-token\`), a personal address or name as the git identity of CI commits or as a cloud account (\`gcloud --account jane.doe@gmail.com\`), and a personal login in a committed \`.netrc\` are reported once per identity, with every use related.

Bot and role addresses (\`ci@\`, \`deploy@\`, \`noreply@\`, \`github-actions[bot]\`), service accounts and names that also say \`bot\`, \`ci\` or \`deploy\` are not. Tokens named only as personal access tokens (\`MY_PAT\`) are the business of \`identity/personal-token-in-automation\`.

**Fix.** Give automation its own identity: a GitHub App or bot account, a project or group access token, a cloud service account reached through OIDC federation; commit as the bot.

\`\`\`yaml
- run: |
    git config user.name  "release-bot"
    git config user.email "release-bot@users.noreply.github.com"
\`\`\``,

  correlate(facts, ctx) {
    for (const record of correlation(facts, ctx.settings).records) check(record, ctx);
  },
});

function check(record: IdentityRecord, ctx: RepositoryContext): void {
  const found = personalIdentity(record);
  if (!found) return;
  const { uses } = found;
  if (found.kind === 'named-credential') {
    const what = record.type === 'literal' ? `A literal credential named ${found.named}` : capitalise(describeIdentity(record));
    const message = `${what} is named for a person (${found.person}) and used by automation (${listLabels(uses.map((u) => [u]))}); a personal credential carries the person's full access, breaks when they leave and hides which machine acted — use a bot account, GitHub App or OIDC federation instead`;
    ctx.report(uses[0]!.fact.location, message, {
      severity: onlyInExamples(record) ? 'low' : 'high',
      confidence: 'medium',
      related: relatedOf(uses),
      properties: { identity: publicKey(record.identity), identityType: record.type, person: found.person, uses: uses.length },
      fingerprintKey: `identity:${record.key}`,
    });
    return;
  }
  const { contexts, files } = found;
  // A person's name on CI commits is an attribution problem; their login or cloud account is their access.
  const gitOnly = contexts.size === 1 && contexts.has('git-identity');
  const as = contexts.has('netrc-login')
    ? 'the login of a committed .netrc'
    : contexts.has('cloud-account')
      ? 'a cloud account in CI'
      : 'the git identity of CI commits';
  const message = `Personal identity ${record.name} is used as ${as} (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}); automation acting as a person carries their access, breaks when they leave and makes its actions look like theirs — use a bot account or GitHub App identity, or a dedicated service account`;
  ctx.report(uses[0]!.fact.location, message, {
    severity: onlyInExamples(record) ? 'low' : gitOnly ? 'medium' : 'high',
    confidence: 'medium',
    related: relatedOf(uses),
    properties: { identity: publicKey(record.identity), identityType: record.type, uses: uses.length, contexts: [...contexts] },
    fingerprintKey: `identity:${record.key}`,
  });
}
