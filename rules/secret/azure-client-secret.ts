import { defineRule } from '../../src/rule/index.js';
import { charClasses, tokenRule } from '../../src/detect/index.js';

/** Client secrets are random: letters of both cases, and digits or the secret's punctuation. */
function randomBody(secret: string): boolean {
  const { lower, upper, digit } = charClasses(secret.slice(6));
  return lower && upper && digit;
}

export default defineRule(
  tokenRule({
    id: 'azure-client-secret',
    title: 'Microsoft Entra ID client secret',
    description: 'A Microsoft Entra ID (Azure AD) application client secret (the current format, with `Q~` after its first four characters) is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A client secret signs in as its application's service principal: with the tenant and client IDs (rarely secret themselves) it gets tokens for every API permission and Azure role the application holds, often Contributor on a subscription for deployment principals. Secrets live up to two years.

**Fix.** Delete the secret (Entra ID → App registrations → the app → Certificates & secrets), review the sign-in logs of the service principal, and replace secrets with workload identity federation for CI (GitHub Actions, Azure Pipelines, Kubernetes) or a managed identity for workloads running in Azure.

\`\`\`yaml
permissions:
  id-token: write
steps:
  - uses: azure/login@v2
    with:
      client-id: \${{ vars.AZURE_CLIENT_ID }}
      tenant-id: \${{ vars.AZURE_TENANT_ID }}
      subscription-id: \${{ vars.AZURE_SUBSCRIPTION_ID }}
\`\`\``,
    patterns: [
      {
        name: 'Microsoft Entra ID client secret',
        regex: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/dg,
        keywords: ['0q~', '1q~', '2q~', '3q~', '4q~', '5q~', '6q~', '7q~', '8q~', '9q~'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 3.8,
        check: randomBody,
        action: 'delete it under App registrations → Certificates & secrets in Entra ID and use workload identity federation or a managed identity instead',
      },
    ],
  }),
);
