import { describe, expect, it } from 'vitest';
import type { Fact, FactKind, FactOfKind, IdentityAttributes } from '../src/rule/types.js';
import { identityKey, isIdentityFact } from '../src/rule/types.js';
import { scanFiles, textFile } from './helpers/scan.js';

/** Facts the identity extractors emit for real files, through the whole scan path. */
async function factsOf(files: Record<string, string>): Promise<{ facts: Fact[]; text: (f: Fact) => string }> {
  const result = await scanFiles(
    Object.entries(files).map(([path, text]) => textFile(path, text)),
    { only: 'identity/shared-credential' },
  );
  return { facts: result.facts, text: (f) => files[f.location.path]!.slice(f.location.startOffset, f.location.endOffset) };
}

/** The attributes of a fact that places an identity (the others have none of these). */
function attributes(fact: Fact): IdentityAttributes {
  return isIdentityFact(fact) ? fact.attributes : {};
}

const PASSWORD = 'h7Rw2#qLx9!mZt4V';

describe('.env files', () => {
  it('records literal credentials by name, pointing at the value, and skips templates and settings', async () => {
    const { facts, text } = await factsOf({
      'services/orders/.env': `PORT=8080\nexport ORDERS_DB_PASSWORD="${PASSWORD}"\r\nAPI_TOKEN=Zr8vQ3nLx2Kp7Wm4Tj9Bc # rotated 2024\nDB_USER=orders\nDB_PASSWORD=\${DB_PASSWORD}\n`,
      '.env.example': `ORDERS_DB_PASSWORD=${PASSWORD}\n`,
    });
    expect(facts.map((f) => [f.location.path, attributes(f).name, text(f)])).toEqual([
      ['services/orders/.env', 'ORDERS_DB_PASSWORD', PASSWORD],
      ['services/orders/.env', 'API_TOKEN', 'Zr8vQ3nLx2Kp7Wm4Tj9Bc'],
    ]);
    expect(identityKey(facts[0]!.identity)).toMatch(/^literal:[0-9a-f]{32}$/);
    expect(JSON.stringify(facts)).not.toContain(PASSWORD);
  });

  it('gives the same literal the same identity in every file format, and a different value another', async () => {
    const { facts } = await factsOf({
      'a/.env': `DB_PASSWORD=${PASSWORD}\n`,
      'docker-compose.yml': `services:\n  b:\n    image: acme/b\n    environment:\n      - DB_PASSWORD=${PASSWORD}\n  c:\n    image: acme/c\n    environment:\n      DB_PASSWORD: "Other-${PASSWORD}"\n`,
      'k8s/d.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: d }\ndata:\n  password: ${Buffer.from(PASSWORD).toString('base64')}\n`,
    });
    const literals = facts.filter((f) => f.identity.type === 'literal');
    expect(literals).toHaveLength(4);
    const ids = new Set(literals.map((f) => identityKey(f.identity)));
    expect(ids.size).toBe(2);
    const other = literals.find((f) => attributes(f).service === 'c')!;
    expect(literals.filter((f) => identityKey(f.identity) === identityKey(other.identity))).toHaveLength(1);
  });
});

describe('compose files', () => {
  it('tells a data store bootstrap password from its clients, and records references and secrets', async () => {
    const compose = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      `      POSTGRES_PASSWORD: "${PASSWORD}"`,
      '  app:',
      '    image: acme/app',
      '    environment:',
      `      DATABASE_URL: postgres://app:${PASSWORD}@db:5432/app`,
      '      API_TOKEN: ${APP_API_TOKEN}',
      '      LOG_LEVEL: ${LOG_LEVEL:-info}',
      '    secrets: [stripe_key]',
      '    env_file: [./config/../app.env, { path: /etc/shared.env }]',
      'secrets:',
      '  stripe_key:',
      '    file: ./secrets/stripe_key.txt',
      '',
    ].join('\n');
    const { facts, text } = await factsOf({ 'deploy/docker-compose.yml': compose });
    expect(facts.map((f) => [f.kind, f.identity.type === 'literal' ? 'literal' : identityKey(f.identity), attributes(f).service ?? null, text(f)])).toEqual([
      ['credential-definition', 'literal', 'db', PASSWORD],
      ['credential-use', 'literal', 'app', PASSWORD],
      ['credential-use', 'env:APP_API_TOKEN', 'app', '${APP_API_TOKEN}'],
      ['credential-use', 'compose-secret:stripe_key', 'app', 'stripe_key'],
      ['credential-use', 'env-file:deploy/app.env', 'app', './config/../app.env'],
      ['credential-definition', 'compose-secret:stripe_key', null, 'stripe_key'],
    ]);
  });
});

describe('Kubernetes manifests', () => {
  it('records service accounts, their workloads, bindings, wide roles and workload identity', async () => {
    const manifest = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: api
      namespace: shop
      annotations:
        eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/shop-api
    automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop, labels: { app.kubernetes.io/name: shop-api } }
spec:
  template:
    spec:
      serviceAccountName: api
      automountServiceAccountToken: true
      containers:
        - name: api
          image: acme/api
          env:
            - { name: STRIPE_KEY, valueFrom: { secretKeyRef: { name: stripe, key: key } } }
            - { name: SESSION_SECRET, value: "Qm8#vTz3Lp9!Xw2K" }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: r, image: acme/report }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: everything }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: api-admin, namespace: shop }
roleRef: { kind: ClusterRole, name: admin, apiGroup: rbac.authorization.k8s.io }
subjects: [{ kind: ServiceAccount, name: api }, { kind: User, name: jane }]
`;
    const { facts, text } = await factsOf({ 'k8s/shop.yaml': manifest, 'k8s/kustomization.yaml': 'namespace: shop-prod\nresources: [shop.yaml]\n' });
    const summary = facts.map((f) => [f.kind, f.identity.type === 'literal' ? 'literal' : identityKey(f.identity), text(f)]);
    expect(summary).toEqual([
      ['namespace-scope', 'k8s-namespace:shop-prod', 'shop-prod'],
      ['service-account-definition', 'k8s-sa:shop/api', 'api'],
      ['workload-identity', 'cloud-role:arn:aws:iam::123456789012:role/shop-api', 'arn:aws:iam::123456789012:role/shop-api'],
      ['service-account-use', 'k8s-sa:shop/api', 'api'],
      ['credential-use', 'k8s-secret:shop/stripe', 'stripe'],
      ['credential-use', 'literal', 'Qm8#vTz3Lp9!Xw2K'],
      ['service-account-use', 'k8s-sa:/default', 'report'],
      ['role-definition', 'k8s-role:/ClusterRole/everything', 'everything'],
      ['role-binding', 'k8s-sa:shop/api', 'api'],
    ]);
    const byKind = <K extends FactKind>(kind: K) => facts.filter((f): f is FactOfKind<K> => f.kind === kind);
    expect(attributes(byKind('service-account-definition')[0]!).automount).toBe(false);
    expect(byKind('service-account-use')[0]!.attributes).toMatchObject({ automount: true, explicit: true, app: 'shop-api', workloadKind: 'Deployment' });
    expect(byKind('service-account-use')[1]!.attributes).toMatchObject({ explicit: false, workloadKind: 'CronJob' });
    expect(byKind('role-definition')[0]!.attributes.wide).toBe(true);
    expect(byKind('role-binding')[0]!.attributes).toMatchObject({
      role: 'admin',
      builtinBroad: true,
      clusterAdmin: false,
      roleKey: 'k8s-role:/ClusterRole/admin',
    });
  });

  it('survives odd shapes', async () => {
    const { facts } = await factsOf({
      'k8s/odd.yaml':
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: "oops"\n---\napiVersion: apps/v1\nkind: Deployment\nspec: { template: { spec: { containers: "x", serviceAccountName: [1] } } }\n---\n- just\n- a list\n',
      'k8s/broken.yaml': 'apiVersion: v1\nkind: Secret\ndata: {password: [\n',
    });
    expect(facts.every((f) => typeof f.identity === 'string')).toBe(true);
  });
});

describe('cloud keys', () => {
  it('reads GCP key files and Terraform identities with long-lived keys', async () => {
    const key = JSON.stringify(
      {
        type: 'service_account',
        project_id: 'acme',
        private_key_id: 'abc123',
        private_key: '-----BEGIN PRIVATE KEY-----\\nMII\\n-----END PRIVATE KEY-----\\n',
        client_email: 'ci@acme.iam.gserviceaccount.com',
      },
      null,
      2,
    );
    const tf = `resource "aws_iam_user" "ci" {
  name = "ci-deployer"
  tags = { team = "platform" }
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "google_service_account_key" "deployer" {
  service_account_id = google_service_account.deployer.name # defined in sa.tf
}

resource "azuread_application_password" "ci" {
  application_id = azuread_application.ci.id
  end_date_relative = "8760h"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
`;
    const { facts } = await factsOf({ 'keys/ci.json': key, 'infra/iam/main.tf': tf });
    expect(facts.map((f) => [identityKey(f.identity), attributes(f).keyType ?? null, attributes(f).longLived ?? null])).toEqual([
      ['terraform:infra/iam:aws_iam_user.ci', null, null],
      ['terraform:infra/iam:aws_iam_user.ci', 'aws-access-key', true],
      ['terraform:infra/iam:google_service_account.deployer', 'gcp-service-account-key', true],
      ['terraform:infra/iam:azuread_application.ci', 'azure-client-secret', true],
      ['cloud-role:ci@acme.iam.gserviceaccount.com', 'gcp-service-account-key', true],
    ]);
    expect(attributes(facts[0]!).name).toBe('ci-deployer');
  });
});

describe('people in automation', () => {
  it('records personal addresses and names as git identities, once per person per line', async () => {
    const workflow = `on: push
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - run: |
          git config user.name "Maria Garcia"
          git config user.email maria.garcia@gmail.com
          git config user.email ci@acme.example
      - run: git -c user.name="Tom Baker" commit -am wip
`;
    const { facts, text } = await factsOf({
      '.github/workflows/bump.yml': workflow,
      '.netrc': 'machine github.com login x-access-token password t\nmachine nexus login jane.doe password p\n',
    });
    expect(facts.map((f) => [identityKey(f.identity), text(f)])).toEqual([
      ['person:maria.garcia@gmail.com', 'maria.garcia@gmail.com'],
      ['person:Tom Baker', 'Tom Baker'],
      ['netrc:x-access-token@github.com', 'x-access-token'],
      ['person:jane.doe', 'jane.doe'],
    ]);
  });
});

describe('extractors on adversarial input', () => {
  const MB = 1 << 20;
  const inputs: Record<string, string> = {
    'a run': 'a'.repeat(MB),
    'equals run': '='.repeat(MB),
    'colon-space pairs': ': '.repeat(MB / 2),
    'password= repeated': 'password='.repeat(MB / 9),
    'url credentials': 'DB_URL=postgres://a:b'.repeat(MB / 21),
    'nested brackets': '[{'.repeat(MB / 2),
    'resource headers': 'resource "aws_iam_access_key" "k" { user = '.repeat(MB / 44),
    'emails in git config': 'git config user.email john.smith@gmail.com '.repeat(MB / 43),
    'netrc tokens': 'machine m login alice.smith password p '.repeat(MB / 40),
    'env lines': 'export DB_PASSWORD="Zq8#xL2!vT"\n'.repeat(MB / 33),
  };
  const paths = ['.env', 'docker-compose.yml', 'k8s/deploy.yaml', 'infra/main.tf', '.netrc', 'keys/sa.json', '.github/workflows/ci.yml', 'kustomization.yaml'];
  it.each(Object.keys(inputs))('stay linear and never fail on %s', async (name) => {
    // Linear, not fast (speed is `npm run bench`'s): a long run is compared with a quarter of the input, back to back.
    const timeScan = async (path: string, text: string): Promise<number> => {
      const started = performance.now();
      const result = await scanFiles([textFile(path, text)], { only: 'identity/shared-credential' });
      expect(
        result.notes.filter((n) => n.code === 'extractor-error' || n.code === 'rule-error'),
        `${name} in ${path}`,
      ).toEqual([]);
      return performance.now() - started;
    };
    for (const path of paths) {
      const input = inputs[name]!;
      const first = await timeScan(path, input);
      if (first < 400) continue;
      // The first run may pay for loading parsers and compiling code: time the whole input again once warm.
      const quarter = await timeScan(path, input.slice(0, input.length / 4));
      const elapsed = Math.min(first, await timeScan(path, input));
      expect(elapsed, `${Math.round(elapsed)} ms on 1 MB of ${name} in ${path}, ${Math.round(quarter)} ms on a quarter of it`).toBeLessThanOrEqual(
        8 * quarter + 60,
      );
    }
  });
});

describe('inline suppressions of shared-identity findings', () => {
  it('suppress the finding at its anchor and are not reported as unused', async () => {
    const password = 'h7Rw2#qLx9!mZt4V';
    const files = {
      'a/.env': `# nhiscan-ignore-next-line identity/shared-credential -- one dev database for the demo stack\nDB_PASSWORD=${password}\n`,
      'b/.env': `DB_PASSWORD=${password}\n# nhiscan-ignore-next-line secret/generic-credential -- nothing here\n`,
    };
    const result = await scanFiles(
      Object.entries(files).map(([path, text]) => textFile(path, text)),
      { only: 'identity/shared-credential' },
    );
    const finding = result.findings.find((f) => f.ruleId === 'identity/shared-credential');
    expect(finding?.location.path).toBe('a/.env');
    expect(finding?.suppressed).toEqual({ kind: 'inline', reason: 'one dev database for the demo stack' });
    expect(result.notes.filter((n) => n.code === 'unused-suppression').map((n) => n.path)).toEqual(['b/.env']);
  });
});
