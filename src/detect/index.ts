/** Detection helpers rules may import: pure functions over strings, no I/O. */
export { crc32, base62, hasGithubChecksum, hasBech32Checksum, hasGrafanaChecksum } from './checksum.js';
export { enclosingLines, lineStartWithin } from './context.js';
export { decodeBase64Bytes, decodeBase64Text, decodeBase64Json, decodeJwt, type DecodedJwt } from './decode.js';
export { shannonEntropy, charClasses } from './entropy.js';
export { isPlaceholder, isRepetitive, hasFillerRun } from './placeholder.js';
export { tokenRule, keyedValue, validitySignals, MAX_TOKEN_FINDINGS, type TokenPattern, type TokenRefinement, type TokenRuleSpec, type Lifetime, type Validity, type ValidityBasis, type ValidityInput } from './token-rule.js';
export { assignmentsAt, identifierWords, isCommentedOut, type Assignment } from './assignment.js';
export { isCredentialName, isCredentialValue, isMemorable, looksLikeWords, stripScheme } from './credential-value.js';
export { decodeBase64 } from './encoding.js';
export { isDocumentationPath, isLockFile, isTestPath, pathContext, type PathContext } from './paths.js';
export { callArguments, readBudget, type CallArgument } from './call-arguments.js';
export { providerRule, tokenPattern, publishableMatcher, VALIDATORS, type ProviderSpec, type CredentialSpec, type ProviderCategory, type ValidatorName } from './provider.js';
export { PROVIDERS, isPublishableKey } from './providers/index.js';
