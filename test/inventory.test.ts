import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../src/model/identity/inventory.js';
import { toInventoryJson, toInventoryMarkdown, toInventoryText } from '../src/report/inventory.js';
import type { Fact, IdentityAttributes } from '../src/rule/types.js';
import { identity as id } from './helpers/facts.js';
import { runCli } from './helpers/cli.js';

const PASSWORD = 'h7Rw2#qLx9!mZt4V';

/** A small realistic repository: two services sharing a database password, Kubernetes workloads, a key file. */
const REPO: Record<string, string> = {
  'services/orders/.env': `PORT=8080\nORDERS_DB_PASSWORD=${PASSWORD}\n`,
  'services/billing/.env': `BILLING_DB_PASSWORD=${PASSWORD}\n`,
  'docker-compose.yml': `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: "${PASSWORD}"\n  reporting:\n    image: acme/reporting\n    environment:\n      REPORTING_TOKEN: \${REPORTING_TOKEN}\n`,
  'k8s/apps.yaml': [
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata: { name: backend, namespace: shop }',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: orders-api, namespace: shop }',
    'spec: { template: { spec: { serviceAccountName: backend, containers: [{ name: a, image: acme/orders }] } } }',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: payments, namespace: shop }',
    'spec: { template: { spec: { serviceAccountName: backend, containers: [{ name: a, image: acme/payments }] } } }',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: search, namespace: shop }',
    'spec: { template: { spec: { serviceAccountName: search, containers: [{ name: a, image: acme/search }] } } }',
    '',
  ].join('\n'),
  'keys/deployer.json': JSON.stringify({
    type: 'service_account',
    project_id: 'acme',
    private_key_id: 'k1',
    private_key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n',
    client_email: 'deployer@acme.iam.gserviceaccount.com',
  }),
};

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-inventory-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface JsonIdentity {
  id: string;
  type: string;
  name: string;
  lifetime: string;
  useCount: number;
  services: string[];
  findings: { ruleId: string; severity: string }[];
  uses: { location: { path: string; startLine: number } }[];
  definitions: { location: { path: string; startLine: number } }[];
}

describe('nhiscan inventory (CLI)', () => {
  const dir = tempRepo(REPO);

  it('lists every identity with its use count in JSON, literals only by hash prefix', () => {
    const run = runCli(['inventory', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(PASSWORD);
    const report = JSON.parse(run.stdout) as { schemaVersion: number; summary: { identities: number; uses: number }; identities: JsonIdentity[] };
    expect(report.schemaVersion).toBe(1);
    const byId = new Map(report.identities.map((i) => [i.id, i]));
    const literal = report.identities.find((i) => i.type === 'literal')!;
    expect(literal.id).toMatch(/^literal:[0-9a-f]{8}$/);
    expect(literal.name).toBe(`literal value (hash ${literal.id.slice(8)})`);
    expect(literal.useCount).toBe(2);
    expect(literal.definitions.map((d) => d.location.path)).toEqual(['docker-compose.yml']);
    // the identity finding that names it, and the secret finding on a line where it is used
    expect(literal.findings).toEqual([
      { ruleId: 'identity/shared-credential', severity: 'medium', path: 'services/billing/.env', line: 1 },
      { ruleId: 'secret/generic-credential', severity: 'high', path: 'docker-compose.yml', line: 5 },
    ]);
    expect(byId.get('k8s-sa:shop/backend')).toMatchObject({ useCount: 2, lifetime: 'short-lived', services: ['backend', 'orders-api', 'payments'] });
    expect(byId.get('k8s-sa:shop/backend')!.findings.map((f) => f.ruleId)).toEqual(['identity/shared-service-account']);
    expect(byId.get('k8s-sa:shop/search')).toMatchObject({ useCount: 1, findings: [] });
    expect(byId.get('cloud-role:deployer@acme.iam.gserviceaccount.com')).toMatchObject({ useCount: 0, lifetime: 'long-lived' });
    expect(byId.get('env:REPORTING_TOKEN')).toMatchObject({ useCount: 1, type: 'env-variable' });
    expect(report.identities).toHaveLength(5);
    expect(report.summary).toMatchObject({ identities: 5, uses: 6 });
  });

  it('prints a text table with counts and the places of every identity', () => {
    const run = runCli(['inventory', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(PASSWORD);
    expect(run.stdout).toContain('Machine identity inventory');
    expect(run.stdout).toMatch(/shop\/backend\s+2\s+orders-api, payments\s+shop\s+short-lived\s+shared-service-account \(low\)/);
    expect(run.stdout).toMatch(/literal value \(hash [0-9a-f]{8}\)\s+2\s+/);
    expect(run.stdout).toContain('k8s/apps.yaml:8');
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('prints markdown tables for a pull-request comment', () => {
    const out = join(dir, 'inventory.md');
    const run = runCli(['inventory', dir, '--format', 'markdown', '--output', out]);
    expect(run.code).toBe(0);
    const markdown = runCli(['inventory', dir, '--format', 'markdown']).stdout;
    expect(markdown).toContain('## Machine identity inventory');
    expect(markdown).toContain('| Identity | Uses | Used by | Environments | Triggers | Lifetime | Findings |');
    expect(markdown).toMatch(/\| `shop\/backend` \| 2 \| orders-api<br>payments \| shop \|/);
    expect(markdown).toContain('<details><summary>Where each identity is used</summary>');
    expect(markdown).not.toContain(PASSWORD);
  });

  it('rejects an unknown format and documents itself', () => {
    const bad = runCli(['inventory', dir, '--format', 'sarif']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('inventory --format must be one of text, markdown, json');
    const help = runCli(['inventory', '--help']);
    expect(help.stdout).toContain('nhiscan inventory [paths…] [--format text|markdown|json]');
    expect(runCli(['help']).stdout).toContain('inventory');
  });

  it('says so when there is nothing to list', () => {
    const empty = tempRepo({ 'README.md': '# hello\n' });
    const run = runCli(['inventory', empty]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No machine identities found');
    expect(JSON.parse(runCli(['inventory', empty, '--format', 'json']).stdout).identities).toEqual([]);
  });
});

let line = 0;
function ciUse(key: Parameters<typeof id>[0], path: string, job: string, attributes: IdentityAttributes): Fact {
  line += 1;
  return {
    kind: 'credential-use',
    identity: id(key),
    location: { path, start: { line, column: 1 }, end: { line, column: 5 }, startOffset: line * 10, endOffset: line * 10 + 4 },
    attributes: { platform: 'github-actions', pipeline: path.slice(path.lastIndexOf('/') + 1), job, ...attributes },
  };
}

describe('inventory renderers (pipeline facts)', () => {
  const facts = [
    ciUse('secret:DEPLOY_TOKEN', '.github/workflows/deploy.yml', 'deploy', {
      environment: 'production',
      production: true,
      triggers: ['push'],
      permissions: ['contents: read', 'id-token: write'],
      purpose: 'deploy',
      longLived: true,
      occurrences: 2,
    }),
    ciUse('secret:DEPLOY_TOKEN', '.github/workflows/deploy.yml', 'deploy', {
      environment: 'production',
      production: true,
      triggers: ['push'],
      purpose: 'deploy',
      longLived: true,
    }),
    ciUse('secret:DEPLOY_TOKEN', '.github/workflows/backup.yml', 'backup', { triggers: ['schedule'], purpose: 'backup', longLived: true }),
    ciUse('cloud-role:arn:aws:iam::123456789012:role/deployer', '.github/workflows/deploy.yml', 'deploy', {
      environment: 'production',
      triggers: ['push'],
      purpose: 'deploy',
      longLived: false,
    }),
    ciUse('secret:FIGMA_TOKEN', '.mcp.json', 'figma', { purpose: 'assistant', tool: 'claude-code', server: 'figma' }),
  ];
  const inventory = buildInventory(facts, [
    {
      ruleId: 'identity/shared-credential',
      family: 'identity',
      message: 'm',
      severity: 'high',
      confidence: 'medium',
      location: facts[0]!.location,
      related: [],
      fingerprint: 'f',
      properties: { identity: 'secret:DEPLOY_TOKEN' },
    },
  ]);

  it('collects jobs, triggers, permissions and lifetimes per identity', () => {
    const deploy = inventory.entries.find((e) => e.id === 'secret:DEPLOY_TOKEN')!;
    expect(deploy.uses).toHaveLength(3);
    expect(deploy.referenceCount).toBe(4);
    expect(deploy.jobs).toEqual(['backup.yml › backup', 'deploy.yml › deploy']);
    expect(deploy.triggers).toEqual(['push', 'schedule']);
    expect(deploy.permissions).toEqual(['contents: read', 'id-token: write']);
    expect(deploy.environments).toEqual(['production']);
    expect(deploy.lifetime).toBe('long-lived');
    expect(deploy.findings.map(({ ruleId, severity }) => ({ ruleId, severity }))).toEqual([{ ruleId: 'identity/shared-credential', severity: 'high' }]);
    expect(inventory.entries.find((e) => e.type === 'cloud-identity')?.lifetime).toBe('short-lived');
    expect(inventory.entries.find((e) => e.id === 'secret:FIGMA_TOKEN')?.category).toBe('assistant');
  });

  it('renders the same facts in every format', () => {
    const text = toInventoryText(inventory, { color: false });
    expect(text).toContain('arn:aws:iam::123456789012:role/deployer ');
    expect(text).toMatch(/DEPLOY_TOKEN\s+3\s+backup\.yml › backup, deploy\.yml › deploy\s+production\s+long-lived\s+shared-credential \(high\)/);
    expect(text).toContain('triggers: push, schedule · permissions: contents: read, id-token: write · purposes: backup, deploy');
    expect(text).toContain('AI assistant and MCP credentials');
    const markdown = toInventoryMarkdown(inventory);
    expect(markdown).toContain(
      '| `DEPLOY_TOKEN` | 3 | backup.yml › backup<br>deploy.yml › deploy | production | push, schedule | long-lived | ⚠️ shared-credential (high) |',
    );
    const json = JSON.parse(toInventoryJson(inventory, { name: 'nhiscan', version: '0.0.0', informationUri: 'x' }));
    expect(json.identities.map((i: { id: string; useCount: number }) => [i.id, i.useCount])).toEqual([
      ['secret:DEPLOY_TOKEN', 3],
      ['cloud-role:arn:aws:iam::123456789012:role/deployer', 1],
      ['secret:FIGMA_TOKEN', 1],
    ]);
  });
});

describe('the inventory lists the identity of every finding (D17)', () => {
  interface ScanFinding {
    ruleId: string;
    family: string;
    location: { path: string; startLine: number };
    suppressed?: unknown;
  }
  interface Listed {
    id: string;
    type: string;
    name: string;
    findings: { ruleId: string; severity: string; path: string; line: number }[];
  }
  // One key for both runs, so literal identities and secret findings agree on their hashes.
  const env = { NHISCAN_FINGERPRINT_KEY: 'inventory-completeness-test-key' };

  it('over every fixture: each secret, identity and assistant finding is listed by an identity', () => {
    const scan = runCli(['scan', 'fixtures', '--no-gitignore', '--format', 'json', '--fail-on', 'none'], { env });
    expect(scan.code).toBe(0);
    const inventory = runCli(['inventory', 'fixtures', '--no-gitignore', '--format', 'json'], { env });
    expect(inventory.code).toBe(0);
    const findings = (JSON.parse(scan.stdout) as { findings: ScanFinding[] }).findings.filter((f) => !f.suppressed && f.family !== 'deploy');
    const listed = new Set(
      (JSON.parse(inventory.stdout) as { identities: Listed[] }).identities.flatMap((i) => i.findings.map((f) => `${f.ruleId} ${f.path}:${f.line}`)),
    );
    expect(findings.length).toBeGreaterThan(500);
    const missing = findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`).filter((key) => !listed.has(key));
    expect(missing).toEqual([]);
  });

  it('on the demo: the private key, the connection string, the Claude config and the workflow token', () => {
    const run = runCli(['inventory', 'fixtures/demo', '--format', 'json'], { env });
    const identities = (JSON.parse(run.stdout) as { identities: Listed[] }).identities;
    const about = (ruleId: string) => identities.filter((i) => i.findings.some((f) => f.ruleId === ruleId));
    expect(about('secret/private-key')).toMatchObject([{ type: 'literal', name: expect.stringMatching(/^openssh private key \(hash [0-9a-f]{8}\)$/) }]);
    expect(about('secret/connection-string')).toHaveLength(1);
    expect(about('assistant/wildcard-command-allow')).toMatchObject([
      { id: 'agent:claude-code@.claude/settings.json', type: 'agent', name: 'claude-code (.claude/settings.json)' },
    ]);
    expect(about('identity/overprivileged-token')).toMatchObject([{ id: 'pipeline:.github/workflows/deploy.yml', type: 'pipeline-identity' }]);
    expect(run.stdout).not.toContain('BEGIN OPENSSH');
  });
});
