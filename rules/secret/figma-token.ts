import { defineRule } from '../../src/rule/index.js';
import { keyedValue, tokenRule } from '../../src/detect/index.js';

const REVOKE = 'revoke it in Figma (Settings → Security → Personal access tokens) and load it from a secret store';

export default defineRule(
  tokenRule({
    id: 'figma-token',
    title: 'Figma personal access token',
    description: 'A Figma personal access token is committed.',
    severity: 'medium',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Figma personal access token reads (and with write scopes, changes) every file, comment and library its owner can open, including unreleased product designs.

**Fix.** Revoke the token in Figma (Settings → Security → Personal access tokens), create one with only the scopes and expiry needed, and read it from the environment.

\`\`\`js
const res = await fetch(url, { headers: { 'X-Figma-Token': process.env.FIGMA_TOKEN } });
\`\`\``,
    patterns: [
      {
        name: 'Figma personal access token',
        regex: /(?<![A-Za-z0-9_-])(figd_[A-Za-z0-9_-]{38,120})(?![A-Za-z0-9_-])/dg,
        keywords: ['figd_'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3.5,
        action: REVOKE,
      },
      {
        name: 'Figma personal access token (legacy format)',
        regex: new RegExp(
          keyedValue(
            '(?<![A-Za-z0-9])(?:x-figma-token|figma[_-]?(?:api[_-]?|access[_-]?|personal[_-]?access[_-]?)?token)',
            '[0-9a-f]{4,6}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
          ),
          'dgi',
        ),
        keywords: ['figma'],
        lifetime: 'long-lived',
        action: REVOKE,
      },
    ],
  }),
);
