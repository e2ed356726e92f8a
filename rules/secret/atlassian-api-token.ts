import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'atlassian-api-token',
    title: 'Atlassian API token',
    description: 'An Atlassian Cloud API token (ATATT3…) for Jira, Confluence or Bitbucket is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** An Atlassian API token, with its owner's e-mail address, signs in to Jira, Confluence and Bitbucket Cloud as that user: every issue, page and repository they can open, including security tickets and internal documentation.

**Fix.** Revoke the token at id.atlassian.com (Security → API tokens), create a scoped token with an expiry for the integration, and read it from a secret store.

\`\`\`python
from atlassian import Jira
import os

jira = Jira(url=os.environ["JIRA_URL"], username=os.environ["JIRA_USER"], password=os.environ["JIRA_API_TOKEN"])
\`\`\``,
    patterns: [
      {
        name: 'Atlassian API token',
        regex: /(?<![A-Za-z0-9_-])(ATATT3[A-Za-z0-9_=-]{186})(?![A-Za-z0-9_=-])/dg,
        keywords: ['atatt3'],
        lifetime: 'long-lived',
        publicPrefix: 6,
        entropy: 4.5,
        action: 'revoke it at id.atlassian.com (Security → API tokens) and load the replacement from a secret store',
      },
    ],
  }),
);
