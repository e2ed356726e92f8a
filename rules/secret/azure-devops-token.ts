import { defineRule } from '../../src/rule/index.js';
import { keyedValue, tokenRule } from '../../src/detect/index.js';

const REVOKE =
  'revoke it in Azure DevOps (User settings → Personal access tokens) and give pipelines $(System.AccessToken) or a service connection with workload identity federation instead';

export default defineRule(
  tokenRule({
    id: 'azure-devops-token',
    title: 'Azure DevOps personal access token',
    description:
      'An Azure DevOps personal access token is committed: the current 84-character format (AZDO signature) anywhere, the older 52-character format next to an Azure DevOps name or in a dev.azure.com URL.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** An Azure DevOps PAT acts as its user in the organisation with the scopes it was given: read and push code, queue pipelines (which run with the project's service connections), read variable groups and artifacts. Full-access PATs reach every project the user can.

**Fix.** Revoke the token (User settings → Personal access tokens), and stop using personal tokens for automation: pipelines get \`$(System.AccessToken)\`, deployments a service connection with workload identity federation, and tools a Microsoft Entra token.

\`\`\`yaml
steps:
  - script: git push https://dev.azure.com/acme/web/_git/web HEAD:main
    env:
      SYSTEM_ACCESSTOKEN: $(System.AccessToken)
\`\`\``,
    patterns: [
      {
        name: 'Azure DevOps personal access token',
        regex: /(?<![A-Za-z0-9_-])([A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})(?![A-Za-z0-9_-])/dg,
        keywords: ['azdo'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 4,
        action: REVOKE,
      },
      {
        name: 'Azure DevOps personal access token (legacy format)',
        regex: new RegExp(
          keyedValue('(?<![A-Za-z0-9])(?:azure[_-]?devops|ado|azdo|vsts|devops)[_-]?(?:ext[_-]?)?(?:pat|token|personal[_-]?access[_-]?token)', '[a-z0-9]{52}'),
          'dgi',
        ),
        // One of these occurs in every name the regex accepts (ADOPAT, adoext_token as much as ADO_PAT).
        keywords: ['devops', 'ado_', 'ado-', 'azdo', 'vsts', 'adoext', 'adopat', 'adotoken', 'adopersonal'],
        lifetime: 'long-lived',
        entropy: 3.8,
        action: REVOKE,
      },
      {
        name: 'Azure DevOps personal access token (legacy format)',
        regex: /https?:\/\/(?:[^\s:@/'"]{1,64}:)?([a-z0-9]{52})@(?:dev\.azure\.com|[a-z0-9-]{1,64}\.visualstudio\.com)/dg,
        keywords: ['dev.azure.com', 'visualstudio.com'],
        lifetime: 'long-lived',
        entropy: 3.8,
        action: REVOKE,
      },
    ],
  }),
);
