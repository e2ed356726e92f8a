import { defineRule } from '../../src/rule/index.js';
import { correlation, humanIdentity, reportVerdict } from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'human-identity-in-automation',
  family: 'identity',
  title: "A person's identity drives automation",
  description: "Automation acts with a credential named for a person, a person's e-mail or name as its git identity or cloud account, or a person's .netrc login.",
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
    for (const record of correlation(facts, ctx.settings).records) {
      const verdict = humanIdentity(record);
      if (!verdict) continue;
      reportVerdict(ctx, verdict);
    }
  },
});
