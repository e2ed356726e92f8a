import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'linear-api-key',
    title: 'Linear API key',
    description: 'A Linear personal API key or OAuth access token is committed.',
    severity: 'medium',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Linear API key acts as its user across the workspace: it reads every issue, project and comment the user can see (often security reports and roadmaps) and can create or change them.

**Fix.** Revoke the key in Linear (Settings → Security & access → Personal API keys), and give integrations an OAuth application with limited scopes; read keys from a secret store.

\`\`\`ts
import { LinearClient } from "@linear/sdk";
const linear = new LinearClient({ apiKey: process.env.LINEAR_API_KEY });
\`\`\``,
    patterns: [
      {
        name: 'Linear API key',
        regex: /(?<![A-Za-z0-9_])(lin_api_[A-Za-z0-9]{40,64})(?![A-Za-z0-9_])/dg,
        keywords: ['lin_api_'],
        lifetime: 'long-lived',
        publicPrefix: 8,
        entropy: 3.5,
        action: 'revoke it in Linear (Settings → Security & access → Personal API keys) and load it from a secret store',
      },
      {
        name: 'Linear OAuth access token',
        regex: /(?<![A-Za-z0-9_])(lin_oauth_[a-f0-9]{64})(?![A-Za-z0-9_])/dg,
        keywords: ['lin_oauth_'],
        lifetime: 'unknown',
        publicPrefix: 10,
        entropy: 3,
        action: 'revoke the OAuth authorisation in Linear and request tokens at run time',
      },
    ],
  }),
);
