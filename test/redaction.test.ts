import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base62, crc32 } from '../src/detect/checksum.js';
import { runCli } from './helpers/cli.js';
import { everyOutput } from './helpers/outputs.js';
import { scanFiles, textFile } from './helpers/scan.js';

/**
 * A value nhiscan detects is masked in every field of every output, not only in the finding that
 * reports it: names, identifiers, inventory ids, notes, suppression reasons, file names.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A GitHub classic token with a valid checksum, from a seeded generator (not a live token). */
function githubToken(seed: number): string {
  let state = seed * 2654435761 + 1;
  let body = '';
  for (let i = 0; i < 30; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    body += ALPHABET[state % ALPHABET.length];
  }
  return 'gh' + 'p_' + body + base62(crc32(body), 6);
}

/** Places where a token is not the value of a secret-looking key, but an identifier or a name. */
const PLACES: ((token: string) => Record<string, string>)[] = [
  (t) => ({ '.netrc': `machine github.com\n  login ${t}\n  password x-oauth-basic\n` }),
  (t) => ({
    Jenkinsfile: `node {\n  stage('deploy') {\n    withCredentials([string(credentialsId: '${t}', variable: 'T')]) { sh 'kubectl apply -f prod.yaml' }\n  }\n}\n`,
  }),
  (t) => ({ 'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${t}\nstringData:\n  password: Zq8rT5mW2xK9vQpL\n` }),
  (t) => ({ 'app.py': `x = 1  # nhiscan-ignore ${t}\n` }),
  (t) => ({ 'app.js': `// nhiscan-ignore-next-line secret/github-token -- rotated, see ${t}\nconst token = "${t}";\n` }),
  (t) => ({
    '.github/workflows/deploy.yml': `on: push\njobs:\n  ${t}:\n    name: deploy ${t}\n    runs-on: ubuntu-latest\n    environment: ${t}\n    steps:\n      - run: kubectl apply -f k8s/ --namespace production\n        env:\n          TOKEN: \${{ secrets.DEPLOY }}\n`,
  }),
  (t) => ({
    'docker-compose.yml': `services:\n  ${t}:\n    image: ghcr.io/acme/api:1\n    environment:\n      DATABASE_PASSWORD: Vq7mZ2pX9kLr\n  other:\n    image: ghcr.io/acme/w:1\n    environment:\n      DATABASE_PASSWORD: Vq7mZ2pX9kLr\n`,
  }),
  (t) => ({
    '.mcp.json': JSON.stringify(
      { mcpServers: { [t]: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: t } } } },
      null,
      2,
    ),
  }),
  (t) => ({ [`tokens/${t}.txt`]: `token = ${t}\n` }),
  (t) => ({
    'k8s/sa.yaml': `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${t}\n  namespace: production\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  token: ${t}\n`,
  }),
];

function expectNoLeak(output: string, token: string, where: string): void {
  expect(output.includes(token), `${where}: the token leaked whole`).toBe(false);
  expect(output.includes(token.slice(0, Math.ceil(token.length * 0.6))), `${where}: most of the token leaked`).toBe(false);
  expect(output.includes(token.slice(-Math.ceil(token.length * 0.6))), `${where}: most of the token leaked`).toBe(false);
}

describe('a detected value is masked in every field of every output', () => {
  it.each(PLACES.map((place, i) => [i, place] as const))('place %i, over many tokens', async (i, place) => {
    for (let seed = 1; seed <= 6; seed++) {
      const token = githubToken(seed * 100 + i);
      const files = Object.entries(place(token)).map(([path, text]) => textFile(path, text));
      const result = await scanFiles(files);
      // the value was detected (otherwise this would prove nothing) …
      expect(
        result.findings.some((f) => f.secret !== undefined),
        `place ${i}: nothing detected`,
      ).toBe(true);
      // … and appears nowhere, in any format
      expectNoLeak(everyOutput(result), token, `place ${i}`);
    }
  });

  it('masks through the real CLI too: every format, the inventory and the baseline file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-redact-'));
    const tokens: string[] = [];
    PLACES.forEach((place, i) => {
      const token = githubToken(9000 + i);
      tokens.push(token);
      for (const [path, text] of Object.entries(place(token))) {
        const at = join(dir, `p${i}`, path);
        mkdirSync(dirname(at), { recursive: true });
        writeFileSync(at, text);
      }
    });
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const run = runCli(['scan', '--no-config', '--verbose', '--format', format, dir]);
      expect(run.code).toBe(1);
      outputs.push(run.stdout, run.stderr);
    }
    for (const format of ['text', 'markdown', 'json']) {
      const run = runCli(['inventory', '--no-config', '--format', format, dir]);
      outputs.push(run.stdout, run.stderr);
    }
    const baseline = join(dir, 'baseline.json');
    const run = runCli(['baseline', '--no-config', '--output', baseline, dir]);
    outputs.push(run.stdout, run.stderr, readFileSync(baseline, 'utf8'));
    for (const token of tokens) expectNoLeak(outputs.join('\n'), token, 'CLI');
  });

  it('prints no part of a token from a broken configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-redact-config-'));
    const token = githubToken(4242);
    writeFileSync(join(dir, '.nhiscanrc.yml'), `failOn: high\n${token}: true\nrules:\n  ${token}: off\n`);
    const run = runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown key');
    expectNoLeak(run.stderr + run.stdout, token, 'config error');
  });
});
