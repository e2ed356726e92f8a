/**
 * The vocabulary of identity facts: what extractors emit and what the identity rules and
 * `nhiscan inventory` read. Facts are plain data (`Fact` in `src/rule/types.ts`); this module only
 * names their kinds, identity prefixes and attributes so every producer spells them alike.
 *
 * Fact kinds:
 * - `credential-use` — a credential is used here: a CI secret or variable reference, a literal
 *   credential in a service's configuration, an env var reference in a compose file, a Secret
 *   referenced by a workload, a person's account driving automation.
 * - `credential-definition` — a credential is created here: a cloud key in infrastructure code,
 *   a GCP service-account key file, a database's own bootstrap password in a compose file, a
 *   compose `secrets:` entry.
 * - `service-account-use` — a Kubernetes workload runs as a service account.
 * - `service-account-definition` — a Kubernetes `ServiceAccount` object.
 * - `role-binding` — a (Cluster)RoleBinding grants a role to a service account.
 * - `role-definition` — a Role or ClusterRole; `wide` when it grants `*` verbs or resources.
 * - `workload-identity` — a Kubernetes service account federated to a cloud identity
 *   (`eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`, `azure.workload.identity/client-id`).
 * - `namespace-scope` — a kustomization sets the namespace of the manifests under its folder.
 *
 * Identity keys (`Fact.identity`): `secret:NAME`, `variable:NAME`, `jenkins-credential:ID`,
 * `circleci-context:NAME`, `azure-service-connection:NAME`, `cloud-role:<arn, SA email or client id>`
 * (from pipelines and here), `literal:<hash>`, `k8s-sa:<namespace>/<name>` (namespace empty when
 * the manifest sets none), `k8s-secret:<namespace>/<name>`, `k8s-role:<namespace>/<Kind>/<name>`,
 * `env:NAME`, `compose-secret:NAME`, `terraform:<folder>:<type>.<name>`, `aws-iam-user:NAME`,
 * `netrc:<login>@<machine>`, `person:<email or name>`, `k8s-namespace:<name>`.
 *
 * Attributes shared by every producer (all optional): `platform`, `pipeline`, `job`,
 * `environment`, `production`, `triggers`, `untrustedTrigger`, `branches`, `permissions`,
 * `purpose` (`deploy`, `release`, `test`, `build`, `backup`, `other`, `assistant`), `secretName`,
 * `longLived`; and from the extractors here: `source` (which file format), `name` (the variable
 * or key the value is assigned to), `service` (compose service or workload), `namespace`,
 * `serverSide` (a data store's own bootstrap credential), `provider`.
 */
export const FACT_KINDS = {
  use: 'credential-use',
  definition: 'credential-definition',
  serviceAccountUse: 'service-account-use',
  serviceAccountDefinition: 'service-account-definition',
  roleBinding: 'role-binding',
  roleDefinition: 'role-definition',
  workloadIdentity: 'workload-identity',
  namespaceScope: 'namespace-scope',
} as const;

/** The folder of a POSIX path relative to the scan root (`''` for the root). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
