import { describe, expect, it } from 'vitest';
import sharedAcrossEnvironments from '../rules/identity/shared-across-environments.js';
import sharedCredential from '../rules/identity/shared-credential.js';
import sharedServiceAccount from '../rules/identity/shared-service-account.js';
import humanIdentity from '../rules/identity/human-identity-in-automation.js';
import { indexIdentities } from '../src/model/identity/index-facts.js';
import { applicationKey, isPersonalEmail, pathTier, personInCredentialName, projectOf, tierOf } from '../src/model/identity/names.js';
import type { Confidence, Fact, IdentityAttributes, Location, Properties, RelatedLocation, RepositoryContext, Severity } from '../src/rule/types.js';
import { identity as id } from './helpers/facts.js';

/**
 * Correlation on constructed facts, shaped as the pipeline model's extractor emits them
 * (`credential-use` with platform, pipeline, job, environment, production, triggers, purpose).
 */
let offset = 0;
function use(key: Parameters<typeof id>[0], path: string, job: string, attributes: IdentityAttributes = {}): Fact {
  offset += 10;
  return {
    kind: 'credential-use',
    identity: id(key),
    location: { path, start: { line: offset, column: 1 }, end: { line: offset, column: 9 }, startOffset: offset, endOffset: offset + 8 },
    attributes: { platform: 'github-actions', pipeline: path.replace(/^.*\//, ''), job, ...attributes },
  };
}

/** What a rule reported, as it reported it. */
interface Verdict {
  location: Location;
  message: string;
  severity: Severity;
  confidence: Confidence;
  related: RelatedLocation[];
  properties: Properties;
}

/** Runs the four shared-identity rules themselves over the facts and records what each reports. */
function verdicts(facts: Fact[]): { rule: string; verdict: Verdict }[] {
  const out: { rule: string; verdict: Verdict }[] = [];
  for (const rule of [sharedAcrossEnvironments, sharedCredential, sharedServiceAccount, humanIdentity]) {
    const ctx: RepositoryContext = {
      options: {},
      settings: { protectedEnvironments: [], productionPatterns: [] },
      report(location, message, extra) {
        out.push({
          rule: rule.id,
          verdict: {
            location,
            message,
            severity: extra?.severity ?? rule.severity,
            confidence: extra?.confidence ?? rule.confidence,
            related: extra?.related ?? [],
            properties: extra?.properties ?? {},
          },
        });
      },
      note() {},
    };
    rule.correlate!(facts, ctx);
  }
  // In the order of the identities' first uses, as a scan reports them.
  return out.sort((a, b) => a.verdict.location.path.localeCompare(b.verdict.location.path) || a.verdict.location.startOffset - b.verdict.location.startOffset);
}

const DEPLOY = '.github/workflows/deploy.yml';
const CI = '.github/workflows/ci.yml';

describe('identity/shared-across-environments', () => {
  it('reports a secret used by the staging and the production deploy once, with both uses', () => {
    const facts = [
      use('secret:DEPLOY_TOKEN', DEPLOY, 'deploy-staging', { environment: 'staging', purpose: 'deploy', triggers: ['push'] }),
      use('secret:DEPLOY_TOKEN', DEPLOY, 'deploy-production', { environment: 'production', production: true, purpose: 'deploy', triggers: ['push'] }),
    ];
    const found = verdicts(facts);
    expect(found.map((f) => f.rule)).toEqual(['shared-across-environments']);
    const { verdict } = found[0]!;
    // The production job declares its environment: the secret is most likely environment-scoped
    // there, so what is left is to check its scope in the settings.
    expect(verdict.severity).toBe('low');
    expect(verdict.confidence).toBe('medium');
    expect(verdict.related.map((r) => r.location.startOffset)).toEqual(facts.map((f) => f.location.startOffset));
    expect(verdict.location).toEqual(facts[0]!.location);
    expect(verdict.message).toMatch(/^Secret DEPLOY_TOKEN is used by production \(deploy job deploy-production/);
    expect(verdict.message).toContain('staging (deploy job deploy-staging');
  });

  it("is high when the production job declares no environment (the secret is the repository's)", () => {
    const facts = [
      use('secret:DEPLOY_TOKEN', DEPLOY, 'deploy-staging', { environment: 'staging', purpose: 'deploy', triggers: ['push'] }),
      use('secret:DEPLOY_TOKEN', DEPLOY, 'deploy-production', { production: true, purpose: 'deploy', triggers: ['push'] }),
    ];
    const [found] = verdicts(facts);
    expect(found?.verdict.severity).toBe('high');
    expect(found?.verdict.confidence).toBe('high');
  });

  it('is critical when pull-request jobs hold the production credential', () => {
    const facts = [
      use('secret:NPM_TOKEN', '.github/workflows/release.yml', 'publish', { production: true, purpose: 'release', triggers: ['push'] }),
      use('secret:NPM_TOKEN', CI, 'test', { purpose: 'test', triggers: ['push', 'pull_request'] }),
    ];
    const [found] = verdicts(facts);
    expect(found?.rule).toBe('shared-across-environments');
    expect(found?.verdict.severity).toBe('critical');
    expect(found?.verdict.confidence).toBe('high');
    expect(found?.verdict.message).toContain('pull-request jobs');
  });

  it('is high when jobs that outsiders start (issues, comments) hold the production credential', () => {
    const facts = [
      use('secret:BOT_PAT', '.github/workflows/release.yml', 'changelog', { production: true, purpose: 'release', triggers: ['push'] }),
      use('secret:BOT_PAT', '.github/workflows/triage.yml', 'label', { purpose: 'other', triggers: ['issues', 'issue_comment'], untrustedTrigger: true }),
    ];
    const [found] = verdicts(facts);
    expect(found?.rule).toBe('shared-across-environments');
    expect(found?.verdict.severity).toBe('high');
    expect(found?.verdict.message).toContain('jobs that outsiders can trigger (job label in triage.yml)');
    expect(found?.verdict.message).toContain('a job an outsider can start');
  });

  it('leaves per-environment secrets, platform tokens and notification tokens alone', () => {
    const facts = [
      use('secret:STAGING_DB_PASSWORD', DEPLOY, 'deploy-staging', { environment: 'staging', purpose: 'deploy' }),
      use('secret:PROD_DB_PASSWORD', DEPLOY, 'deploy-production', { environment: 'production', production: true, purpose: 'deploy' }),
      use('secret:GITHUB_TOKEN', DEPLOY, 'deploy-production', { environment: 'production', production: true, purpose: 'deploy' }),
      use('secret:GITHUB_TOKEN', CI, 'test', { triggers: ['pull_request'], purpose: 'test' }),
      use('secret:SLACK_WEBHOOK_URL', DEPLOY, 'deploy-production', { environment: 'production', production: true, purpose: 'deploy' }),
      use('secret:SLACK_WEBHOOK_URL', CI, 'test', { triggers: ['pull_request'], purpose: 'test' }),
    ];
    expect(verdicts(facts)).toEqual([]);
  });

  it('counts several steps, matrix copies and a reusable workflow as the one job that passes the secret', () => {
    const callee = '.github/workflows/_deploy.yml';
    const facts = [
      use('secret:KUBECONFIG_PROD', DEPLOY, 'deploy', { environment: 'production', production: true, purpose: 'deploy' }),
      use('secret:KUBECONFIG_PROD', DEPLOY, 'deploy', { environment: 'production', production: true, purpose: 'deploy' }),
      use('secret:KUBECONFIG_PROD', callee, 'apply', { triggers: ['workflow_call'], purpose: 'deploy' }),
      use('secret:E2E_TOKEN', CI, 'e2e', { purpose: 'test', triggers: ['pull_request'] }),
      use('secret:E2E_TOKEN', CI, 'e2e', { purpose: 'test', triggers: ['pull_request'] }),
    ];
    expect(verdicts(facts)).toEqual([]);
  });

  it('is sure about a cloud role assumed by staging and production, whatever the secrets scoping', () => {
    const role = 'cloud-role:arn:aws:iam::123456789012:role/deployer';
    const facts = [
      use(role, DEPLOY, 'deploy-staging', { environment: 'staging', purpose: 'deploy' }),
      use(role, DEPLOY, 'deploy-production', { environment: 'production', production: true, purpose: 'deploy' }),
    ];
    const [found] = verdicts(facts);
    expect(found?.rule).toBe('shared-across-environments');
    expect(found?.verdict.confidence).toBe('high');
  });

  it('sees the same literal in a staging and a production file', () => {
    const lit = (path: string, name: string): Fact => ({
      kind: 'credential-use',
      identity: id('literal:0123456789abcdef0123456789abcdef'),
      location: { path, start: { line: 1, column: 1 }, end: { line: 1, column: 5 }, startOffset: 0, endOffset: 4 },
      attributes: { source: 'dotenv', name },
    });
    const [found] = verdicts([lit('.env.staging', 'API_KEY'), lit('.env.production', 'API_KEY')]);
    expect(found?.rule).toBe('shared-across-environments');
    expect(found?.verdict.location.path).toBe('.env.production');
    expect(found?.verdict.message).not.toContain('0123456789abcdef0123');
    expect(found?.verdict.properties['identity']).toBe('literal:01234567');
  });
});

describe('identity/shared-credential', () => {
  it('reports a deploy key that also runs backups', () => {
    const facts = [
      use('secret:PROD_SSH_KEY', DEPLOY, 'deploy', { purpose: 'deploy', production: true, environment: 'production' }),
      use('secret:PROD_SSH_KEY', '.github/workflows/nightly-backup.yml', 'backup', { purpose: 'backup', production: true, triggers: ['schedule'] }),
    ];
    const found = verdicts(facts);
    expect(found.map((f) => f.rule)).toEqual(['shared-credential']);
    expect(found[0]!.verdict.message).toContain('unrelated duties');
    expect(found[0]!.verdict.severity).toBe('high');
    expect(found[0]!.verdict.message).toContain('backup (backup job backup in nightly-backup.yml)');
    expect(found[0]!.verdict.related).toHaveLength(2);
  });

  it('reports one deploy credential in three workflows, naming all three', () => {
    const facts = ['deploy-api.yml', 'deploy-web.yml', 'deploy-worker.yml'].map((file) =>
      use('secret:GCP_DEPLOYER_KEY', `.github/workflows/${file}`, 'deploy', { purpose: 'deploy', triggers: ['push'], branches: ['main'] }),
    );
    const found = verdicts(facts);
    expect(found.map((f) => f.rule)).toEqual(['shared-credential']);
    expect(found[0]!.verdict.message).toContain('3 pipelines');
    expect(found[0]!.verdict.related.map((r) => r.location.path)).toEqual(facts.map((f) => f.location.path));
    expect(found[0]!.verdict.location.path).toBe('.github/workflows/deploy-api.yml');
  });

  it('leaves two test jobs, a build and its release, and two pipelines of one purpose alone', () => {
    const facts = [
      use('secret:TEST_API_TOKEN', CI, 'unit', { purpose: 'test' }),
      use('secret:TEST_API_TOKEN', '.github/workflows/nightly.yml', 'integration', { purpose: 'test', triggers: ['schedule'] }),
      use('secret:DOCKERHUB_TOKEN', CI, 'build-image', { purpose: 'build', triggers: ['push'] }),
      use('secret:DOCKERHUB_TOKEN', '.github/workflows/release.yml', 'push-image', { purpose: 'release', triggers: ['push'] }),
      use('secret:CF_API_TOKEN', '.github/workflows/deploy-docs.yml', 'deploy', { purpose: 'deploy' }),
      use('secret:CF_API_TOKEN', '.github/workflows/deploy-site.yml', 'deploy', { purpose: 'deploy' }),
    ];
    expect(verdicts(facts)).toEqual([]);
  });

  it('gives the same finding whatever order the facts arrive in', () => {
    const facts = ['c.yml', 'a.yml', 'b.yml'].map((file) => use('secret:AWS_DEPLOY_KEY', `.github/workflows/${file}`, 'deploy', { purpose: 'deploy' }));
    const forward = verdicts(facts)[0]!.verdict;
    const backward = verdicts([...facts].reverse())[0]!.verdict;
    expect(backward.location).toEqual(forward.location);
    expect(backward.message).toBe(forward.message);
    expect(forward.location.path).toBe('.github/workflows/a.yml');
  });
});

describe('identity/shared-service-account', () => {
  it('reports a cloud role used by three pipelines', () => {
    const role = 'cloud-role:deployer@acme.iam.gserviceaccount.com';
    const facts = ['api.yml', 'web.yml', 'jobs.yml'].map((file) => use(role, `.github/workflows/${file}`, 'deploy', { purpose: 'deploy', production: true }));
    const found = verdicts(facts);
    expect(found.map((f) => f.rule)).toEqual(['shared-service-account']);
    expect(found[0]!.verdict.message).toContain('3 deployables');
  });
});

describe('identity/human-identity-in-automation', () => {
  it('reports a secret named for a person, not a PAT-like or bot name', () => {
    const facts = [
      use('secret:JOHN_SMITH_TOKEN', DEPLOY, 'deploy', { purpose: 'deploy' }),
      use('secret:MY_PAT', DEPLOY, 'deploy', { purpose: 'deploy' }),
      use('secret:RELEASE_BOT_TOKEN', DEPLOY, 'deploy', { purpose: 'deploy' }),
      use('jenkins-credential:alice-github-token', 'Jenkinsfile', 'Deploy', { platform: 'jenkins' }),
    ];
    const found = verdicts(facts).filter((f) => f.rule === 'human-identity-in-automation');
    expect(found.map((f) => f.verdict.properties['identity'])).toEqual(['secret:JOHN_SMITH_TOKEN', 'jenkins-credential:alice-github-token']);
  });
});

describe('name helpers', () => {
  it('reads tiers from environment names, namespaces and paths', () => {
    expect(tierOf('production-eu')).toBe('production');
    expect(tierOf('prd')).toBe('production');
    expect(tierOf('non-prod')).toBe('development');
    expect(tierOf('preprod')).toBe('staging');
    expect(tierOf('payments')).toBeUndefined();
    expect(tierOf('blue', ['^blue$'])).toBe('production');
    expect(pathTier('.env.staging')).toBe('staging');
    expect(pathTier('deploy/docker-compose.prod.yml')).toBe('production');
    expect(pathTier('k8s/overlays/production/secret.yaml')).toBe('production');
    expect(pathTier('services/orders/.env')).toBeUndefined();
    expect(pathTier('src/protest/app.yaml')).toBeUndefined();
  });

  it('tells applications apart by their names', () => {
    expect(applicationKey('orders-api', '(root)')).toBe('orders');
    expect(applicationKey('orders-db-credentials', '(root)')).toBe('orders');
    expect(applicationKey('worker', 'shop')).toBe('shop');
    expect(projectOf('services/orders/config/.env')).toBe('orders');
    expect(projectOf('.env')).toBe('(root)');
  });

  it('tells people from bots', () => {
    expect(isPersonalEmail('maria.garcia@gmail.com')).toBe(true);
    expect(isPersonalEmail('john@acme.com')).toBe(true);
    expect(isPersonalEmail('12345+jdoe@users.noreply.github.com')).toBe(true);
    expect(isPersonalEmail('41898282+github-actions[bot]@users.noreply.github.com')).toBe(false);
    expect(isPersonalEmail('ci@acme.com')).toBe(false);
    expect(isPersonalEmail('deploy-bot@gmail.com')).toBe(false);
    expect(isPersonalEmail('deployer@acme.iam.gserviceaccount.com')).toBe(false);
    expect(personInCredentialName('ALICE_PAT')).toBe('alice');
    expect(personInCredentialName('GH_TOKEN_JOHN')).toBe('john');
    expect(personInCredentialName('TRAVIS_TOKEN')).toBeUndefined();
    expect(personInCredentialName('MAX_TOKEN_AGE')).toBeUndefined();
    expect(personInCredentialName('ALICE_BOT_TOKEN')).toBeUndefined();
  });
});

describe('facts from several extractors', () => {
  it('merges two records of one reference into one place, keeping the job context', () => {
    const path = '.github/workflows/claude.yml';
    const pipeline = use('secret:ANTHROPIC_API_KEY', path, 'claude', { purpose: 'other', triggers: ['issue_comment'], untrustedTrigger: true });
    const assistant: Fact = {
      kind: 'credential-use',
      identity: id('secret:anthropic_api_key'),
      location: { ...pipeline.location, startOffset: pipeline.location.startOffset - 4, endOffset: pipeline.location.endOffset + 3 },
      attributes: { purpose: 'assistant', tool: 'claude-code-action', name: 'anthropic_api_key' },
    };
    const [only] = indexIdentities([assistant, pipeline]);
    expect(only?.occurrences).toHaveLength(1);
    expect(only?.occurrences[0]?.fact.attributes).toMatchObject({ job: 'claude', purpose: 'other', tool: 'claude-code-action', assistant: true });
    expect(only?.occurrences[0]?.untrusted).toBe(true);
  });
});

describe('deploy jobs without a declared environment', () => {
  it('take their tier from the job, stage or workflow name', () => {
    const facts = [
      use('jenkins-credential:cluster-admin-kubeconfig', 'Jenkinsfile', 'Deploy staging', { platform: 'jenkins', purpose: 'deploy', environment: '' }),
      use('jenkins-credential:cluster-admin-kubeconfig', 'Jenkinsfile', 'Deploy production', {
        platform: 'jenkins',
        purpose: 'deploy',
        production: true,
        environment: '',
      }),
      use('secret:CF_TOKEN', '.github/workflows/deploy-staging.yml', 'deploy', { purpose: 'deploy', environment: '' }),
      use('secret:CF_TOKEN', '.github/workflows/deploy-production.yml', 'deploy', { purpose: 'deploy', production: true, environment: '' }),
      // a job called "staging-smoke" is not a staging deploy; its duty is unknown
      use('secret:SMOKE_TOKEN', CI, 'staging-smoke', { purpose: 'other' }),
      use('secret:SMOKE_TOKEN', DEPLOY, 'deploy', { purpose: 'deploy', production: true }),
    ];
    const found = verdicts(facts);
    expect(found.map((f) => [f.rule, f.verdict.properties['identity'], f.verdict.confidence])).toEqual([
      ['shared-credential', 'secret:SMOKE_TOKEN', 'low'],
      ['shared-across-environments', 'secret:CF_TOKEN', 'high'],
      ['shared-across-environments', 'jenkins-credential:cluster-admin-kubeconfig', 'high'],
    ]);
  });
});

describe('stored values that only identify something', () => {
  it('leave user names and account ids alone but keep identities such as client ids', () => {
    const both = (identity: Parameters<typeof id>[0]) => [
      use(identity, DEPLOY, 'deploy-staging', { environment: 'staging', purpose: 'deploy' }),
      use(identity, DEPLOY, 'deploy-production', { environment: 'production', production: true, purpose: 'deploy' }),
    ];
    const facts = (
      [
        'secret:DOCKERHUB_USERNAME',
        'secret:AWS_ACCOUNT_ID',
        'secret:GCP_PROJECT_ID',
        'secret:AZURE_TENANT_ID',
        'secret:AZURE_CLIENT_ID',
        'secret:AWS_ROLE_ARN',
      ] as const
    ).flatMap(both);
    expect(verdicts(facts).map((f) => f.verdict.properties['identity'])).toEqual(['secret:AZURE_CLIENT_ID', 'secret:AWS_ROLE_ARN']);
  });
});
