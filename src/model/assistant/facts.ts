import type { FactExtractor, IdentityAttributes } from '../../rule/types.js';
import { ASSISTANT_KINDS, assistantConfig, isCompiledAgenticWorkflow } from './index.js';
import { readHashInput, readLockHeader } from './agentic-lock.js';
import { declaredOnlyByEnvironment, gateVerdict, mainDeploy, pipelineOf } from '../pipeline/index.js';
import { jobContext } from '../pipeline/facts.js';

/**
 * Records every credential an assistant or its MCP servers receive, as `credential-use` facts:
 * references by name (`variable:GITHUB_TOKEN`, `input:github_token`, `secret:X`) and literal
 * values by keyed hash, with the tool and server that receive them, for `nhiscan inventory` and
 * the shared-identity rules.
 */
export const assistantCredentialFacts: FactExtractor = {
  name: 'assistant-credentials',
  kinds: ASSISTANT_KINDS,
  extract(doc, emit) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const credential of config.credentials) {
      const attributes: IdentityAttributes = {
        tool: config.tool,
        scope: config.scope,
        purpose: 'assistant',
        where: credential.where,
        name: credential.name,
        ...(credential.consumer ? { server: credential.consumer } : {}),
        ...(credential.provider ? { provider: credential.provider } : {}),
      };
      if (credential.literal !== undefined) emit({ kind: 'credential-use', target: credential.range, secret: credential.literal, attributes });
      else if (credential.reference) emit({ kind: 'credential-use', identity: credential.reference, target: credential.range, attributes });
    }
  },
};

/**
 * Where coding agents run in CI and which jobs deploy: `agent-run` facts for every agent step of a
 * workflow (and every agentic workflow), `deploy-job` facts for every job that deploys, publishes
 * or releases, so a repository rule can tell when the identity that writes code can also ship it.
 */
export const agentDutyFacts: FactExtractor = {
  name: 'agent-duties',
  kinds: ['github-workflow', 'agentic-workflow'],
  extract(doc, emit) {
    const config = assistantConfig(doc);
    if (doc.kind === 'agentic-workflow') {
      const workflow = config?.agentic;
      if (!workflow) return;
      const permissions = workflow.weakenings.flatMap((w) =>
        w.kind === 'agent-write-permission' ? [w.scope === 'write-all' ? 'write-all' : `${w.scope}:write`] : [],
      );
      emit({
        kind: 'agent-run',
        identity: { type: 'agent', name: doc.path },
        target: workflow.events[0]?.range ?? { start: 0, end: 0 },
        attributes: {
          agent: `gh-aw (${workflow.engine})`,
          agentic: true,
          pipeline: doc.path,
          job: 'agent',
          triggers: workflow.events.map((e) => e.value),
          untrustedTrigger: workflow.untrustedEvents.length > 0,
          permissions,
          environment: '',
          production: false,
          secrets: workflow.agentSecrets,
          workflowSecrets: workflow.secrets,
          safeOutputWrites: workflow.writes,
        },
      });
      emit({
        kind: 'credential-use',
        identity: { type: 'agent', name: doc.path },
        target: workflow.events[0]?.range ?? { start: 0, end: 0 },
        attributes: {
          tool: 'gh-aw',
          purpose: 'assistant',
          pipeline: doc.path,
          job: 'agent',
          name: `gh-aw (${workflow.engine})`,
          triggers: workflow.events.map((e) => e.value),
          untrustedTrigger: workflow.untrustedEvents.length > 0,
          permissions: [...permissions, ...workflow.secrets.map((s) => `secret:${s}`), ...workflow.writes.map((w) => `safe-outputs:${w}:write`)],
        },
      });
      return;
    }
    const model = pipelineOf(doc);
    for (const pipeline of model?.pipelines ?? []) {
      for (const job of pipeline.jobs) {
        const context = jobContext(pipeline, job);
        const base = {
          pipeline: context.pipeline ?? doc.path,
          job: job.id,
          triggers: context.triggers ?? [],
          environment: context.environment ?? '',
          production: context.production ?? false,
        };
        for (const run of config?.agentRuns.filter((r) => r.job === job.id) ?? []) {
          emit({
            kind: 'agent-run',
            identity: { type: 'agent', name: `${doc.path}#${job.id}` },
            target: run.range,
            attributes: {
              ...base,
              agent: run.agent,
              agentic: false,
              untrustedTrigger: run.untrustedEvents.length > 0,
              permissions: run.writeScopes === 'unknown' ? ['unknown'] : (context.permissions ?? []),
              secrets: run.secrets,
            },
          });
          emit({
            kind: 'credential-use',
            identity: { type: 'agent', name: `${doc.path}#${job.id}` },
            target: run.range,
            attributes: {
              ...context,
              tool: config!.tool,
              purpose: 'assistant',
              name: run.agent,
              permissions: [...(run.writeScopes === 'unknown' ? ['default token'] : (context.permissions ?? [])), ...run.secrets.map((s) => `secret:${s}`)],
            },
          });
        }
        const purpose = context.purpose ?? 'other';
        if (purpose !== 'deploy' && purpose !== 'release') continue;
        const verdict = gateVerdict(pipeline, job);
        // A manual trigger is not an approval (anyone, or any token, that can dispatch the workflow
        // runs it): gateVerdict reports such a job ungated, with `manualTrigger` set.
        const gated = verdict.verdict !== 'ungated';
        const deploy = mainDeploy(pipeline, job);
        const shipsBy = deploy && !declaredOnlyByEnvironment(deploy) ? 'step' : 'environment';
        emit({
          kind: 'deploy-job',
          identity: { type: 'ci-job', name: `${doc.path}#${job.id}` },
          target: job.keyRange,
          attributes: { ...base, branches: context.branches ?? [], purpose, gated, shipsBy },
        });
      }
    }
  },
};

/**
 * What a stale-lock check needs across files: each gh-aw lock file's recorded frontmatter hash
 * (`agentic-lock`), and the hashed parts of every markdown file under `.github/`
 * (`agentic-frontmatter`): the workflow sources and the files they import.
 */
export const agenticLockFacts: FactExtractor = {
  name: 'agentic-lock',
  kinds: ['github-workflow', 'agentic-workflow', 'claude-agent', 'markdown'],
  extract(doc, emit) {
    if (doc.kind === 'github-workflow') {
      if (!doc.path.endsWith('.lock.yml') || !isCompiledAgenticWorkflow(doc.text)) return;
      const header = readLockHeader(doc.text);
      if (!header) return;
      const source = `${doc.path.slice(0, -'.lock.yml'.length)}.md`;
      emit({
        kind: 'agentic-lock',
        identity: { type: 'agent', name: source },
        target: header.range,
        attributes: { source, recordedHash: header.hash, compiler: header.compiler ?? '' },
      });
      return;
    }
    if (!/(?:^|\/)\.github\//.test(doc.path)) return;
    const input = readHashInput(doc.text);
    emit({
      kind: 'agentic-frontmatter',
      identity: { type: 'agent', name: doc.path },
      target: input?.range ?? { start: 0, end: 0 },
      attributes: input
        ? { frontmatter: input.frontmatter, imports: input.imports, expressions: input.expressions }
        : { frontmatter: null, imports: [], expressions: [] },
    });
  },
};
