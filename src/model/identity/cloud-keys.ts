import { dataRoot, get, str } from '../../ast/data.js';
import type { FactExtractor, FactInput, Identity } from '../../rule/types.js';
import { FACT_KINDS, folderOf } from './facts.js';

/**
 * A GCP service-account key file (`"type": "service_account"` with `client_email` and a private
 * key): a long-lived key of the service account named by `client_email`.
 */
export const gcpKeyFileExtractor: FactExtractor = {
  name: 'gcp-key-file',
  kinds: ['json'],
  extract(doc, emit) {
    if (!doc.text.includes('service_account') || !doc.text.includes('client_email')) return;
    const root = dataRoot(doc);
    if (str(get(root, 'type')) !== 'service_account') return;
    const emailNode = get(root, 'client_email');
    const email = str(emailNode)?.trim();
    if (!email || !emailNode || !/^[^@\s]{1,128}@[^@\s]{1,253}$/.test(email)) return;
    if (!str(get(root, 'private_key')) && !str(get(root, 'private_key_id'))) return;
    emit({
      kind: FACT_KINDS.definition,
      identity: { type: 'cloud-role', name: email },
      target: emailNode,
      attributes: { source: 'gcp-key-file', provider: 'gcp', keyType: 'gcp-service-account-key', longLived: true, project: str(get(root, 'project_id')) },
    });
  },
};

/** Resource types whose blocks define a machine identity or a long-lived key for one. */
const RESOURCE_TYPES = [
  'aws_iam_user',
  'aws_iam_access_key',
  'google_service_account',
  'google_service_account_key',
  'azuread_application',
  'azuread_service_principal',
  'azuread_application_password',
  'azuread_service_principal_password',
] as const;

/** `resource "type" "name" {` — bounded names, one header per match. */
const RESOURCE_HEADER = /\bresource[ \t]{1,8}"([a-z0-9_]{1,64})"[ \t]{1,8}"([A-Za-z0-9_-]{1,128})"[ \t]{0,8}\{/g;

/** Which attribute of a key resource points at its owner, and the owner's resource type. */
const KEY_OWNER: Record<string, { attributes: readonly string[]; owner: string; keyType: string; provider: string }> = {
  aws_iam_access_key: { attributes: ['user'], owner: 'aws_iam_user', keyType: 'aws-access-key', provider: 'aws' },
  google_service_account_key: { attributes: ['service_account_id'], owner: 'google_service_account', keyType: 'gcp-service-account-key', provider: 'gcp' },
  azuread_application_password: {
    attributes: ['application_id', 'application_object_id'],
    owner: 'azuread_application',
    keyType: 'azure-client-secret',
    provider: 'azure',
  },
  azuread_service_principal_password: {
    attributes: ['service_principal_id'],
    owner: 'azuread_service_principal',
    keyType: 'azure-client-secret',
    provider: 'azure',
  },
};

const OWNER_NAME_ATTRIBUTE: Record<string, string> = {
  aws_iam_user: 'name',
  google_service_account: 'account_id',
  azuread_application: 'display_name',
  azuread_service_principal: 'client_id',
};

/**
 * Machine identities in Terraform: IAM users, GCP service accounts and Azure AD applications or
 * service principals, and the long-lived keys created for them (`aws_iam_access_key`,
 * `google_service_account_key`, `azuread_*_password`). Text-level: it reads resource blocks'
 * top-level attributes and does not evaluate variables, modules, `count` or `for_each`.
 */
export const terraformExtractor: FactExtractor = {
  name: 'terraform-identities',
  kinds: ['terraform'],
  extract(doc, emit) {
    if (!RESOURCE_TYPES.some((type) => doc.text.includes(`"${type}"`))) return;
    const folder = folderOf(doc.path);
    let consumed = 0; // end of the last block read: headers inside it are not resources
    for (const match of doc.text.matchAll(RESOURCE_HEADER)) {
      const type = match[1]!;
      if (!(RESOURCE_TYPES as readonly string[]).includes(type) || match.index < consumed) continue;
      const name = match[2]!;
      const body = blockBody(doc.text, match.index + match[0].length);
      consumed = match.index + match[0].length + body.length;
      const target = { start: match.index, end: match.index + match[0].length - 1 };
      resourceFacts(type, name, body, folder, target, emit);
    }
  },
};

function resourceFacts(
  type: string,
  name: string,
  body: string,
  folder: string,
  target: { start: number; end: number },
  emit: (fact: FactInput) => void,
): void {
  const key = KEY_OWNER[type];
  if (!key) {
    const provider = type.startsWith('aws') ? 'aws' : type.startsWith('google') ? 'gcp' : 'azure';
    emit({
      kind: FACT_KINDS.definition,
      identity: { type: 'terraform', name: `${folder}:${type}.${name}` },
      target,
      attributes: { source: 'terraform', provider, resource: `${type}.${name}`, name: attribute(body, OWNER_NAME_ATTRIBUTE[type]!) },
    });
    return;
  }
  const ownerRef = key.attributes.map((a) => rawAttribute(body, a)).find(Boolean);
  if (!ownerRef) return;
  const reference = new RegExp(`^${key.owner}\\.([A-Za-z0-9_-]{1,128})\\.`).exec(ownerRef);
  const literal = /^"([^"$]{1,128})"$/.exec(ownerRef)?.[1];
  const identity: Identity | undefined = reference
    ? { type: 'terraform', name: `${folder}:${key.owner}.${reference[1]}` }
    : literal && key.owner === 'aws_iam_user'
      ? { type: 'aws-iam-user', name: literal }
      : undefined;
  if (!identity) return;
  emit({
    kind: FACT_KINDS.definition,
    identity,
    target,
    attributes: { source: 'terraform', provider: key.provider, keyType: key.keyType, longLived: true, resource: `${type}.${name}` },
  });
}

/** The text of a block from just after its `{` to its matching `}` (strings and comments skipped). */
function blockBody(text: string, from: number): string {
  let depth = 1;
  let i = from;
  const limit = Math.min(text.length, from + 65536);
  while (i < limit && depth > 0) {
    const ch = text[i]!;
    if (ch === '"') {
      i++;
      while (i < limit && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    } else if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
      while (i < limit && text[i] !== '\n') i++;
    } else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    i++;
  }
  return text.slice(from, Math.max(from, i - 1));
}

/** A top-level attribute's raw expression: `user = aws_iam_user.ci.name` → `aws_iam_user.ci.name`. */
function rawAttribute(body: string, name: string): string | undefined {
  const match = new RegExp(`^[ \\t]{0,32}${name}[ \\t]{0,8}=[ \\t]{0,8}([^\\n]{1,256})$`, 'm').exec(body);
  return match?.[1]?.trim();
}

/** A top-level attribute's string value, when it is a plain literal. */
function attribute(body: string, name: string): string | undefined {
  const raw = rawAttribute(body, name);
  return raw ? /^"([^"$]{1,128})"$/.exec(raw)?.[1] : undefined;
}
