import { pathContext, type PathContext } from '../detect/paths.js';
import { SEVERITY_RANK, type Severity } from '../rule/types.js';

/** How where a secret sits changes its finding. */
export interface SecretPathPolicy {
  /** Shown as `properties.context`. */
  context: PathContext;
  /** The highest severity the finding keeps (undefined: its own). */
  severityCap?: Severity;
}

/**
 * The one policy for secrets by path (and by test code a language keeps beside the code, such as
 * a Rust `#[cfg(test)]` module). Tests, fixtures, mocks, cassettes and examples hold test
 * vectors, recorded responses and generated keys far more often than live credentials, and a
 * framework's development configuration holds values generated for a local server: such findings
 * are reported, at most at low, unless the configuration asks for full severity
 * (`secrets.fullSeverityInTests`). In documentation a random value under a secret-like name is
 * almost always an example, while a token whose format a specific rule verified may be a real
 * paste, so only catch-all findings drop to low there.
 */
export function secretPathPolicy(path: string, catchAll: boolean, fullSeverityInTests: boolean, inTestCode = false): SecretPathPolicy | undefined {
  const context = inTestCode && pathContext(path) === undefined ? 'test' : pathContext(path);
  switch (context) {
    case undefined:
      return undefined;
    case 'documentation':
      return { context, severityCap: catchAll ? 'low' : undefined };
    case 'test':
    case 'development':
      return { context, severityCap: fullSeverityInTests ? undefined : 'low' };
  }
}

/** A severity no higher than the cap. */
export function capSeverity(severity: Severity, cap: Severity | undefined): Severity {
  return cap !== undefined && SEVERITY_RANK[severity] > SEVERITY_RANK[cap] ? cap : severity;
}
