import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

const load = createRequire(import.meta.url);

/**
 * node:crypto, loaded on first use. Loading it costs about a tenth of Node's own start-up (7 ms
 * on a 2-core VM), which a scan that hashes nothing (an empty folder, a clean commit) need not
 * pay (issue 15). Every module that hashes takes it from here instead of importing it.
 */
export function crypto(): typeof Crypto {
  return load('node:crypto') as typeof Crypto;
}
