import type { Note } from '../rule/types.js';
import type { SourceFile } from './discover.js';

/** Git's own heuristic: a NUL byte in the first 8 KiB marks a binary file. */
const BINARY_PEEK = 8 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * Reads a file's text, or returns undefined with a note for files that are not scanned: too
 * large, binary or unreadable. Invalid UTF-8 is decoded leniently (with a note), so the ASCII
 * text around a bad byte is still scanned.
 */
export async function readText(file: SourceFile, maxFileSize: number, notes: Note[]): Promise<string | undefined> {
  if (file.size !== undefined && file.size > maxFileSize) {
    notes.push(tooLarge(file.path, file.size, maxFileSize));
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = await file.read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    notes.push({ level: 'warning', code: 'unreadable', message: `file could not be read (${code}); skipped`, path: file.path });
    return undefined;
  }
  if (bytes.length > maxFileSize) {
    notes.push(tooLarge(file.path, bytes.length, maxFileSize));
    return undefined;
  }
  if (bytes.subarray(0, BINARY_PEEK).includes(0)) {
    notes.push({ level: 'info', code: 'binary', message: 'binary file; skipped', path: file.path });
    return undefined;
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // BOM
  try {
    return strictUtf8.decode(bytes.subarray(start));
  } catch {
    notes.push({ level: 'info', code: 'invalid-utf8', message: 'file is not valid UTF-8; invalid bytes were replaced before scanning', path: file.path });
    return lenientUtf8.decode(bytes.subarray(start));
  }
}

/** Reads a binary file's bytes within the size limit, or returns undefined with a note. */
export async function readBytes(file: SourceFile, maxFileSize: number, notes: Note[]): Promise<Buffer | undefined> {
  if (file.size !== undefined && file.size > maxFileSize) {
    notes.push(tooLarge(file.path, file.size, maxFileSize));
    return undefined;
  }
  try {
    const bytes = await file.read();
    if (bytes.length <= maxFileSize) return bytes;
    notes.push(tooLarge(file.path, bytes.length, maxFileSize));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    notes.push({ level: 'warning', code: 'unreadable', message: `file could not be read (${code}); skipped`, path: file.path });
  }
  return undefined;
}

function tooLarge(path: string, size: number, max: number): Note {
  return {
    level: 'info',
    code: 'too-large',
    message: `file is ${formatBytes(size)}, over the ${formatBytes(max)} limit (--max-file-size); skipped`,
    path,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
