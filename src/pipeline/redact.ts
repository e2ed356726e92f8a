import type { Finding } from '../rule/types.js';

/** Detected values shorter than this are not looked for elsewhere: they would mask ordinary words. */
const MIN_REDACTED_LENGTH = 6;
const KEY_LENGTH = 4;

/** Fields that hold nhiscan's own hex digests, never scanned text. */
const DIGEST_FIELDS = new Set(['fingerprint', 'lineHash']);

/**
 * The one redaction every output goes through. A rule masks the secret it reports in its own
 * finding; the same value can also sit in fields nobody thought of as secret — a `.netrc` login,
 * a Jenkins `credentialsId`, a Kubernetes Secret's name, a suppression comment, a file name. The
 * scan collects every value it detected and replaces each occurrence, in every string of every
 * finding, fact and note, by that secret's masked preview.
 *
 * Matching is linear in the text: values are indexed by their first characters, so each position
 * of a string costs one map lookup whatever the number of secrets.
 */
export class Redactor {
  private readonly byKey = new Map<string, { value: string; preview: string }[]>();

  add(value: string, preview: string): void {
    if (value.length < MIN_REDACTED_LENGTH) return;
    const key = value.slice(0, KEY_LENGTH);
    const list = this.byKey.get(key) ?? [];
    if (list.some((entry) => entry.value === value)) return;
    list.push({ value, preview });
    list.sort((a, b) => b.value.length - a.value.length); // the longest match wins
    this.byKey.set(key, list);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The text with every detected value replaced by its preview. */
  text(text: string): string {
    if (!this.byKey.size || text.length < MIN_REDACTED_LENGTH) return text;
    let out: string | undefined;
    let copiedTo = 0;
    for (let i = 0; i <= text.length - MIN_REDACTED_LENGTH; ) {
      const candidates = this.byKey.get(text.slice(i, i + KEY_LENGTH));
      const hit = candidates?.find((entry) => text.startsWith(entry.value, i));
      if (!hit) {
        i++;
        continue;
      }
      out = (out ?? '') + text.slice(copiedTo, i) + hit.preview;
      i += hit.value.length;
      copiedTo = i;
    }
    return out === undefined ? text : out + text.slice(copiedTo);
  }

  /** A copy of plain data (findings, facts, notes) with every string redacted. */
  deep<T>(value: T): T {
    if (!this.byKey.size) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value && typeof value === 'object') {
      if (value instanceof Set) return new Set([...value].map((item) => this.walk(item)));
      if (value instanceof Map) return new Map([...value].map(([k, v]) => [this.walk(k), this.walk(v)]));
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = DIGEST_FIELDS.has(key) ? item : this.walk(item);
      return copy;
    }
    return value;
  }
}

/** The secret values of a file's findings, cut from its text by their locations. */
export function detectedValues(findings: readonly Finding[], text: string): { value: string; preview: string }[] {
  const values: { value: string; preview: string }[] = [];
  for (const finding of findings) {
    const secret = finding.secret;
    if (!secret || secret.location.path !== finding.location.path) continue;
    const value = text.slice(secret.location.startOffset, secret.location.endOffset);
    if (value.length >= MIN_REDACTED_LENGTH) values.push({ value, preview: secret.preview });
  }
  return values;
}
