import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

const REVOKE = 'revoke it at platform.openai.com (API keys) and load it from a secret store on the server';

/** Every OpenAI key carries `T3BlbkFJ` ("OpenAI" in base64) between two random halves. */
export default defineRule(
  tokenRule({
    id: 'openai-api-key',
    title: 'OpenAI API key',
    description: 'An OpenAI project, service-account, admin or legacy user API key is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** An OpenAI key spends its organisation's credit and reads whatever the project holds: files, fine-tunes, assistants, vector stores, batch results. Leaked keys are harvested from public repositories within minutes and resold. Admin keys manage the organisation itself: users, projects and other keys.

**Fix.** Revoke the key at platform.openai.com (API keys, or Admin keys), create a project-scoped key for the service that needs it, and read it from a secret store. Never put a key in browser or mobile code; call OpenAI from a server.

\`\`\`python
from openai import OpenAI

client = OpenAI()  # reads OPENAI_API_KEY from the environment
\`\`\``,
    patterns: [
      {
        name: 'OpenAI admin API key',
        regex: /(?<![A-Za-z0-9_-])(sk-admin-[A-Za-z0-9_-]{20,120}T3BlbkFJ[A-Za-z0-9_-]{20,120})(?![A-Za-z0-9_-])/dg,
        keywords: ['t3blbkfj'],
        lifetime: 'long-lived',
        publicPrefix: 9,
        entropy: 3.5,
        severity: 'critical',
        action: 'delete it under Admin keys at platform.openai.com and keep organisation administration out of application code',
      },
      {
        name: 'OpenAI API key',
        regex: /(?<![A-Za-z0-9_-])(sk-(?:proj|svcacct|None)-[A-Za-z0-9_-]{20,120}T3BlbkFJ[A-Za-z0-9_-]{20,120})(?![A-Za-z0-9_-])/dg,
        keywords: ['t3blbkfj'],
        lifetime: 'long-lived',
        publicPrefix: 8,
        entropy: 3.5,
        action: REVOKE,
      },
      {
        name: 'OpenAI API key (legacy user key)',
        regex: /(?<![A-Za-z0-9_-])(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/dg,
        keywords: ['t3blbkfj'],
        lifetime: 'long-lived',
        publicPrefix: 3,
        entropy: 3.5,
        action: REVOKE,
      },
    ],
  }),
);
