import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'groq-api-key',
    title: 'Groq API key',
    description: 'A Groq API key (gsk_…) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Groq API key spends its organisation's inference quota and credit; leaked model-provider keys are harvested from public code within minutes.

**Fix.** Delete the key at console.groq.com/keys and read its replacement from a secret store on the server.

\`\`\`python
from groq import Groq

client = Groq()  # reads GROQ_API_KEY from the environment
\`\`\``,
    patterns: [
      {
        name: 'Groq API key',
        regex: /(?<![A-Za-z0-9_])(gsk_[A-Za-z0-9]{52})(?![A-Za-z0-9_])/dg,
        keywords: ['gsk_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 4,
        action: 'delete it at console.groq.com/keys and load the replacement from a secret store',
      },
    ],
  }),
);
