import type { Confidence, Properties, Severity } from './base.js';

/**
 * The organisation vocabulary: what `nhiscan org scan` keeps of each repository (hashes and
 * masked previews, never a value) and what organisation rules read in `nhiscan org merge`.
 */

/** A region of a file in one repository (1-based lines and columns). */
export interface OrgLocation {
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** One place a repository uses or defines an identity. */
export interface OrgPlace {
  location: OrgLocation;
  role: 'use' | 'definition' | 'binding' | 'link';
  description: string;
  pipeline?: string;
  job?: string;
  service?: string;
  environment?: string;
  purpose?: string;
}

/** One machine identity of one repository (an entry of its `nhiscan inventory`). */
export interface OrgIdentity {
  /** The inventory id (`secret:NAME`, `cloud-role:arn:…`, `literal:1a2b3c4d`). */
  id: string;
  /**
   * What identifies it across repositories: the id, except for a literal, whose key carries the
   * whole keyed hash (`literal:<32 hex digits>`), so two values never meet by an 8-digit prefix.
   */
  key: string;
  /** The inventory type (`ci-secret`, `cloud-identity`, `literal`, …) and category (`ci`, `cloud`, …). */
  type: string;
  category: string;
  name: string;
  lifetime: 'long-lived' | 'short-lived' | 'unknown';
  uses: OrgPlace[];
  definitions: OrgPlace[];
  platforms: string[];
  pipelines: string[];
  jobs: string[];
  services: string[];
  environments: string[];
  purposes: string[];
  /** Identity findings about it in its repository. */
  findings: { ruleId: string; severity: Severity }[];
}

/** A secret finding of one repository, by the keyed hash of its value. */
export interface OrgSecret {
  /** The keyed hash of the value (HMAC-SHA-256 under the organisation key, 32 hex digits). */
  hash: string;
  ruleId: string;
  severity: Severity;
  /** Masked preview, e.g. `ghp_…mQY`. */
  preview: string;
  location: OrgLocation;
  /** `test`, `development`, `documentation` when the finding sits where examples abound. */
  context?: string;
  /** Found in the checked-out tree, or only in the git history (`--history`). */
  source: 'tree' | 'history';
}

/** One scanned repository as organisation rules see it. */
export interface OrgRepository {
  /** The normalised repository id (`github.com/acme/api`, a path as listed). */
  id: string;
  /** Root commits (a fork or copy shares them); empty for shallow clones and plain folders. */
  roots: string[];
  identities: OrgIdentity[];
  secrets: OrgSecret[];
}

/** Every repository of the merge that was scanned, ordered by id. */
export interface Organisation {
  repositories: readonly OrgRepository[];
}

/** A place in a named repository. */
export interface OrgPlaceRef {
  repository: string;
  location: OrgLocation;
  message?: string;
}

/** The context an organisation rule receives. */
export interface OrganisationContext<O = Readonly<Record<string, unknown>>> {
  readonly options: O;
  /**
   * Reports a finding at a place of one repository, with places in others as related locations.
   * `fingerprintKey` is a stable content key (an identity key or a secret's keyed hash).
   */
  report(
    at: OrgPlaceRef,
    message: string,
    extra: { fingerprintKey: string; severity?: Severity; confidence?: Confidence; related?: OrgPlaceRef[]; properties?: Properties; secretPreview?: string },
  ): void;
}
