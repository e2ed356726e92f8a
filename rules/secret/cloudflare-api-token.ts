import { defineRule, type Document } from '../../src/rule/index.js';
import { charClasses, crc32, keyedValue, tokenRule, type TokenRefinement } from '../../src/detect/index.js';

const SCANNABLE: Record<string, string> = {
  cfk: 'Cloudflare Global API Key',
  cfut: 'Cloudflare user API token',
  cfat: 'Cloudflare account API token',
};

/**
 * Scannable credentials (2026 format) end in an 8-hex checksum; the CRC-32 of the 40-character body
 * is the construction scanners use. A mismatch lowers confidence rather than dropping the match,
 * since Cloudflare does not document the construction itself.
 */
function scannableKind(secret: string): TokenRefinement {
  const [prefix = '', rest = ''] = secret.split('_');
  const body = rest.slice(0, 40);
  const checksum = rest.slice(40);
  const valid = crc32(body).toString(16).padStart(8, '0') === checksum;
  return {
    name: SCANNABLE[prefix] ?? 'Cloudflare API token',
    confidence: valid ? 'high' : 'medium',
    severity: prefix === 'cfk' ? 'critical' : 'high',
  };
}

const ROLL = 'roll or delete it in the Cloudflare dashboard (My Profile → API Tokens) and keep the replacement in a CI secret';

/** Token bodies are random: letters of both cases and digits. */
function randomBody(secret: string): boolean {
  const { lower, upper, digit } = charClasses(secret);
  return lower && upper && digit;
}

/** A bearer token sent to the Cloudflare API (curl examples, scripts). */
function callsCloudflare(_secret: string, match: RegExpExecArray, doc: Document): boolean {
  const around = doc.text.slice(Math.max(0, match.index - 300), Math.min(doc.text.length, match.index + 300));
  return /api\.cloudflare\.com/i.test(around) && randomBody(_secret);
}

export default defineRule(
  tokenRule({
    id: 'cloudflare-api-token',
    title: 'Cloudflare API token or key',
    description:
      'A Cloudflare API token, Global API Key or Origin CA key is committed (the scannable cfut_/cfat_/cfk_ formats anywhere, older tokens and keys next to a Cloudflare name).',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A Cloudflare API token changes what its permissions allow: DNS records (traffic hijack, certificate issuance), Workers code, firewall rules. The Global API Key is worse: it has every permission on every zone of the account and cannot be scoped.

**Fix.** Roll or delete the token in the Cloudflare dashboard (My Profile → API Tokens; View/Change for the Global API Key), replace global keys with scoped tokens, and keep them in the CI platform's secrets.

\`\`\`yaml
- uses: cloudflare/wrangler-action@v3
  with:
    apiToken: \${{ secrets.CLOUDFLARE_API_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'Cloudflare API token',
        regex: /(?<![A-Za-z0-9_-])((?:cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8})(?![A-Za-z0-9_-])/dg,
        keywords: ['cfk_', 'cfut_', 'cfat_'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3.5,
        refine: scannableKind,
        action: ROLL,
      },
      {
        name: 'Cloudflare Origin CA key',
        regex: /(?<![A-Za-z0-9_-])(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})(?![A-Za-z0-9_-])/dg,
        keywords: ['v1.0-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3.5,
        severity: 'high',
        action: 'revoke it in the Cloudflare dashboard (My Profile → API Tokens → Origin CA Key) and keep the replacement in a secret store',
      },
      {
        name: 'Cloudflare API token',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9])(?:cloudflare|cf)[_-]?(?:api[_-]?|dns[_-]?|zone[_-]?|account[_-]?)?token', '[A-Za-z0-9_-]{40}'), 'dgi'),
        // One of these begins every name the regex accepts (CFTOKEN, cfapi_token as much as CF_API_TOKEN).
        keywords: ['cloudflare', 'cf_', 'cf-', 'cftoken', 'cfapi', 'cfdns', 'cfzone', 'cfaccount'],
        lifetime: 'long-lived',
        entropy: 4,
        check: randomBody,
        action: ROLL,
      },
      {
        name: 'Cloudflare Global API Key',
        regex: new RegExp(
          keyedValue('(?<![A-Za-z0-9])(?:(?:cloudflare|cf)[_-]?(?:global[_-]?)?(?:api[_-]?|auth[_-]?)?(?:key|token)|x-auth-key)', '[a-f0-9]{37}'),
          'dgi',
        ),
        keywords: ['cloudflare', 'cf_', 'cf-', 'cfglobal', 'cfapi', 'cfauth', 'cfkey', 'cftoken', 'x-auth-key'],
        lifetime: 'long-lived',
        entropy: 3,
        action: 'change the Global API Key in the Cloudflare dashboard (My Profile → API Tokens → Global API Key) and use scoped API tokens instead',
      },
      {
        name: 'Cloudflare API token',
        regex: /\bBearer\s+([A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/dg,
        keywords: ['api.cloudflare.com'],
        lifetime: 'long-lived',
        entropy: 4,
        check: callsCloudflare,
        action: ROLL,
      },
    ],
  }),
);
