const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(value: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < value.length; i++) crc = CRC_TABLE[(crc ^ value.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 encoding of a non-negative integer, left-padded with `0` to `width`. */
export function base62(value: number, width: number): string {
  let out = '';
  let n = value;
  do {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, '0');
}

/**
 * Checks the checksum GitHub embeds in its current token formats (`ghp_`, `gho_`, `ghu_`,
 * `ghs_`, `ghr_`): the last six characters are the base62 CRC-32 of the 30-character body.
 */
export function hasGithubChecksum(token: string): boolean {
  const underscore = token.indexOf('_');
  const body = token.slice(underscore + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/**
 * Checks a Bech32 string (BIP-173): the human-readable part, `1`, then data whose last six
 * characters are a BCH checksum over both. Case-insensitive, as age secret keys are upper case.
 */
export function hasBech32Checksum(value: string): boolean {
  const lower = value.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || lower.length - separator < 7) return false;
  const hrp = lower.slice(0, separator);
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  for (const char of lower.slice(separator + 1)) {
    const digit = BECH32_CHARSET.indexOf(char);
    if (digit < 0) return false;
    values.push(digit);
  }
  let checksum = 1;
  for (const v of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) checksum ^= BECH32_GENERATOR[i]!;
  }
  return checksum === 1;
}

/**
 * Checks the checksum Grafana appends to service account tokens (`glsa_<32>_<8 hex>`): the CRC-32
 * of everything before the last underscore, as four bytes in hex (little-endian in current
 * Grafana; big-endian is accepted too for tokens minted by older releases).
 */
export function hasGrafanaChecksum(token: string): boolean {
  const cut = token.lastIndexOf('_');
  if (cut < 0) return false;
  const crc = crc32(token.slice(0, cut));
  const expected = token.slice(cut + 1).toLowerCase();
  const bigEndian = crc.toString(16).padStart(8, '0');
  const littleEndian = bigEndian.match(/../g)!.reverse().join('');
  return expected === littleEndian || expected === bigEndian;
}
