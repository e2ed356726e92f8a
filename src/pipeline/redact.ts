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
 * Matching is linear in the text: a position whose first characters start no detected value costs
 * one set lookup, and one that does costs a map lookup per distinct value length (a few dozen at
 * most), whatever the number of secrets.
 */
export class Redactor {
  private readonly previews = new Map<string, string>();
  private readonly prefixes = new Set<string>();
  /** Distinct value lengths, longest first: the longest match wins. */
  private lengths: number[] = [];

  add(value: string, preview: string): void {
    if (value.length < MIN_REDACTED_LENGTH || this.previews.has(value)) return;
    this.previews.set(value, preview);
    this.prefixes.add(value.slice(0, KEY_LENGTH));
    if (!this.lengths.includes(value.length)) this.lengths = [...this.lengths, value.length].sort((a, b) => b - a);
  }

  /** The text with every detected value replaced by its preview. */
  text(text: string): string {
    if (!this.previews.size || text.length < MIN_REDACTED_LENGTH) return text;
    let out: string | undefined;
    let copiedTo = 0;
    for (let i = 0; i <= text.length - MIN_REDACTED_LENGTH;) {
      let hit: string | undefined;
      if (this.prefixes.has(text.slice(i, i + KEY_LENGTH))) {
        for (const length of this.lengths) {
          if (i + length > text.length) continue;
          const candidate = text.slice(i, i + length);
          if (this.previews.has(candidate)) {
            hit = candidate;
            break;
          }
        }
      }
      if (hit === undefined) {
        i++;
        continue;
      }
      out = (out ?? '') + text.slice(copiedTo, i) + this.previews.get(hit)!;
      i += hit.length;
      copiedTo = i;
    }
    return out === undefined ? text : out + text.slice(copiedTo);
  }

  /** A copy of plain data (findings, facts, notes) with every string redacted. */
  deep<T>(value: T): T {
    if (!this.previews.size) return value;
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
