import { isInTestDirectory, isNestedWorkflow, pathContext, type PathContext } from '../detect/paths.js';
import { SEVERITY_RANK, type Severity } from '../rule/types.js';

/**
 * Where a secret sits: a test, development or documentation path (or test code kept beside the
 * code), or a line another scanner's user marked as reviewed (`gitleaks:allow`, `#nosec` …).
 */
type SecretContext = PathContext | 'reviewed';

/** What the secret's surroundings say about it, beyond its path. */
export interface SecretSurroundings {
  /** The finding sits in test code its language keeps beside the code (a Rust `#[cfg(test)]` module). */
  inTestCode?: boolean;
  /** Another scanner's allow marker on the finding's line. */
  peerMarker?: string;
}

/** How where a secret sits changes its finding. */
export interface SecretPathPolicy {
  /** Shown as `properties.context`. */
  context: SecretContext;
  /** The highest severity the finding keeps (undefined: its own). */
  severityCap?: Severity;
}

/**
 * The one policy for secrets by path (and by test code a language keeps beside the code, such as
 * a Rust `#[cfg(test)]` module). Tests, fixtures, mocks, cassettes and examples hold test
 * vectors, recorded responses and generated keys far more often than live credentials, and a
 * framework's development configuration holds values generated for a local server: such findings
 * are reported, at most at low, unless the configuration asks for full severity
 * (`secrets.fullSeverityInTests`). In documentation a random value under a secret-like name, a
 * key block or a header is almost always an example, while a token whose provider format (prefix
 * or checksum) a rule verified may be a real paste, so only unverified findings drop to low there. A line another scanner's user marked as
 * reviewed (`gitleaks:allow`, `#nosec`, `NOSONAR` …) is reported at most at low.
 */
export function secretPathPolicy(
  path: string,
  unverified: boolean,
  fullSeverityInTests: boolean,
  surroundings: SecretSurroundings = {},
): SecretPathPolicy | undefined {
  const byPath = pathContext(path);
  // A marker is a person's explicit verdict on this very line: it outranks what the path suggests,
  // and `fullSeverityInTests` does not undo it (the allowlist or baseline is the way to say more).
  if (surroundings.peerMarker !== undefined) return { context: 'reviewed', severityCap: 'low' };
  const context = surroundings.inTestCode && byPath === undefined ? 'test' : byPath;
  switch (context) {
    case undefined:
      return undefined;
    case 'documentation':
      return { context, severityCap: unverified ? 'low' : undefined };
    case 'test':
    case 'development':
      return { context, severityCap: fullSeverityInTests ? undefined : 'low' };
  }
}

/** A severity no higher than the cap. */
export function capSeverity(severity: Severity, cap: Severity | undefined): Severity {
  return cap !== undefined && SEVERITY_RANK[severity] > SEVERITY_RANK[cap] ? cap : severity;
}

/**
 * Pipelines and configurations that never run where they sit: a GitHub workflow below a
 * subfolder's `.github/` (an example project's or a template's own CI), and any pipeline, manifest
 * or assistant configuration in a test, fixture or example path (a parser's test input, a
 * tutorial's sample pipeline). What they would do is reported, at most at low, with
 * `properties.context` `"example"` or `"test"`.
 */
export function inactivePipelinePolicy(path: string): { context: 'example' | 'test'; severityCap: Severity } | undefined {
  if (isNestedWorkflow(path)) return { context: 'example', severityCap: 'low' };
  // By folder only, and only folders above a tool's own (`.claude/`, `.github/`): a file name says
  // nothing here (`.github/workflows/test-examples.yml` runs), nor does a skill named for e2e tests
  // (`.claude/skills/api-e2e/`), while `test/fixtures/.claude/settings.json` is test input.
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const beforeToolFolder = folder.split(/(?:^|\/)\./)[0]!;
  return isInTestDirectory(`${beforeToolFolder}/`) ? { context: 'test', severityCap: 'low' } : undefined;
}
