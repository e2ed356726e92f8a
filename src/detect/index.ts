/** Detection helpers rules may import: pure functions over strings, no I/O. */
export { crc32, hasGithubChecksum, hasBech32Checksum, hasGrafanaChecksum } from './checksum.js';
export { enclosingLines, lineStartWithin } from './context.js';
export { decodeBase64Bytes, decodeBase64Text, decodeBase64Json, decodeJwt, type DecodedJwt } from './decode.js';
export { shannonEntropy, charClasses } from './entropy.js';
export { isPlaceholder, hasFillerRun } from './placeholder.js';
export { PEM_PRIVATE_KEY, PEM_PRIVATE_KEY_HEADER, isKeyMaterial, pemBodyCharacters } from './pem.js';
export { tokenRule, keyedValue, validitySignals, MAX_TOKEN_FINDINGS, type TokenPattern, type TokenRefinement, type Lifetime } from './token-rule.js';
export { assignmentsAt, type Assignment } from './assignment.js';
export { mayHoldNamedValueEntries, namedValueEntries } from './named-value-entries.js';
export { isCredentialName, isCredentialValue, isMemorable, looksLikeWords, stripScheme } from './credential-value.js';
export { decodeBase64 } from './encoding.js';
export { isLockFile } from './paths.js';
export { matchesAt, reachBack } from './keywords.js';
export { startsAtKeywords } from './regex-prefix.js';
export { callArguments, readBudget } from './call-arguments.js';
export { providerRule, publishableMatcher } from './provider.js';
export { PROVIDERS } from './providers/index.js';
