import { defineRule } from '../../src/rule/index.js';
import { decodeJwt, tokenRule, type DecodedJwt, type TokenRefinement } from '../../src/detect/index.js';

/**
 * Signed JWTs whose claims grant an elevated role: Supabase `service_role` keys (which bypass
 * Row Level Security) and tokens minted for an admin or superuser role. Ordinary user tokens and
 * public `anon` keys are not reported. The payload is decoded to decide, never printed.
 */

/** Role names that mean "bypass authorisation" wherever they appear. */
const ELEVATED = /^(?:service_role|supabase_admin|admin|administrator|super_?admin|superuser|root)$/i;

/** A JWT's elevated role, from `role`, `roles`, Hasura claims or an `admin: true` flag. */
function elevatedRole(jwt: DecodedJwt): string | undefined {
  const claims = jwt.payload;
  const candidates: unknown[] = [claims['role'], claims['roles'], claims['app_role'], claims['user_role']];
  const hasura = claims['https://hasura.io/jwt/claims'];
  if (hasura && typeof hasura === 'object') {
    const h = hasura as Record<string, unknown>;
    candidates.push(h['x-hasura-default-role'], h['x-hasura-role']);
  }
  for (const candidate of candidates.flatMap((c) => (Array.isArray(c) ? c : [c]))) {
    if (typeof candidate === 'string' && ELEVATED.test(candidate)) return candidate.toLowerCase();
  }
  if (claims['admin'] === true || claims['is_admin'] === true || claims['isAdmin'] === true) return 'admin';
  return undefined;
}

function isJwtIoSample(jwt: DecodedJwt): boolean {
  return jwt.payload['sub'] === '1234567890' && jwt.payload['name'] === 'John Doe';
}

/** Signed with a real algorithm: `alg: none` tokens carry no credential. */
function isSigned(jwt: DecodedJwt): boolean {
  const alg = jwt.header['alg'];
  return typeof alg === 'string' && alg.toLowerCase() !== 'none' && jwt.signature.length >= 20;
}

function refine(secret: string): TokenRefinement | false {
  const jwt = decodeJwt(secret);
  if (!jwt || !isSigned(jwt)) return false;
  const role = elevatedRole(jwt);
  // `supabase start` and the self-hosting template ship public demo keys signed with a public
  // secret; jwt.io's sample token (John Doe, admin: true) is copied into countless docs and tests.
  if (!role || jwt.payload['iss'] === 'supabase-demo' || isJwtIoSample(jwt)) return false;
  const issued = typeof jwt.payload['iat'] === 'number' ? jwt.payload['iat'] : undefined;
  const expires = typeof jwt.payload['exp'] === 'number' ? jwt.payload['exp'] : undefined;
  const lifetime = expires === undefined ? 'long-lived' : issued !== undefined && expires - issued <= 24 * 3600 ? 'short-lived' : 'long-lived';
  const supabase = role === 'service_role' || jwt.payload['iss'] === 'supabase' || /supabase/.test(String(jwt.payload['iss'] ?? ''));
  return {
    name: supabase ? `Supabase ${role} key (a JWT that bypasses Row Level Security)` : `JWT granting the ${role} role`,
    severity: role === 'service_role' || role === 'supabase_admin' ? 'critical' : lifetime === 'short-lived' ? 'medium' : 'high',
    confidence: supabase ? 'high' : 'medium',
    lifetime,
    properties: { role },
  };
}

export default defineRule(
  tokenRule({
    id: 'jwt-service-role',
    title: 'JWT with an elevated role',
    description: 'A signed JWT whose claims grant an elevated role (a Supabase service_role key, an admin or superuser token) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A JWT is a bearer credential: whoever holds it gets its claims until it expires. A Supabase \`service_role\` key is signed with the project's JWT secret and bypasses Row Level Security: it reads and writes every table and storage object. Admin tokens minted for tests or scripts often carry expiries years away. Public \`anon\` keys and ordinary user tokens are not reported.

**Fix.** Rotate the signing secret or key that minted the token (Supabase: Project Settings → JWT Keys, then issue new keys; Supabase's new \`sb_secret_\` keys can be revoked one by one), keep service keys in a server-side secret store, and never ship them to browsers.

\`\`\`ts
const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!);
\`\`\``,
    patterns: [
      {
        name: 'JWT with an elevated role',
        regex: /(?<![A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{20,1000})(?![A-Za-z0-9_.-])/dg,
        keywords: ['eyj'],
        lifetime: 'unknown',
        publicPrefix: 0,
        refine,
        action: 'rotate the signing secret or key that minted it, and keep service keys in a server-side secret store',
      },
    ],
  }),
);
