/**
 * Decoders for tokens that carry structure: base64 (standard or URL-safe) segments holding JSON,
 * and JSON Web Tokens. They let a rule check that a candidate is what its prefix claims without
 * trusting the prefix alone. Every function returns undefined instead of throwing.
 */

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Bytes of a base64 or base64url string (padding optional), or undefined when it is not one. */
export function decodeBase64Bytes(value: string): Uint8Array | undefined {
  if (!BASE64.test(value) || value.length % 4 === 1) return undefined;
  const normal = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  return Uint8Array.from(Buffer.from(normal, 'base64'));
}

/** A base64 segment decoded as UTF-8 text, or undefined (also when the bytes are not valid UTF-8). */
export function decodeBase64Text(value: string): string | undefined {
  const bytes = decodeBase64Bytes(value);
  if (!bytes) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.includes('\uFFFD') ? undefined : text;
}

/** A base64 segment holding a JSON object, parsed; undefined for anything else. */
export function decodeBase64Json(value: string): Record<string, unknown> | undefined {
  const text = decodeBase64Text(value);
  if (!text || !text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The decoded header and payload of a compact JWS (`header.payload.signature`). */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

/** Decodes a JWT's header and payload; undefined when either is not a base64url JSON object. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodeBase64Json(parts[0]!);
  const payload = header && decodeBase64Json(parts[1]!);
  if (!header || !payload) return undefined;
  return { header, payload, signature: parts[2]! };
}
