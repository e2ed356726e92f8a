import { defineRule } from '../../src/rule/index.js';
import type { RepositoryContext, Severity } from '../../src/rule/index.js';
import {
  accountSharing,
  baseProperties,
  cloudIdentitySharing,
  correlation,
  onlyInExamples,
  environmentSpread,
  firstUse,
  relatedOf,
  type IdentityRecord,
} from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'shared-service-account',
  family: 'identity',
  title: 'Service account shared by several workloads',
  description:
    'Several applications run as one Kubernetes service account, workloads run as the default service account with its token mounted, or one cloud service account serves many deployables.',
  severity: 'medium',
  confidence: 'medium',
  tags: ['NHI9', 'NHI5', 'CICD-SEC-2', 'CWE-250', 'CWE-653'],
  help: `**Why.** A service account is the identity a workload presents to the cluster and, through workload identity federation, to the cloud. When unrelated applications share one, each holds every permission any of them needs, audit logs cannot tell them apart, and a compromise of the least important one acts as all of them — with \`cluster-admin\` or a wide role, as the whole cluster. The \`default\` service account is shared by every pod in its namespace that names no other, and its token is mounted unless \`automountServiceAccountToken: false\`.

It reports once per service account: a named account used by workloads of two or more applications (workloads named after the account, or sharing an \`app.kubernetes.io/name\` label, are one application), the \`default\` account used by two or more workloads with a mounted token (or by one when the account is bound to a role), and a cloud identity (IAM role, GCP service account) federated to two or more applications' service accounts or used by three or more deployables. Bindings to \`cluster-admin\`, \`admin\`, \`edit\` or a role with \`*\` verbs or resources raise the severity.

**Fix.** One ServiceAccount per application with a Role granting only what it needs; \`automountServiceAccountToken: false\` for workloads that do not call the API; one cloud identity per application.

\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata: { name: orders, namespace: shop }
automountServiceAccountToken: false
---
# in the orders Deployment's pod spec
serviceAccountName: orders
\`\`\``,

  correlate(facts, ctx) {
    const { records, wideRoles, cloudLinkedAccounts } = correlation(facts, ctx.settings);
    for (const record of records) {
      if (record.type === 'kubernetes-service-account') checkKubernetesAccount(record, wideRoles, cloudLinkedAccounts, ctx);
      else if (record.type === 'cloud-identity' && !environmentSpread(record)) checkCloudIdentity(record, ctx);
    }
  },
});

/**
 * Several applications' workloads on one Kubernetes service account (parts of one application,
 * by `part-of`/`instance` label, Helm release or name, are one), or the `default` account with
 * its token mounted. An account with no role bound and no cloud identity grants nothing beyond
 * the token itself: at most low.
 */
function checkKubernetesAccount(record: IdentityRecord, wide: Set<string>, cloudLinked: ReadonlySet<string>, ctx: RepositoryContext): void {
  const sharing = accountSharing(record, wide, cloudLinked);
  if (!sharing) return;
  const { mounted, mountedPlaces, isDefault, grants } = sharing;
  const shared = isDefault ? mounted.length >= 2 || (mounted.length >= 1 && grants !== 'none') : sharing.apps.size >= 2;
  if (!shared) return;
  const powerless = grants === 'none' && !sharing.cloudLinked;
  const severity: Severity = grants === 'cluster-admin' ? 'critical' : grants === 'wide' ? 'high' : powerless ? 'low' : 'medium';
  const power =
    grants === 'cluster-admin'
      ? ', which is bound to cluster-admin,'
      : grants === 'wide'
        ? ', which is bound to a wide role,'
        : sharing.cloudLinked
          ? ', which acts as a cloud identity,'
          : '';
  const names = mounted.map((w) => w.label);
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  const message = isDefault
    ? `${mounted.length} workload${mounted.length === 1 ? '' : 's'} (${shown}) run as the default service account of ${sharing.namespace}${power} with its token mounted; every pod in the namespace shares that identity — give each workload its own ServiceAccount and set automountServiceAccountToken: false where no API access is needed`
    : `Service account ${record.name}${power} is shared by ${sharing.apps.size} applications' workloads (${shown}); a compromise of any of them acts as all of them${powerless ? ' (no role binding or cloud identity in the repository grants it more than its token)' : ''} — give each application its own ServiceAccount with only the permissions it needs`;
  ctx.report(mountedPlaces[0]!.fact.location, message, {
    severity: onlyInExamples(record) ? 'low' : severity,
    confidence: isDefault ? 'high' : 'medium',
    // Workloads that do not mount the token do not act as the account: they are left out.
    related: relatedOf(record.occurrences.filter((o) => o.role !== 'use' || mountedPlaces.includes(o))),
    properties: {
      ...baseProperties(
        record,
        mounted.map((w) => [w]),
      ),
      workloads: mounted.length,
      grants,
      defaultAccount: isDefault,
      cloudIdentity: sharing.cloudLinked,
    },
    fingerprintKey: `identity:${record.key}`,
  });
}

/** One cloud identity behind several deployables: high when a long-lived key of it sits in the repository. */
function checkCloudIdentity(record: IdentityRecord, ctx: RepositoryContext): void {
  const sharing = cloudIdentitySharing(record);
  if (!sharing) return;
  const labels = [...[...sharing.accounts.values()].map((l) => l.label), ...sharing.pipelineUnits.map((u) => u[0]!.label)];
  const shown = labels.length > 4 ? `${labels.slice(0, 4).join(', ')} and ${labels.length - 4} more` : labels.join(', ');
  const message = `Cloud identity ${record.name} is used by ${sharing.deployables} deployables (${shown})${sharing.keys.length ? ' and has a long-lived key in the repository' : ''}; each of them holds every permission any of them needs and one compromise reaches them all — give each deployable its own cloud identity with only its permissions`;
  ctx.report(firstUse(record).fact.location, message, {
    severity: onlyInExamples(record) ? 'low' : sharing.keys.length ? 'high' : 'medium',
    confidence: 'medium',
    related: relatedOf(record.occurrences),
    properties: { ...baseProperties(record, sharing.pipelineUnits), deployables: sharing.deployables, longLivedKey: sharing.keys.length > 0 },
    fingerprintKey: `identity:${record.key}`,
  });
}
