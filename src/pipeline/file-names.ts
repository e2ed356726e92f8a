/**
 * File names are bytes. Linux allows any byte but `/` and NUL, and a name that is not valid UTF-8
 * (`caf\xe9.env`, written by a Latin-1 tool) turns into U+FFFD when decoded as a string, which no
 * longer names the file: it could not be opened, and was silently left out. Every name read from
 * git or a directory goes through `nameFromBytes`: a valid UTF-8 name stays as it is; any other
 * keeps its raw bytes (to open, stat and match it) and gets a lossless escaped form for reports.
 */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A name as reports show it, and its raw bytes when they are not valid UTF-8. */
export interface FileName {
  /** The name as text: the name itself, or the escaped form of a name that is not UTF-8. */
  path: string;
  /** The raw bytes, only for a name that is not valid UTF-8 (`path` is then its escaped form). */
  raw?: Buffer;
}

/**
 * A name from its bytes. In the escaped form of a non-UTF-8 name, each byte that is not part of
 * a valid UTF-8 sequence is `\xHH` and a literal backslash is `\\`, so the form maps back to
 * exactly one byte string; valid characters stay as they are.
 */
export function nameFromBytes(bytes: Buffer): FileName {
  try {
    return { path: strictUtf8.decode(bytes) };
  } catch {
    return { path: escapeInvalidUtf8(bytes), raw: Buffer.from(bytes) };
  }
}

/** Splits NUL-separated git output (`-z`) into names, dropping the trailing empty one. */
export function splitNulNames(buffer: Buffer): FileName[] {
  const names: FileName[] = [];
  let start = 0;
  for (let end = buffer.indexOf(0, start); end !== -1; end = buffer.indexOf(0, start)) {
    names.push(nameFromBytes(buffer.subarray(start, end)));
    start = end + 1;
  }
  if (start < buffer.length) names.push(nameFromBytes(buffer.subarray(start)));
  return names;
}

function escapeInvalidUtf8(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i++;
      continue;
    }
    const char = bytes.toString('utf8', i, i + length);
    out += char === '\\' ? '\\\\' : char;
    i += length;
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or > U+10FFFF), or 0. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** `a` joined with `b` as bytes when either holds raw bytes, else as text: a name to open. */
export function joinName(base: string | Buffer, name: FileName | string): string | Buffer {
  const part = typeof name === 'string' ? name : (name.raw ?? name.path);
  if (typeof base === 'string' && typeof part === 'string') return base.endsWith('/') ? base + part : `${base}/${part}`;
  const left = Buffer.isBuffer(base) ? base : Buffer.from(base);
  const right = Buffer.isBuffer(part) ? part : Buffer.from(part);
  return Buffer.concat([left, left[left.length - 1] === 0x2f ? Buffer.alloc(0) : Buffer.from('/'), right]);
}

/** Decodes git's C-style quoted path (`"b/a\"b\303\251"`); unquoted names pass through. */
export function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  // The same text as a name listed with -z: a name that is not UTF-8 gets its escaped form.
  return nameFromBytes(Buffer.from(bytes)).path;
}
