import { bool, dataDocuments, entries, get, items, str, type DataNode } from '../../ast/data.js';
import { decodeBase64 } from '../../detect/encoding.js';
import type { Document } from '../../document/document.js';
import type { FactExtractor, FactInput, Identity } from '../../rule/types.js';
import { identityKey } from '../../rule/types.js';
import { FACT_KINDS, folderOf } from './facts.js';
import { isServerSideVariable } from './compose.js';
import { literalCredential, literalRange } from './literal.js';

type Emit = (fact: FactInput) => void;

/** Where the pod spec sits, by kind; other kinds with `spec.template.spec.containers` are workloads too. */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** Kinds that run as a service account without a pod template in the manifest (Tekton, Argo Workflows). */
const RUN_KINDS = new Set(['TaskRun', 'PipelineRun', 'Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);

/** Annotations that federate a Kubernetes service account to a cloud identity. */
const WORKLOAD_IDENTITY: Record<string, string> = {
  'eks.amazonaws.com/role-arn': 'aws',
  'iam.gke.io/gcp-service-account': 'gcp',
  'azure.workload.identity/client-id': 'azure',
};

/** A Kubernetes object or namespace name; anything else is a template or placeholder (`$SA_NAME`, `<your-sa>`). */
const K8S_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;

/** What each workload identity annotation must look like to name a real cloud identity. */
const CLOUD_IDENTITY_FORMAT: Record<string, RegExp> = {
  aws: /^arn:aws[a-z-]{0,16}:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/,
  gcp: /^[a-z][a-z0-9-]{4,62}@[a-z0-9.-]{1,253}\.gserviceaccount\.com$/,
  azure: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

/** Images of data stores: a Secret they read at start-up provisions the account clients log in with. */
const DATA_STORE_IMAGE =
  /(?:^|[/:-])(?:postgres|postgresql|postgis|mysql|mariadb|percona|mongo|mongodb|redis|valkey|rabbitmq|elasticsearch|opensearch|minio|cassandra|couchdb|clickhouse|neo4j|memcached|keycloak)(?:$|[:@/-])/i;

function k8sName(value: string | undefined): string | undefined {
  return value !== undefined && K8S_NAME.test(value) ? value : undefined;
}

/** Secret keys that hold configuration, not credentials. */
const NOT_SECRET_KEYS =
  /^(?:username|user|user[-_]?name|host|hostname|port|database|db|dbname|url|endpoint|region|namespace|ca\.crt|tls\.crt|ca|cert|certificate|email|login)$/i;

/** Secret types whose values are not credentials to correlate (tokens minted by the cluster, TLS material). */
const SKIPPED_SECRET_TYPES = new Set(['kubernetes.io/service-account-token', 'kubernetes.io/tls', 'bootstrap.kubernetes.io/token']);

/**
 * Facts from Kubernetes manifests: service accounts and the workloads that run as them, role
 * bindings and wide roles, workload identity federation, Secrets' literal values, literal
 * credentials in container env, Secrets referenced by workloads, and kustomize namespaces.
 */
export const kubernetesExtractor: FactExtractor = {
  name: 'kubernetes-identities',
  kinds: ['kubernetes', 'argocd', 'yaml', 'json'],
  extract(doc, emit) {
    if (doc.kind !== 'kubernetes' && doc.kind !== 'argocd' && !isKustomization(doc.path) && !(doc.kind === 'json' && doc.text.includes('"apiVersion"'))) return;
    // Parse only manifests that can hold an identity fact (YAML parsing dominates the cost).
    if (!RELEVANT.test(doc.text)) return;
    // Helm templates are not manifests yet: names and namespaces come from values at render time.
    if (/(?:^|\/)templates\//.test(doc.path) && doc.text.includes('{{')) return;
    for (const root of dataDocuments(doc)) {
      for (const object of objectsOf(root)) visitObject(doc, object, emit);
    }
  },
};

/** Words one of which every manifest this extractor reads contains. */
const RELEVANT = /containers|serviceAccount|ServiceAccount|RoleBinding|ClusterRole|\bRole\b|Secret|namespace|destination/;

function isKustomization(path: string): boolean {
  return /(?:^|\/)kustomization\.ya?ml$/i.test(path);
}

/** A manifest, or the items of a `List`. */
function objectsOf(root: DataNode): DataNode[] {
  if (str(get(root, 'kind')) === 'List') return items(get(root, 'items')).filter((item) => item.type === 'map');
  return root.type === 'map' ? [root] : [];
}

function visitObject(doc: Document, object: DataNode, emit: Emit): void {
  // `kind` and `apiVersion` are optional in a kustomization file.
  const kind = str(get(object, 'kind')) ?? (isKustomization(doc.path) ? 'Kustomization' : undefined);
  if (!kind) return;
  const metadata = get(object, 'metadata');
  const rawNamespace = str(get(metadata, 'namespace'));
  if (rawNamespace !== undefined && !k8sName(rawNamespace)) return; // a templated manifest
  const namespace = rawNamespace ?? '';
  switch (kind) {
    case 'ServiceAccount':
      return serviceAccount(object, metadata, namespace, emit);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return roleBinding(object, kind, metadata, namespace, emit);
    case 'Role':
    case 'ClusterRole':
      return role(object, kind, metadata, namespace, emit);
    case 'Secret':
      return secret(object, metadata, namespace, emit);
    case 'Kustomization': {
      // kustomize's own file names the namespace of its folder; Flux's points at another folder.
      const flux = str(get(object, 'apiVersion'))?.startsWith('kustomize.toolkit.fluxcd.io');
      const spec = get(object, 'spec');
      if (flux) return namespaceScope(get(spec, 'targetNamespace'), str(get(spec, 'path')), emit);
      return namespaceScope(get(object, 'namespace'), folderOf(doc.path), emit);
    }
    case 'Application': {
      const spec = get(object, 'spec');
      const sources = [get(spec, 'source'), ...items(get(spec, 'sources'))];
      for (const source of sources) namespaceScope(get(get(spec, 'destination'), 'namespace'), str(get(source, 'path')), emit);
      return;
    }
  }
  workload(object, kind, metadata, namespace, emit);
}

/** The namespace manifests under a folder are deployed to (a kustomization, an Argo CD Application, a Flux Kustomization). */
function namespaceScope(node: DataNode | undefined, folder: string | undefined, emit: Emit): void {
  const namespace = str(node)?.trim();
  if (!node || !namespace || folder === undefined || /[{}$]/.test(namespace)) return;
  const clean = folder.replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (clean.startsWith('..') || clean.startsWith('/')) return;
  emit({
    kind: FACT_KINDS.namespaceScope,
    identity: { type: 'k8s-namespace', name: namespace },
    target: node,
    attributes: { folder: clean === '.' ? '' : clean, namespace },
  });
}

function serviceAccount(object: DataNode, metadata: DataNode | undefined, namespace: string, emit: Emit): void {
  const nameNode = get(metadata, 'name');
  const name = k8sName(str(nameNode));
  if (!name || !nameNode) return;
  const identity: Identity = { type: 'k8s-sa', name: `${namespace}/${name}` };
  emit({
    kind: FACT_KINDS.serviceAccountDefinition,
    identity,
    target: nameNode,
    attributes: { source: 'kubernetes', namespace: namespace || undefined, service: name, automount: bool(get(object, 'automountServiceAccountToken')) },
  });
  for (const annotation of entries(get(metadata, 'annotations'))) {
    const provider = WORKLOAD_IDENTITY[annotation.key];
    const value = str(annotation.value)?.trim();
    if (!provider || !value || !CLOUD_IDENTITY_FORMAT[provider]!.test(value)) continue;
    emit({
      kind: FACT_KINDS.workloadIdentity,
      identity: { type: 'cloud-role', name: value },
      target: annotation.value,
      attributes: { source: 'kubernetes', provider, serviceAccount: identityKey(identity), namespace: namespace || undefined, service: name, longLived: false },
    });
  }
}

function roleBinding(object: DataNode, kind: string, metadata: DataNode | undefined, namespace: string, emit: Emit): void {
  const roleRef = get(object, 'roleRef');
  const role = str(get(roleRef, 'name'));
  const roleKind = str(get(roleRef, 'kind')) ?? 'ClusterRole';
  if (!role) return;
  const roleKey = identityKey(
    roleKind === 'ClusterRole' ? { type: 'k8s-role', name: `/ClusterRole/${role}` } : { type: 'k8s-role', name: `${namespace}/Role/${role}` },
  );
  for (const subject of items(get(object, 'subjects'))) {
    if (str(get(subject, 'kind')) !== 'ServiceAccount') continue;
    const nameNode = get(subject, 'name');
    const name = k8sName(str(nameNode));
    if (!name || !nameNode) continue;
    const subjectNamespace = str(get(subject, 'namespace')) ?? namespace;
    if (subjectNamespace && !k8sName(subjectNamespace)) continue;
    emit({
      kind: FACT_KINDS.roleBinding,
      identity: { type: 'k8s-sa', name: `${subjectNamespace}/${name}` },
      target: nameNode,
      attributes: {
        source: 'kubernetes',
        namespace: subjectNamespace || undefined,
        binding: `${kind}/${str(get(metadata, 'name')) ?? '(unnamed)'}`,
        role,
        roleKind,
        roleKey,
        clusterWide: kind === 'ClusterRoleBinding',
        clusterAdmin: roleKind === 'ClusterRole' && role === 'cluster-admin',
        builtinBroad: roleKind === 'ClusterRole' && (role === 'cluster-admin' || role === 'admin' || role === 'edit'),
      },
    });
  }
}

function role(object: DataNode, kind: string, metadata: DataNode | undefined, namespace: string, emit: Emit): void {
  const nameNode = get(metadata, 'name');
  const name = str(nameNode);
  if (!name || !nameNode) return;
  const rules = items(get(object, 'rules'));
  const wide = rules.some((rule) => ['verbs', 'resources'].some((field) => items(get(rule, field)).some((item) => str(item) === '*')));
  emit({
    kind: FACT_KINDS.roleDefinition,
    identity: kind === 'ClusterRole' ? { type: 'k8s-role', name: `/ClusterRole/${name}` } : { type: 'k8s-role', name: `${namespace}/Role/${name}` },
    target: nameNode,
    attributes: { source: 'kubernetes', wide, namespace: namespace || undefined },
  });
}

function secret(object: DataNode, metadata: DataNode | undefined, namespace: string, emit: Emit): void {
  if (!str(get(object, 'apiVersion'))?.startsWith('v1')) return;
  const nameNode = get(metadata, 'name');
  const name = k8sName(str(nameNode));
  if (!name) return;
  const type = str(get(object, 'type'));
  if (nameNode) {
    emit({
      kind: FACT_KINDS.definition,
      identity: { type: 'k8s-secret', name: `${namespace}/${name}` },
      target: nameNode,
      attributes: { source: 'kubernetes', namespace: namespace || undefined, service: name },
    });
  }
  if (type && SKIPPED_SECRET_TYPES.has(type)) return;
  for (const field of ['data', 'stringData'] as const) {
    for (const item of entries(get(object, field))) {
      if (NOT_SECRET_KEYS.test(item.key)) continue;
      const raw = str(item.value);
      if (!raw) continue;
      const value = field === 'data' ? decodeBase64(raw) : raw;
      if (value === undefined) continue;
      // A Secret's values are credentials by design: judge the value, under a credential-like name.
      const literal = literalCredential(/pass|secret|token|key|cred|auth/i.test(item.key) ? item.key : `${item.key}_secret`, value);
      if (!literal) continue;
      emit({
        kind: FACT_KINDS.use,
        target: field === 'stringData' ? literalRange(item.value, raw, literal) : item.value,
        secret: literal.secret,
        attributes: { source: 'kubernetes-secret', name: item.key, service: name, namespace: namespace || undefined },
      });
    }
  }
}

function podSpecOf(object: DataNode, kind: string): DataNode | undefined {
  const path = POD_SPEC_PATHS[kind] ?? ['spec', 'template', 'spec'];
  let node: DataNode | undefined = object;
  for (const key of path) node = get(node, key);
  return get(node, 'containers') ? node : undefined;
}

function workload(object: DataNode, kind: string, metadata: DataNode | undefined, namespace: string, emit: Emit): void {
  const nameNode = get(metadata, 'name') ?? get(metadata, 'generateName');
  const name = str(nameNode) ?? '(unnamed)';
  const app = appLabel(object);
  const partOf = partOfLabel(object);
  if (RUN_KINDS.has(kind)) {
    const spec = get(object, 'spec');
    const saNode =
      get(spec, 'serviceAccountName') ?? get(get(spec, 'taskRunTemplate'), 'serviceAccountName') ?? get(get(spec, 'workflowSpec'), 'serviceAccountName');
    const sa = k8sName(str(saNode));
    if (sa && saNode) {
      emit({
        kind: FACT_KINDS.serviceAccountUse,
        identity: { type: 'k8s-sa', name: `${namespace}/${sa}` },
        target: saNode,
        attributes: { source: 'kubernetes', workloadKind: kind, service: name, app, partOf, namespace: namespace || undefined, explicit: true },
      });
    }
    return;
  }
  const pod = podSpecOf(object, kind);
  if (!pod) return;
  const saNode = get(pod, 'serviceAccountName') ?? get(pod, 'serviceAccount');
  const sa = saNode ? k8sName(str(saNode)) : 'default';
  if (!sa) return; // a templated or placeholder account name
  emit({
    kind: FACT_KINDS.serviceAccountUse,
    identity: { type: 'k8s-sa', name: `${namespace}/${sa}` },
    target: saNode ?? nameNode ?? get(object, 'kind') ?? object,
    attributes: {
      source: 'kubernetes',
      workloadKind: kind,
      service: name,
      app,
      partOf,
      namespace: namespace || undefined,
      explicit: saNode !== undefined,
      automount: bool(get(pod, 'automountServiceAccountToken')),
    },
  });
  for (const container of [...items(get(pod, 'containers')), ...items(get(pod, 'initContainers'))]) {
    containerEnv(container, name, namespace, emit);
  }
}

function appLabel(object: DataNode): string | undefined {
  for (const labels of [get(get(object, 'metadata'), 'labels'), get(get(get(get(object, 'spec'), 'template'), 'metadata'), 'labels')]) {
    const value = str(get(labels, 'app.kubernetes.io/name')) ?? str(get(labels, 'app')) ?? str(get(labels, 'k8s-app'));
    if (value) return value;
  }
  return undefined;
}

/**
 * The larger application a workload belongs to: `app.kubernetes.io/part-of`, else the Helm
 * release or install instance (`app.kubernetes.io/instance`, `release`). Workloads that share it
 * are parts of one application (a database, its replica and its backup jobs).
 */
function partOfLabel(object: DataNode): string | undefined {
  for (const labels of [get(get(object, 'metadata'), 'labels'), get(get(get(get(object, 'spec'), 'template'), 'metadata'), 'labels')]) {
    const value = str(get(labels, 'app.kubernetes.io/part-of')) ?? str(get(labels, 'app.kubernetes.io/instance')) ?? str(get(labels, 'release'));
    if (value && !value.includes('{{')) return value;
  }
  return undefined;
}

function containerEnv(container: DataNode, workloadName: string, namespace: string, emit: Emit): void {
  const image = str(get(container, 'image'));
  const dataStore = image !== undefined && DATA_STORE_IMAGE.test(image);
  for (const variable of items(get(container, 'env'))) {
    const name = str(get(variable, 'name'));
    if (!name) continue;
    const valueNode = get(variable, 'value');
    const value = str(valueNode);
    if (value !== undefined && valueNode?.type === 'scalar') {
      const literal = literalCredential(name, value);
      if (literal) {
        const serverSide = isServerSideVariable(name, image);
        emit({
          kind: serverSide ? FACT_KINDS.definition : FACT_KINDS.use,
          target: literalRange(valueNode, value, literal),
          secret: literal.secret,
          attributes: { source: 'kubernetes', name, service: workloadName, namespace: namespace || undefined, image, serverSide },
        });
      }
      continue;
    }
    const ref = get(get(variable, 'valueFrom'), 'secretKeyRef');
    const secretNode = get(ref, 'name');
    const secretName = k8sName(str(secretNode));
    if (secretName && secretNode) {
      const serverSide = isServerSideVariable(name, image);
      emit({
        kind: serverSide ? FACT_KINDS.definition : FACT_KINDS.use,
        identity: { type: 'k8s-secret', name: `${namespace}/${secretName}` },
        target: secretNode,
        attributes: { source: 'kubernetes', name, key: str(get(ref, 'key')), service: workloadName, namespace: namespace || undefined, image, serverSide },
      });
    }
  }
  for (const source of items(get(container, 'envFrom'))) {
    const secretNode = get(get(source, 'secretRef'), 'name');
    const secretName = k8sName(str(secretNode));
    if (secretName && secretNode) {
      // A data store reading a whole Secret at start-up is provisioning its own account.
      emit({
        kind: dataStore ? FACT_KINDS.definition : FACT_KINDS.use,
        identity: { type: 'k8s-secret', name: `${namespace}/${secretName}` },
        target: secretNode,
        attributes: { source: 'kubernetes', service: workloadName, namespace: namespace || undefined, image, serverSide: dataStore },
      });
    }
  }
}
