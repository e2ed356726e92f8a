/** A problem with how nhiscan was called; printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A problem with the configuration; printed without a stack, exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Asserts an invariant the code relies on; a failure is a bug in nhiscan. */
export function invariant(condition: unknown, why: string): asserts condition {
  if (!condition) throw new Error(`invariant failed: ${why}`);
}
