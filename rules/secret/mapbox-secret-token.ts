import { defineRule } from '../../src/rule/index.js';
import { decodeBase64Json, tokenRule } from '../../src/detect/index.js';

/** Mapbox tokens carry a base64url JSON segment naming the user (`{"u":…,"a":…}`). */
function namesUser(secret: string): boolean {
  const payload = decodeBase64Json(secret.split('.')[1] ?? '');
  return typeof payload?.['u'] === 'string';
}

export default defineRule(
  tokenRule({
    id: 'mapbox-secret-token',
    title: 'Mapbox secret access token',
    description: 'A Mapbox secret access token (sk.eyJ…) is committed (public pk. tokens are not reported).',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Mapbox secret token carries scopes that public tokens cannot have: uploading and deleting tilesets and styles, listing and creating tokens, reading account data. Usage is billed to the account.

**Fix.** Delete the token at account.mapbox.com/access-tokens. Use a public \`pk.\` token with URL restrictions in clients, and keep secret tokens in a server-side secret store.

\`\`\`bash
export MAPBOX_ACCESS_TOKEN="$(vault kv get -field=token secret/mapbox)"
\`\`\``,
    patterns: [
      {
        name: 'Mapbox secret access token',
        regex: /(?<![A-Za-z0-9_.-])(sk\.eyJ[A-Za-z0-9_-]{20,400}\.[A-Za-z0-9_-]{20,30})(?![A-Za-z0-9_-])/dg,
        keywords: ['sk.eyj'],
        lifetime: 'long-lived',
        publicPrefix: 3,
        check: namesUser,
        action: 'delete it at account.mapbox.com/access-tokens and keep secret tokens in a server-side secret store',
      },
    ],
  }),
);
