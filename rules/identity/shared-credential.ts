import { defineRule } from '../../src/rule/index.js';
import type { RepositoryContext, Severity } from '../../src/rule/index.js';
import {
  applicationSpread,
  baseProperties,
  capitalise,
  correlation,
  describeIdentity,
  dutyName,
  environmentSpread,
  firstUse,
  isCredentialIdentity,
  listLabels,
  onlyInExamples,
  pipelineSpread,
  relatedOf,
  spreadPlaces,
  type IdentityRecord,
  type Occurrence,
} from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'shared-credential',
  family: 'identity',
  title: 'Credential shared by unrelated pipelines or services',
  description: 'The same credential is used by jobs with unrelated duties, by three or more pipelines, or by several applications.',
  severity: 'high',
  confidence: 'medium',
  tags: ['NHI9', 'NHI5', 'CICD-SEC-6', 'CWE-653'],
  help: `**Why.** A credential shared by unrelated automation has the union of everyone's needs: the deploy key that also runs backups can read every backup, the token in three workflows leaks from the weakest of them, and the database password that five services share cannot be rotated without breaking all five at once — nor can anyone tell which service used it. nhiscan reports each shared credential once, at its first use, with every use as a related location.

It reports: a CI secret, variable or stored credential used by jobs with unrelated duties (deploy or release and backup, test or an AI assistant), or by three or more pipelines when it deploys, publishes or is a cloud key; a literal value (the same password in several services' \`.env\`, compose and manifest files) or a Kubernetes Secret used by two or more applications. Uses inside one job, matrix copies of a job, one test token in several test workflows, one third-party publishing token (not named as a cloud or deploy key) in the build and release workflows of one product, a reusable workflow receiving its caller's secret, a build and the release that follows it, a database container's own bootstrap password (\`POSTGRES_PASSWORD\`), per-run platform tokens and notification tokens are not sharing. Credentials shared across environments are reported by \`identity/shared-across-environments\` instead.

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
      // Sharing across environments is identity/shared-across-environments' finding.
      if (!isCredentialIdentity(record) || environmentSpread(record)) continue;
      if (record.type === 'literal' || record.type === 'kubernetes-secret') checkApplications(record, envFileUsers, ctx);
      else checkPipelines(record, ctx);
    }
  },
});

/** A literal value or Kubernetes Secret used by two or more applications. */
function checkApplications(record: IdentityRecord, envFiles: ReadonlyMap<string, Occurrence[]>, ctx: RepositoryContext): void {
  const spread = applicationSpread(record, envFiles);
  if (!spread) return;
  const names = [...spread.apps.keys()];
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  const message = `${capitalise(describeIdentity(record))} is used by ${spread.apps.size} applications (${shown}); one leak opens all of them and rotating it breaks them all at once — give each service its own credential, kept in a secret store`;
  ctx.report(firstUse(record).fact.location, message, {
    severity: onlyInExamples(record) ? 'low' : spread.production ? 'high' : 'medium',
    confidence: record.type === 'literal' ? 'high' : 'medium',
    related: spreadPlaces(record, spread),
    properties: { ...baseProperties(record, [...spread.apps.values()]), applications: names },
    fingerprintKey: `identity:${record.key}`,
  });
}

/**
 * A CI credential used for unrelated duties, or a deploy-grade one in three or more pipelines.
 * Same-purpose pipelines in one environment (three translation syncs with one token) are one use.
 */
function checkPipelines(record: IdentityRecord, ctx: RepositoryContext): void {
  const spread = pipelineSpread(record);
  if (!spread) return;
  const { duties, pair, units, pipelines } = spread;
  const widespread = pipelines.length >= 3 && spread.sensitive && !spread.onePurposeOneEnvironment && !spread.onePurposeThirdParty;
  if (!duties && !widespread) return;
  const what = capitalise(describeIdentity(record));
  // High when a production delivery credential also serves a job with a known, unrelated duty; low
  // when the model could not tell one job's duty (a release-PR bot, a version check, pipeline-wide
  // env): "unrelated" is then a guess, shown for review rather than asserted.
  // Every job declares an environment of its own: the secret is most likely an environment secret
  // with a value per environment, which is no sharing; what is left is to check its scope (low),
  // as identity/shared-across-environments does for production.
  const { perEnvironment } = spread;
  const severity: Severity = duties?.includes('other') || perEnvironment ? 'low' : duties && spread.deliversProduction ? 'high' : 'medium';
  const unless = perEnvironment
    ? `, unless ${record.name} is an environment secret with its own value in each of their environments (check its scope in the repository settings)`
    : '';
  const message =
    duties && pair
      ? `${what} is used for unrelated duties — ${dutyName(duties[0])} (${pair[0][0]!.label}) and ${dutyName(duties[1])} (${pair[1][0]!.label})${units.length > 2 ? ` among ${units.length} jobs` : ''}${unless}; a leak from either opens both and one rotation breaks both — give each job its own least-privilege credential (or OIDC federation)`
      : `${what} is used by ${pipelines.length} pipelines (${listLabels(units)})${unless}; one leak opens all of them and one rotation breaks them all — give each pipeline its own least-privilege credential (or OIDC federation)`;
  ctx.report(firstUse(record).fact.location, message, {
    severity: onlyInExamples(record) ? 'low' : severity,
    // A job whose duty the pipeline model could not tell is weaker evidence of unrelated duties.
    confidence: duties?.includes('other') ? 'low' : 'medium',
    related: relatedOf(record.occurrences),
    properties: { ...baseProperties(record, units), pipelines },
    fingerprintKey: `identity:${record.key}`,
  });
}
