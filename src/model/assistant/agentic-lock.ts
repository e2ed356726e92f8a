import { crypto } from '../../crypto.js';
import { posix } from 'node:path';
import type { Range } from '../../rule/types.js';

/**
 * Whether a GitHub Agentic Workflow's compiled `<name>.lock.yml` still matches its `<name>.md`.
 *
 * `gh aw compile` records a hash of the source's frontmatter in the lock file's first comment
 * lines (`# gh-aw-metadata: {"frontmatter_hash": …}`, older compilers `# frontmatter-hash: …`),
 * and gh-aw's own activation step recomputes it to refuse a stale lock. The hash follows gh-aw's
 * "Frontmatter Hash Specification" (github.github.io/gh-aw/reference/frontmatter-hash-specification):
 * SHA-256, lower-case hex, of a canonical JSON object (keys sorted, no whitespace) holding the
 * frontmatter as text, the workflow's local imports and their frontmatter, and the `${{ env.* }}` /
 * `${{ vars.* }}` expressions of the markdown body. The body itself is read at run time and is
 * not part of the hash (editing only the instructions needs no recompile). Reproduces 47 of 48
 * lock files of nine public repositories (compilers v0.51 to v0.86) and gh-aw's own test vector.
 */

/** What a compiled lock file records about the source it was compiled from. */
export interface LockHeader {
  /** The frontmatter hash the compiler wrote (64 lower-case hex digits). */
  hash: string;
  /** `v0.79.8`, when recorded. */
  compiler?: string;
  /** The header line. */
  range: Range;
}

/** The parts of a workflow source (or of a file it imports) the frontmatter hash covers. */
export interface HashInput {
  /** The frontmatter between the `---` fences, trimmed, with CRLF line ends made LF. */
  frontmatter: string;
  /** Import specifications as written under `imports:` (read line by line, as gh-aw does). */
  imports: string[];
  /** Distinct `${{ … }}` expressions of the body that read `env.` or `vars.`, sorted. */
  expressions: string[];
  /** From the first non-blank frontmatter line to the end of the frontmatter. */
  range: Range;
}

/** Where an import specification leads, as the caller's file index answers it. */
export type ImportTarget =
  /** A file the scan read: its frontmatter and its directory (for its own imports). */
  | { kind: 'file'; path: string; input: HashInput | undefined }
  /** Not a file in the repository (a `owner/repo/path@ref` import): gh-aw's hash leaves it out too. */
  | { kind: 'absent' }
  /** A repository file the scan did not read (excluded, or outside the staged files). */
  | { kind: 'unknown'; path: string };

/** Only the head of a lock file is searched: the header sits in its leading comment block. */
const HEADER_WINDOW = 16_000;
const METADATA = /^#[ \t]*gh-aw-metadata:[ \t]*(\{[^\n]{0,4000}\})[ \t]*\r?$/m;
const LEGACY = /^#[ \t]*frontmatter-hash:[ \t]*([0-9a-f]{64})[ \t]*\r?$/m;

/** The recorded frontmatter hash of a compiled lock file, if its header has one. */
export function readLockHeader(text: string): LockHeader | undefined {
  const head = text.slice(0, HEADER_WINDOW);
  const metadata = METADATA.exec(head);
  if (metadata) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(metadata[1]!);
    } catch {
      return undefined;
    }
    const fields = parsed as { frontmatter_hash?: unknown; compiler_version?: unknown };
    if (typeof fields.frontmatter_hash !== 'string' || !/^[0-9a-f]{64}$/.test(fields.frontmatter_hash)) return undefined;
    const range = { start: metadata.index, end: metadata.index + metadata[0].replace(/\r$/, '').length };
    return { hash: fields.frontmatter_hash, ...(typeof fields.compiler_version === 'string' ? { compiler: fields.compiler_version.slice(0, 40) } : {}), range };
  }
  const legacy = LEGACY.exec(head);
  if (legacy) return { hash: legacy[1]!, range: { start: legacy.index, end: legacy.index + legacy[0].replace(/\r$/, '').length } };
  return undefined;
}

/**
 * The hashed parts of a markdown file. gh-aw's fences are lines that trim to `---`, the first
 * line opening and the next such line closing; a file without them has empty frontmatter, and
 * one whose frontmatter never closes is left out of an importer's hash (`undefined`).
 */
export function readHashInput(text: string): HashInput | undefined {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return { frontmatter: '', imports: [], expressions: bodyExpressions(text), range: { start: 0, end: 0 } };
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (close < 0) return undefined;
  const frontmatter = lines.slice(1, close).join('\n');
  const body = lines.slice(close + 1).join('\n');
  const start = lines[0]!.length + 1;
  const end = start + frontmatter.length;
  const firstContent = /\S/.exec(frontmatter);
  return {
    frontmatter: normalize(frontmatter),
    imports: importLines(frontmatter),
    expressions: bodyExpressions(body),
    range: { start: firstContent ? start + firstContent.index : start, end },
  };
}

/**
 * The hash gh-aw records for a workflow, given a way to find its imports. Undefined when an
 * import is a repository file the scan did not read (the answer would be a guess).
 */
export function frontmatterHash(
  root: { path: string; input: HashInput },
  resolve: (fromPath: string, spec: string) => ImportTarget,
): { hash: string; importPaths: string[] } | { unknownImport: string } {
  const imports: string[] = [];
  const importPaths: string[] = [];
  const importedTexts: string[] = [];
  const visited = new Set<string>();
  const walk = (path: string, input: HashInput): string | undefined => {
    for (const spec of [...input.imports].sort(compareCodeUnits)) {
      const target = resolve(path, spec);
      if (target.kind === 'unknown') return target.path;
      if (target.kind === 'absent' || visited.has(target.path)) continue;
      visited.add(target.path);
      // A file whose frontmatter is not closed is left out, as gh-aw does.
      if (!target.input) continue;
      imports.push(spec);
      importPaths.push(target.path);
      importedTexts.push(target.input.frontmatter);
      const unknown = walk(target.path, target.input);
      if (unknown) return unknown;
    }
    return undefined;
  };
  const unknown = walk(root.path, root.input);
  if (unknown) return { unknownImport: unknown };

  const canonical: Record<string, string | string[]> = { 'frontmatter-text': root.input.frontmatter };
  if (imports.length) {
    canonical.imports = [...imports].sort(compareCodeUnits);
    canonical['imported-frontmatters'] = [...importedTexts].sort(compareCodeUnits).join('\n---\n');
  }
  if (root.input.expressions.length) canonical['template-expressions'] = root.input.expressions;
  return { hash: crypto().createHash('sha256').update(canonicalJson(canonical), 'utf8').digest('hex'), importPaths };
}

/** JSON with keys sorted at every level and no whitespace (the specification's canonical form). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareCodeUnits(a, b));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalize(text: string): string {
  return text.trim().replace(/\r\n/g, '\n');
}

/**
 * Import specifications read the way gh-aw's hash reads them: the `- item` lines indented below
 * the first `imports:` line, quotes trimmed, until a line at or left of its indentation.
 */
function importLines(frontmatter: string): string[] {
  const specs: string[] = [];
  let indent: number | undefined;
  for (const line of frontmatter.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const lineIndent = line.search(/\S/);
    if (indent === undefined) {
      if (trimmed.startsWith('imports:')) indent = lineIndent;
      continue;
    }
    if (lineIndent <= indent) break;
    if (!trimmed.startsWith('-')) continue;
    const spec = trimmed.slice(1).trim().replace(/^["']/, '').replace(/["']$/, '');
    if (spec) specs.push(spec);
  }
  return specs;
}

/** `${{ … }}` expressions of the body that read `env.` or `vars.`: they are compiled into the lock. */
function bodyExpressions(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(/\$\{\{([^}]{1,2000})\}\}/g)) {
    const inner = match[1]!.trim();
    if (inner.includes('env.') || inner.includes('vars.')) found.add(match[0]);
  }
  return [...found].sort(compareCodeUnits);
}

/** A lock file's verdict against its source. */
export type LockFreshness =
  | { kind: 'current' }
  /** The source's frontmatter (or an import's) changed since the lock was compiled; `imports` are the local files hashed in. */
  | { kind: 'stale'; imports: string[] }
  /** The source imports a repository file the scan did not read: no verdict. */
  | { kind: 'unchecked'; importPath: string };

/**
 * Compares a lock file's recorded hash with the hash of its source as the scan read it.
 * `sources` holds the hashed parts of every markdown file read under `.github/`, by path
 * (`null`: a file whose frontmatter never closes).
 */
export function lockFreshness(recordedHash: string, source: { path: string; input: HashInput }, sources: ReadonlyMap<string, HashInput | null>): LockFreshness {
  const result = frontmatterHash(source, (fromPath, spec) => {
    // `owner/repo/path@ref` names another repository: no such file here, and gh-aw's hash skips it.
    if (spec.includes('@')) return { kind: 'absent' };
    const path = posix.normalize(posix.join(posix.dirname(fromPath), spec));
    if (path.startsWith('../') || posix.isAbsolute(path)) return { kind: 'unknown', path: spec };
    const input = sources.get(path);
    return input === undefined ? { kind: 'unknown', path } : { kind: 'file', path, input: input ?? undefined };
  });
  if ('unknownImport' in result) return { kind: 'unchecked', importPath: result.unknownImport };
  return result.hash === recordedHash ? { kind: 'current' } : { kind: 'stale', imports: result.importPaths };
}
