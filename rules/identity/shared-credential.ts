import { defineRule } from '../../src/rule/index.js';
import { correlation, sharedCredential, reportVerdict } from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'shared-credential',
  family: 'identity',
  title: 'Credential shared by unrelated pipelines or services',
  description: 'The same credential is used by jobs with unrelated duties, by three or more pipelines, or by several applications.',
  severity: 'high',
  confidence: 'medium',
  tags: ['NHI9', 'NHI5', 'CICD-SEC-6', 'CWE-653'],
  help: `**Why.** A credential shared by unrelated automation has the union of everyone's needs: the deploy key that also runs backups can read every backup, the token in three workflows leaks from the weakest of them, and the database password that five services share cannot be rotated without breaking all five at once — nor can anyone tell which service used it. nhiscan reports each shared credential once, at its first use, with every use as a related location.

It reports: a CI secret, variable or stored credential used by jobs with unrelated duties (deploy or release and backup, test or an AI assistant), or by three or more pipelines when it deploys, publishes or is a cloud key; a literal value (the same password in several services' \`.env\`, compose and manifest files) or a Kubernetes Secret used by two or more applications. Uses inside one job, matrix copies of a job, a reusable workflow receiving its caller's secret, a build and the release that follows it, a database container's own bootstrap password (\`POSTGRES_PASSWORD\`), per-run platform tokens and notification tokens are not sharing. Credentials shared across environments are reported by \`identity/shared-across-environments\` instead.

**Fix.** One identity per purpose: a separate least-privilege credential for each pipeline, job or service, ideally short-lived through OIDC federation; one database user per service.

\`\`\`yaml
# backup.yml uses its own read-only backup credential, not the deploy key
- run: ./backup.sh
  env:
    BACKUP_TOKEN: \${{ secrets.BACKUP_READONLY_TOKEN }}
\`\`\``,

  correlate(facts, ctx) {
    const { records, envFileUsers } = correlation(facts, ctx.settings);
    for (const record of records) {
      const verdict = sharedCredential(record, envFileUsers);
      if (!verdict) continue;
      reportVerdict(ctx, verdict);
    }
  },
});
