import { defineRule } from '../../src/rule/index.js';
import { tokenRule, type TokenPattern } from '../../src/detect/index.js';

function shopify(name: string, prefix: string, action: string): TokenPattern {
  return {
    name,
    regex: new RegExp(`(?<![A-Za-z0-9_])(${prefix}[A-Za-z0-9]{32,64})(?![A-Za-z0-9_])`, 'dg'),
    keywords: [prefix],
    lifetime: 'long-lived',
    publicPrefix: prefix.length,
    entropy: 3.5,
    action,
  };
}

const ROTATE =
  "uninstall and reinstall the app (or rotate its credentials in the Shopify Partner Dashboard or the store's app settings) and keep the token in a secret store";

export default defineRule(
  tokenRule({
    id: 'shopify-token',
    title: 'Shopify access token or app secret',
    description: 'A Shopify Admin API access token, custom or private app token, or app shared secret is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Shopify Admin API token reads and writes the store's orders, customers and products with every scope the app was granted; customer personal data is usually among them. An app's shared secret lets anyone forge webhook and OAuth requests the app will trust.

**Fix.** Rotate the credential (uninstall and reinstall the custom app, or rotate the secret in the Partner Dashboard), request only the scopes the app needs, and read tokens from a secret store.

\`\`\`js
const client = new shopify.clients.Rest({ session: { shop, accessToken: process.env.SHOPIFY_ACCESS_TOKEN } });
\`\`\``,
    patterns: [
      shopify('Shopify Admin API access token', 'shpat_', ROTATE),
      shopify('Shopify custom app access token', 'shpca_', ROTATE),
      shopify('Shopify private app access token', 'shppa_', ROTATE),
      shopify('Shopify app shared secret', 'shpss_', 'rotate the API secret key in the Shopify Partner Dashboard and keep it in a secret store'),
    ],
  }),
);
