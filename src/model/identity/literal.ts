import { isCredentialName, isCredentialValue, stripScheme } from '../../detect/credential-value.js';
import type { DataNode } from '../../ast/data.js';
import type { Range } from '../../rule/types.js';

/** A literal credential found in a configuration value: the secret and where it sits in the value. */
export interface LiteralCredential {
  secret: string;
  /** Offset of the secret inside the value text. */
  offset: number;
  /** Its length in the source (a URL password may be percent-encoded there). */
  length: number;
}

/** `scheme://user:password@host`: the password part of a URL's user info (bounded, linear). */
const URL_PASSWORD = /^[a-z][a-z0-9+.-]{1,30}:\/\/[^:@/\s]{0,128}:([^@/\s]{1,256})@[^\s]/i;

/**
 * The literal credential a configuration entry holds, if any: the value itself when the name
 * marks a credential and the value looks like one (`DB_PASSWORD=k9#Fq2!vX7`), or the password of a
 * connection URL (`DATABASE_URL=postgres://app:k9#Fq2!vX7@db/app`). References (`${VAR}`),
 * placeholders and ordinary settings give nothing.
 */
export function literalCredential(name: string, value: string): LiteralCredential | undefined {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > 2048) return undefined;
  const url = URL_PASSWORD.exec(trimmed);
  if (url) {
    const password = url[1]!;
    // Same bar as a named value: a word-like password (`whalehello`) in a sample stack is not worth correlating.
    const decoded = decodeUserInfo(password);
    if (password.startsWith('$') || !isCredentialValue(decoded)) return undefined;
    return { secret: decoded, offset: value.indexOf(trimmed) + trimmed.indexOf(`:${password}@`) + 1, length: password.length };
  }
  if (!isCredentialName(name) || !isCredentialValue(trimmed)) return undefined;
  const secret = stripScheme(trimmed);
  return { secret, offset: value.indexOf(secret), length: secret.length };
}

/** Percent-decoding of URL user info, tolerant of stray `%`. */
function decodeUserInfo(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A `${VAR}`, `${VAR:-default}` or `$VAR` reference that makes up the whole value. */
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]{0,127})(?:[:?-][^}]{0,256})?\}$|^\$([A-Za-z_][A-Za-z0-9_]{0,127})$/;

/** The variable a value reads when it is just a reference to one (`${DB_PASSWORD}`, `$TOKEN`). */
export function referencedVariable(value: string): string | undefined {
  const match = WHOLE_REFERENCE.exec(value.trim());
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * Where a literal credential sits in the source: inside a scalar's range, past its opening quote.
 * Falls back to the whole scalar when the text was escaped (the value is then not a plain slice).
 */
export function literalRange(node: DataNode, value: string, literal: LiteralCredential): Range {
  const width = node.range.end - node.range.start;
  if (width < value.length || width - value.length > 2) return node.range;
  const start = node.range.start + (width > value.length ? 1 : 0) + Math.max(0, literal.offset);
  return { start, end: start + literal.length };
}
