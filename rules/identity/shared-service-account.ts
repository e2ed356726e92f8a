import { defineRule } from '../../src/rule/index.js';
import { correlation, sharedServiceAccount, reportVerdict } from '../../src/model/identity/correlate.js';

export default defineRule({
  id: 'shared-service-account',
  family: 'identity',
  title: 'Service account shared by several workloads',
  description: 'Several applications run as one Kubernetes service account, workloads run as the default service account with its token mounted, or one cloud service account serves many deployables.',
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
    const { records, wideRoles } = correlation(facts, ctx.settings);
    for (const record of records) {
      const verdict = sharedServiceAccount(record, wideRoles);
      if (!verdict) continue;
      reportVerdict(ctx, verdict);
    }
  },
});
