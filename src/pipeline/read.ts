import type { FileKind } from '../document/kinds.js';
import type { Note } from '../rule/types.js';
import type { SourceFile } from './discover.js';

/** How much of a file decides whether it is text: git's own window for its NUL heuristic. */
const SNIFF = 8 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** A file's text as the rules read it. */
export interface ReadText {
  text: string;
  /** Only a prefix of the file (up to the size limit) was read. */
  truncated: boolean;
}

/**
 * Reads a file's text, or returns undefined with a note for a file that is not scanned (binary or
 * unreadable). Nothing is left out silently:
 * - a file over the size limit has its first `maxFileSize` bytes scanned (up to the last line
 *   break), with a warning that the rest was not;
 * - UTF-16 and UTF-32 files, with a byte order mark or recognised by their NUL pattern, are decoded;
 * - NUL bytes in an otherwise textual file are read as spaces (with a note), so a stray NUL cannot
 *   hide the rest of the file; binary content in a file named like text or configuration is a
 *   warning, not an info note;
 * - invalid UTF-8 is decoded leniently (with a note), so the text around a bad byte is scanned.
 */
export async function readText(file: SourceFile, maxFileSize: number, notes: Note[], kind: FileKind = 'text'): Promise<ReadText | undefined> {
  let bytes: Buffer;
  try {
    bytes = await file.read(Number.isFinite(maxFileSize) ? maxFileSize : undefined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    notes.push({ level: 'warning', code: 'unreadable', message: `file could not be read (${code}); skipped`, path: file.path });
    return undefined;
  }
  const size = Math.max(file.size ?? 0, bytes.length);
  const truncated = size > maxFileSize;
  if (truncated) {
    const prefix = bytes.subarray(0, maxFileSize);
    // End at a line break near the limit, so a token cut in half is not read as a shorter one.
    const lastBreak = prefix.lastIndexOf(10);
    bytes = lastBreak >= prefix.length - 4096 ? prefix.subarray(0, lastBreak + 1) : prefix;
  }
  const decoded = decode(bytes);
  if (decoded.encoding === 'binary') {
    // A file whose name says it is configuration, code or a credential file, but whose content
    // is binary, is worth a look: it may be a text file disguised to be skipped.
    const named = kind !== 'text';
    notes.push(
      named
        ? { level: 'warning', code: 'binary', message: `binary content in a file named like ${kind}; skipped`, path: file.path }
        : { level: 'info', code: 'binary', message: 'binary file; skipped', path: file.path },
    );
    return undefined;
  }
  if (truncated) {
    notes.push({
      level: 'warning',
      code: 'too-large',
      message: `file is ${formatBytes(size)} (${size} bytes), over the ${formatBytes(maxFileSize)} limit (--max-file-size); only its first ${bytes.length} bytes were scanned`,
      path: file.path,
    });
  }
  if (decoded.note) notes.push({ level: 'info', code: decoded.note.code, message: decoded.note.message, path: file.path });
  return { text: decoded.text, truncated };
}

type Decoded =
  | { encoding: 'binary' }
  | {
      encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';
      text: string;
      note?: { code: 'encoding' | 'nul-bytes' | 'invalid-utf8'; message: string };
    };

/** Text from bytes: byte order marks first, then the NUL patterns of UTF-32 and UTF-16, then UTF-8. */
export function decode(bytes: Buffer): Decoded {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return utf8(bytes.subarray(3));
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return wide('utf-32le', bytes.subarray(4), 'a byte order mark');
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return wide('utf-32be', bytes.subarray(4), 'a byte order mark');
  if (b0 === 0xff && b1 === 0xfe) return wide('utf-16le', bytes.subarray(2), 'a byte order mark');
  if (b0 === 0xfe && b1 === 0xff) return wide('utf-16be', bytes.subarray(2), 'a byte order mark');
  const sample = bytes.subarray(0, SNIFF);
  if (!sample.includes(0)) return utf8(bytes);
  const pattern = widePattern(sample);
  if (pattern) return wide(pattern, bytes, 'its NUL pattern');
  if (!textualApartFromNul(bytes)) return { encoding: 'binary' };
  // Text with NUL bytes: each read as a space, so offsets stay put and the rest is scanned.
  const spaced = Buffer.from(bytes);
  for (let i = spaced.indexOf(0); i !== -1; i = spaced.indexOf(0, i + 1)) spaced[i] = 0x20;
  const text = utf8(spaced);
  if (text.encoding === 'binary') return text;
  return {
    encoding: 'utf-8',
    text: text.text,
    note: { code: 'nul-bytes', message: 'text file with NUL bytes; they were read as spaces and the whole file was scanned' },
  };
}

function utf8(bytes: Buffer): Decoded {
  try {
    return { encoding: 'utf-8', text: strictUtf8.decode(bytes) };
  } catch {
    return {
      encoding: 'utf-8',
      text: lenientUtf8.decode(bytes),
      note: { code: 'invalid-utf8', message: 'file is not valid UTF-8; invalid bytes were replaced before scanning' },
    };
  }
}

function wide(encoding: 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be', bytes: Buffer, by: string): Decoded {
  const text = encoding.startsWith('utf-16') ? new TextDecoder(encoding).decode(bytes) : decodeUtf32(bytes, encoding === 'utf-32le');
  return { encoding, text, note: { code: 'encoding', message: `${encoding.toUpperCase()} text (recognised by ${by}); decoded and scanned` } };
}

/** UTF-32 (which TextDecoder does not offer): invalid code points become U+FFFD. */
function decodeUtf32(bytes: Buffer, littleEndian: boolean): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const code = littleEndian ? bytes.readUInt32LE(i) : bytes.readUInt32BE(i);
    chunk += code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    if (chunk.length >= 65536) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/**
 * UTF-32 or UTF-16 without a byte order mark, from where the NUL bytes fall in the sample: text
 * in Latin script has a NUL in the high bytes of nearly every code unit and almost none elsewhere.
 */
function widePattern(sample: Buffer): 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | undefined {
  const zeros = [0, 0, 0, 0];
  const units = Math.floor(sample.length / 4) * 4;
  if (units < 4) return undefined;
  for (let i = 0; i < units; i++) if (sample[i] === 0) zeros[i % 4]!++;
  const quads = units / 4;
  const mostly = (n: number) => n >= quads * 0.9;
  const rarely = (n: number) => n <= quads * 0.05;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  if (rarely(z0) && mostly(z1) && mostly(z2) && mostly(z3)) return 'utf-32le';
  if (mostly(z0) && mostly(z1) && mostly(z2) && rarely(z3)) return 'utf-32be';
  const even = z0 + z2;
  const odd = z1 + z3;
  if (odd >= quads * 2 * 0.4 && even <= quads * 2 * 0.05) return 'utf-16le';
  if (even >= quads * 2 * 0.4 && odd <= quads * 2 * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * Whether the file is text once its NUL bytes are set aside: its first 8 KiB of other bytes are
 * valid UTF-8 (a sequence cut at the end aside) with few other control characters. Binary formats
 * (images, archives, executables) fail both tests; NUL padding in front of text does not hide it.
 */
function textualApartFromNul(bytes: Buffer): boolean {
  const kept: number[] = [];
  let i = 0;
  for (; i < bytes.length && kept.length < SNIFF; i++) if (bytes[i] !== 0) kept.push(bytes[i]!);
  const sample = Buffer.from(kept);
  if (!sample.length) return false;
  let controls = 0;
  for (const b of sample) if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) controls++;
  if (controls > sample.length * 0.05) return false;
  // A sample that stops before the end of the file may cut a character: drop up to three bytes.
  const cuts = i < bytes.length ? [0, 1, 2, 3] : [0];
  return cuts.some((cut) => {
    try {
      strictUtf8.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      return false;
    }
  });
}

/** Reads a binary file's bytes within the size limit, or returns undefined with a note. */
export async function readBytes(file: SourceFile, maxFileSize: number, notes: Note[]): Promise<Buffer | undefined> {
  if (file.size !== undefined && file.size > maxFileSize) {
    notes.push(tooLarge(file.path, file.size, maxFileSize));
    return undefined;
  }
  try {
    const bytes = await file.read(maxFileSize);
    // A source may learn its size only as it reads (a staged blob): check again.
    const size = Math.max(file.size ?? 0, bytes.length);
    if (size <= maxFileSize) return bytes;
    notes.push(tooLarge(file.path, size, maxFileSize));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    notes.push({ level: 'warning', code: 'unreadable', message: `file could not be read (${code}); skipped`, path: file.path });
  }
  return undefined;
}

/** A key store over the limit: binary, so no prefix of it can be scanned. */
function tooLarge(path: string, size: number, max: number): Note {
  return {
    level: 'warning',
    code: 'too-large',
    message: `key store is ${formatBytes(size)} (${size} bytes), over the ${formatBytes(max)} limit (--max-file-size); skipped`,
    path,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
