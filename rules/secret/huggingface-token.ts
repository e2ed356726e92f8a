import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

/** Tokens are 34 random letters: a camel-cased identifier has far fewer capitals. */
function mixedCase(secret: string): boolean {
  const body = secret.slice(secret.lastIndexOf('_') + 1);
  const upper = body.replace(/[^A-Z]/g, '').length;
  const lower = body.replace(/[^a-z]/g, '').length;
  return upper >= 8 && lower >= 8;
}

export default defineRule(
  tokenRule({
    id: 'huggingface-token',
    title: 'Hugging Face token',
    description: 'A Hugging Face user access token or organisation API token is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Hugging Face token reads the private models, datasets and Spaces its owner can reach; a write token can push new model weights or code to them, which is a supply-chain attack on everyone who downloads them. Tokens stay valid until revoked.

**Fix.** Invalidate the token at huggingface.co/settings/tokens, create a fine-grained token with only the repositories and permissions needed, and read it from the environment (\`HF_TOKEN\`).

\`\`\`python
from huggingface_hub import login
import os

login(token=os.environ["HF_TOKEN"])
\`\`\``,
    patterns: [
      {
        name: 'Hugging Face access token',
        regex: /(?<![A-Za-z0-9_-])(hf_[A-Za-z]{34})(?![A-Za-z0-9_-])/dg,
        keywords: ['hf_'],
        lifetime: 'long-lived',
        publicPrefix: 3,
        entropy: 3.5,
        check: mixedCase,
        action: 'invalidate it at huggingface.co/settings/tokens and read HF_TOKEN from a secret store',
      },
      {
        name: 'Hugging Face organisation API token',
        regex: /(?<![A-Za-z0-9_-])(api_org_[A-Za-z]{34})(?![A-Za-z0-9_-])/dg,
        keywords: ['api_org_'],
        lifetime: 'long-lived',
        publicPrefix: 8,
        entropy: 3.5,
        check: mixedCase,
        action: "rotate it in the organisation's settings on huggingface.co and read it from a secret store",
      },
    ],
  }),
);
