import { defineRule } from '../../src/rule/index.js';
import { decodeBase64Json, keyedValue, tokenRule } from '../../src/detect/index.js';

const REVOKE = 'revoke it in Sentry (Settings → Auth Tokens, or Organization Tokens) and keep the replacement in a CI secret';

/** Organisation tokens carry base64 JSON with the issue time and the organisation's URLs. */
function hasOrgPayload(secret: string): boolean {
  const body = secret.slice('sntrys_'.length);
  const payload = decodeBase64Json(body.slice(0, body.lastIndexOf('_')));
  return payload !== undefined && 'iat' in payload && ('url' in payload || 'region_url' in payload || 'org' in payload);
}

export default defineRule(
  tokenRule({
    id: 'sentry-token',
    title: 'Sentry auth token',
    description: 'A Sentry organisation, user or legacy auth token is committed (DSNs are public by design and are not reported).',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Sentry auth token calls the Sentry API: organisation tokens upload source maps and create releases (enough to poison stack traces), user tokens act with every scope the user granted, including reading events full of request data and personal information.

A DSN (\`https://<key>@o0.ingest.sentry.io/0\`) only submits events and is meant to ship in clients; it is not reported.

**Fix.** Revoke the token in Sentry (Settings → Auth Tokens, or Organization Tokens for \`sntrys_\`), and keep the replacement in the CI platform's secrets.

\`\`\`yaml
- uses: getsentry/action-release@v3
  env:
    SENTRY_AUTH_TOKEN: \${{ secrets.SENTRY_AUTH_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'Sentry organisation auth token',
        regex: /(?<![A-Za-z0-9_-])(sntrys_eyJ[A-Za-z0-9+/=]{20,800}_[A-Za-z0-9+/]{43})(?![A-Za-z0-9+/=_-])/dg,
        keywords: ['sntrys_'],
        lifetime: 'long-lived',
        publicPrefix: 7,
        check: hasOrgPayload,
        action: REVOKE,
      },
      {
        name: 'Sentry user auth token',
        regex: /(?<![A-Za-z0-9_-])(sntryu_[a-f0-9]{64})(?![A-Za-z0-9_-])/dg,
        keywords: ['sntryu_'],
        lifetime: 'long-lived',
        publicPrefix: 7,
        entropy: 3,
        action: REVOKE,
      },
      {
        name: 'Sentry auth token (legacy format)',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9])sentry[_-]?(?:auth[_-]?|api[_-]?|access[_-]?)?(?:token|key)', '[a-f0-9]{64}'), 'dgi'),
        keywords: ['sentry'],
        lifetime: 'long-lived',
        entropy: 3,
        action: REVOKE,
      },
      {
        name: 'Sentry auth token (legacy format)',
        regex: /^\s*token\s*=\s*([a-f0-9]{64})\s*$/dgm,
        keywords: ['[auth]'],
        lifetime: 'long-lived',
        entropy: 3,
        check: (_secret, _match, doc) => /(?:^|\/)\.sentryclirc$/.test(doc.path),
        action: REVOKE,
      },
    ],
  }),
);
