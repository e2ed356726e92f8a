import { defineRule, type Document } from '../../src/rule/index.js';
import { enclosingLines, keyedValue, tokenRule } from '../../src/detect/index.js';

/** `token:` inside an `okta:` block (the Okta SDKs' okta.yaml and Spring configuration). */
function inOktaBlock(_secret: string, match: RegExpExecArray, doc: Document): boolean {
  return /(?:^|\/)okta\.ya?ml$/i.test(doc.path) || enclosingLines(doc.text, match.index, 3).some((line) => /okta/i.test(line));
}

const REVOKE =
  'revoke it in the Okta Admin Console (Security → API → Tokens) and move the integration to an OAuth 2.0 service app with scoped, short-lived tokens';

export default defineRule(
  tokenRule({
    id: 'okta-token',
    title: 'Okta API token',
    description: 'An Okta API (SSWS) token is committed next to an Okta name or in an SSWS authorization header.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** An Okta API token acts with the full admin role of the user who created it: it can create users, reset factors, change sign-on policies and grant itself applications: the keys to every system behind Okta single sign-on.

**Fix.** Revoke the token (Security → API → Tokens) and move the integration to an OAuth 2.0 service app that requests scoped, short-lived access tokens with a private key JWT.

\`\`\`python
client = OktaClient({"orgUrl": ORG_URL, "authorizationMode": "PrivateKey", "clientId": CLIENT_ID, "scopes": ["okta.users.read"], "privateKey": load_key()})
\`\`\``,
    patterns: [
      {
        name: 'Okta API token',
        regex: /\bSSWS\s+(00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/dg,
        keywords: ['ssws'],
        lifetime: 'long-lived',
        publicPrefix: 2,
        entropy: 4,
        action: REVOKE,
      },
      {
        name: 'Okta API token',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9])okta[_-]?(?:client[_-]?|api[_-]?|admin[_-]?)?(?:token|key)', '00[A-Za-z0-9_-]{40}'), 'dgi'),
        keywords: ['okta'],
        lifetime: 'long-lived',
        publicPrefix: 2,
        entropy: 4,
        action: REVOKE,
      },
      {
        // A Terraform variable whose name says Okta token and whose default is the token:
        // `variable "okta_api_token" { default = "00…" }` (the name and value are lines apart).
        name: 'Okta API token',
        regex: /\bvariable\s+"[\w-]*okta[\w-]*(?:token|key)[\w-]*"\s*\{[^{}]{0,300}?\bdefault\s*=\s*"(00[A-Za-z0-9_-]{40})"/dgi,
        keywords: ['okta'],
        lifetime: 'long-lived',
        publicPrefix: 2,
        entropy: 4,
        action: REVOKE,
      },
      {
        name: 'Okta API token',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9_-])(?:api[_-]?)?token', '00[A-Za-z0-9_-]{40}'), 'dgi'),
        keywords: ['okta'],
        lifetime: 'long-lived',
        publicPrefix: 2,
        entropy: 4,
        check: inOktaBlock,
        action: REVOKE,
      },
    ],
  }),
);
