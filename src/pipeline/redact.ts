import type { Finding } from '../rule/types.js';

/** Detected values shorter than this are not looked for elsewhere: they would mask ordinary words. */
const MIN_REDACTED_LENGTH = 6;

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
 * one table lookup, and one that may costs a map lookup per distinct value length (a few dozen at
 * most), whatever the number of secrets.
 */
export class Redactor {
  private readonly previews = new Map<string, string>();
  /**
   * 1 at the hash of each detected value's first characters: a position whose key is 0 starts no
   * value, which costs four character reads (a report of 30,000 findings has tens of megabytes of
   * strings, and a substring per position was most of its redaction time).
   */
  private readonly prefixes = new Uint8Array(1 << 20);
  /** Distinct value lengths, longest first: the longest match wins. */
  private lengths: number[] = [];

  add(value: string, preview: string): void {
    if (value.length < MIN_REDACTED_LENGTH || this.previews.has(value)) return;
    this.previews.set(value, preview);
    this.prefixes[prefixKey(value, 0)] = 1;
    if (!this.lengths.includes(value.length)) this.lengths = [...this.lengths, value.length].sort((a, b) => b - a);
  }

  /** The text with every detected value replaced by its preview. */
  text(text: string): string {
    if (!this.previews.size || text.length < MIN_REDACTED_LENGTH) return text;
    let out: string | undefined;
    let copiedTo = 0;
    for (let i = 0; i <= text.length - MIN_REDACTED_LENGTH;) {
      let hit: string | undefined;
      if (this.prefixes[prefixKey(text, i)] === 1) {
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

  /** The value with every string redacted; a part with nothing to redact is returned as it is, not copied. */
  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (!value || typeof value !== 'object') return value;
    if (value instanceof Set) return new Set([...value].map((item) => this.walk(item)));
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [this.walk(k), this.walk(v)]));
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const redacted = this.walk(value[i]);
        if (redacted !== value[i]) (copy ??= [...value])[i] = redacted;
      }
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      if (DIGEST_FIELDS.has(key)) continue;
      const redacted = this.walk(record[key]);
      if (redacted !== record[key]) (copy ??= { ...record })[key] = redacted;
    }
    return copy ?? value;
  }
}

/** A 20-bit hash of the four characters at `i` (the caller keeps `i + 4` in the text). */
function prefixKey(text: string, i: number): number {
  const low = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
  const high = text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16);
  const mixed = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  return (mixed ^ (mixed >>> 15)) >>> 12;
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
