import type { Document } from '../document/document.js';
import { dataDocuments, walk } from '../ast/data.js';
import { isCredentialValue } from '../detect/credential-value.js';
import { isPlaceholder } from '../detect/placeholder.js';

/**
 * Secrets that web frameworks read from a fixed setting: the key that signs sessions and
 * cookies, the key that decrypts the application's encrypted credentials, the database password
 * of the framework's own configuration. Recognised by the framework's file layout and setting
 * name; the rule that reports them owns the wording.
 */
export type Framework = 'django' | 'flask' | 'rails' | 'laravel' | 'symfony' | 'wordpress' | 'spring' | 'aspnet' | 'phoenix';

/** What the secret does for the framework: it decides what a leak hands over. */
export type FrameworkSecretRole =
  /** Signs sessions, cookies, password-reset links (Django SECRET_KEY, Rails secret_key_base…). */
  | 'signing-key'
  /** Decrypts the application's encrypted secrets file (Rails master.key). */
  | 'master-key'
  /** Encrypts application data and cookies (Laravel APP_KEY). */
  | 'encryption-key'
  /** The framework's database or service password. */
  | 'service-password'
  /** ASP.NET machineKey: signs and encrypts ViewState and authentication tickets. */
  | 'machine-key';

/** Which deployment the file configures, from the framework's naming conventions. */
type Environment = 'production' | 'development' | 'test' | 'example' | 'unknown';

export interface FrameworkSecret {
  framework: Framework;
  setting: string;
  role: FrameworkSecretRole;
  environment: Environment;
  /** A default the framework generates for local use (`django-insecure-…`). */
  generatedDevelopmentKey: boolean;
  /** Used only when an environment variable is unset (`os.environ.get('X', 'literal')`). */
  fallback: boolean;
  start: number;
  end: number;
  value: string;
  /** Further places of the same setting group (WordPress keys and salts), reported as one. */
  related: { start: number; end: number; setting: string }[];
}

/** The framework secrets a document sets literally, in document order. */
export function frameworkSecrets(doc: Document): FrameworkSecret[] {
  const lower = '/' + doc.path.toLowerCase();
  const found: FrameworkSecret[] = [];
  for (const reader of READERS) if (reader.applies(lower, doc)) found.push(...reader.read(doc, lower));
  return found.sort((a, b) => a.start - b.start);
}

interface Reader {
  applies(lowerPath: string, doc: Document): boolean;
  read(doc: Document, lowerPath: string): FrameworkSecret[];
}

type Draft = Omit<FrameworkSecret, 'environment' | 'generatedDevelopmentKey' | 'fallback' | 'related'> &
  Partial<Pick<FrameworkSecret, 'environment' | 'generatedDevelopmentKey' | 'fallback' | 'related'>>;

function secret(draft: Draft, environment: Environment): FrameworkSecret {
  return { environment, generatedDevelopmentKey: false, fallback: false, related: [], ...draft };
}

/** A Python string literal (optionally r/b-prefixed), as one capture group. */
const PY_STRING = String.raw`[rbuRBU]{0,2}(?:"([^"\r\n]{1,512})"|'([^'\r\n]{1,512})')`;

const READERS: readonly Reader[] = [
  {
    // Django: SECRET_KEY in a settings module, literally or as the default of an env lookup.
    applies: (path, doc) => doc.kind === 'python' && /settings[^/]*\.py$|\/settings\/[^/]+\.py$/.test(path),
    read: (doc, path) =>
      pythonAssignments(doc, /^[ \t]*SECRET_KEY[ \t]*=[ \t]*/gm).map((m) =>
        secret(
          { framework: 'django', setting: 'SECRET_KEY', role: 'signing-key', ...m, generatedDevelopmentKey: m.value.startsWith('django-insecure-') },
          environmentOf(path),
        ),
      ),
  },
  {
    // Flask: app.secret_key, app.config['SECRET_KEY'], config.update(SECRET_KEY=…), and SECRET_KEY in a config module.
    applies: (path, doc) => doc.kind === 'python' && !/settings[^/]*\.py$|\/settings\/[^/]+\.py$/.test(path) && /secret_key/i.test(doc.text),
    read: (doc, path) => {
      const patterns = [
        /\.secret_key[ \t]*=[ \t]*/g,
        /\.config\[[ \t]*["']SECRET_KEY["'][ \t]*\][ \t]*=[ \t]*/g,
        /\bSECRET_KEY[ \t]*=[ \t]*(?=[rbuRBU]{0,2}["'])/g,
      ];
      const seen = new Set<number>();
      const found: FrameworkSecret[] = [];
      for (const pattern of patterns) {
        for (const m of pythonAssignments(doc, pattern)) {
          if (seen.has(m.start)) continue;
          seen.add(m.start);
          found.push(secret({ framework: 'flask', setting: 'SECRET_KEY', role: 'signing-key', ...m }, environmentOf(path)));
        }
      }
      // Only a Flask application's SECRET_KEY is the session key; elsewhere the name is generic.
      return /\bflask\b|\bFlask\(/i.test(doc.text) || /\bconfig\.py$/.test(path) ? found : [];
    },
  },
  {
    // Rails: config/master.key and config/credentials/<env>.key decrypt the credentials files.
    applies: (path) => /\/config\/master\.key$|\/config\/credentials\/[^/]+\.key$/.test(path),
    read: (doc, path) => {
      const m = /^\s*([0-9a-f]{32})\s*$/.exec(doc.text);
      if (!m) return [];
      const start = doc.text.indexOf(m[1]!);
      const env = path.match(/\/credentials\/([^/]+)\.key$/)?.[1];
      return [
        secret(
          {
            framework: 'rails',
            setting: env ? `config/credentials/${env}.key` : 'config/master.key',
            role: 'master-key',
            start,
            end: start + 32,
            value: m[1]!,
          },
          env ? environmentOfName(env) : 'production',
        ),
      ];
    },
  },
  {
    // Rails secret_key_base in config/secrets.yml (per environment) or an environment file.
    applies: (path) => /\/config\/secrets\.ya?ml$|\/config\/environments\/[^/]+\.rb$|\/config\/initializers\/[^/]+\.rb$/.test(path),
    read: (doc, path) => {
      const found: FrameworkSecret[] = [];
      if (/\.ya?ml$/.test(path)) {
        for (const root of dataDocuments(doc)) {
          walk(root, (node, keys) => {
            if (node.type !== 'scalar' || typeof node.value !== 'string' || keys[keys.length - 1] !== 'secret_key_base') return;
            if (!isLiteralSecret(node.value)) return;
            const env = typeof keys[0] === 'string' && keys.length > 1 ? environmentOfName(keys[0]) : 'unknown';
            found.push(secret({ framework: 'rails', setting: 'secret_key_base', role: 'signing-key', ...unquoted(doc, node.range), value: node.value }, env));
          });
        }
      } else {
        for (const m of doc.text.matchAll(/\bsecret_key_base[ \t]*=[ \t]*(?:"([^"\r\n]{1,512})"|'([^'\r\n]{1,512})')/dg)) {
          const group = m[1] !== undefined ? 1 : 2;
          if (!isLiteralSecret(m[group]!)) continue;
          const [start, end] = m.indices![group]!;
          found.push(secret({ framework: 'rails', setting: 'secret_key_base', role: 'signing-key', start, end, value: m[group]! }, environmentOf(path)));
        }
      }
      return found;
    },
  },
  {
    // Laravel APP_KEY and Symfony APP_SECRET in dotenv files.
    applies: (_path, doc) => doc.kind === 'dotenv',
    read: (doc, path) => {
      const found: FrameworkSecret[] = [];
      for (const m of doc.text.matchAll(/^[ \t]*(?:export[ \t]+)?(APP_KEY|APP_SECRET)[ \t]*=[ \t]*["']?([^\s"'#]{1,512})/dgm)) {
        const [setting, value] = [m[1]!, m[2]!];
        const [start, end] = m.indices![2]!;
        if (setting === 'APP_KEY' && /^base64:[A-Za-z0-9+/]{42,44}={0,2}$/.test(value)) {
          found.push(secret({ framework: 'laravel', setting, role: 'encryption-key', start, end, value }, environmentOf(path)));
        } else if (setting === 'APP_SECRET' && /^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(value)) {
          found.push(secret({ framework: 'symfony', setting, role: 'signing-key', start, end, value }, environmentOf(path)));
        }
      }
      return found;
    },
  },
  {
    // WordPress: DB_PASSWORD, and the eight authentication keys and salts, reported as one.
    applies: (path) => /\/wp-config(?:[-.][^/]*)?\.php$/.test(path) && !/sample/.test(path),
    read: (doc, path) => {
      const found: FrameworkSecret[] = [];
      const keys: { start: number; end: number; setting: string; value: string }[] = [];
      for (const m of doc.text.matchAll(/\bdefine\(\s*["']([A-Z_]{4,20})["']\s*,\s*(?:"([^"\r\n]{1,512})"|'([^'\r\n]{1,512})')\s*\)/dg)) {
        const setting = m[1]!;
        const group = m[2] !== undefined ? 2 : 3;
        const value = m[group]!;
        const [start, end] = m.indices![group]!;
        if (setting === 'DB_PASSWORD' && value.length >= 4 && !isPlaceholder(value) && !/^(?:root|password|wordpress)$/i.test(value)) {
          found.push(secret({ framework: 'wordpress', setting, role: 'service-password', start, end, value }, environmentOf(path)));
        } else if (
          /^(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)$/.test(setting) &&
          value.length >= 16 &&
          !/put your unique phrase here/i.test(value) &&
          !isPlaceholder(value)
        ) {
          keys.push({ start, end, setting, value });
        }
      }
      if (keys.length) {
        const [first, ...rest] = keys;
        found.push(
          secret(
            {
              framework: 'wordpress',
              setting: 'authentication keys and salts',
              role: 'signing-key',
              start: first!.start,
              end: first!.end,
              value: first!.value,
              related: rest.map(({ start, end, setting }) => ({ start, end, setting })),
            },
            environmentOf(path),
          ),
        );
      }
      return found;
    },
  },
  {
    // Spring Boot: passwords and client secrets under spring.* in application/bootstrap files;
    // jasypt `ENC(…)` and Spring Cloud Config `{cipher}…` values are encrypted.
    applies: (path) => /\/(?:application|bootstrap)(?:-[^/.]+)?\.(?:ya?ml|properties)$/.test(path),
    read: (doc, path) => {
      const found: FrameworkSecret[] = [];
      const add = (setting: string, start: number, end: number, value: string) => {
        if (isSpringSecretSetting(setting) && isLiteralSecret(value) && !/^ENC\(.*\)$|^\{cipher\}/.test(value)) {
          found.push(secret({ framework: 'spring', setting, role: 'service-password', start, end, value }, environmentOf(path)));
        }
      };
      if (path.endsWith('.properties')) {
        for (const m of doc.text.matchAll(/^[ \t]*(spring\.[\w.\-[\]]{1,200})[ \t]*[=:][ \t]*([^\r\n]{1,512}?)[ \t]*$/dgm)) {
          const [start, end] = m.indices![2]!;
          add(m[1]!, start, end, m[2]!);
        }
      } else {
        for (const root of dataDocuments(doc)) {
          walk(root, (node, keys) => {
            if (node.type !== 'scalar' || typeof node.value !== 'string') return;
            const setting = keys.join('.');
            if (!setting.startsWith('spring.')) return;
            const { start, end } = unquoted(doc, node.range);
            add(setting, start, end, node.value);
          });
        }
      }
      return found;
    },
  },
  {
    // ASP.NET: a fixed machineKey signs and encrypts ViewState and forms-authentication tickets.
    applies: (path) => /\/web(?:\.[^/]+)?\.config$/.test(path),
    read: (doc, path) => {
      const found: FrameworkSecret[] = [];
      for (const element of doc.text.matchAll(/<machineKey\b[^>]{0,2000}>/g)) {
        const keys = [...element[0].matchAll(/\b(validationKey|decryptionKey)\s*=\s*"([0-9A-Fa-f]{32,256})"/dg)].map((m) => ({
          setting: m[1]!,
          start: element.index + m.indices![2]![0],
          end: element.index + m.indices![2]![1],
          value: m[2]!,
        }));
        if (!keys.length) continue;
        const [first, ...rest] = keys;
        const { start, end, value } = first!;
        found.push(secret({ framework: 'aspnet', setting: 'machineKey keys', role: 'machine-key', start, end, value, related: rest }, environmentOf(path)));
      }
      return found;
    },
  },
  {
    // Phoenix: secret_key_base in config/*.exs; dev and test keys are generated for local use.
    applies: (path) => /\/config\/[^/]+\.exs$/.test(path),
    read: (doc, path) => {
      const found: FrameworkSecret[] = [];
      for (const m of doc.text.matchAll(/\bsecret_key_base:\s*"([^"\r\n]{32,512})"/dg)) {
        if (!isLiteralSecret(m[1]!)) continue;
        const [start, end] = m.indices![1]!;
        found.push(secret({ framework: 'phoenix', setting: 'secret_key_base', role: 'signing-key', start, end, value: m[1]! }, environmentOf(path)));
      }
      return found;
    },
  },
];

/** Spring settings whose value is a credential. */
function isSpringSecretSetting(setting: string): boolean {
  const key = setting.toLowerCase().replace(/-/g, '');
  return (
    /(?:^|\.)(?:password|clientsecret|secret|token|apikey|accesskey|secretkey)$/.test(key) &&
    !/(?:encoder|policy|header|parameter|length|expiration|expiry|name|url|uri|path|file)$/.test(key)
  );
}

/**
 * `NAME = 'literal'`, or the literal default of an environment lookup
 * (`os.environ.get('X', '…')`, `os.getenv('X', '…')`, `env('X', default='…')`).
 */
function pythonAssignments(doc: Document, prefix: RegExp): { start: number; end: number; value: string; fallback: boolean }[] {
  const out: { start: number; end: number; value: string; fallback: boolean }[] = [];
  const literal = new RegExp(`^${PY_STRING}`, 'd');
  const lookup = new RegExp(String.raw`^(?:os\.environ\.get|os\.getenv|env(?:\.str)?|config)\(\s*${PY_STRING}\s*,\s*(?:default\s*=\s*)?${PY_STRING}\s*\)`, 'd');
  for (const m of doc.text.matchAll(prefix)) {
    const from = m.index + m[0].length;
    const rest = doc.text.slice(from, from + 1200);
    const direct = literal.exec(rest);
    if (direct) {
      const group = direct[1] !== undefined ? 1 : 2;
      const value = direct[group]!;
      const [s, e] = direct.indices![group]!;
      if (isLiteralSecret(value)) out.push({ start: from + s, end: from + e, value, fallback: false });
      continue;
    }
    const env = lookup.exec(rest);
    if (env) {
      const group = env[3] !== undefined ? 3 : 4;
      const value = env[group]!;
      const [s, e] = env.indices![group]!;
      if (isLiteralSecret(value)) out.push({ start: from + s, end: from + e, value, fallback: true });
    }
  }
  return out;
}

/** A literal that is a secret rather than a reference, placeholder or word. */
function isLiteralSecret(value: string): boolean {
  if (value.length < 16 || isPlaceholder(value)) return false;
  if (/^django-insecure-/.test(value)) return true;
  return isCredentialValue(value) || (/[^A-Za-z0-9]/.test(value) && !/\s/.test(value) && !/^\$|\$\{|<%|\{\{/.test(value));
}

function unquoted(doc: Document, range: { start: number; end: number }): { start: number; end: number } {
  const { start, end } = range;
  const quote = doc.text[start];
  return (quote === '"' || quote === "'") && doc.text[end - 1] === quote && end - start >= 2 ? { start: start + 1, end: end - 1 } : { start, end };
}

/** The deployment a file configures, from the framework conventions in its name. */
function environmentOf(lowerPath: string): Environment {
  const name = lowerPath.slice(lowerPath.lastIndexOf('/') + 1);
  if (/(?:^|[._-])(?:example|sample|template|dist|defaults?)(?:[._-]|$)/.test(name)) return 'example';
  if (/(?:^|[._-])(?:test|tests|testing|ci|spec)(?:[._-]|$)/.test(name)) return 'test';
  if (/(?:^|[._-])(?:dev|develop|development|local)(?:[._-]|$)/.test(name)) return 'development';
  if (/(?:^|[._-])(?:prod|production|live|release|runtime)(?:[._-]|$)/.test(name)) return 'production';
  return 'unknown';
}

function environmentOfName(name: string): Environment {
  return environmentOf(`/${name.toLowerCase()}.x`);
}
