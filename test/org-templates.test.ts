/** The fan-out templates in templates/org/: parsed, their shard arguments checked, and run where a shell can. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const TEMPLATES = join(ROOT, 'templates', 'org');
const read = (name: string) => readFileSync(join(TEMPLATES, name), 'utf8');

type Step = { run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = { needs?: string | string[]; if?: string; steps: Step[]; strategy?: { matrix: Record<string, unknown> }; outputs?: Record<string, string> };

describe('GitHub Actions template', () => {
  const workflow = parse(read('github-actions.yml')) as { jobs: Record<string, Job>; permissions: Record<string, string> };

  it('plans at most 256 shards, runs one matrix job per shard and merges every artifact', () => {
    const { plan, scan, merge } = workflow.jobs;
    expect(workflow.permissions).toEqual({ contents: 'read' });
    // The plan script, run by bash as the runner would: the matrix never exceeds GitHub's 256 jobs.
    const script = plan!.steps[0]!.run!;
    for (const [asked, count] of [
      ['8', 8],
      ['300', 256],
      ['0', 1],
      ['2; rm -rf /', 2],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'nhiscan-plan-'));
      const output = join(dir, 'out');
      writeFileSync(output, '');
      execFileSync('bash', ['-e', '-c', script], { env: { PATH: process.env['PATH'], SHARDS: asked, GITHUB_OUTPUT: output } });
      const values = Object.fromEntries(
        readFileSync(output, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('=') as [string, string]),
      );
      expect(Number(values['count'])).toBe(count);
      expect(JSON.parse(values['shards']!)).toEqual(Array.from({ length: count }, (_, i) => i));
    }
    expect(scan!.strategy!.matrix['shard']).toBe('${{ fromJSON(needs.plan.outputs.shards) }}');
    const step = scan!.steps.find((s) => s.run?.includes('nhiscan org scan'))!;
    expect(step.run).toContain('nhiscan org scan --repos repos.txt --shard "$SHARD/$COUNT" --out results');
    expect(step.env).toMatchObject({
      SHARD: '${{ matrix.shard }}',
      COUNT: '${{ needs.plan.outputs.count }}',
      NHISCAN_FINGERPRINT_KEY: '${{ secrets.NHISCAN_FINGERPRINT_KEY }}',
    });
    const upload = scan!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with).toMatchObject({ name: 'nhiscan-shard-${{ matrix.shard }}', path: 'results/' });
    expect(merge!.needs).toEqual(['plan', 'scan']);
    expect(merge!.if).toContain('always()');
    const download = merge!.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    expect(download.with).toMatchObject({ pattern: 'nhiscan-shard-*', path: 'shards' });
    expect(merge!.steps.some((s) => s.run?.includes('nhiscan org merge shards'))).toBe(true);
  });
});

describe('Argo Workflows template', () => {
  const template = parse(read('argo-workflow.yml')) as {
    kind: string;
    spec: {
      entrypoint: string;
      templates: {
        name: string;
        steps?: { name: string; template: string; withSequence?: { count: string }; arguments?: { parameters: { name: string; value: string }[] } }[][];
        container?: { command: string[]; args: string[] };
      }[];
    };
  };

  it('fans out with withSequence over the shards and fans in with a merge step', () => {
    expect(template.kind).toBe('WorkflowTemplate');
    const byName = new Map(template.spec.templates.map((t) => [t.name, t]));
    const [fanOut, fanIn] = byName.get(template.spec.entrypoint)!.steps!;
    expect(fanOut![0]!.withSequence).toEqual({ count: '{{workflow.parameters.shards}}' });
    expect(fanOut![0]!.arguments!.parameters).toEqual([{ name: 'shard', value: '{{item}}' }]);
    const scan = byName.get(fanOut![0]!.template)!.container!;
    expect([...scan.command, ...scan.args].slice(0, 3)).toEqual(['nhiscan', 'org', 'scan']);
    expect(scan.args[scan.args.indexOf('--shard') + 1]).toBe('{{inputs.parameters.shard}}/{{workflow.parameters.shards}}');
    expect(scan.args[scan.args.indexOf('--out') + 1]).toBe('/results/shard-{{inputs.parameters.shard}}');
    const merge = byName.get(fanIn![0]!.template)!.container!;
    expect([...merge.command, ...merge.args].slice(0, 4)).toEqual(['nhiscan', 'org', 'merge', '/results']);
  });
});

describe('Kubernetes Indexed Job template', () => {
  const [scanJob, mergeJob] = parseAllDocuments(read('kubernetes-indexed-job.yml')).map((d) => d.toJSON()) as {
    spec: {
      completionMode?: string;
      completions?: number;
      template: {
        spec: {
          automountServiceAccountToken: boolean;
          containers: { command: string[]; args: string[]; env?: { name: string; value?: string; valueFrom?: unknown }[] }[];
        };
      };
    };
  }[];

  it('gives each index its shard, JOB_COMPLETION_INDEX of SHARDS = completions, and merges afterwards', async () => {
    expect(scanJob!.spec.completionMode).toBe('Indexed');
    const container = scanJob!.spec.template.spec.containers[0]!;
    const env = new Map(container.env!.map((e) => [e.name, e]));
    expect(Number(env.get('SHARDS')!.value)).toBe(scanJob!.spec.completions);
    expect(env.get('JOB_COMPLETION_INDEX')!.valueFrom).toEqual({ fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } });
    expect(scanJob!.spec.template.spec.automountServiceAccountToken).toBe(false);
    const merge = mergeJob!.spec.template.spec.containers[0]!;
    expect([...merge.command, ...merge.args].slice(0, 4)).toEqual(['nhiscan', 'org', 'merge', '/results']);

    // Run the pods' commands as Kubernetes would expand them ($(VAR)), every index at once, on
    // three local repositories; the merge must cover all three.
    const root = mkdtempSync(join(tmpdir(), 'nhiscan-indexed-'));
    for (const name of ['a', 'b', 'c']) {
      const dir = join(root, 'repos', name);
      mkdirSync(dir, { recursive: true });
      execFileSync('git', ['init', '-q'], { cwd: dir });
      writeFileSync(join(dir, '.env'), `DB_PASSWORD=Wq7#nX2!vB9pLs${name}\n`);
    }
    writeFileSync(join(root, 'repos.txt'), 'repos/a\nrepos/b\nrepos/c\n');
    const completions = scanJob!.spec.completions!;
    const runs = await Promise.all(
      Array.from({ length: completions }, (_, index) => {
        const vars: Record<string, string> = { JOB_COMPLETION_INDEX: String(index), SHARDS: String(env.get('SHARDS')!.value) };
        const args = container.args.map((a) =>
          a
            .replace(/\$\((\w+)\)/g, (_m, name: string) => vars[name]!)
            .replace('/config/repos.txt', 'repos.txt')
            .replace(/^\/results/, join(root, 'results')),
        );
        return run([...container.command.slice(1), ...args], root);
      }),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const merged = runCli(['org', 'merge', join(root, 'results'), '--format', 'json', '--fail-on', 'none'], {
      cwd: root,
      env: { NHISCAN_FINGERPRINT_KEY: 'indexed-job-test-key-0123456789' },
    });
    expect(merged.code, merged.stderr).toBe(0);
    expect((JSON.parse(merged.stdout) as { repositories: { id: string }[] }).repositories.map((r) => r.id)).toEqual(['repos/a', 'repos/b', 'repos/c']);
  });
});

describe('nhiscan on its own templates', () => {
  it('reports nothing at medium or above when they sit where they run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhiscan-templates-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, '.github', 'workflows', 'audit.yml'), read('github-actions.yml'));
    writeFileSync(join(dir, 'k8s', 'argo.yml'), read('argo-workflow.yml'));
    writeFileSync(join(dir, 'k8s', 'indexed-job.yml'), read('kubernetes-indexed-job.yml'));
    const result = runCli(['scan', dir, '--format', 'json', '--min-severity', 'medium', '--fail-on', 'medium']);
    expect((JSON.parse(result.stdout) as { findings: unknown[] }).findings).toEqual([]);
    expect(result.code).toBe(0);
  });
});

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, CI: 'true', NHISCAN_FINGERPRINT_KEY: 'indexed-job-test-key-0123456789' },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}
