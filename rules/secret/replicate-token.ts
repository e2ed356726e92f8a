import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'replicate-token',
    title: 'Replicate API token',
    description: 'A Replicate API token (r8_…) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Replicate token runs models billed to its account and reads the account's predictions, trainings and private models.

**Fix.** Disable the token at replicate.com/account/api-tokens and read its replacement from the environment (\`REPLICATE_API_TOKEN\`).

\`\`\`python
import replicate  # reads REPLICATE_API_TOKEN from the environment

output = replicate.run("owner/model:version", input={"prompt": prompt})
\`\`\``,
    patterns: [
      {
        name: 'Replicate API token',
        regex: /(?<![A-Za-z0-9_])(r8_[A-Za-z0-9]{37})(?![A-Za-z0-9_])/dg,
        keywords: ['r8_'],
        lifetime: 'long-lived',
        publicPrefix: 3,
        entropy: 3.8,
        action: 'disable it at replicate.com/account/api-tokens and load the replacement from a secret store',
      },
    ],
  }),
);
