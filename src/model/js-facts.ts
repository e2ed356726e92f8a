import { literalContentRange, span } from '../ast/js.js';
import { credentialName, isTestPath, judgeCredentialValue } from '../detect/credential.js';
import { KeywordMatcher } from '../detect/keywords.js';
import type { FactExtractor } from '../rule/types.js';
import { cloudIam } from './cloud-iam.js';
import { CREDENTIAL_KEYWORDS, judgeSource, moduleCredentials } from './js-credentials.js';
import { moduleExports, moduleKeyOf } from './js-modules.js';

/**
 * Fact kinds that let a repository rule follow a string constant across modules:
 * `js-string-export` (this module exports a credential-shaped string under a path),
 * `js-reexport` (this module re-exports another module's binding) and `js-credential-import`
 * (this module passes an imported binding where a credential goes).
 */
export const JS_STRING_EXPORT = 'js-string-export';
export const JS_REEXPORT = 'js-reexport';
export const JS_CREDENTIAL_IMPORT = 'js-credential-import';

/** A quoted run of non-space characters: the only strings worth parsing a module for. */
const QUOTED = /(['"`])([^'"`\s\\]{6,256})\1/g;
/** `export * from`, `export { a } from`: a barrel module that forwards bindings. */
const REEXPORT = /\bexport\s{0,8}(?:\*|\{[^}]{0,4000}\}\s{0,8}from\b)/;
const EXPORTS = /\bexports?\b/;

/**
 * Records the credential-shaped strings a module exports, and its re-exports. Modules without an
 * export, or whose quoted strings are all labels, paths or placeholders, are not parsed.
 */
export const jsStringExports: FactExtractor = {
  name: 'js-string-exports',
  kinds: ['javascript', 'typescript'],
  extract(doc, emit) {
    if (!EXPORTS.test(doc.text)) return;
    if (!REEXPORT.test(doc.text) && !hasCandidateString(doc.text)) return;
    const program = doc.js()?.program;
    if (!program) return;
    const { strings, reexports } = moduleExports(program);
    for (const exported of strings) {
      const verdict = judgeCredentialValue(exported.value);
      if (!verdict.secret || (!verdict.randomLooking && isTestPath(doc.path))) continue;
      // A credential-named export is reported where it is defined, by secret/code-credential.
      const last = exported.path.slice(exported.path.lastIndexOf('.') + 1);
      const name = credentialName(last);
      if (name && judgeCredentialValue(exported.value, name, last).secret) continue;
      const content = literalContentRange(exported.literal);
      emit({
        kind: JS_STRING_EXPORT,
        identity: `js-export:${doc.path}#${exported.path}`,
        target: { start: content.start + verdict.offset, end: content.start + verdict.offset + verdict.value.length },
        secret: verdict.value,
        attributes: { exportPath: exported.path, randomLooking: verdict.randomLooking },
      });
    }
    for (const reexport of reexports) {
      const from = moduleKeyOf(doc.path, reexport.specifier);
      if (from === undefined) continue;
      emit({
        kind: JS_REEXPORT,
        identity: `js-export:${doc.path}#${reexport.name}`,
        target: span(reexport.node),
        attributes: { name: reexport.name, imported: reexport.imported, from },
      });
    }
  },
};

function hasCandidateString(text: string): boolean {
  for (const match of text.matchAll(QUOTED)) if (judgeCredentialValue(match[2]!).secret) return true;
  return false;
}

const credentialWords = new KeywordMatcher(CREDENTIAL_KEYWORDS);

/**
 * Records the credential positions of a module: a literal credential (`credential-definition`,
 * identified by the keyed hash of its value, so the same password in several services
 * correlates) and an imported binding passed as a credential (`js-credential-import`). Shares
 * the analysis with `secret/code-credential`, so a module is parsed and analysed once.
 */
export const jsCredentialUses: FactExtractor = {
  name: 'js-credential-uses',
  kinds: ['javascript', 'typescript'],
  extract(doc, emit) {
    if (credentialWords.match(doc.text).size === 0) return;
    const program = doc.js()?.program;
    if (!program) return;
    const found = moduleCredentials(program, doc.path);
    const seen = new Set<number>();
    for (const source of found.literals) {
      const start = source.literal.start ?? 0;
      const judged = seen.has(start) ? undefined : judgeSource(source);
      if (!judged || (!judged.randomLooking && isTestPath(doc.path))) continue;
      seen.add(start);
      const content = literalContentRange(source.literal).start + judged.offset;
      emit({
        kind: 'credential-definition',
        target: { start: content, end: content + judged.value.length },
        secret: judged.value,
        attributes: { source: 'code', credential: source.position.what, name: source.position.label, lifetime: 'long-lived' },
      });
    }
    for (const source of found.imported) {
      emit({
        kind: JS_CREDENTIAL_IMPORT,
        identity: `js-export:${source.module}#${source.exportPath}`,
        target: span(source.use),
        attributes: {
          module: source.module,
          exportPath: source.exportPath,
          viaRequire: source.binding.viaRequire,
          credential: source.position.what,
          where: source.position.where,
          strength: source.position.name?.strength ?? 'strong',
        },
      });
    }
  },
};

/**
 * Records the IAM users infrastructure code gives access keys (`credential-definition`,
 * identity `cloud-user:<name>`): machine identities with a long-lived credential.
 */
export const cloudIamUsers: FactExtractor = {
  name: 'cloud-iam-users',
  kinds: ['javascript', 'typescript'],
  extract(doc, emit) {
    if (!/accesskey|access_key/.test(doc.lowerText)) return;
    const program = doc.js()?.program;
    if (!program) return;
    for (const key of cloudIam(program).keys) {
      emit({
        kind: 'credential-definition',
        identity: `cloud-user:${key.userLabel}`,
        target: span(key.node),
        attributes: {
          provider: 'aws',
          tool: key.tool,
          credential: 'access-key',
          lifetime: 'long-lived',
          admin: (key.user?.admin.length ?? 0) > 0,
          exposed: key.exposed.length > 0,
        },
      });
    }
  },
};
