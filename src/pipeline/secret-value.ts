import { createHash, scryptSync } from 'node:crypto';

/**
 * A keyed, deliberately slow hash of a secret value. It lets fingerprints, baselines and
 * shared-identity facts recognise the same secret again without storing it; the cost of each
 * guess (scrypt) keeps short passwords out of reach of a cheap dictionary attack on a committed
 * baseline file.
 */
export function hashSecret(value: string): string {
  let hash = hashes.get(value);
  if (hash === undefined) {
    hash = scryptSync(value, 'nhiscan/secret-hash/v1', 16, { N: 1024, r: 8, p: 1 }).toString('hex');
    if (hashes.size >= HASH_CACHE_SIZE) hashes.clear();
    hashes.set(value, hash);
  }
  return hash;
}

/** Hashes of values seen in this process: the same secret in many files is hashed once. */
const hashes = new Map<string, string>();
const HASH_CACHE_SIZE = 10_000;

/** SHA-256 of the parts, hex, truncated to `length` characters. For non-secret content only. */
export function digest(parts: readonly string[], length = 32): string {
  const hash = createHash('sha256');
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
