import { describe, expect, it } from 'vitest';
import { Document } from '../src/document/document.js';
import { identityKey, isIdentityFact } from '../src/rule/types.js';
import { classifyPath, refineKind } from '../src/pipeline/classify.js';
import { loadParsers, parseSyntax } from '../src/document/parse.js';
import { commandDeploy, contiguous, effectiveArgv, gateVerdict, jobDeploys, parseShell, pipelineOf } from '../src/model/pipeline/index.js';
import { trustGate } from '../src/model/pipeline/trust.js';
import { parseGroovy } from '../src/model/pipeline/groovy.js';
import { scanFiles, textFile } from './helpers/scan.js';

await loadParsers(['yaml', 'json', 'toml']);

function doc(path: string, text: string): Document {
  return new Document(path, refineKind(classifyPath(path), text), text, parseSyntax);
}

function argvs(script: string): string[][] {
  return parseShell(contiguous(script, 0)).map((c) => c.argv.map((w) => w.value));
}

describe('pipeline file kinds', () => {
  it.each([
    ['.buildkite/pipeline.deploy.yml', 'buildkite'],
    ['.buildkite/pipelines/release.yaml', 'buildkite'],
    ['.buildkite/docker-compose.yml', 'docker-compose'],
    ['azure-pipelines/deploy.yml', 'azure-pipelines'],
    ['.pipelines/OneBranch.Official.yml', 'azure-pipelines'],
    ['ci/Jenkinsfile-prod', 'jenkinsfile'],
    ['jenkins/deploy.Jenkinsfile', 'jenkinsfile'],
    ['ci/templates/deploy.gitlab-ci.yml', 'gitlab-ci'],
    ['.gitlab/ci/deploy.yml', 'gitlab-ci'],
  ])('%s is %s', (path, kind) => {
    expect(classifyPath(path)).toBe(kind);
  });
});

describe('shell lexer', () => {
  it('splits on operators and keeps quoted words whole', () => {
    expect(argvs(`npm ci && npm test || echo "tests 'failed'"; kubectl apply -f k8s/ | tee out`)).toEqual([
      ['npm', 'ci'],
      ['npm', 'test'],
      ['echo', "tests 'failed'"],
      ['kubectl', 'apply', '-f', 'k8s/'],
      ['tee', 'out'],
    ]);
  });

  it('joins continuation lines, drops redirections and comments, separates assignments', () => {
    const [command] = parseShell(contiguous('FOO=1 BAR="a b" helm upgrade --install app ./chart \\\n  --namespace prod 2>&1 > log.txt # deploy', 0));
    expect(command!.assignments.map((w) => w.value)).toEqual(['FOO=1', 'BAR=a b']);
    expect(command!.argv.map((w) => w.value)).toEqual(['helm', 'upgrade', '--install', 'app', './chart', '--namespace', 'prod']);
  });

  it('reads commands inside substitutions, sh -c and ssh, and marks the remote ones', () => {
    const commands = parseShell(
      contiguous(`export T=$(aws ecr get-login-password)\nssh deploy@web 'cd /srv && docker compose up -d'\nbash -c "terraform apply -auto-approve"`, 0),
    );
    const lines = commands.map((c) => `${c.remote ? 'remote ' : ''}${c.argv.map((w) => w.value).join(' ')}`);
    expect(lines).toContain('aws ecr get-login-password');
    expect(lines).toContain('remote docker compose up -d');
    expect(lines).toContain('terraform apply -auto-approve');
  });

  it('skips heredoc bodies unless a shell or ssh reads them', () => {
    const lines = argvs(`cat <<EOF > values.yaml\nkubectl apply -f x\nEOF\nssh host <<'EOS'\npm2 restart all\nEOS\necho done`).map((a) => a.join(' '));
    expect(lines).not.toContain('kubectl apply -f x');
    expect(lines).toContain('pm2 restart all');
    expect(lines).toContain('echo done');
  });

  it('maps words back to the document through a YAML block scalar', () => {
    const text = 'jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          echo hi\n          kubectl apply -f k8s/\n';
    const model = pipelineOf(doc('.github/workflows/a.yml', text))!;
    const command = model.pipelines[0]!.jobs[0]!.steps[0]!.commands[1]!;
    expect(text.slice(command.range.start, command.range.end)).toBe('kubectl apply -f k8s/');
  });

  it('strips wrappers to find the program', () => {
    const [command] = parseShell(contiguous('sudo -E env A=1 python -m twine upload dist/*', 0));
    expect(effectiveArgv(command!)).toEqual(['twine', 'upload', 'dist/*']);
  });
});

describe('deploy lexicon', () => {
  const deploys = (line: string) => parseShell(contiguous(line, 0)).map((c) => commandDeploy(c)?.what ?? null);
  it('recognises deploys behind global flags and ignores dry runs', () => {
    expect(deploys('kubectl --context prod -n web set image deployment/web web=x')).toEqual(['kubectl set image']);
    expect(deploys('aws --region us-east-1 ecs update-service --cluster prod --service api')).toEqual(['aws ecs update-service']);
    expect(deploys('terraform -chdir=infra apply -auto-approve')).toEqual(['terraform apply']);
    expect(deploys('kubectl apply -f k8s/ --dry-run=client')).toEqual([null]);
    expect(deploys('helm upgrade --install app ./chart --dry-run')).toEqual([null]);
    expect(deploys('terraform plan -out tfplan')).toEqual([null]);
    expect(deploys('helm template app ./chart')).toEqual([null]);
    expect(deploys('npm publish --dry-run')).toEqual([null]);
    expect(deploys('goreleaser release --snapshot --clean')).toEqual([null]);
  });

  it('tells production flags from previews', () => {
    const [preview] = parseShell(contiguous('vercel deploy', 0));
    const [prod] = parseShell(contiguous('vercel deploy --prod', 0));
    expect(commandDeploy(preview!)?.tier).toBe('non-production');
    expect(commandDeploy(prod!)?.tier).toBe('production');
  });

  it('knows the Azure Developer CLI, documentation sites and local publishers', () => {
    expect(deploys('azd deploy --no-prompt')).toEqual(['azd deploy']);
    expect(deploys('azd up -e prod --no-prompt')).toEqual(['azd up']);
    expect(deploys('azd provision --no-prompt')).toEqual(['azd provision']);
    expect(deploys('azd provision --preview')).toEqual([null]);
    expect(deploys('azd auth login --client-id x')).toEqual([null]);
    const tier = (line: string) => commandDeploy(parseShell(contiguous(line, 0))[0]!)?.tier;
    for (const docs of ['make docs.publish', 'make publish-docs', 'npm run deploy:storybook', './scripts/publish-api-docs.sh']) {
      expect(tier(docs), docs).toBe('non-production');
    }
    expect(deploys('make publisher')).toEqual([null]);
    expect(deploys('make publish-chart')).toEqual(['make publish-chart']);
    expect(deploys('./bin/mcp-publisher publish')).toEqual(['mcp-publisher publish']);
    expect(deploys('$TOOL_HOME/mirrorctl deploy --verbose')).toEqual([null]);
  });
});

describe('Jenkinsfile parser', () => {
  it('reads stages, steps, credentials and input', () => {
    const text = `pipeline {
  agent any
  environment { KEY = credentials('deploy-key') }
  stages {
    stage('Build') { steps { sh 'make' } }
    stage('Approve') { input { message 'Ship?'; submitter 'ops' } steps { echo 'ok' } }
    stage('Deploy') {
      when { branch 'main' }
      steps {
        withCredentials([usernamePassword(credentialsId: 'registry', usernameVariable: 'U', passwordVariable: 'P')]) {
          sh """kubectl apply -f k8s/"""
        }
      }
    }
  }
}`;
    const model = pipelineOf(doc('Jenkinsfile', text))!;
    const pipeline = model.pipelines[0]!;
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['Build', 'Approve', 'Deploy']);
    const deploy = pipeline.jobs[2]!;
    expect(deploy.branches).toEqual(['main']);
    expect(deploy.references.map((r) => `${r.kind}:${r.name}`)).toEqual(expect.arrayContaining(['credential:deploy-key', 'credential:registry']));
    expect(jobDeploys(pipeline, deploy).map((d) => d.what)).toContain('kubectl apply');
    expect(gateVerdict(pipeline, deploy).verdict).toBe('gated');
  });

  it('never throws on broken Groovy', () => {
    for (const text of ['pipeline { stages { stage(', '}}}})))', 'def x = [a: [b: {', "sh '''unterminated", 'a'.repeat(10000), '{'.repeat(5000)]) {
      expect(() => parseGroovy(text)).not.toThrow();
      expect(() => pipelineOf(doc('Jenkinsfile', text))).not.toThrow();
    }
  });
});

describe('odd shapes', () => {
  const shapes = [
    'on: 5\njobs: [1, 2]\n',
    'jobs:\n  a: "string"\n  b:\n    steps: "x"\n',
    'stages: 5\nfoo: [bar]\n',
    'pipelines:\n  branches: [x]\n',
    'steps:\n  - 5\n  - [a]\n  - wait: ~\n',
    '- a\n- b\n',
    '{}\n',
  ];
  const paths = [
    '.github/workflows/a.yml',
    'action.yml',
    '.gitlab-ci.yml',
    'azure-pipelines.yml',
    '.circleci/config.yml',
    'bitbucket-pipelines.yml',
    '.buildkite/pipeline.yml',
    'cloudbuild.yaml',
    'buildspec.yml',
    '.travis.yml',
    '.drone.yml',
  ];
  it.each(paths)('%s builds without throwing', (path) => {
    for (const text of shapes) expect(() => pipelineOf(doc(path, text))).not.toThrow();
  });
});

describe('credential-use facts', () => {
  it('records which jobs, environments and triggers use each identity', async () => {
    const workflow = `name: deploy
on:
  push:
    branches: [main]
  pull_request_target:
jobs:
  test:
    if: github.event_name == 'pull_request_target'
    runs-on: ubuntu-latest
    steps:
      - run: npm test
        env:
          SHARED_KEY: \${{ secrets.DEPLOY_KEY }}
  deploy:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    environment: production
    permissions:
      id-token: write
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
      - run: ./deploy.sh
        env:
          KEY: \${{ secrets.DEPLOY_KEY }}
          TOKEN: \${{ secrets.GITHUB_TOKEN }}
`;
    const result = await scanFiles([textFile('.github/workflows/deploy.yml', workflow)], { only: 'deploy/unapproved-deploy' });
    const uses = result.facts.filter((f) => f.kind === 'credential-use');
    const key = uses.filter((f) => identityKey(f.identity) === 'secret:DEPLOY_KEY');
    expect(key.map((f) => f.attributes['job']).sort()).toEqual(['deploy', 'test']);
    const deploy = key.find((f) => f.attributes['job'] === 'deploy')!;
    expect(deploy.attributes).toMatchObject({
      platform: 'github-actions',
      environment: 'production',
      production: true,
      purpose: 'deploy',
      untrustedTrigger: false,
      longLived: true,
      permissions: ['id-token:write'],
    });
    const test = key.find((f) => f.attributes['job'] === 'test')!;
    expect(test.attributes).toMatchObject({ untrustedTrigger: true, purpose: 'test', production: false, triggers: ['pull_request_target'] });
    expect(uses.some((f) => identityKey(f.identity) === 'secret:GITHUB_TOKEN')).toBe(false);
    expect(uses.find((f) => identityKey(f.identity) === 'cloud-role:arn:aws:iam::123456789012:role/deploy')?.attributes['longLived']).toBe(false);
  });

  it('keys Jenkins credentials, CircleCI contexts and credential-like variables', async () => {
    const circle = `version: 2.1
jobs:
  deploy:
    docker: [{ image: cimg/base:current }]
    steps:
      - run: ./deploy.sh "$IMAGE_TAG" "$PROD_DB_PASSWORD"
workflows:
  main:
    jobs:
      - deploy:
          context: [prod-aws]
`;
    const jenkins = `pipeline { agent any; stages { stage('Backup') { steps { withCredentials([string(credentialsId: 'db-backup', variable: 'P')]) { sh 'pg_dump db > x.sql' } } } } }`;
    const result = await scanFiles([textFile('.circleci/config.yml', circle), textFile('Jenkinsfile', jenkins)], { only: 'deploy/unapproved-deploy' });
    const identities = result.facts.map((f) => identityKey(f.identity));
    expect(identities).toEqual(expect.arrayContaining(['circleci-context:prod-aws', 'variable:PROD_DB_PASSWORD', 'jenkins-credential:db-backup']));
    expect(identities).not.toContain('variable:IMAGE_TAG');
    expect(result.facts.filter(isIdentityFact).find((f) => identityKey(f.identity) === 'jenkins-credential:db-backup')?.attributes.purpose).toBe('backup');
  });
});

describe('personal-token advice follows the platform', () => {
  it('offers a job token only where the platform mints one', async () => {
    const workflow =
      'on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./e2e.sh\n        env:\n          GITLAB_TOKEN: ${{ secrets.GITLAB_TOKEN }}\n';
    const gitlab = 'e2e:\n  script:\n    - ./e2e.sh\n  variables:\n    TOKEN: $GITLAB_API_TOKEN\n';
    const result = await scanFiles([textFile('.github/workflows/e2e.yml', workflow), textFile('.gitlab-ci.yml', gitlab)], {
      only: 'identity/personal-token-in-automation',
    });
    const message = (path: string) => result.findings.find((f) => f.location.path === path)?.message ?? '';
    expect(message('.github/workflows/e2e.yml')).toContain('project or group access token');
    expect(message('.github/workflows/e2e.yml')).not.toContain('CI_JOB_TOKEN');
    expect(message('.gitlab-ci.yml')).toContain('CI_JOB_TOKEN');
  });
});

describe('trust gates in job conditions', () => {
  const sameRepo = 'github.event.pull_request.head.repo.full_name == github.repository';
  const member = "github.event.comment.author_association == 'MEMBER'";
  it('finds a gate in any operand of a top-level &&', () => {
    expect(trustGate(`contains(github.event.comment.body, '/deploy') && ${member}`, 'issue_comment')).toBe('author-association');
    expect(trustGate(`\${{ ${sameRepo} }}`, 'pull_request_target')).toBe('same-repository');
  });
  it('needs a gate on every || branch the event can take', () => {
    const condition = `github.event_name != 'pull_request_target' || ${sameRepo}`;
    expect(trustGate(condition, 'pull_request_target')).toBe('same-repository');
    expect(trustGate(condition, 'issue_comment')).toBeUndefined();
    // With no event, no branch can be ruled out.
    expect(trustGate(condition)).toBeUndefined();
    const both = `(github.event_name == 'issue_comment' && ${member}) || (github.event_name == 'pull_request_target' && ${sameRepo})`;
    expect(trustGate(both, 'issue_comment')).toBe('author-association');
    expect(trustGate(both, 'pull_request_target')).toBe('same-repository');
    expect(trustGate(`${member} || github.event_name == 'push'`, 'issue_comment')).toBe('author-association');
    expect(trustGate(`${member} || contains(github.event.comment.body, '/ok')`, 'issue_comment')).toBeUndefined();
  });
  it('finds none in an empty or ungated condition', () => {
    expect(trustGate(undefined, 'issue_comment')).toBeUndefined();
    expect(trustGate("github.event.issue.pull_request && contains(github.event.comment.body, '/bench')", 'issue_comment')).toBeUndefined();
  });
});

describe('role-checking jobs', () => {
  it('gate the jobs that require their output', () => {
    const checkers = new Set(['authorize']);
    expect(trustGate("needs.authorize.outputs.allowed == 'true'", 'pull_request_target', checkers)).toBe('role-check-job');
    expect(trustGate('needs.authorize.outputs.allowed', 'pull_request_target', checkers)).toBe('role-check-job');
    expect(trustGate("needs.authorize.outputs.allowed == 'false'", 'pull_request_target', checkers)).toBeUndefined();
    expect(trustGate("needs.build.outputs.changed == 'true'", 'pull_request_target', checkers)).toBeUndefined();
  });
});

describe('trust gates in hostile conditions', () => {
  it('stop following groups nested past any hand-written condition, and count them as ungated', () => {
    const gated = "github.actor == 'x'";
    const nested = `${`(${gated} || `.repeat(20_000)}${gated}${')'.repeat(20_000)}`;
    expect(() => trustGate(nested, 'issue_comment')).not.toThrow();
    expect(trustGate(nested, 'issue_comment')).toBeUndefined();
    // A few levels, as people write them, are still followed.
    expect(trustGate(`(${gated} || (${gated} || ${gated}))`, 'issue_comment')).toBe('trusted-actor');
  });
});
