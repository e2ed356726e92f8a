import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathContext } from '../src/detect/paths.js';
import { runCli } from './helpers/cli.js';

/** A format-valid classic GitHub token (checksum included), written in two parts for push protection. */
const GITHUB_TOKEN = ['ghp_', 'cqAmZIm7mPWUL9l0e4yjmLRDD7LoeX0ocJUp'].join('');
const DB_PASSWORD = 'Gz8!rT2q#Wm5xV';

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-context-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Place {
  path: string;
  startLine: number;
}
interface JsonFinding {
  ruleId: string;
  severity: string;
  location: Place;
  related: { location: Place; message?: string }[];
  fingerprint: string;
  properties: Record<string, unknown>;
  suppressed?: { kind: string };
}

function scanJson(dir: string, ...args: string[]): { code: number | null; findings: JsonFinding[] } {
  const run = runCli(['scan', dir, '--format', 'json', ...args]);
  expect(run.stderr).not.toMatch(/error/i);
  return { code: run.code, findings: JSON.parse(run.stdout).findings };
}

const REDACTION_TEST = `import { redact } from '../src/redact';

describe('redact', () => {
  it('masks classic tokens', () => {
    const token = '${GITHUB_TOKEN}';
    expect(redact(\`Token: \${token}\`)).toBe('Token: [REDACTED]');
  });
  it('masks tokens in URLs', () => {
    expect(redact('https://x-access-token:${GITHUB_TOKEN}@github.com/o/r.git')).not.toContain('${GITHUB_TOKEN}');
  });
  it('masks tokens in JSON', () => {
    expect(redact(JSON.stringify({ auth: '${GITHUB_TOKEN}' }))).toBe('{"auth":"[REDACTED]"}');
  });
});
`;

describe('secrets in tests, fixtures and examples', () => {
  it('are reported at low with context "test", once per value, and do not fail a high gate', () => {
    const dir = tempRepo({ 'test/redact.test.ts': REDACTION_TEST, 'src/redact.ts': 'export const redact = (s: string) => s;\n' });
    const { code, findings } = scanJson(dir);
    expect(code).toBe(0);
    const tokens = findings.filter((f) => f.ruleId === 'secret/github-token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({
      severity: 'low',
      location: { path: 'test/redact.test.ts', startLine: 5 },
      properties: { context: 'test', occurrences: 3 },
    });
    expect(tokens[0]!.related.map((r) => r.location.startLine)).toEqual([9, 12]);
  });

  it('keep their full severity when the configuration asks for it', () => {
    const dir = tempRepo({ 'test/redact.test.ts': REDACTION_TEST, '.nhiscanrc.json': JSON.stringify({ secrets: { fullSeverityInTests: true } }) });
    const { code, findings } = scanJson(dir);
    expect(code).toBe(1);
    expect(findings.find((f) => f.ruleId === 'secret/github-token')).toMatchObject({ severity: 'critical', properties: { context: 'test' } });
  });

  it('recognise tests, fixtures, cassettes, mocks and examples by path and framework convention', () => {
    for (const path of [
      'test/redact.test.ts',
      'src/__tests__/client.ts',
      'spec/models/user_spec.rb',
      'pkg/token/token_test.go',
      'tests/test_auth.py',
      'app/conftest.py',
      'src/agent/fixtures/vcr_cassettes/run.yaml',
      'spec/cassettes/stripe.yml',
      'packages/mcp-server-mocks/src/index.ts',
      'internal/testdata/config.yaml',
      'runtime/template/v2/_testdata/intermediate-ca.key',
      'pkg/.testdata/client.pfx',
      'config/test.exs',
      'config/environments/test.rb',
      'hack/test.env',
      '.env.example',
      'config/database.yml.sample',
      'examples/basic/main.tf',
      'src/test/java/com/acme/ClientTest.java',
      'Tests/AcmeTests.cs',
      'internal/testresources/client-cert-key.pem',
      'src/test-resources/app.yml',
      'hosting/k8s/helm/values-production-example.yaml',
      'core/integration/private_key_ro_modules_test_github.pem',
      'certs/dummy-server.key',
      '.dagger/modules/engine-dev/test.go',
      'client/.snapshots/TestHandler-case=create_clients.json',
      'manifests/quick-start/base/argo-server-sso-secret.yaml',
      'packages/connectors/connector-alipay/src/mock.ts',
      'src/api-mocks.js',
      'docker-compose.integration.yml',
      'charts/prometheus-node-exporter/ci/kube-rbac-proxy-tlssecret-values.yaml',
      'integration/resources/tls/local.key',
      'integrationTests/e2e-tls/configs/server.key',
      'src/apiMocks/tokens.json',
      'packages/core/sharedFixtures/keys.pem',
    ]) {
      expect(pathContext(path), path).toBe('test');
    }
    for (const path of [
      'config/dev.exs',
      'config/environments/development.rb',
      'appsettings.Development.json',
      '.devcontainer/setup.sh',
      'priv/repo/seeds.exs',
      'database/seeders/GithubAppSeeder.php',
      'database/factories/UserFactory.php',
      'prisma/populate.ts',
      'artifacts/db-reset.js',
      'scripts/seed-db.ts',
      '.dev/testing-host-key',
    ])
      expect(pathContext(path), path).toBe('development');
    for (const path of ['docs/guide.html', 'app/views/tutorial/a1.html', 'README.md', 'charts/x/README.md.gotmpl', 'site/index.html'])
      expect(pathContext(path), path).toBe('documentation');
    for (const path of [
      'src/config.ts',
      'config/config.exs',
      'config/prod.exs',
      'k8s/main.key',
      'latest/deploy.yaml',
      'src/contest.py',
      'contests/prize-config.yaml',
      'src/latestTests.go',
      'src/Testing.java',
      'attestation/sign.go',
      'certs/server.pem',
      'certs/latest-server.key',
      'src/routes/integration/slack.py',
      'src/seedling.ts',
      'src/mockingbird.ts',
      'database/migrations/2024_create_users.php',
    ])
      expect(pathContext(path), path).toBeUndefined();
  });

  it("on a line another scanner's user marked as reviewed are low, whatever the configuration", () => {
    const source = [
      'TOKEN_A = "Vh3Xq9Lm2Zr7Kt4Wp8Nc"  # gitleaks:allow',
      'token_b = "Qm7Rt2Xv9Lp4Kz8Wn3Bc"  # pragma: allowlist secret',
      'TOKEN_C = "Zk3Wq8Rm2Xt7Lv4Pn9Bd"  # NOSONAR',
      'TOKEN_D = "Hd5Tr9Km3Wx7Qz2Lp6Nv"',
      '',
    ].join('\n');
    const repo = tempRepo({ 'settings.py': source, 'nhiscan.yml': 'secrets:\n  fullSeverityInTests: true\n' });
    const { findings } = scanJson(repo, '--fail-on', 'none');
    expect(findings.map((f) => [f.location.startLine, f.severity, f.properties['context'] ?? null, f.properties['marker'] ?? null])).toEqual([
      [1, 'low', 'reviewed', 'gitleaks:allow'],
      [2, 'low', 'reviewed', 'pragma: allowlist secret'],
      [3, 'low', 'reviewed', 'NOSONAR'],
      [4, 'high', null, null],
    ]);
  });

  it('in a Rust #[cfg(test)] module are test code', () => {
    const source = `pub fn connect() {}\n\n#[cfg(test)]\nmod tests {\n    const MSG: &str = r#"{"password": "ZWYiBeFHOJyYq0mcwAXjRpcuXIJJpz"}"#;\n}\n`;
    const { findings } = scanJson(tempRepo({ 'src/messages.rs': source }), '--fail-on', 'none');
    expect(findings.map((f) => [f.severity, f.properties['context']])).toEqual([['low', 'test']]);
  });
});

describe('one value, one finding', () => {
  it('folds the places of one value across files into one finding at its most severe place', () => {
    const dir = tempRepo({
      'test/fixtures/app.env': `DB_PASSWORD=${DB_PASSWORD}\n`,
      'deploy/app.env': `# production\nDB_PASSWORD=${DB_PASSWORD}\n`,
      '.env': `DB_PASSWORD=${DB_PASSWORD}\nAPI_TOKEN=q8Zt3Lw9Xv2Nm7Pk4Rb6Hc1Jd5\n`,
    });
    const { findings } = scanJson(dir, '--fail-on', 'none');
    const passwords = findings.filter((f) => f.properties['name'] === 'DB_PASSWORD');
    expect(passwords).toHaveLength(1);
    expect(passwords[0]).toMatchObject({ severity: 'high', location: { path: '.env', startLine: 1 }, properties: { occurrences: 3 } });
    expect(passwords[0]!.related.map((r) => `${r.location.path}:${r.location.startLine}`)).toEqual(['deploy/app.env:2', 'test/fixtures/app.env:1']);
    // A different value is its own finding.
    expect(findings.filter((f) => f.location.path === '.env').map((f) => f.location.startLine)).toEqual([1, 2]);
  });

  it('stays baselined when a copy is added or removed', () => {
    const dir = tempRepo({ 'service/app.env': `DB_PASSWORD=${DB_PASSWORD}\n` });
    expect(runCli(['baseline', dir]).code).toBe(0);
    const baseline = join(dir, '.nhiscan-baseline.json');
    // A copy in a file that sorts first becomes the finding's place; the baseline still covers it.
    writeFileSync(join(dir, 'app.env'), `DB_PASSWORD=${DB_PASSWORD}\n`);
    const copied = scanJson(dir, '--baseline', baseline);
    expect(copied.code).toBe(0);
    expect(copied.findings).toEqual([
      expect.objectContaining({ location: expect.objectContaining({ path: 'app.env' }), suppressed: expect.objectContaining({ kind: 'baseline' }) }),
    ]);
    // A new value is still reported.
    writeFileSync(join(dir, 'app.env'), `DB_PASSWORD=${DB_PASSWORD}\nREDIS_PASSWORD=Vb7#kL2m!Qz9Xw\n`);
    const fresh = scanJson(dir, '--baseline', baseline);
    expect(fresh.code).toBe(1);
    expect(fresh.findings.filter((f) => !f.suppressed).map((f) => f.location.startLine)).toEqual([2]);
  });
});
