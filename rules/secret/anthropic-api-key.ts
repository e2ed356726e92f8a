import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'anthropic-api-key',
    title: 'Anthropic API key',
    description: 'An Anthropic (Claude) API key, Admin API key or OAuth token is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** An Anthropic API key spends its workspace's credit and reaches whatever the workspace holds (files, batches). An Admin API key manages the organisation: members, workspaces and other keys. A Claude OAuth token acts as the signed-in user's subscription. Leaked keys are abused within minutes of a push.

**Fix.** Disable the key in the Claude Console (Settings → API keys, or Admin keys), issue a new key scoped to one workspace, and read it from a secret store. Keep admin keys out of application code.

\`\`\`python
import anthropic

client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment
\`\`\``,
    patterns: [
      {
        name: 'Anthropic API key',
        regex: /(?<![A-Za-z0-9_-])(sk-ant-api0[0-9]-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])/dg,
        keywords: ['sk-ant-api0'],
        lifetime: 'long-lived',
        publicPrefix: 13,
        entropy: 4,
        action: 'disable it in the Claude Console (Settings → API keys) and load it from a secret store',
      },
      {
        name: 'Anthropic Admin API key',
        regex: /(?<![A-Za-z0-9_-])(sk-ant-admin0[0-9]-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])/dg,
        keywords: ['sk-ant-admin0'],
        lifetime: 'long-lived',
        publicPrefix: 15,
        entropy: 4,
        severity: 'critical',
        action: 'delete it in the Claude Console (Settings → Admin keys) and keep organisation administration out of application code',
      },
      {
        name: 'Anthropic OAuth token',
        regex: /(?<![A-Za-z0-9_-])(sk-ant-o(?:at|rt)01-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/dg,
        keywords: ['sk-ant-oat01-', 'sk-ant-ort01-'],
        lifetime: 'long-lived',
        publicPrefix: 13,
        entropy: 4,
        action: "sign out of the Claude app or revoke the token under the account's authorised apps, then store any new token in a secret store",
      },
    ],
  }),
);
