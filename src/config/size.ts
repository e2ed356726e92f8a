/** Parses `1MiB`, `512kb`, `1048576` into bytes. */
export function parseSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (!match) return NaN;
  const unit = (match[2] ?? '').toLowerCase();
  const factor: Record<string, number> = { '': 1, b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
  return Math.round(Number(match[1]) * (factor[unit] ?? NaN));
}
