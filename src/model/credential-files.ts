import type { Document } from '../document/document.js';
import type { FileKind } from '../document/kinds.js';
import { dataRoot, entries, get, items, str, walk, type DataNode } from '../ast/data.js';
import { decodeBase64 } from '../detect/encoding.js';
import { isCredentialName, isCredentialValue } from '../detect/credential-value.js';
import { isPlaceholder } from '../detect/placeholder.js';

/**
 * Files whose whole purpose is to hold credentials: credential stores of git, package and
 * container registries, cloud and database clients, and Terraform state. Each format is
 * recognised by its path and read by its own syntax; the model returns where each credential
 * sits and what kind of value it is, and the rule that reports them owns the wording.
 */
export type CredentialFileFormat =
  | 'git-credentials'
  | 'netrc'
  | 'npmrc'
  | 'pypirc'
  | 'docker-config'
  | 'gem-credentials'
  | 'maven-settings'
  | 'nuget-config'
  | 'composer-auth'
  | 'aws-credentials'
  | 'boto'
  | 's3cfg'
  | 'rclone'
  | 'kubeconfig'
  | 'pgpass'
  | 'mysql-options'
  | 'htpasswd'
  | 'terraform-state'
  | 'terraform-variables'
  | 'xml-config';

/** What kind of value a credential field holds: it sets the severity and the wording. */
export type CredentialValueKind =
  'password' | 'token' | 'access-key-secret' | 'session-token' | 'private-key' | 'obscured-password' | 'password-hash' | 'weak-password-hash';

export interface StoredCredential {
  format: CredentialFileFormat;
  /** The field or setting that holds it (`password`, `aws_secret_access_key`, `client-key-data`). */
  field: string;
  valueKind: CredentialValueKind;
  /** The value's offsets in the document text. */
  start: number;
  end: number;
  value: string;
}

/** Path patterns (matched against `/` + the lower-cased path) of the formats that are files of their own. */
const FORMAT_PATHS: readonly [RegExp, CredentialFileFormat][] = [
  [/\/\.git-credentials$/, 'git-credentials'],
  [/\/[._]netrc$/, 'netrc'],
  [/\/\.npmrc$/, 'npmrc'],
  [/\/\.pypirc$/, 'pypirc'],
  [/\/\.docker\/config\.json$|\/\.dockercfg$/, 'docker-config'],
  [/\/\.gem\/credentials$/, 'gem-credentials'],
  [/\/\.m2\/settings(?:-security)?\.xml$|\/settings\.xml$/, 'maven-settings'],
  [/\/nuget\.config$/, 'nuget-config'],
  [/\/auth\.json$/, 'composer-auth'],
  [/\/\.aws\/(?:credentials|config)$/, 'aws-credentials'],
  [/\/\.boto$/, 'boto'],
  [/\/\.s3cfg$/, 's3cfg'],
  [/\/rclone\.conf$/, 'rclone'],
  [/\/\.kube\/config$|\/kubeconfig(?:[._-][^/]*)?$|\.kubeconfig$|\/kube-?config[^/]*\.ya?ml$/, 'kubeconfig'],
  [/\/\.pgpass$|\/pgpass\.conf$/, 'pgpass'],
  [/\/\.?my\.cnf$|\/\.my\.ini$|\/my\.ini$/, 'mysql-options'],
  [/\/\.?htpasswd$/, 'htpasswd'],
  [/\.tfstate(?:\.backup|\.\d+\.backup)?$/, 'terraform-state'],
  [/\.tfvars(?:\.json)?$/, 'terraform-variables'],
];

/**
 * The credential-file format of a document: by its path, or by its content where the classifier
 * recognised one (a kubeconfig under any name, Terraform state).
 */
function credentialFileFormat(path: string, kind?: FileKind): CredentialFileFormat | undefined {
  if (kind === 'kubeconfig') return 'kubeconfig';
  if (kind === 'terraform-state') return 'terraform-state';
  const lower = '/' + path.toLowerCase();
  for (const [pattern, format] of FORMAT_PATHS) if (pattern.test(lower)) return format;
  return kind === 'xml' ? 'xml-config' : undefined;
}

/** The credentials a credential file holds, in document order. */
export function storedCredentials(doc: Document): StoredCredential[] {
  const format = credentialFileFormat(doc.path, doc.kind);
  if (!format) return [];
  const found = READERS[format](doc, format);
  return found.filter((c) => c.value.length > 0).sort((a, b) => a.start - b.start);
}

type Reader = (doc: Document, format: CredentialFileFormat) => StoredCredential[];

const READERS: Record<CredentialFileFormat, Reader> = {
  'git-credentials': (doc, format) =>
    // `https://user:password@host` per line; the password is URL-encoded.
    matches(doc, /^[ \t]*[a-z][a-z0-9+.-]{0,24}:\/\/[^\s:@/]{0,256}:([^\s@/]{1,512})@[^\s/]{1,253}/dgim).flatMap(([value, start, end]) =>
      usable(value, 4) ? [{ format, field: 'password', valueKind: 'token' as const, start, end, value }] : [],
    ),
  netrc: (doc, format) =>
    matches(doc, /\bpassword[ \t]+(\S{1,256})/dg).flatMap(([value, start, end]) =>
      usable(value, 4) ? [{ format, field: 'password', valueKind: 'password' as const, start, end, value }] : [],
    ),
  npmrc: (doc, format) =>
    matches(doc, /^[ \t]*(?:\/\/[^\s=]{1,200}:)?(?:_authToken|_auth|_password)[ \t]*=[ \t]*["']?([^\s"']{1,512})/dgim, /(_authToken|_auth|_password)/).flatMap(
      ([value, start, end, field]) =>
        usable(value, 8) ? [{ format, field: field!, valueKind: field === '_authToken' ? ('token' as const) : ('password' as const), start, end, value }] : [],
    ),
  pypirc: (doc, format) =>
    matches(doc, /^[ \t]*password[ \t]*[=:][ \t]*(\S{1,512})/dgim).flatMap(([value, start, end]) =>
      usable(value, 6)
        ? [{ format, field: 'password', valueKind: value.startsWith('pypi-') ? ('token' as const) : ('password' as const), start, end, value }]
        : [],
    ),
  'docker-config': (doc, format) => {
    const root = dataRoot(doc);
    // `config.json` keeps registries under `auths`; the legacy `.dockercfg` at the top level.
    const registries = get(root, 'auths') ? entries(get(root, 'auths')) : entries(root);
    const found: StoredCredential[] = [];
    for (const registry of registries) {
      for (const field of ['auth', 'identitytoken', 'password', 'registrytoken']) {
        const node = get(registry.value, field);
        const value = str(node);
        if (!node || !value || isPlaceholder(value)) continue;
        if (field === 'auth' && !decodesToUserAndPassword(value)) continue;
        found.push({ format, field, valueKind: field === 'auth' || field === 'password' ? 'password' : 'token', ...rangeOf(node, doc.text), value });
      }
    }
    return found;
  },
  'gem-credentials': (doc, format) =>
    // `:rubygems_api_key: rubygems_…`, or one key per host (`:https://gems.example.com: …`).
    matches(doc, /^[ \t]*(:?[^\s:][^\s]{0,200}?):[ \t]+["']?([^\s"']{8,512})/dgm, undefined, 2).flatMap(([value, start, end]) =>
      usable(value, 8) ? [{ format, field: 'api_key', valueKind: 'token' as const, start, end, value }] : [],
    ),
  'maven-settings': (doc, format) => xmlCredentials(doc, format),
  'nuget-config': (doc, format) => xmlCredentials(doc, format),
  'xml-config': (doc, format) => xmlCredentials(doc, format),
  'composer-auth': (doc, format) => {
    const root = dataRoot(doc);
    const found: StoredCredential[] = [];
    const add = (node: DataNode | undefined, field: string, valueKind: CredentialValueKind) => {
      const value = str(node);
      if (node && value && usable(value, 8)) found.push({ format, field, valueKind, ...rangeOf(node, doc.text), value });
    };
    for (const host of entries(get(root, 'http-basic'))) add(get(host.value, 'password'), 'http-basic password', 'password');
    for (const section of ['github-oauth', 'gitlab-token', 'gitlab-oauth', 'bearer']) {
      for (const host of entries(get(root, section))) {
        add(host.value.type === 'scalar' ? host.value : get(host.value, 'token'), section, 'token');
      }
    }
    for (const host of entries(get(root, 'bitbucket-oauth'))) add(get(host.value, 'consumer-secret'), 'bitbucket-oauth consumer-secret', 'token');
    return found;
  },
  'aws-credentials': (doc, format) =>
    iniValues(doc, format, {
      aws_secret_access_key: 'access-key-secret',
      aws_session_token: 'session-token',
      aws_security_token: 'session-token',
    }),
  boto: (doc, format) =>
    iniValues(doc, format, {
      gs_secret_access_key: 'access-key-secret',
      aws_secret_access_key: 'access-key-secret',
      gs_oauth2_refresh_token: 'token',
    }),
  s3cfg: (doc, format) => iniValues(doc, format, { secret_key: 'access-key-secret', access_token: 'session-token' }),
  rclone: (doc, format) => {
    // An encrypted configuration holds nothing readable.
    if (/^RCLONE_ENCRYPT_V\d+:/m.test(doc.text)) return [];
    return iniValues(doc, format, {
      secret_access_key: 'access-key-secret',
      // rclone "obscures" passwords with a fixed, published key: anyone can reveal them.
      pass: 'obscured-password',
      password: 'obscured-password',
      password2: 'obscured-password',
      client_secret: 'token',
      token: 'token',
      key: 'access-key-secret',
      sas_url: 'token',
      bearer_token: 'token',
      service_account_credentials: 'private-key',
    });
  },
  kubeconfig: (doc, format) => {
    const found: StoredCredential[] = [];
    for (const user of items(get(dataRoot(doc), 'users'))) {
      const fields = get(user, 'user');
      const add = (node: DataNode | undefined, field: string, valueKind: CredentialValueKind) => {
        const value = str(node);
        if (node && value && usable(value, 8)) found.push({ format, field, valueKind, ...rangeOf(node, doc.text), value });
      };
      add(get(fields, 'token'), 'token', 'token');
      add(get(fields, 'password'), 'password', 'password');
      const keyData = get(fields, 'client-key-data');
      if (/PRIVATE KEY/.test(decodeBase64(str(keyData) ?? '') ?? '')) add(keyData, 'client-key-data', 'private-key');
      const provider = get(get(fields, 'auth-provider'), 'config');
      add(get(provider, 'client-secret'), 'auth-provider client-secret', 'token');
      add(get(provider, 'refresh-token'), 'auth-provider refresh-token', 'token');
    }
    return found;
  },
  pgpass: (doc, format) =>
    // `hostname:port:database:username:password`; `\:` and `\\` escape within fields.
    matches(doc, /^[ \t]*(?!#)(?:(?:[^:\\\r\n]|\\.){1,256}:){4}((?:[^\r\n\\]|\\.){1,256})$/dgm).flatMap(([value, start, end]) =>
      usable(value, 4) ? [{ format, field: 'password', valueKind: 'password' as const, start, end, value }] : [],
    ),
  'mysql-options': (doc, format) => iniValues(doc, format, { password: 'password', ssl_key_password: 'password' }),
  htpasswd: (doc, format) =>
    matches(doc, /^[ \t]*[^\s:#]{1,256}:(\S{4,512})$/dgm).map(([value, start, end]) => ({
      format,
      field: 'password hash',
      // bcrypt and SHA-crypt cost real work to crack; {SHA}, MD5-crypt and DES crypt do not.
      valueKind: /^\$(?:2[abxy]|5|6|argon2)/.test(value) ? ('password-hash' as const) : ('weak-password-hash' as const),
      start,
      end,
      value,
    })),
  'terraform-state': (doc, format) => {
    const found: StoredCredential[] = [];
    for (const resource of items(get(dataRoot(doc), 'resources'))) {
      const type = str(get(resource, 'type')) ?? '';
      for (const instance of items(get(resource, 'instances'))) {
        // Attributes Terraform itself marks sensitive, and those the resource type is known for.
        const sensitive = new Set([...sensitiveAttributeNames(get(instance, 'sensitive_attributes')), ...(SENSITIVE_BY_TYPE[type] ?? [])]);
        const attributes = get(instance, 'attributes');
        if (!attributes) continue;
        walk(attributes, (node, keys, entry) => {
          if (!entry || node.type !== 'scalar' || typeof node.value !== 'string') return;
          const value = node.value;
          const named = sensitive.has(String(keys[0])) || sensitive.has(entry.key) || isStateSecretName(entry.key);
          if (!named || !usable(value, 8)) return;
          const privateKey = /PRIVATE KEY/.test(value);
          if (!privateKey && !sensitive.has(entry.key) && !isCredentialValue(value)) return;
          found.push({ format, field: entry.key, valueKind: privateKey ? 'private-key' : 'password', ...rangeOf(node, doc.text), value });
        });
      }
    }
    return found;
  },
  'terraform-variables': (doc, format) => {
    if (doc.kind === 'json' || doc.path.toLowerCase().endsWith('.json')) {
      return entries(dataRoot(doc)).flatMap((variable) => {
        const value = str(variable.value);
        return value && isCredentialName(variable.key) && isCredentialValue(value)
          ? [{ format, field: variable.key, valueKind: 'password' as const, ...rangeOf(variable.value, doc.text), value }]
          : [];
      });
    }
    const found: StoredCredential[] = [];
    for (const m of doc.text.matchAll(/^[ \t]*([A-Za-z_][\w-]{0,100})[ \t]*=[ \t]*"([^"\r\n]{1,512})"/dgm)) {
      const [name, value] = [m[1]!, m[2]!];
      if (!isCredentialName(name) || !isCredentialValue(value)) continue;
      const [start, end] = m.indices![2]!;
      found.push({ format, field: name, valueKind: 'password', start, end, value });
    }
    return found;
  },
};

/** Attributes whose values are secrets for resource types that generate them. */
const SENSITIVE_BY_TYPE: Record<string, readonly string[]> = {
  random_password: ['result', 'bcrypt_hash'],
  tls_private_key: ['private_key_pem', 'private_key_openssh', 'private_key_pem_pkcs8'],
  aws_iam_access_key: ['secret', 'ses_smtp_password_v4'],
  google_service_account_key: ['private_key'],
  azuread_application_password: ['value'],
  azuread_service_principal_password: ['value'],
};

/** Top-level attribute names in an instance's `sensitive_attributes` paths (state format 4). */
function sensitiveAttributeNames(node: DataNode | undefined): string[] {
  return items(node).flatMap((path) => {
    const first = items(path)[0];
    const name = str(get(first, 'value'));
    return name ? [name] : [];
  });
}

/** Attribute names in Terraform state that hold secrets (provider schemas mark them sensitive). */
function isStateSecretName(key: string): boolean {
  if (
    /^(?:private_key(?:_pem|_openssh|_pkcs8)?|master_password|admin_password|password|secret|client_secret|access_key|secret_key|token|auth_token|connection_string|primary_connection_string|secondary_connection_string|primary_access_key|secondary_access_key|primary_key|secondary_key|api_key|ses_smtp_password_v4|kube_config_raw|kube_admin_config_raw|client_key|client_certificate_password|sas)$/.test(
      key,
    )
  ) {
    return true;
  }
  return isCredentialName(key);
}

/** `name = value` lines of an INI-style file, for the given lower-case names. */
function iniValues(doc: Document, format: CredentialFileFormat, fields: Record<string, CredentialValueKind>): StoredCredential[] {
  const found: StoredCredential[] = [];
  for (const m of doc.text.matchAll(
    /^[ \t]*([A-Za-z][\w.-]{0,100})[ \t]*[=:][ \t]*(?:"([^"\r\n]{1,4096})"|'([^'\r\n]{1,4096})'|([^\r\n]{1,4096}?))[ \t]*$/dgm,
  )) {
    const field = m[1]!.toLowerCase();
    const valueKind = fields[field];
    if (!valueKind) continue;
    const group = m[2] !== undefined ? 2 : m[3] !== undefined ? 3 : 4;
    const value = m[group]!;
    if (!usable(value, valueKind === 'obscured-password' ? 4 : 8)) continue;
    const [start, end] = m.indices![group]!;
    found.push({ format, field, valueKind, start, end, value });
  }
  return found;
}

/** Maven `<server><password>`, NuGet `<add key="ClearTextPassword" value="…"/>` and alike. */
function xmlCredentials(doc: Document, format: CredentialFileFormat): StoredCredential[] {
  const found: StoredCredential[] = [];
  for (const m of doc.text.matchAll(/<([A-Za-z][\w.:-]{0,60})>([^<>\s]{1,256})<\/\1>/dg)) {
    const name = m[1]!;
    const value = m[2]!;
    if (!isCredentialName(name) || isEncryptedXmlValue(value) || !isCredentialValue(value)) continue;
    const [start, end] = m.indices![2]!;
    found.push({ format, field: name, valueKind: /token/i.test(name) ? 'token' : 'password', start, end, value });
  }
  for (const m of doc.text.matchAll(/<add\s+key="([^"]{1,100})"\s+value="([^"]{1,256})"/dg)) {
    const name = m[1]!;
    const value = m[2]!;
    // NuGet's `Password` is encrypted with the machine's data-protection key: useless elsewhere.
    if (format === 'nuget-config' && name === 'Password') continue;
    if (!isCredentialName(name) || isEncryptedXmlValue(value) || !isCredentialValue(value)) continue;
    const [start, end] = m.indices![2]!;
    found.push({ format, field: name, valueKind: 'password', start, end, value });
  }
  return found;
}

/** Maven's encrypted passwords (`{base64}`, settings-security.xml) are not readable without the master password. */
function isEncryptedXmlValue(value: string): boolean {
  return /^\{[A-Za-z0-9+/=]{8,}\}$/.test(value);
}

function usable(value: string, minLength: number): boolean {
  const trimmed = value.trim();
  return trimmed.length >= minLength && !isPlaceholder(trimmed);
}

function decodesToUserAndPassword(value: string): boolean {
  const decoded = decodeBase64(value) ?? '';
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1 && !isPlaceholder(decoded.slice(colon + 1));
}

/** A scalar's range without its quotes: the value itself. */
function rangeOf(node: DataNode, text?: string): { start: number; end: number } {
  const { start, end } = node.range;
  const quoted = text !== undefined && end - start >= 2 && /["']/.test(text[start]!) && text[end - 1] === text[start];
  return quoted ? { start: start + 1, end: end - 1 } : { start, end };
}

/**
 * Every match of a pattern with the `d` flag: the value of `group` with its offsets, and the
 * first capture of `fieldPattern` in the whole match when given.
 */
function matches(doc: Document, pattern: RegExp, fieldPattern?: RegExp, group = 1): [string, number, number, string?][] {
  const out: [string, number, number, string?][] = [];
  for (const m of doc.text.matchAll(pattern)) {
    const value = m[group];
    if (value === undefined) continue;
    const [start, end] = m.indices![group]!;
    out.push([value, start, end, fieldPattern ? m[0].match(fieldPattern)?.[1] : undefined]);
  }
  return out;
}
