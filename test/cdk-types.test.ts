import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveStageIds, typeAnalysisLoaded } from '../src/model/cdk-types.js';
import { CLOSURE_LIMITS, importClosure } from '../src/model/ts-imports.js';
import { DiscoveredSources } from '../src/pipeline/sources.js';
import { loadFixtureCases } from './helpers/fixtures.js';
import { scanFiles, textFile } from './helpers/scan.js';

/** An IAM user whose admin rights come through a group of the same module: Babel answers. */
const GROUP_IN_MODULE = `import * as iam from 'aws-cdk-lib/aws-iam';
const admins = new iam.Group(this, 'Admins', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });
const ci = new iam.User(this, 'Ci', { groups: [admins] });
new iam.AccessKey(this, 'CiKey', { user: ci });
`;

/** A pipeline whose helpers come from a library, not from the repository. */
const LIBRARY_HELPER = `import { CodePipeline } from 'aws-cdk-lib/pipelines';
import { Tags } from 'aws-cdk-lib';
const pipeline = new CodePipeline(this, 'Pipeline', { synth });
Tags.of(pipeline).add('team', 'billing');
pipeline.addStage(new AppStage(this, 'Staging', {}));
`;

/** In-memory files as the scan's sources. */
function sourcesOf(files: Record<string, string>): DiscoveredSources {
  return new DiscoveredSources(Object.entries(files).map(([path, text]) => textFile(path, text)));
}

const specifiers = (text: string) => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

const LITERAL_STAGES = `import { CodePipeline, ManualApprovalStep } from 'aws-cdk-lib/pipelines';
const pipeline = new CodePipeline(this, 'Pipeline', { synth });
pipeline.addStage(new AppStage(this, 'Staging', {}));
pipeline.addStage(new AppStage(this, 'Production', {}), { pre: [new ManualApprovalStep('Promote')] });
`;

describe('type-aware analysis of infrastructure code', () => {
  // Runs first: the analysis must cost nothing (not even a load) where Babel can answer.
  it('is not loaded for code Babel can read, nor for code without pipelines', async () => {
    const result = await scanFiles([
      textFile('lib/pipeline.ts', LITERAL_STAGES),
      textFile('lib/ci-user.ts', GROUP_IN_MODULE),
      textFile('lib/tagged-pipeline.ts', LIBRARY_HELPER),
      textFile('src/server.ts', "import express from 'express';\nfor (const name of ['a', 'b']) console.log(name);\n"),
      textFile('.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n'),
    ]);
    expect(result.complete).toBe(true);
    expect(result.stats.files).toBe(5);
    expect(result.findings.filter((f) => f.ruleId === 'identity/iam-user-access-key').map((f) => [f.severity, f.properties.adminThroughGroup])).toEqual([
      ['critical', true],
    ]);
    expect(typeAnalysisLoaded()).toBe(false);
  });

  it('resolves stage ids from loops, helper calls and forEach callbacks', () => {
    const text = readFileSync('fixtures/deploy/cdk-pipeline-unapproved-stage/positive/stages-in-loops-and-helpers/lib/pipeline-stack.ts', 'utf8');
    const loop = text.indexOf('pipeline.addStage(new ServiceStage(this, target.name');
    const helper = text.indexOf('pipeline.addStage(new ServiceStage(this, stageId');
    const resolved = resolveStageIds('lib/pipeline-stack.ts', text, [loop, helper]);
    expect(typeAnalysisLoaded()).toBe(true);
    expect(resolved.get(loop)).toEqual(['prod-eu', 'prod-us']);
    expect(resolved.get(helper)).toEqual(['Beta', 'Live']);
  });

  it('gives up (no ids) when one value is unknowable', () => {
    const text = `declare const regions: string[];\nfor (const r of regions) pipeline.addStage(new AppStage(this, r, {}));\nfunction add(id: string) { pipeline.addStage(new AppStage(this, id, {})); }\nadd('Beta');\nadd(process.env.STAGE!);\n`;
    const starts = [text.indexOf('pipeline.addStage'), text.lastIndexOf('pipeline.addStage')];
    const resolved = resolveStageIds('lib/x.ts', text, starts);
    expect(resolved.size).toBe(0);
  });
});

describe('the import closure the type-aware analysis reads', () => {
  it('follows relative imports, tsconfig paths (with extends) and workspace packages, and nothing else', () => {
    const sources = sourcesOf({
      'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - '!packages/legacy'\n",
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["shared/*"] } } }',
      'apps/web/tsconfig.json': '{ "extends": "../../tsconfig.base.json", /* app */ "compilerOptions": { "strict": true, }, }',
      'apps/web/main.ts':
        "import { a } from './local.js';\nimport { b } from '@lib/b';\nimport { c } from '@acme/infra/stages';\nimport { d } from '@acme/legacy';\nimport { Stack } from 'aws-cdk-lib';\n",
      'apps/web/local.ts': 'export const a = 1;\n',
      'shared/b/index.ts': 'export const b = 2;\n',
      'packages/infra/package.json':
        '{ "name": "@acme/infra", "exports": { ".": "./dist/index.js", "./stages": { "types": "./dist/stages.d.ts", "default": "./dist/stages.js" } } }',
      'packages/infra/src/stages.ts': 'export const c = 3;\n',
      'packages/legacy/package.json': '{ "name": "@acme/legacy", "main": "index.ts" }',
      'packages/legacy/index.ts': 'export const d = 4;\n',
    });
    const closure = importClosure({ path: 'apps/web/main.ts', text: sources.read('apps/web/main.ts', 1e6)! }, sources, specifiers);
    expect(closure.files.map((f) => f.path)).toEqual(['apps/web/main.ts', 'apps/web/local.ts', 'shared/b/index.ts', 'packages/infra/src/stages.ts']);
    expect(closure.limit).toBeUndefined();
  });

  it('stops at its caps and says which one', () => {
    const chain = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`lib/m${i}.ts`, `import { x } from './m${i + 1}';\n`]));
    const deep = sourcesOf(chain(CLOSURE_LIMITS.depth + 3));
    const byDepth = importClosure({ path: 'lib/m0.ts', text: deep.read('lib/m0.ts', 1e6)! }, deep, specifiers);
    expect(byDepth.limit).toBe('depth');
    expect(byDepth.files).toHaveLength(CLOSURE_LIMITS.depth + 1);
    const wide = sourcesOf({
      'lib/index.ts': Array.from({ length: CLOSURE_LIMITS.files + 5 }, (_, i) => `import { x${i} } from './w${i}';`).join('\n'),
      ...Object.fromEntries(Array.from({ length: CLOSURE_LIMITS.files + 5 }, (_, i) => [`lib/w${i}.ts`, 'export {};\n'])),
    });
    const byFiles = importClosure({ path: 'lib/index.ts', text: wide.read('lib/index.ts', 1e6)! }, wide, specifiers);
    expect(byFiles.limit).toBe('files');
    expect(byFiles.files).toHaveLength(CLOSURE_LIMITS.files);
  });
});

describe('pipelines and IAM users across files', () => {
  const cases = loadFixtureCases();
  const caseNamed = (name: string) => cases.find((c) => c.name.endsWith(name))!;

  it('reports a stage an imported helper adds at the helper call, naming the helper and its module', async () => {
    const fixture = caseNamed('cdk-pipeline-unapproved-stage/positive/workspace-helper-stages');
    const result = await scanFiles(fixture.files, { only: 'deploy/cdk-pipeline-unapproved-stage' });
    expect(typeAnalysisLoaded()).toBe(true);
    expect(result.findings.map((f) => [f.location.path, f.properties.stage])).toEqual([
      ['packages/app/lib/pipeline-stack.ts', 'Production'],
      ['packages/app/lib/pipeline-stack.ts', 'prod-eu-west-1`, `prod-us-east-1'],
    ]);
    expect(result.findings[0]!.message).toContain('added by `addServiceStage` of packages/infra/lib/stages.ts');
  });

  it('points at the group grant in the module that creates the group', async () => {
    const fixture = caseNamed('iam-user-access-key/positive/cdk-admin-through-groups');
    const result = await scanFiles(fixture.files, { only: 'identity/iam-user-access-key' });
    const bot = result.findings.find((f) => f.properties.user === 'release-bot')!;
    expect(bot.severity).toBe('critical');
    expect(bot.message).toContain('through the group `platform-admins`');
    const grant = bot.related.find((r) => r.location.path === 'lib/shared/groups.ts')!;
    expect(grant.location.start).toEqual({ line: 12, column: 5 });
  });

  it('without the imported modules in the scan, makes no claim about them', async () => {
    const fixture = caseNamed('iam-user-access-key/positive/cdk-admin-through-groups');
    const alone = fixture.files.filter((f) => f.path === 'lib/release-bot-stack.ts');
    const result = await scanFiles(alone, { only: 'identity/iam-user-access-key' });
    expect(result.findings.map((f) => f.severity)).toEqual(['high', 'high', 'high']);
  });
});
