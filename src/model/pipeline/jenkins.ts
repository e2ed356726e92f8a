import type { DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';
import { isRuntimeVariable, shellVariableReferences } from './common.js';
import { eachCall, firstArg, namedArg, parseGroovy, stringOf, type GroovyCall, type GroovyValue } from './groovy.js';
import { parseShell } from './shell.js';
import { scalarSource, type SourceText } from './source.js';
import type { CloudLogin, Command, Gate, Input, Job, Pipeline, Reference, Step, Trigger, TriggerKind } from './types.js';

/**
 * Jenkins: declarative `pipeline { stages { stage(…) { … } } }` and scripted `node { stage(…) }`
 * files. Each stage with steps is a job; stages run in order (parallel ones together), so an
 * `input` holds its own stage and every later one. Credentials come from `credentials('id')`,
 * `withCredentials([...])`, `withAWS(credentials: …)` and any `credentialsId:` argument.
 */

/** Steps that only wrap other steps. */
const WRAPPERS = new Set([
  'script',
  'dir',
  'timeout',
  'retry',
  'catchError',
  'lock',
  'container',
  'node',
  'withEnv',
  'ansiColor',
  'timestamps',
  'wrap',
  'sshagent',
  'withCredentials',
  'withAWS',
  'withKubeConfig',
  'withKubeCredentials',
  'withDockerRegistry',
  'withDockerServer',
  'docker.withRegistry',
  'docker.image.inside',
  'docker.image.withRun',
  'withMaven',
  'withGradle',
  'withSonarQubeEnv',
  'warnError',
  'stage',
  'if',
  'else',
  'try',
  'catch',
  'finally',
  'for',
  'while',
  'switch',
  'do',
  'configFileProvider',
  'withVault',
  'waitUntil',
  'withFolderProperties',
  'withGoogleCloud',
  'withAzure',
  'azureCLI',
  'withNPM',
  'withPythonEnv',
  'gitlabCommitStatus',
  'withContext',
  'steps',
]);
const SHELL_STEPS = new Set(['sh', 'bat', 'powershell', 'pwsh']);

export function buildJenkins(text: string, path: string): Pipeline[] {
  const calls = parseGroovy(text);
  const declarative = findCall(calls, 'pipeline');
  const context: Context = { text, jobs: [], triggers: [] };
  let env: Input[] = [];
  let references: Reference[] = [];
  if (declarative) {
    const body = declarative.blocks[0] ?? [];
    context.triggers = jenkinsTriggers(body.find((c) => c.name === 'triggers'));
    const environment = body.find((c) => c.name === 'environment');
    ({ env, references } = environmentBlock(environment));
    const stages = body.find((c) => c.name === 'stages');
    if (stages) sequence(stages.blocks[0] ?? [], [], context, { env, references, gates: [], hints: [] });
  } else {
    context.triggers = jenkinsTriggers(findCall(calls, 'triggers'));
    scripted(calls, context);
  }
  if (!context.jobs.length) return [];
  return [
    {
      platform: 'jenkins',
      name: path,
      kind: 'pipeline',
      range: { start: 0, end: text.length },
      triggers: context.triggers,
      env,
      references,
      jobs: context.jobs,
      reusable: false,
      unresolved: libraries(calls),
    },
  ];
}

interface Context {
  text: string;
  jobs: Job[];
  triggers: Trigger[];
}

/** What a nested stage inherits from the stages around it. */
interface Inherited {
  env: Input[];
  references: Reference[];
  gates: Gate[];
  hints: string[];
  branches?: string[];
  tagsOnly?: boolean;
}

function findCall(calls: readonly GroovyCall[], name: string): GroovyCall | undefined {
  let found: GroovyCall | undefined;
  eachCall(calls, (call) => {
    if (found) return false;
    if (call.name === name && call.blocks.length) found = call;
    return undefined;
  });
  return found;
}

function libraries(calls: readonly GroovyCall[]): string[] {
  const out: string[] = [];
  for (const call of calls) if (call.name === 'Library' || call.name === 'library') out.push(`shared library ${stringOf(firstArg(call)) ?? ''}`.trim());
  return out;
}

/** Stages in order: each runs after the previous; a parallel block's stages run together. */
function sequence(stages: readonly GroovyCall[], before: string[], context: Context, inherited: Inherited): string[] {
  let previous = before;
  for (const stage of stages) {
    if (stage.name !== 'stage') continue;
    previous = declarativeStage(stage, previous, context, inherited);
  }
  return previous;
}

function declarativeStage(stage: GroovyCall, before: string[], context: Context, inherited: Inherited): string[] {
  const name = stringOf(firstArg(stage)) ?? `stage@${stage.range.start}`;
  const body = stage.blocks[0] ?? [];
  const environment = environmentBlock(body.find((c) => c.name === 'environment'));
  const when = whenOf(
    body.find((c) => c.name === 'when'),
    context.text,
  );
  const inputDirective = body.find((c) => c.name === 'input');
  const gates: Gate[] = [...inherited.gates];
  if (inputDirective) gates.push(inputGate(inputDirective));
  const scope: Inherited = {
    env: [...inherited.env, ...environment.env],
    references: [...inherited.references, ...environment.references],
    gates,
    hints: [...inherited.hints, ...when.hints],
    branches: when.branches ?? inherited.branches,
    tagsOnly: when.tagsOnly || inherited.tagsOnly,
  };
  const nested = body.find((c) => c.name === 'stages');
  const parallel = body.find((c) => c.name === 'parallel');
  const matrix = body.find((c) => c.name === 'matrix');
  if (nested) return sequence(nested.blocks[0] ?? [], before, context, scope);
  if (matrix) return sequence((matrix.blocks[0] ?? []).find((c) => c.name === 'stages')?.blocks[0] ?? [], before, context, scope);
  if (parallel) {
    const ends = (parallel.blocks[0] ?? []).filter((c) => c.name === 'stage').flatMap((s) => declarativeStage(s, before, context, scope));
    return ends.length ? ends : before;
  }
  const steps = body.find((c) => c.name === 'steps');
  const job = stageJob(name, stage, steps?.blocks[0] ?? [], before, context, scope);
  return [job.id];
}

function stageJob(name: string, stage: GroovyCall, body: readonly GroovyCall[], before: string[], context: Context, scope: Inherited): Job {
  const collected = collectSteps(body, context.text);
  const references = [...scope.references, ...collected.references, ...commandVariables(collected.steps, scope.env, collected.defined)];
  const id = context.jobs.some((j) => j.id === name) ? `${name}@${stage.range.start}` : name;
  const triggers = scope.tagsOnly
    ? context.triggers
        .filter((t) => t.kind === 'tag')
        .concat(context.triggers.some((t) => t.kind === 'tag') ? [] : [{ kind: 'tag', event: 'tag', untrusted: false, range: stage.nameRange }])
    : context.triggers;
  const job: Job = {
    id,
    name,
    keyRange: stringRange(firstArg(stage)) ?? stage.nameRange,
    range: stage.range,
    needs: before,
    triggers,
    branches: scope.branches,
    contexts: [],
    gates: [...scope.gates, ...collected.gates],
    steps: collected.steps,
    env: scope.env,
    references,
    logins: collected.logins,
    hints: scope.hints.length ? scope.hints : undefined,
  };
  context.jobs.push(job);
  return job;
}

function stringRange(value: GroovyValue | undefined): Range | undefined {
  return value?.kind === 'string' ? value.range : undefined;
}

/** Scripted pipelines: every `stage('…') { … }` in document order is a job. */
function scripted(calls: readonly GroovyCall[], context: Context): void {
  let previous: string[] = [];
  const gates: Gate[] = [];
  eachCall(calls, (call) => {
    if (call.name !== 'stage') return undefined;
    const name = stringOf(firstArg(call)) ?? `stage@${call.range.start}`;
    const body = call.blocks.flat();
    const job = stageJob(name, call, body, previous, context, { env: [], references: [], gates: [...gates], hints: [] });
    previous = [job.id];
    return false;
  });
}

// ---- steps ---------------------------------------------------------------------------------

interface Collected {
  steps: Step[];
  references: Reference[];
  gates: Gate[];
  logins: CloudLogin[];
  /** Variables the steps bind (`withCredentials` variables, `withEnv`). */
  defined: Set<string>;
}

function collectSteps(body: readonly GroovyCall[], text: string): Collected {
  const out: Collected = { steps: [], references: [], gates: [], logins: [], defined: new Set() };
  eachCall(body, (call) => {
    out.references.push(...credentialReferences(call));
    if (call.name === 'input' || call.name === 'timeout.input') {
      out.gates.push(inputGate(call));
      return false;
    }
    if (call.name === 'withCredentials') bindings(call, out);
    if (call.name === 'withAWS') awsBinding(call, out);
    if (call.name === 'withEnv') for (const item of listItems(firstArg(call))) out.defined.add((stringOf(item.value) ?? '').split('=')[0]!);
    if (SHELL_STEPS.has(call.name)) {
      out.steps.push(shellStep(call, text));
      return false;
    }
    if (WRAPPERS.has(call.name) || call.name === 'credentials') return undefined;
    if (call.assigned && call.assigned.kind !== 'call') return false;
    if (/^[a-z]/i.test(call.name) && !call.assigned) out.steps.push(callStep(call));
    return undefined;
  });
  return out;
}

function shellStep(call: GroovyCall, text: string): Step {
  const value = namedArg(call, 'script') ?? firstArg(call);
  const commands: Command[] = [];
  if (value?.kind === 'string') {
    const source = stringSource(value, text);
    if (source) commands.push(...parseShell(source, { dialect: call.name === 'powershell' || call.name === 'pwsh' ? 'pwsh' : 'sh' }));
  }
  return {
    name: stringOf(namedArg(call, 'label')) ?? call.name,
    range: call.range,
    anchor: call.nameRange,
    inputs: [],
    env: [],
    commands,
    script: value?.kind === 'string' ? { value: value.value, range: value.range } : undefined,
  };
}

/** A string literal's text mapped back to the file. */
function stringSource(value: Extract<GroovyValue, { kind: 'string' }>, text: string): SourceText | undefined {
  return scalarSource({ type: 'scalar', range: value.content, value: value.value }, text);
}

function callStep(call: GroovyCall): Step {
  const inputs: Input[] = call.args.flatMap((arg, index) => {
    const key = arg.key ?? String(index);
    const value = stringOf(arg.value);
    const node: DataNode = { type: 'scalar', range: arg.value.range, value: value ?? null };
    return [{ name: key, keyRange: arg.keyRange ?? arg.value.range, value, valueRange: arg.value.range, node }];
  });
  if (call.name === 'build' && inputs.length && !inputs.some((i) => i.name === 'job')) inputs.push({ ...inputs[0]!, name: 'job' });
  return { name: call.name, range: call.range, anchor: call.nameRange, uses: { value: call.name, range: call.nameRange }, inputs, env: [], commands: [] };
}

function inputGate(call: GroovyCall): Gate {
  const submitter = stringOf(namedArg(call, 'submitter'));
  return {
    kind: 'input',
    blocking: true,
    range: call.nameRange,
    weakness: submitter ? undefined : { kind: 'no-submitter' },
  };
}

// ---- credentials ---------------------------------------------------------------------------

/** `credentials('id')` and any `credentialsId: 'id'` argument. */
function credentialReferences(call: GroovyCall): Reference[] {
  const out: Reference[] = [];
  if (call.name === 'credentials') {
    const id = firstArg(call);
    if (id?.kind === 'string') out.push({ kind: 'credential', name: id.value, range: id.range });
  }
  for (const arg of call.args) {
    if ((arg.key === 'credentialsId' || arg.key === 'credentials') && arg.value.kind === 'string' && call.name !== 'withAWS')
      out.push({ kind: 'credential', name: arg.value.value, range: arg.value.range });
  }
  if (call.name === 'sshagent') {
    for (const item of listItems(namedArg(call, 'credentials') ?? firstArg(call)))
      if (item.value.kind === 'string') out.push({ kind: 'credential', name: item.value.value, range: item.value.range });
  }
  if (call.name === 'docker.withRegistry') {
    const second = call.args.filter((a) => !a.key)[1]?.value;
    if (second?.kind === 'string') out.push({ kind: 'credential', name: second.value, range: second.range });
  }
  return out;
}

function listItems(value: GroovyValue | undefined) {
  return value?.kind === 'list' ? value.items : [];
}

/** `withCredentials([string(credentialsId: 'x', variable: 'Y'), [$class: '…Binding', …]])`. */
function bindings(call: GroovyCall, out: Collected): void {
  for (const item of listItems(firstArg(call))) {
    const binding = item.value.kind === 'call' ? item.value.call : undefined;
    const kind = binding?.name ?? stringOf(findKey(item.value, '$class')) ?? '';
    const id = binding ? namedArg(binding, 'credentialsId') : findKey(item.value, 'credentialsId');
    if (id?.kind !== 'string') continue;
    const variables = [
      'variable',
      'usernameVariable',
      'passwordVariable',
      'keyFileVariable',
      'accessKeyVariable',
      'secretKeyVariable',
      'clientSecretVariable',
    ].flatMap((k) => {
      const v = binding ? stringOf(namedArg(binding, k)) : stringOf(findKey(item.value, k));
      return v ? [v] : [];
    });
    for (const v of variables) out.defined.add(v);
    if (/AmazonWebServicesCredentialsBinding|^aws$/.test(kind)) {
      for (const v of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) out.defined.add(v);
      out.logins.push({
        provider: 'aws',
        method: 'static',
        evidence: `${kind} credentials "${id.value}"`,
        range: id.range,
        references: [{ kind: 'credential', name: id.value, range: id.range }],
      });
    } else if (/azureServicePrincipal/.test(kind)) {
      out.logins.push({
        provider: 'azure',
        method: 'static',
        evidence: `azureServicePrincipal credentials "${id.value}"`,
        range: id.range,
        references: [{ kind: 'credential', name: id.value, range: id.range }],
      });
    } else if (kind === 'file' && (variables.includes('GOOGLE_APPLICATION_CREDENTIALS') || /gcp|gcloud|google|service[-_]?account|sa[-_]key/i.test(id.value))) {
      out.logins.push({
        provider: 'gcp',
        method: 'static',
        evidence: `service-account key file "${id.value}"`,
        range: id.range,
        references: [{ kind: 'credential', name: id.value, range: id.range }],
      });
    }
  }
}

function findKey(value: GroovyValue, key: string): GroovyValue | undefined {
  return value.kind === 'list' ? value.items.find((i) => i.key === key)?.value : undefined;
}

/** `withAWS(credentials: 'id')` uses stored keys; `withAWS(role: 'arn…')` assumes a role. */
function awsBinding(call: GroovyCall, out: Collected): void {
  const credentials = namedArg(call, 'credentials');
  const role = namedArg(call, 'role');
  if (credentials?.kind === 'string') {
    const reference: Reference = { kind: 'credential', name: credentials.value, range: credentials.range };
    out.references.push(reference);
    out.logins.push({
      provider: 'aws',
      method: 'static',
      evidence: `withAWS(credentials: "${credentials.value}")`,
      range: credentials.range,
      references: [reference],
    });
  } else if (role?.kind === 'string') {
    out.logins.push({ provider: 'aws', method: 'unknown', evidence: 'withAWS(role: …)', range: role.range, role: role.value, references: [] });
  }
  for (const v of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) out.defined.add(v);
}

/** `environment { KEY = credentials('id'); OTHER = 'literal' }`. */
function environmentBlock(block: GroovyCall | undefined): { env: Input[]; references: Reference[] } {
  const env: Input[] = [];
  const references: Reference[] = [];
  for (const statement of block?.blocks[0] ?? []) {
    if (!statement.assigned) continue;
    const value = statement.assigned;
    const literal = stringOf(value);
    const node: DataNode = { type: 'scalar', range: value.kind === 'string' ? value.content : value.range, value: literal ?? null };
    // A call (`credentials('id')`) is kept as written so readers see a reference, not a literal.
    const shown = literal ?? (value.kind === 'call' ? `${value.call.name}(${stringOf(firstArg(value.call)) ?? ''})` : undefined);
    env.push({ name: statement.name, keyRange: statement.nameRange, value: shown, valueRange: value.range, node });
    if (value.kind === 'call' && value.call.name === 'credentials') {
      const id = firstArg(value.call);
      if (id?.kind === 'string') references.push({ kind: 'credential', name: id.value, range: id.range, sink: statement.name });
    }
  }
  return { env, references };
}

/** Shell variables the stage's scripts read that nothing in the file binds. */
function commandVariables(steps: readonly Step[], env: readonly Input[], defined: Set<string>): Reference[] {
  const known = new Set([...env.map((e) => e.name), ...defined]);
  const out: Reference[] = [];
  for (const step of steps) {
    for (const command of step.commands) {
      for (const word of [...command.argv, ...command.assignments]) {
        if (!word.expansion) continue;
        for (const ref of shellVariableReferences({ text: word.value, offset: () => word.range.start }, undefined)) {
          if (known.has(ref.name) || isRuntimeVariable(ref.name) || ref.name === 'env' || ref.name === 'params') continue;
          out.push({ kind: 'variable', name: ref.name, range: word.range });
        }
      }
    }
  }
  return out;
}

// ---- when, triggers --------------------------------------------------------------------------

function whenOf(when: GroovyCall | undefined, text: string): { branches?: string[]; tagsOnly: boolean; hints: string[] } {
  if (!when) return { tagsOnly: false, hints: [] };
  const source = text.slice(when.range.start, when.range.end).replace(/\bnot\s*\{[^{}]{0,2000}\}/g, '');
  const branches = [
    ...[...source.matchAll(/\bbranch\s*\(?\s*(?:pattern\s*:\s*)?['"]([^'"]{1,200})['"]/g)].map((m) => m[1]!),
    ...[...source.matchAll(/\b(?:BRANCH_NAME|GIT_BRANCH)\s*(?:==|\.equals\(\s*)\s*['"](?:origin\/)?([^'"]{1,200})['"]/g)].map((m) => m[1]!),
  ];
  const tagsOnly = /\bbuildingTag\s*\(|\btag\s+['"(]|\btag\s*\(/.test(source) && !branches.length;
  const hints = [...source.matchAll(/\benvironment\s*\(?\s*name\s*:\s*['"][^'"]{1,100}['"]\s*,\s*value\s*:\s*['"]([^'"]{1,100})['"]/g)].map((m) => m[1]!);
  hints.push(...[...source.matchAll(/\bparams\.[A-Za-z_]{1,64}\s*==\s*['"]([^'"]{1,100})['"]/g)].map((m) => m[1]!));
  return { branches: branches.length ? branches.map((b) => b.replace(/^\^|\$$/g, '').replace(/\.\*$/, '*')) : undefined, tagsOnly, hints };
}

const TRIGGERS: Record<string, { kind: TriggerKind; untrusted?: boolean }> = {
  cron: { kind: 'schedule' },
  parameterizedCron: { kind: 'schedule' },
  pollSCM: { kind: 'push' },
  githubPush: { kind: 'push' },
  gitlab: { kind: 'push' },
  bitbucketPush: { kind: 'push' },
  upstream: { kind: 'upstream' },
  GenericTrigger: { kind: 'api' },
  issueCommentTrigger: { kind: 'comment', untrusted: true },
  githubPullRequests: { kind: 'pull-request' },
};

/** Multibranch pipelines build every branch and pull request; `triggers {}` adds more. */
function jenkinsTriggers(block: GroovyCall | undefined): Trigger[] {
  const range = block?.nameRange ?? { start: 0, end: 0 };
  const out: Trigger[] = [
    { kind: 'push', event: 'push', untrusted: false, range },
    { kind: 'pull-request', event: 'change request', untrusted: false, range },
  ];
  for (const call of block?.blocks[0] ?? []) {
    const known = TRIGGERS[call.name];
    if (known) out.push({ kind: known.kind, event: call.name, untrusted: known.untrusted ?? false, range: call.nameRange });
  }
  return out;
}
