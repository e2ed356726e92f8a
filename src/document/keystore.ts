import { crypto } from '../crypto.js';

/**
 * Binary key stores told apart by their magic bytes, with what can be read without a password:
 * whether they hold private keys. Nothing secret is read out.
 */
type KeystoreFormat = 'pkcs12' | 'jks' | 'jceks';

export interface Keystore {
  format: KeystoreFormat;
  /**
   * `yes`: a private-key entry is visible; `no`: only trusted certificates (a trust store);
   * `unknown`: the entries are encrypted as a whole (common for PKCS#12).
   */
  privateKeys: 'yes' | 'no' | 'unknown';
  /** Entries counted in a Java key store; undefined for PKCS#12. */
  entries?: number;
  /** SHA-256 of the file: a content fingerprint that survives a move (it reveals no key). */
  digest: string;
}

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;

/** DER object identifiers of PKCS#12 bags that carry a private key (keyBag, pkcs8ShroudedKeyBag). */
const KEY_BAG_OIDS = [Buffer.from('060b2a864886f70d010c0a0101', 'hex'), Buffer.from('060b2a864886f70d010c0a0102', 'hex')];

/** The key store in these bytes, or undefined when they are no key store nhiscan knows. */
export function parseKeystore(bytes: Uint8Array): Keystore | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = recognise(buffer);
  return found && { ...found, digest: crypto().createHash('sha256').update(buffer).digest('hex') };
}

function recognise(buffer: Buffer): Omit<Keystore, 'digest'> | undefined {
  if (buffer.length >= 12) {
    const magic = buffer.readUInt32BE(0);
    if (magic === JKS_MAGIC || magic === JCEKS_MAGIC) return javaKeystore(buffer, magic === JKS_MAGIC ? 'jks' : 'jceks');
  }
  if (isPkcs12(buffer)) {
    return { format: 'pkcs12', privateKeys: KEY_BAG_OIDS.some((oid) => buffer.includes(oid)) ? 'yes' : 'unknown' };
  }
  return undefined;
}

/** PFX: a DER SEQUENCE whose first element is INTEGER 3 (the PFX version). */
function isPkcs12(buffer: Buffer): boolean {
  if (buffer.length < 8 || buffer[0] !== 0x30) return false;
  const lengthByte = buffer[1]!;
  // Short form, or long form with 1–3 length bytes; 0x80 is BER's indefinite length.
  const offset = lengthByte < 0x80 || lengthByte === 0x80 ? 2 : lengthByte <= 0x83 ? 2 + (lengthByte & 0x7f) : -1;
  return offset > 0 && buffer[offset] === 0x02 && buffer[offset + 1] === 0x01 && buffer[offset + 2] === 0x03;
}

/**
 * Java key stores list their entries in the clear: tag 1 is a private key (encrypted with a key
 * password), 2 a trusted certificate, 3 a secret key (JCEKS). Parsing stops at the first
 * inconsistency; what was read so far still counts.
 */
function javaKeystore(buffer: Buffer, format: 'jks' | 'jceks'): Omit<Keystore, 'digest'> {
  const count = buffer.readUInt32BE(8);
  let offset = 12;
  let privateKeys = false;
  let read = 0;
  const need = (n: number) => offset + n <= buffer.length;
  const skipUtf = () => {
    if (!need(2)) return false;
    const length = buffer.readUInt16BE(offset);
    offset += 2 + length;
    return offset <= buffer.length;
  };
  const skipBlock = () => {
    if (!need(4)) return false;
    const length = buffer.readUInt32BE(offset);
    offset += 4 + length;
    return offset <= buffer.length;
  };
  const skipCertificate = () => skipUtf() && skipBlock(); // certificate type, then the DER bytes
  for (; read < Math.min(count, 10_000); read++) {
    if (!need(4)) break;
    const tag = buffer.readUInt32BE(offset);
    offset += 4;
    if (!skipUtf() || !need(8)) break; // alias
    offset += 8; // creation date
    if (tag === 1) {
      privateKeys = true;
      if (!skipBlock() || !need(4)) break; // the encrypted key
      const chain = buffer.readUInt32BE(offset);
      offset += 4;
      let ok = true;
      for (let i = 0; i < chain && ok; i++) ok = skipCertificate();
      if (!ok) break;
    } else if (tag === 2) {
      if (!skipCertificate()) break;
    } else if (tag === 3) {
      privateKeys = true; // a sealed secret key: as sensitive as a private key
      break;
    } else {
      break;
    }
  }
  return { format, privateKeys: privateKeys ? 'yes' : read === count ? 'no' : 'unknown', entries: count };
}
