import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

const ROLL = 'roll it in the Stripe Dashboard (Developers → API keys) and load it from a secret store on the server';

/** Test-mode keys Stripe prints in its public documentation. */
const DOCUMENTED = new Set(['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_BQokikJOvBiI2HlWgH4olfQ2', 'sk_test_26PHem9AhJZvU623DfE1x4sd']);

const notDocumented = (secret: string) => !DOCUMENTED.has(secret);

/** WorkOS reuses `sk_live_` for base64 `key_…` keys; Stripe key bodies never start that way. */
const notWorkOs = (secret: string) => !secret.slice(8).startsWith('a2V5X');

export default defineRule(
  tokenRule({
    id: 'stripe-key',
    title: 'Stripe secret or restricted key',
    description: 'A Stripe secret key, restricted key or webhook signing secret is committed (publishable keys are public by design and are not reported).',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A live Stripe secret key can create charges and refunds, read customers and payment methods and change payouts; a restricted key can do whatever its permissions allow. Test-mode keys touch no real money but expose test data and account settings. A webhook signing secret lets anyone forge events your endpoint will trust.

**Fix.** Roll the key in the Stripe Dashboard (Developers → API keys), give servers a restricted key with only the permissions they need, and read it from a secret store. Publishable keys (\`pk_live_\`, \`pk_test_\`) are meant for browsers and need no action.

\`\`\`js
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
\`\`\``,
    patterns: [
      {
        name: 'Stripe live secret key',
        regex: /(?<![A-Za-z0-9_])(sk_live_[A-Za-z0-9]{20,247})(?![A-Za-z0-9_])/dg,
        keywords: ['sk_live_'],
        lifetime: 'long-lived',
        publicPrefix: 8,
        entropy: 3.5,
        check: notWorkOs,
        action: ROLL,
      },
      {
        name: 'Stripe live restricted key',
        regex: /(?<![A-Za-z0-9_])(rk_live_[A-Za-z0-9]{20,247})(?![A-Za-z0-9_])/dg,
        keywords: ['rk_live_'],
        lifetime: 'long-lived',
        publicPrefix: 8,
        entropy: 3.5,
        severity: 'high',
        action: ROLL,
      },
      {
        name: 'Stripe test-mode secret key',
        regex: /(?<![A-Za-z0-9_])((?:sk|rk)_test_[A-Za-z0-9]{20,247})(?![A-Za-z0-9_])/dg,
        keywords: ['sk_test_', 'rk_test_'],
        lifetime: 'long-lived',
        publicPrefix: 8,
        entropy: 3.5,
        severity: 'low',
        check: (secret) => notDocumented(secret) && notWorkOs(secret),
        validity: { basis: 'format', mode: 'test' },
        action: 'roll it in the Stripe Dashboard (test mode) and read it from the environment even in development',
      },
      {
        name: 'Stripe webhook signing secret',
        regex: /(?<![A-Za-z0-9_])(whsec_[A-Za-z0-9]{32,64})(?![A-Za-z0-9_])/dg,
        keywords: ['whsec_'],
        lifetime: 'long-lived',
        publicPrefix: 6,
        entropy: 3.5,
        severity: 'medium',
        action: 'roll the signing secret on the webhook endpoint in the Stripe Dashboard and load it from a secret store',
      },
    ],
  }),
);
