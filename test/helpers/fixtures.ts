import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../src/pipeline/discover.js';
import type { Severity } from '../../src/rule/types.js';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const FIXTURES = join(ROOT, 'fixtures');

/**
 * Joins a secret that code hosts' push protection would block: fixtures write such tokens in two
 * parts around this marker, and the harness removes it before scanning.
 */
export const JOIN_MARKER = '«»';

/**
 * An expectation written in a fixture: `expect: <rule>` on the line above the finding, optionally
 * pinning its severity and column: `expect: deploy/unapproved-deploy high`,
 * `expect: secret/github-token critical column 9`. Each annotation is one finding.
 */
export interface Expectation {
  path: string;
  line: number;
  ruleId: string;
  severity?: Severity;
  /** 1-based column the finding starts at. */
  column?: number;
  /**
   * `known-miss` records an accepted false negative; `known-noise` an accepted false positive;
   * `related` a line that must be one of the rule's findings' related locations (a case with any
   * `related:` annotation for a rule must list every related location of that rule's findings).
   */
  kind: 'expect' | 'known-miss' | 'known-noise' | 'related';
}

export interface FixtureCase {
  /** e.g. `secret/github-token/positive/classic-token.py` */
  name: string;
  ruleId: string;
  polarity: 'positive' | 'negative';
  files: SourceFile[];
  /** The prepared texts by path (annotations blanked, join markers removed). */
  texts: Map<string, string>;
  expectations: Expectation[];
  /** Per-case rule options from `<case>.options.json`. */
  options?: Record<string, unknown>;
  /** Per-case configuration overrides from `<case>.config.json`. */
  config?: Record<string, unknown>;
}

/** The suffix of a binary file's annotation sidecar. */
const BINARY_ANNOTATIONS = '.expect';

const ANNOTATION = /\b(expect|known-miss|known-noise|related):\s*([a-z]+\/[a-z0-9-]+)(?:[ \t]+(critical|high|medium|low|info)\b)?(?:[ \t]+column[ \t]+(\d+))?/g;

/** Every fixture case under fixtures/<family>/<id>/{positive,negative}/. */
export function loadFixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const family of subdirs(FIXTURES)) {
    // `demo` is a sample repository and `corpus` real-world test data, not rule fixtures.
    if (family === 'demo' || family === 'corpus') continue;
    for (const id of subdirs(join(FIXTURES, family))) {
      for (const polarity of ['positive', 'negative'] as const) {
        const dir = join(FIXTURES, family, id, polarity);
        if (!existsSync(dir)) continue;
        for (const entry of readdirSync(dir).sort()) {
          if (entry.endsWith('.options.json') || entry.endsWith('.config.json')) continue;
          cases.push(loadCase(`${family}/${id}`, polarity, join(dir, entry)));
        }
      }
    }
  }
  return cases;
}

function loadCase(ruleId: string, polarity: 'positive' | 'negative', path: string): FixtureCase {
  const isDir = statSync(path).isDirectory();
  const base = isDir ? path : join(path, '..');
  const paths = isDir ? listFiles(path) : [path];
  const files: SourceFile[] = [];
  const texts = new Map<string, string>();
  const expectations: Expectation[] = [];
  for (const file of paths) {
    const rel = relative(base, file).split(sep).join('/');
    // `X.expect` holds the annotations of a binary file X (which has no lines to annotate): each
    // applies to X's first line.
    if (file.endsWith(BINARY_ANNOTATIONS)) {
      const target = rel.slice(0, -BINARY_ANNOTATIONS.length);
      expectations.push(...prepare(readFileSync(file, 'utf8') + '\n', target).found.map((e) => ({ ...e, line: 1 })));
      continue;
    }
    const raw = readFileSync(file);
    if (raw.subarray(0, 8192).includes(0)) {
      files.push({ path: rel, size: raw.length, read: async () => raw });
      continue;
    }
    const { text, found } = prepare(raw.toString('utf8'), rel);
    expectations.push(...found);
    texts.set(rel, text);
    const bytes = Buffer.from(text, 'utf8');
    files.push({ path: rel, size: bytes.length, read: async () => bytes, readSync: () => bytes });
  }
  const sidecar = (suffix: string) => {
    const file = path.replace(/(\.[^./]+)?$/, '') + suffix;
    const alt = path + suffix;
    const found = [alt, file].find((f) => existsSync(f));
    return found ? (JSON.parse(readFileSync(found, 'utf8')) as Record<string, unknown>) : undefined;
  };
  return {
    name: `${ruleId}/${polarity}/${relative(join(base, isDir ? '..' : '.'), path)
      .split(sep)
      .join('/')}`,
    ruleId,
    polarity,
    files,
    texts,
    expectations,
    options: sidecar('.options.json'),
    config: sidecar('.config.json'),
  };
}

/**
 * Blanks annotation lines (keeping line numbers) and removes join markers. An annotation applies
 * to the next line that is not itself an annotation.
 */
function prepare(raw: string, path: string): { text: string; found: Expectation[] } {
  const lines = raw.split('\n');
  const found: Expectation[] = [];
  const pending: Omit<Expectation, 'line'>[] = [];
  lines.forEach((line, index) => {
    const matches = [...line.matchAll(ANNOTATION)];
    if (matches.length && isAnnotationLine(line)) {
      for (const m of matches) {
        pending.push({
          path,
          ruleId: m[2]!,
          kind: m[1] as Expectation['kind'],
          ...(m[3] ? { severity: m[3] as Severity } : {}),
          ...(m[4] ? { column: Number(m[4]) } : {}),
        });
      }
      lines[index] = line.endsWith('\r') ? '\r' : '';
      return;
    }
    for (const p of pending.splice(0)) found.push({ ...p, line: index + 1 });
  });
  return { text: lines.join('\n').split(JOIN_MARKER).join(''), found };
}

/** A line that holds only a comment with annotations (so code lines mentioning them are kept). */
function isAnnotationLine(line: string): boolean {
  return /^\s*(?:\/\/|#|--|;|\/\*|<!--|%|REM\b|')\s*(?:(?:expect|known-miss|known-noise|related):\s*[a-z]+\/[a-z0-9-]+(?:[ \t]+(?:critical|high|medium|low|info)\b)?(?:[ \t]+column[ \t]+\d+)?[\s,]*)+(?:--.*)?(?:\*\/|-->)?\s*$/.test(
    line,
  );
}

function subdirs(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => statSync(join(dir, name)).isDirectory())
        .sort()
    : [];
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}
