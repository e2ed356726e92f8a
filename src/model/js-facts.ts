import { isDeclarationFile, literalContentRange, span } from '../ast/js.js';
import { credentialName, isTestPath, judgeCredentialValue } from '../detect/credential.js';
import type { FactExtractor } from '../rule/types.js';
import { cloudIam } from './cloud-iam.js';
import { judgeSource, mayHoldCredential, moduleCredentials } from './js-credentials.js';
import { moduleExports, moduleKeyOf } from './js-modules.js';
import { matchesAt } from '../detect/keywords.js';

/**
 * Fact kinds that let a repository rule follow a string constant across modules:
 * `js-string-export` (this module exports a credential-shaped string under a path),
 * `js-reexport` (this module re-exports another module's binding) and `js-credential-import`
 * (this module passes an imported binding where a credential goes).
 */
export const JS_STRING_EXPORT = 'js-string-export';
export const JS_REEXPORT = 'js-reexport';
export const JS_CREDENTIAL_IMPORT = 'js-credential-import';

const EXPORTS = /\bexports?\b/;
/** A quoted run of non-space characters. */
const QUOTED = /(['"`])([^'"`\s\\]{6,256})\1/g;
/** `export * from './m'`, `export * as ns from './m'`, `export { a, b as c } from './m'`: read without parsing. */
const REEXPORT = /\bexport\s{1,8}(?!type\b)(\*(?:\s{1,8}as\s{1,8}[\w$]{1,64})?|\{[^}]{0,4000}\})\s{0,8}from\s{0,8}(['"])([^'"\n]{1,300})\2/g;
const REEXPORT_AT = new RegExp(REEXPORT.source, 'gy');
/** A line that exports by itself: `export const …`, `exports.X = …`, `module.exports…`. */
const EXPORT_LINE = /^\s{0,64}(?:export\s|exports\.|module\.exports)/;
/** A module that exports declarations by structure: an exported object, a list, a default binding. */
const EXPORT_STRUCTURE =
  /\bexport\s{1,8}default\s{1,8}(?:\{|Object\.freeze)|\bmodule\.exports\s{0,8}=\s{0,8}\{|\bexport\s{1,8}(?:const|let|var)\s{1,8}[\w$]{1,64}\s{0,8}(?::[^=\n]{1,80})?=\s{0,8}(?:Object\.freeze\(\s{0,8})?\{|\bexport\s{0,8}\{|\bexport\s{1,8}default\s{1,8}[\w$]{1,64}\s{0,8};?\s{0,8}$/m;
/** How a line holding an exported constant starts: an export, a declaration, a property, a CommonJS export. */
const DECLARATION_LINE =
  /^\s{0,64}(?:export\b|exports\.|module\.exports|(?:const|let|var|static|readonly)\s|[\w$]{1,64}\s{0,4}[:=]|['"][\w$.-]{1,64}['"]\s{0,4}:)/;

/**
 * Records the generated-looking strings a module exports, and its re-exports. Re-exports are read
 * from the text; a module is parsed only when a generated-looking string sits on a line that
 * declares an exported constant.
 */
export const jsStringExports: FactExtractor = {
  name: 'js-string-exports',
  kinds: ['javascript', 'typescript'],
  extract(doc, emit) {
    if (isDeclarationFile(doc.path) || !EXPORTS.test(doc.text)) return;
    for (const reexport of reexportsOf(doc.text)) {
      const from = moduleKeyOf(doc.path, reexport.specifier);
      if (from === undefined) continue;
      emit({
        kind: JS_REEXPORT,
        identity: { type: 'js-export', name: `${doc.path}#${reexport.name}` },
        target: reexport.range,
        attributes: { name: reexport.name, imported: reexport.imported, from },
      });
    }
    if (doc.textOnly || !mayExportCredential(doc.text)) return;
    const program = doc.js()?.program;
    if (!program) return;
    for (const exported of moduleExports(program).strings) {
      // Only generated-looking strings: the constant's name does not say it is a credential.
      const verdict = judgeCredentialValue(exported.value);
      if (!verdict.secret || !verdict.randomLooking) continue;
      // A credential-named export is reported where it is defined, by secret/code-credential.
      const last = exported.path.slice(exported.path.lastIndexOf('.') + 1);
      const name = credentialName(last);
      if (name && judgeCredentialValue(exported.value, name, last).secret) continue;
      const start = literalContentRange(exported.literal).start + verdict.offset;
      emit({
        kind: JS_STRING_EXPORT,
        identity: { type: 'js-export', name: `${doc.path}#${exported.path}` },
        target: { start, end: start + verdict.value.length },
        secret: verdict.value,
        attributes: { exportPath: exported.path, randomLooking: verdict.randomLooking },
      });
    }
  },
};

interface TextReexport {
  name: string;
  imported: string;
  specifier: string;
  range: { start: number; end: number };
}

/** The re-exports of a module, from its text (`export type …` excluded). */
function reexportsOf(text: string): TextReexport[] {
  const out: TextReexport[] = [];
  // A re-export starts at an `export`: the regex is tried there only, not at every word.
  const starts: number[] = [];
  for (let at = text.indexOf('export'); at !== -1; at = text.indexOf('export', at + 6)) starts.push(at);
  for (const match of matchesAt(text, REEXPORT_AT, starts)) {
    const clause = match[1]!;
    const specifier = match[3]!;
    const range = { start: match.index ?? 0, end: (match.index ?? 0) + match[0].length };
    if (clause.startsWith('*')) {
      out.push({ name: /as\s+([\w$]+)/.exec(clause)?.[1] ?? '*', imported: '*', specifier, range });
      continue;
    }
    for (const part of clause.slice(1, -1).split(',')) {
      const entry = part.trim();
      if (!entry || entry.startsWith('type ')) continue;
      const [imported, name] = entry.split(/\s+as\s+/);
      if (imported && /^[\w$]+$/.test(imported)) out.push({ name: name?.trim() || imported, imported, specifier, range });
    }
  }
  return out;
}

/**
 * Whether a module may export a generated-looking string: one sits on a declaration line (not in a
 * call, an array or JSX) that exports it, or in a module that exports by structure.
 */
function mayExportCredential(text: string): boolean {
  let structure: boolean | undefined;
  // Strings come in text order, so the line start moves forward only: one pass over the line
  // breaks in all (a look back per string was quadratic on megabyte-long minified lines).
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  for (const match of text.matchAll(QUOTED)) {
    const index = match.index ?? 0;
    while (nextBreak !== -1 && nextBreak < index) {
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', lineStart);
    }
    // A string that far into its line (minified code) is not on a declaration line.
    if (index - lineStart > 4096) continue;
    const line = text.slice(lineStart, Math.min(index, lineStart + 200));
    if (!DECLARATION_LINE.test(line)) continue;
    const verdict = judgeCredentialValue(match[2]!);
    if (!verdict.secret || !verdict.randomLooking) continue;
    if (EXPORT_LINE.test(line) || (structure ??= EXPORT_STRUCTURE.test(text))) return true;
  }
  return false;
}

/**
 * Records the credential positions of a module: a literal credential (`credential-definition`,
 * identified by the keyed hash of its value, so the same password in several services
 * correlates) and an imported binding passed as a credential (`js-credential-import`). Shares
 * the gate and the analysis with `secret/code-credential`, so a module is parsed and analysed once.
 */
export const jsCredentialUses: FactExtractor = {
  name: 'js-credential-uses',
  kinds: ['javascript', 'typescript'],
  extract(doc, emit) {
    if (!mayHoldCredential(doc)) return;
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
        identity: { type: 'js-export', name: `${source.module}#${source.exportPath}` },
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
    if (isDeclarationFile(doc.path) || !doc.text.includes('AccessKey')) return;
    const program = doc.js()?.program;
    if (!program) return;
    for (const key of cloudIam(program).keys) {
      emit({
        kind: 'credential-definition',
        identity: { type: 'cloud-user', name: key.userLabel },
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
