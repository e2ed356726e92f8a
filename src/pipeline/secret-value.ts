import { crypto } from '../crypto.js';

/**
 * The key of the secret hash. Fingerprints, baselines and inventory ids recognise the same secret
 * again through HMAC-SHA-256 under this key; without the key a report cannot be used to confirm
 * a guessed value offline. The scan sets it (see `useSecretKey`); until then it is random, so a
 * hash made without a chosen key can match nothing outside this process. A random key is made
 * when a hash first needs one: a scan that hashes nothing never loads node:crypto.
 */
let secretKey: Buffer | undefined;

/**
 * Sets the key for this process (and, through the scan setup, its workers); undefined: a new
 * random key, made when first needed.
 */
export function useSecretKey(key: string | Buffer | undefined): void {
  const next = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (next && secretKey && next.equals(secretKey)) return;
  secretKey = next;
  hashes.clear();
}

/** A new random key, hex (for a baseline that has none yet). */
export function newSecretKey(): string {
  return crypto().randomBytes(32).toString('hex');
}

/**
 * The keyed hash of a secret value: HMAC-SHA-256 under the scan's key, 128 bits in hex. It costs
 * about a microsecond, and each distinct value is hashed once per process.
 */
export function hashSecret(value: string): string {
  let hash = hashes.get(value);
  if (hash === undefined) {
    secretKey ??= crypto().randomBytes(32);
    hash = crypto().createHmac('sha256', secretKey).update('nhiscan/secret/v2\0').update(value).digest('hex').slice(0, 32);
    if (hashes.size >= HASH_CACHE_SIZE) hashes.clear();
    hashes.set(value, hash);
  }
  return hash;
}

/** Hashes of values seen in this process: the same secret in many files is hashed once. */
const hashes = new Map<string, string>();
const HASH_CACHE_SIZE = 50_000;

/** SHA-256 of the parts, hex, truncated to `length` characters. For non-secret content only. */
export function digest(parts: readonly string[], length = 32): string {
  const hash = crypto().createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, length);
}

/**
 * A masked preview of a secret: its public prefix (`ghp_`, `AKIA`) and, for long values only,
 * the last three characters, e.g. `ghp_…Xk2`. Short values show nothing beyond the prefix, since
 * their tail would give away too much.
 */
export function maskSecret(value: string, publicPrefix = 0): string {
  const prefix = value.slice(0, Math.min(publicPrefix, 12, Math.floor(value.length / 2)));
  const tail = value.length - prefix.length >= 20 ? value.slice(-3) : '';
  return `${prefix}…${tail}`;
}

/** Replaces every occurrence of the secret (and of long substrings of it) in a text by its mask. */
export function scrubSecret(text: string, value: string, masked: string): string {
  if (value.length < 4) return text;
  return text.includes(value) ? text.split(value).join(masked) : text;
}
