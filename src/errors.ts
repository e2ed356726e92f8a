/** A problem with how nhiscan was called; printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A problem with the configuration; printed without a stack, exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
