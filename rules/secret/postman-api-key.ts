import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'postman-api-key',
    title: 'Postman API key',
    description: 'A Postman API key (PMAK-…) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Postman API key reads and changes its owner's workspaces, collections and environments, and Postman environments routinely hold the API keys and passwords of the services they call.

**Fix.** Revoke the key in Postman (Settings → API keys), create one with an expiry, and read it from a secret store.

\`\`\`bash
postman login --with-api-key "$POSTMAN_API_KEY"
\`\`\``,
    patterns: [
      {
        name: 'Postman API key',
        regex: /(?<![A-Za-z0-9_-])(PMAK-[a-f0-9]{24}-[a-f0-9]{34})(?![A-Za-z0-9_-])/dgi,
        keywords: ['pmak-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3,
        action: 'revoke it in Postman (Settings → API keys) and load it from a secret store',
      },
    ],
  }),
);
