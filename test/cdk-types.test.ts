import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveStageIds, typeAnalysisLoaded } from '../src/model/cdk-types.js';
import { scanFiles, textFile } from './helpers/scan.js';

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
      textFile('src/server.ts', "import express from 'express';\nfor (const name of ['a', 'b']) console.log(name);\n"),
      textFile('.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n'),
    ]);
    expect(result.complete).toBe(true);
    expect(result.stats.files).toBe(3);
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
