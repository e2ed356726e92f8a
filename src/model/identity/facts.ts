import type { FactKind } from '../../rule/types.js';

/**
 * Short names for the identity fact kinds. The vocabulary itself (kinds, typed attributes per
 * kind, identities as `{ type, name }`) is `src/rule/facts.ts`: extractors and rules share it
 * through the rule contract.
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
} as const satisfies Record<string, FactKind>;

/** The folder of a POSIX path relative to the scan root (`''` for the root). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
