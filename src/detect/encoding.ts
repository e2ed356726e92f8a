/** Decodes standard or URL-safe base64 to UTF-8 text; undefined when it is not valid base64. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s/g, '');
  if (!compact || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}
