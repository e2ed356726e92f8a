import { defineRule } from '../../src/rule/index.js';
import { keyedValue, tokenRule } from '../../src/detect/index.js';

const REVOKE = 'revoke it (heroku authorizations:revoke, or Account settings → API key → Regenerate) and keep the replacement in a CI secret';

export default defineRule(
  tokenRule({
    id: 'heroku-api-key',
    title: 'Heroku API key',
    description: 'A Heroku API key or OAuth authorization token is committed: the HRKU- format anywhere, the older UUID format next to a Heroku name.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Heroku API key acts as its user on every app they can reach: it reads config vars (where Heroku apps keep their database URLs and third-party keys), deploys code and scales dynos on the account's bill.

**Fix.** Revoke the key (\`heroku authorizations:revoke <id>\`, or regenerate the account API key), and give CI a long-lived authorization created for it alone (\`heroku authorizations:create\`) kept in the CI platform's secrets.

\`\`\`yaml
env:
  HEROKU_API_KEY: \${{ secrets.HEROKU_API_KEY }}
\`\`\``,
    patterns: [
      {
        name: 'Heroku API key',
        regex: /(?<![A-Za-z0-9_-])(HRKU-AA[A-Za-z0-9_-]{58})(?![A-Za-z0-9_-])/dg,
        keywords: ['hrku-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 4,
        action: REVOKE,
      },
      {
        name: 'Heroku API key (legacy format)',
        regex: new RegExp(
          keyedValue(
            '(?<![A-Za-z0-9])heroku[_-]?(?:api[_-]?|auth[_-]?|oauth[_-]?)?(?:key|token)',
            '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
          ),
          'dgi',
        ),
        keywords: ['heroku'],
        lifetime: 'long-lived',
        entropy: 3,
        action: REVOKE,
      },
    ],
  }),
);
