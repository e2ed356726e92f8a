import { describe, expect, it } from 'vitest';
import { credentialName, judgeCredentialValue } from '../src/detect/credential.js';
import { loadParsers, parseSyntax } from '../src/document/parse.js';
import { Document } from '../src/document/document.js';
import { importBindings, moduleExports, moduleKeyOf } from '../src/model/js-modules.js';
import { isProductionLike, deployCommand } from '../src/model/deploy-commands.js';
import { scanFiles, textFile } from './helpers/scan.js';

await loadParsers(['js']);

function program(text: string, path = 'src/a.ts') {
  const doc = new Document(path, 'typescript', text, parseSyntax);
  const tree = doc.js();
  if (!tree) throw new Error('did not parse');
  return tree.program;
}

describe('credential names', () => {
  it.each([
    'password',
    'dbPassword',
    'DB_PASS',
    'pw',
    'dbPw',
    'smtpPass',
    'apiKey',
    'x-api-key',
    'X-API-KEY',
    'clientSecret',
    'secretAccessKey',
    'privateKey',
    'accessToken',
    'refresh_token',
    'connectionString',
    'Authorization',
    'jwtSecret',
    'STRIPEAPIKEY',
    'signingKey',
  ])('%s names a credential', (name) => expect(credentialName(name)).toBeDefined());

  it.each([
    'passwordField',
    'tokenizer',
    'maxTokens',
    'authorUrl',
    'keyPrefix',
    'publicKey',
    'tokenType',
    'accessKeyId',
    'secretName',
    'nextToken',
    'csrfToken',
    'primaryKey',
    'bypass',
    'passwordMinLength',
    'authUrl',
    'cacheKey',
    'key',
    'tokens',
    'eosToken',
    'compass',
  ])('%s does not', (name) => expect(credentialName(name)).toBeUndefined());
});

describe('credential values', () => {
  it.each([
    'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oO',
    'cccc3fc1626e53a13043b026c48bbf33',
    'q7Rw!vT2mZp#4Lx',
    '/799NksnRH9ucAUsdMlHUvTCQCyEZDz+TddJ8HyS',
    'qwvp zkrt hmxa lbne',
  ])('%s is a credential', (value) => {
    expect(judgeCredentialValue(value, { kind: 'password', strength: 'strong' }).secret).toBe(true);
  });

  it.each([
    '',
    'password',
    'secret',
    'test',
    'changeme',
    '${DB_PASSWORD}',
    '<your-api-key>',
    'auth.password.label',
    'color.primary.500',
    '/account/reset-password',
    'https://example.com/oauth/token',
    'Contraseña',
    'API-Schlüssel',
    'STRIPE_SECRET_KEY',
    'P@ssw0rd!',
    'resettoken123',
    'DifferentPass1',
    'passwo1',
    'Enter your password',
    '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
    'sk_live_' + 'x'.repeat(24),
    'JBSWY3DPEHPK3PXP',
    '123e4567-e89b-12d3-a456-426614174000',
    'LexicalEditorTheme__h1',
    '/components/Status/index.tsx#Status',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    ').split(',
    '@scope/package-name',
    'tag:yaml.org,2002:str',
  ])('%j is not', (value) => {
    expect(judgeCredentialValue(value, { kind: 'password', strength: 'strong' }).secret).toBe(false);
  });

  it('needs a random-looking value behind a weak name', () => {
    expect(judgeCredentialValue('basic-auth9', { kind: 'auth', strength: 'weak' }).secret).toBe(false);
    expect(judgeCredentialValue('OL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR', { kind: 'auth', strength: 'weak' }).secret).toBe(true);
  });

  it('strips an authorization scheme', () => {
    const verdict = judgeCredentialValue('Bearer 9fQ2xL7mR4vT8kW1pZ6nJ3hY5cB0dG', { kind: 'authorization', strength: 'strong' });
    expect(verdict).toMatchObject({ secret: true, offset: 7, value: '9fQ2xL7mR4vT8kW1pZ6nJ3hY5cB0dG' });
  });
});

describe('module model', () => {
  it('resolves specifiers to module keys', () => {
    expect(moduleKeyOf('src/lib/a.ts', './b')).toBe('src/lib/b');
    expect(moduleKeyOf('src/lib/a.ts', '../config/index.js')).toBe('src/config/index');
    expect(moduleKeyOf('src/lib/a.ts', '@/config')).toBe('*/config');
    expect(moduleKeyOf('a.ts', '../../outside')).toBeUndefined();
    expect(moduleKeyOf('src/a.ts', 'stripe')).toBeUndefined();
  });

  it('reads ESM and CommonJS import bindings', () => {
    const bindings = importBindings(
      program(
        `import d, { a as b } from './x'; import * as ns from './y'; import type { T } from './t'; const c = require('./z'); const { e, f: g } = require('./w'); const h = require('./v').k;`,
      ),
    );
    expect(Object.fromEntries([...bindings].map(([k, v]) => [k, `${v.specifier}#${v.imported}${v.viaRequire ? '(cjs)' : ''}`]))).toEqual({
      d: './x#default',
      b: './x#a',
      ns: './y#*',
      c: './z#*(cjs)',
      e: './w#e(cjs)',
      g: './w#f(cjs)',
      h: './v#k(cjs)',
    });
  });

  it('reads exported strings and re-exports', () => {
    const esm = moduleExports(
      program(
        `const A = 'a1'; export const B = 'b1' as const; export { A as C }; export default { d: { e: 'e1' } }; export * from './m'; export { x as y } from './n';`,
      ),
    );
    expect(esm.strings.map((s) => `${s.path}=${s.value}`).sort()).toEqual(['B=b1', 'C=a1', 'default.d.e=e1']);
    expect(esm.reexports.map((r) => `${r.name}<-${r.specifier}#${r.imported}`)).toEqual(['*<-./m#*', 'y<-./n#x']);
    const cjs = moduleExports(program(`module.exports = { K: 'k1' }; exports.L = 'l1';`, 'c.js'));
    expect(cjs.strings.map((s) => s.path).sort()).toEqual(['K', 'L', 'default.K', 'default.L']);
  });
});

describe('deploy vocabulary', () => {
  it('tells production names', () => {
    expect(isProductionLike(['Prod'])).toBe(true);
    expect(isProductionLike(['ProdEuWest1'])).toBe(true);
    expect(isProductionLike(['accounts.production'])).toBe(true);
    expect(isProductionLike(['PreProd', 'pre-prod', 'NonProd', 'ProductCatalog', 'Staging'])).toBe(false);
    expect(isProductionLike(['Tier1'], ['^tier1$'])).toBe(true);
  });

  it('tells deploy commands, not rehearsals', () => {
    expect(deployCommand('npx cdk deploy --all --require-approval never')).toBe('cdk deploy');
    expect(deployCommand('kubectl apply -f k8s/')).toBe('kubectl apply');
    expect(deployCommand('kubectl apply --dry-run=client -f k8s/')).toBeUndefined();
    expect(deployCommand('npx cdk synth')).toBeUndefined();
    expect(deployCommand('terraform plan')).toBeUndefined();
  });
});

/**
 * The code-aware rules together with every other built-in rule (text rules, the generic
 * fallback): one finding per planted secret, none on look-alikes.
 */
describe('secret rules together on JavaScript and TypeScript', () => {
  const planted = {
    'src/db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool({ user: 'app', password: 'q7Rw!vT2mZp#4Lx', host: 'db' });\n`,
    'src/constants.ts': `export const STRIPE_LIVE = 'Hq8ZpX2vLm4Tr7Wk9Nc3Bd6Fs1Gy5Aj0Ue';\nexport const OPENAI_API_KEY = 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oO';\n`,
    'src/pay.ts': `import Stripe from 'stripe';\nimport { STRIPE_LIVE } from './constants';\nexport const stripe = new Stripe(STRIPE_LIVE);\n`,
    'src/ai.js': `const OpenAI = require('openai');\nconst { OPENAI_API_KEY } = require('./constants');\nmodule.exports = new OpenAI({ apiKey: OPENAI_API_KEY });\n`,
    'src/headers.ts': `export const client = { headers: { Authorization: 'Bearer 9fQ2xL7mR4vT8kW1pZ6nJ3hY5cB0dG' } };\n`,
  };
  const lookAlikes = {
    'src/i18n.ts': `export const en = { password: 'auth.password.label', token: 'Token', apiKey: 'API key' };\n`,
    'src/env.ts': `export const cfg = { password: process.env.DB_PASSWORD, token: import.meta.env.VITE_TOKEN, secret: '' };\n`,
    'src/hash.ts': `export const BUILD = 'ebb2737f6a6f0fb23c6f5da2cec255404e4fb440';\nexport const cache = { key: BUILD, integrity: 'sha512-9f86d081884c7d659a2feaa0c55ad015a3bf' };\n`,
    'test/login.test.ts': `login({ username: 'alice', password: 'password' }); login({ password: 'test' });\n`,
  };

  it('reports each planted secret exactly once', async () => {
    const files = Object.entries({ ...planted, ...lookAlikes }).map(([path, text]) => textFile(path, text));
    const result = await scanFiles(files);
    expect(result.notes.filter((n) => n.code === 'rule-error')).toEqual([]);
    const secrets = result.findings.filter((f) => f.family === 'secret');
    const at = secrets.map((f) => `${f.location.path}:${f.location.start.line}`).sort();
    expect(at).toEqual(['src/constants.ts:1', 'src/constants.ts:2', 'src/db.ts:2', 'src/headers.ts:1'].sort());
    const byPlace = new Map<string, string[]>();
    for (const f of secrets)
      byPlace.set(`${f.location.path}:${f.secret?.location.startOffset}`, [
        ...(byPlace.get(`${f.location.path}:${f.secret?.location.startOffset}`) ?? []),
        f.ruleId,
      ]);
    for (const [place, rules] of byPlace) expect(rules, place).toHaveLength(1);
  });

  it('masks the secret of a cross-module finding', async () => {
    const result = await scanFiles(
      Object.entries(planted).map(([path, text]) => textFile(path, text)),
      { only: 'secret/cross-module-credential' },
    );
    const [finding] = result.findings;
    expect(finding?.secret?.preview).toBe('…0Ue');
    expect(JSON.stringify(result)).not.toContain('Hq8ZpX2vLm4Tr7Wk9Nc3Bd6Fs1Gy5Aj0Ue');
    expect(finding?.related.map((r) => r.location.path)).toEqual(['src/pay.ts']);
  });
});
