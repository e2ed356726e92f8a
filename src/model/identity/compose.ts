import { dataRoot, entries, get, items, str, type DataNode } from '../../ast/data.js';
import { isCredentialName } from '../../detect/credential-value.js';
import { identifierWords } from '../../detect/assignment.js';
import type { FactExtractor, FactInput } from '../../rule/types.js';
import { FACT_KINDS, folderOf } from './facts.js';
import { literalCredential, referencedVariable } from './literal.js';

type Emit = (fact: FactInput) => void;

/** Image words that name the same product as a variable prefix (`GF_` is Grafana's, `MYSQL_` also MariaDB's). */
const PREFIX_ALIASES: Record<string, readonly string[]> = {
  gf: ['grafana'],
  mysql: ['mysql', 'mariadb', 'percona'],
  mariadb: ['mariadb'],
  pg: ['postgres', 'postgis', 'timescale'],
  postgres: ['postgres', 'postgis', 'timescale', 'pgvector'],
  mongo: ['mongo'],
  elastic: ['elastic', 'opensearch', 'kibana'],
  kc: [],
};

/**
 * A data store's own bootstrap credential: the variable's first word names the image's product
 * (`POSTGRES_PASSWORD` on `postgres:16`, `MINIO_ROOT_PASSWORD` on `minio/minio`). It creates the
 * account the other services log in with, so it is where the credential is defined, not a use.
 */
export function isServerSideVariable(variable: string, image: string | undefined): boolean {
  if (!image) return false;
  const prefix = identifierWords(variable)[0];
  if (!prefix) return false;
  const lowerImage = image.toLowerCase();
  const products = PREFIX_ALIASES[prefix] ?? (prefix.length >= 4 ? [prefix] : []);
  return products.some((product) => lowerImage.includes(product));
}

/**
 * Facts from docker-compose files: literal credentials in services' `environment` (uses, or
 * definitions for a data store's bootstrap variables), `${VAR}` references to credentials, and
 * compose `secrets:`.
 */
export const composeExtractor: FactExtractor = {
  name: 'compose-identities',
  kinds: ['docker-compose'],
  extract(doc, emit) {
    // Parse only compose files that can hold a credential (YAML parsing dominates the cost).
    if (!doc.text.includes('services') || !/environment|env_file|secrets/.test(doc.text)) return;
    const root = dataRoot(doc);
    const folder = folderOf(doc.path);
    for (const service of entries(get(root, 'services'))) {
      const image = str(get(service.value, 'image'));
      serviceEnvironment(get(service.value, 'environment'), service.key, image, emit);
      for (const file of items(get(service.value, 'env_file'))) {
        const pathNode = file.type === 'map' ? get(file, 'path') : file;
        const path = resolvePath(folder, str(pathNode));
        if (path && pathNode)
          emit({
            kind: FACT_KINDS.use,
            identity: { type: 'env-file', name: path },
            target: pathNode,
            attributes: { source: 'compose', service: service.key, file: path },
          });
      }
      for (const secret of items(get(service.value, 'secrets'))) {
        const nameNode = secret.type === 'map' ? get(secret, 'source') : secret;
        const name = str(nameNode);
        if (name && nameNode)
          emit({
            kind: FACT_KINDS.use,
            identity: { type: 'compose-secret', name },
            target: nameNode,
            attributes: { source: 'compose', service: service.key, name },
          });
      }
    }
    for (const secret of entries(get(root, 'secrets'))) {
      const external = get(secret.value, 'external');
      emit({
        kind: FACT_KINDS.definition,
        identity: { type: 'compose-secret', name: secret.key },
        target: { range: secret.keyRange },
        attributes: {
          source: 'compose',
          name: secret.key,
          file: str(get(secret.value, 'file')),
          environment: str(get(secret.value, 'environment')),
          external: external !== undefined,
        },
      });
    }
  },
};

/** `environment:` as a map (`KEY: value`) or a list (`- KEY=value`). */
function serviceEnvironment(environment: DataNode | undefined, service: string, image: string | undefined, emit: Emit): void {
  if (environment?.type === 'map') {
    for (const entry of environment.entries) {
      const value = str(entry.value);
      if (value !== undefined && entry.value.type === 'scalar')
        variable(entry.key, value, entry.value.range.start + valueShift(entry.value, value), entry.value.range.end, service, image, emit);
    }
    return;
  }
  for (const item of items(environment)) {
    const text = str(item);
    if (!text || item.type !== 'scalar') continue;
    const eq = text.indexOf('=');
    if (eq <= 0) continue;
    const start = item.range.start + valueShift(item, text) + eq + 1;
    variable(text.slice(0, eq).trim(), text.slice(eq + 1), start, item.range.end, service, image, emit);
  }
}

/** Offset of a scalar's value inside its source range (1 when it is quoted). */
function valueShift(node: DataNode, value: string): number {
  const width = node.range.end - node.range.start;
  return width > value.length && width - value.length <= 2 ? 1 : 0;
}

function variable(name: string, value: string, start: number, end: number, service: string, image: string | undefined, emit: Emit): void {
  const reference = referencedVariable(value);
  if (reference) {
    if (isCredentialName(reference) || isCredentialName(name)) {
      emit({ kind: FACT_KINDS.use, identity: { type: 'env', name: reference }, target: { start, end }, attributes: { source: 'compose', name, service } });
    }
    return;
  }
  const literal = literalCredential(name, value);
  if (!literal) return;
  const serverSide = isServerSideVariable(name, image);
  const at = start + Math.max(0, literal.offset);
  emit({
    kind: serverSide ? FACT_KINDS.definition : FACT_KINDS.use,
    target: { start: at, end: Math.min(end, at + literal.length) },
    secret: literal.secret,
    attributes: { source: 'compose', name, service, image, serverSide },
  });
}

/** A path relative to a folder of the scan root, normalised (`./a/../b.env` → `b.env`); undefined when it leaves the root or is templated. */
function resolvePath(folder: string, relative: string | undefined): string | undefined {
  if (!relative || relative.startsWith('/') || /[$~{}]/.test(relative)) return undefined;
  const parts = folder ? folder.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/') || undefined;
}
