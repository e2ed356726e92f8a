import { entries, entry, get, items, str, type DataNode } from '../../ast/data.js';
import { commandsOf, externalVariableReferences, inputsOf, located, uniqueReferences } from './common.js';
import { rangeIn, scalarSource } from './source.js';
import type { CloudLogin, Command, Job, Pipeline, Reference, Step, Word } from './types.js';

/**
 * Google Cloud Build (`cloudbuild.yaml`) and AWS CodeBuild (`buildspec.yml`): one job each, run
 * by a trigger configured outside the file (so no triggers are known and no gate can be
 * written in the file).
 */

export function buildCloudBuild(root: DataNode, path: string, docText: string): Pipeline {
  const steps = items(get(root, 'steps')).flatMap((s) => (s.type === 'map' ? [cloudBuildStep(s, docText)] : []));
  const secretRefs: Reference[] = [];
  for (const secret of items(get(get(root, 'availableSecrets'), 'secretManager'))) {
    const version = str(get(secret, 'versionName')) ?? '';
    const name = /\/secrets\/([^/]{1,200})/.exec(version)?.[1] ?? version;
    const envNode = entry(secret, 'env');
    if (name) secretRefs.push({ kind: 'secret', name, range: secret.range, sink: str(envNode?.value) });
  }
  const images = entry(root, 'images');
  const serviceAccount = get(root, 'serviceAccount');
  const logins: CloudLogin[] = [];
  if (str(serviceAccount))
    logins.push({
      provider: 'gcp',
      method: 'oidc',
      evidence: 'serviceAccount',
      range: serviceAccount!.range,
      role: serviceAccountEmail(str(serviceAccount)!),
      references: [],
    });
  const defined = new Set(steps.flatMap((s) => s.env.map((e) => e.name)));
  const job: Job = {
    id: 'build',
    name: 'build',
    keyRange: entry(root, 'steps')?.keyRange ?? root.range,
    range: root.range,
    needs: [],
    triggers: [],
    contexts: [],
    gates: [],
    steps,
    env: steps.flatMap((s) => s.env),
    references: uniqueReferences([
      ...secretRefs,
      ...externalVariableReferences(
        [get(root, 'steps')],
        docText,
        defined,
        steps.flatMap((s) => s.commands),
      ),
    ]),
    structural:
      images && items(images.value).length ? [{ kind: 'image-push', what: '`images:` push', tool: 'cloud-build-images', range: images.keyRange }] : [],
    logins,
    node: root,
  };
  return {
    platform: 'cloud-build',
    name: path,
    kind: 'pipeline',
    range: root.range,
    triggers: [],
    env: [],
    references: [],
    jobs: [job],
    reusable: false,
    unresolved: [],
    node: root,
  };
}

function serviceAccountEmail(value: string): string {
  return value.replace(/^projects\/[^/]{1,200}\/serviceAccounts\//, '');
}

/** A build step: its builder image is the program, `args` its arguments, or a script. */
function cloudBuildStep(node: DataNode, docText: string): Step {
  const builder = located(get(node, 'name'));
  const entrypoint = str(get(node, 'entrypoint'));
  const args = get(node, 'args');
  const script = get(node, 'script');
  const commands: Command[] = [];
  if (script) commands.push(...commandsOf(script, docText));
  else if (entrypoint && /^(?:bash|sh|\/bin\/(?:ba)?sh)$/.test(entrypoint) && args?.type === 'seq') {
    const flag = args.items.findIndex((a) => /^-[a-z]*c$/.test(str(a) ?? ''));
    if (flag >= 0 && args.items[flag + 1]) commands.push(...commandsOf(args.items[flag + 1], docText));
  } else if (builder && args?.type === 'seq') {
    const program =
      entrypoint ??
      builder.value
        .replace(/[:@].*$/, '')
        .split('/')
        .pop() ??
      '';
    const argv: Word[] = [{ value: program, range: (get(node, 'entrypoint') ?? get(node, 'name'))!.range, quoted: false, expansion: false }];
    for (const arg of args.items) {
      const value = str(arg);
      if (value === undefined) continue;
      const source = scalarSource(arg, docText);
      argv.push({ value, range: source ? rangeIn(source, 0, value.length) : arg.range, quoted: true, expansion: value.includes('$') });
    }
    commands.push({ argv, assignments: [], range: { start: node.range.start, end: args.range.end }, nested: false });
  }
  const env = [...inputsOf(envList(get(node, 'env')))];
  return {
    name: str(get(node, 'id')) ?? builder?.value,
    range: node.range,
    anchor: builder?.range ?? node.range,
    uses: builder,
    inputs: [],
    env,
    commands,
    script: located(script),
  };
}

/** Cloud Build `env: ["KEY=value"]` as a map node. */
function envList(node: DataNode | undefined): DataNode | undefined {
  if (node?.type !== 'seq') return undefined;
  return {
    type: 'map',
    range: node.range,
    entries: node.items.flatMap((item) => {
      const text = str(item);
      const eq = text?.indexOf('=') ?? -1;
      if (!text || eq <= 0) return [];
      return [{ key: text.slice(0, eq), keyRange: item.range, value: { type: 'scalar', range: item.range, value: text.slice(eq + 1) } as DataNode }];
    }),
  };
}

export function buildCodeBuild(root: DataNode, path: string, docText: string): Pipeline {
  const phases = get(root, 'phases');
  const steps: Step[] = [];
  for (const phase of entries(phases)) {
    for (const key of ['commands', 'finally']) {
      const commandsEntry = entry(phase.value, key);
      if (!commandsEntry) continue;
      steps.push({
        name: phase.key,
        range: commandsEntry.value.range,
        anchor: phase.keyRange,
        inputs: [],
        env: [],
        commands: commandsOf(commandsEntry.value, docText),
        script: located(commandsEntry.value),
      });
    }
  }
  const env = get(root, 'env');
  const variables = inputsOf(get(env, 'variables'));
  const stored: Reference[] = [];
  for (const source of ['parameter-store', 'secrets-manager']) {
    for (const e of entries(get(env, source))) stored.push({ kind: 'secret', name: str(e.value) ?? e.key, range: e.value.range, sink: e.key });
  }
  const defined = new Set([...variables.map((v) => v.name), ...stored.map((s) => s.sink!)]);
  const job: Job = {
    id: 'build',
    name: 'build',
    keyRange: entry(root, 'phases')?.keyRange ?? root.range,
    range: root.range,
    needs: [],
    triggers: [],
    contexts: [],
    gates: [],
    steps,
    env: [
      ...variables,
      ...entries(get(env, 'parameter-store')).map((e) => ({
        name: e.key,
        keyRange: e.keyRange,
        value: `$\{parameter-store:${str(e.value) ?? ''}}`,
        valueRange: e.value.range,
        node: e.value,
      })),
      ...entries(get(env, 'secrets-manager')).map((e) => ({
        name: e.key,
        keyRange: e.keyRange,
        value: `$\{secrets-manager:${str(e.value) ?? ''}}`,
        valueRange: e.value.range,
        node: e.value,
      })),
    ],
    references: uniqueReferences([
      ...stored,
      ...externalVariableReferences(
        [phases],
        docText,
        defined,
        steps.flatMap((s) => s.commands),
      ),
    ]),
    node: root,
  };
  return {
    platform: 'codebuild',
    name: path,
    kind: 'pipeline',
    range: root.range,
    triggers: [],
    env: [],
    references: [],
    jobs: [job],
    reusable: false,
    unresolved: [],
    node: root,
  };
}
