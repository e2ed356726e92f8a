import { defineRule, identityKey, type Fact, type FactOfKind, type RelatedLocation, type RepositoryContext } from '../../src/rule/index.js';
import { JS_CREDENTIAL_IMPORT, JS_REEXPORT, JS_STRING_EXPORT } from '../../src/model/js-facts.js';
import { moduleKeysOfFile } from '../../src/model/js-modules.js';

type StringExport = FactOfKind<typeof JS_STRING_EXPORT>;
type Reexport = FactOfKind<typeof JS_REEXPORT>;
type CredentialImport = FactOfKind<typeof JS_CREDENTIAL_IMPORT>;

/** How many re-export hops are followed (barrels of barrels). */
const MAX_HOPS = 6;

export default defineRule({
  id: 'cross-module-credential',
  family: 'secret',
  title: 'Credential exported by one module and used by another',
  description:
    'A string constant exported from one JavaScript/TypeScript module is passed as a credential (an SDK key, a password or token option) in another module.',
  severity: 'high',
  confidence: 'high',
  tags: ['CWE-798', 'NHI2', 'CICD-SEC-6'],
  help: `**Why.** A module of constants (\`constants.ts\`, \`keys.js\`) often hides a credential under a name that does not say so: \`export const STRIPE = '…'\` is only a secret because \`payments.ts\` passes it to \`new Stripe(…)\`. Once committed, anyone who can read the repository can use it.

**Fix.** Rotate the credential, delete the constant, and read the value where it is used from the environment or a secret manager.

\`\`\`ts
// payments.ts
export const stripe = new Stripe(requireEnv('STRIPE_SECRET_KEY'));
\`\`\`

Imports are followed through relative paths (with or without extensions, \`index\` files), path aliases such as \`@/\` and \`~/\` when one module matches, re-exports and \`export *\` barrels, default exports, CommonJS \`module.exports\` and \`require\`. Credential positions are the ones \`secret/code-credential\` knows.`,
  correlate(facts, ctx) {
    const index = indexExports(facts);
    const findings = new Map<StringExport, { uses: CredentialImport[] }>();
    for (const use of facts) {
      if (use.kind !== JS_CREDENTIAL_IMPORT) continue;
      const target = resolveUse(use, index);
      if (!target) continue;
      if (use.attributes.strength === 'weak' && !target.attributes.randomLooking) continue;
      const entry = findings.get(target) ?? { uses: [] };
      entry.uses.push(use);
      findings.set(target, entry);
    }
    for (const [exported, { uses }] of findings) report(exported, uses, ctx);
  },
});

interface ExportIndex {
  /** `moduleKey#exportPath` → the export fact. */
  strings: Map<string, StringExport>;
  /** moduleKey → its re-export facts. */
  reexports: Map<string, Reexport[]>;
  /** Every module key, for alias (suffix) matching. */
  modules: Set<string>;
}

function indexExports(facts: readonly Fact[]): ExportIndex {
  const index: ExportIndex = { strings: new Map(), reexports: new Map(), modules: new Set() };
  for (const fact of facts) {
    if (fact.kind !== JS_STRING_EXPORT && fact.kind !== JS_REEXPORT) continue;
    for (const key of moduleKeysOfFile(fact.location.path)) {
      index.modules.add(key);
      if (fact.kind === JS_STRING_EXPORT) index.strings.set(`${key}#${fact.attributes.exportPath}`, fact);
      else index.reexports.set(key, [...(index.reexports.get(key) ?? []), fact]);
    }
  }
  return index;
}

/** The export fact a credential-position import resolves to, following aliases and re-exports. */
function resolveUse(use: CredentialImport, index: ExportIndex): StringExport | undefined {
  const module = resolveModule(use.attributes.module, index);
  if (module === undefined) return undefined;
  const path = use.attributes.exportPath;
  const paths = use.attributes.viaRequire && !path.startsWith('default') ? [path, `default.${path}`] : [path];
  for (const candidate of paths) {
    const found = lookup(module, candidate, index, 0);
    if (found) return found;
  }
  return undefined;
}

/** A module key, or for an alias (`*` + `/x`) the one module whose key ends in `/x`. */
function resolveModule(key: string, index: ExportIndex): string | undefined {
  if (!key.startsWith('*/')) return key;
  const suffix = key.slice(1);
  const matches = [...index.modules].filter((m) => m.endsWith(suffix) || m === suffix.slice(1));
  return matches.length === 1 ? matches[0] : undefined;
}

function lookup(module: string, path: string, index: ExportIndex, hops: number): StringExport | undefined {
  const direct = index.strings.get(`${module}#${path}`);
  if (direct || hops >= MAX_HOPS) return direct;
  const [head, ...rest] = path.split('.');
  for (const reexport of index.reexports.get(module) ?? []) {
    const name = reexport.attributes.name;
    const from = resolveModule(reexport.attributes.from, index);
    if (from === undefined || from === module) continue;
    if (name === '*') {
      const found = lookup(from, path, index, hops + 1);
      if (found) return found;
    } else if (name === head) {
      const imported = reexport.attributes.imported;
      const next = imported === '*' ? rest.join('.') : [imported, ...rest].join('.');
      const found = next ? lookup(from, next, index, hops + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function report(exported: StringExport, uses: CredentialImport[], ctx: RepositoryContext): void {
  const first = uses[0]!;
  const credential = first.attributes.credential;
  const where = first.attributes.where;
  const path = exported.attributes.exportPath;
  const name = path === 'default' ? 'The default export' : `\`${path.replace(/^default\./, '')}\``;
  const others = uses.length > 1 ? ` (and ${uses.length - 1} more use${uses.length > 2 ? 's' : ''})` : '';
  const related: RelatedLocation[] = uses.map((use) => ({ location: use.location, message: `used as the ${use.attributes.credential} here` }));
  ctx.report(
    exported.location,
    `${name} is a hard-coded ${credential}: ${first.location.path} passes it as ${where}${others}; anyone who can read the repository can use it, so rotate it and load it from the environment or a secret manager.`,
    {
      secretPreview: exported.secret,
      fingerprintKey: identityKey(exported.identity),
      confidence: exported.attributes.randomLooking ? 'high' : 'medium',
      related,
      properties: { lifetime: 'long-lived', credential, exportPath: path },
    },
  );
}
