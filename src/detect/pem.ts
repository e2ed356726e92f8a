/**
 * PEM and OpenSSH private-key blocks: the armour and whether what it wraps is key material. One
 * definition for every rule that reports a key block, so a stand-in body (`A key`,
 * `<your-client-private-key>`, `...`, `${TLS_KEY}`) is an example wherever it sits.
 */
import { isPlaceholder } from './placeholder.js';

/**
 * A PEM or OpenSSH private-key block (`-----BEGIN … PRIVATE KEY-----` … `-----END … -----`), also
 * inside JSON/YAML strings where line breaks are written `\n`. Group 1 is the label, group 2 the
 * body. The body is bounded: a real key body is under 16 KiB.
 */
export const PEM_PRIVATE_KEY =
  /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----((?:(?!-----)[\s\S]){16,16384}?)-----END \1-----/dg;

/** The armour alone, with the key type (RSA, EC, …) in group 1. */
export const PEM_PRIVATE_KEY_HEADER = /-----BEGIN ((?:RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/;

/** A block body's base64 with line breaks (real or written `\n`), quotes and string joins taken out. */
export function pemBodyCharacters(body: string): string {
  return body.replace(/\\[nr]|\s|"|'|\+/g, '');
}

/**
 * Whether a key block's body holds key material: at least 64 base64 characters (the smallest
 * Ed25519 PEM body has 64) and no stand-in (an ellipsis, a run of x, an `<angle>` hint, a `${…}` or
 * `{{…}}` template, or a placeholder word).
 */
export function isKeyMaterial(body: string): boolean {
  const characters = pemBodyCharacters(body);
  return characters.length >= 64 && !isPlaceholder(characters) && !/\.{3}|x{6}|<[^>]*>|\$\{|\{\{/i.test(body);
}
