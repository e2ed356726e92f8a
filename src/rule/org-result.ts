import type { OrgIdentity, OrgLocation, OrgPlaceRef } from './org.js';
import type { Confidence, OrganisationRule, Properties, Rule, Severity } from './types.js';

/**
 * What `nhiscan org merge` produced: the input of the organisation reports, as `ScanResult` is
 * for one repository's.
 */

/** A finding of one repository as its result file keeps it (the JSON report's shape plus the secret's keyed hash). */
export interface ResultFinding {
  ruleId: string;
  family: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  location: OrgLocation;
  related: { location: OrgLocation; message?: string }[];
  fingerprint: string;
  secret?: { preview: string; length: number; location: OrgLocation };
  /** The keyed hash of the secret value under the organisation key; never printed by the reports. */
  secretHash?: string;
  properties: Record<string, unknown>;
  provenance?: Record<string, unknown>;
  suppressed?: { kind: string; reason: string };
  source: 'tree' | 'history';
}

/** What a repository's result says about the scan. */
interface RepositorySummary {
  findings: number;
  suppressed: number;
  bySeverity: Record<string, number>;
  filesScanned: number;
  filesSkipped: number;
  complete: boolean;
}

interface RepositoryNote {
  level: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  path?: string;
}

/** A finding of an organisation rule: a place in one repository, related places in others. */
export interface OrgFinding {
  ruleId: string;
  family: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  repository: string;
  location: OrgLocation;
  related: OrgPlaceRef[];
  fingerprint: string;
  secret?: { preview: string };
  properties: Properties;
}

/** One repository of the merge. */
export interface MergedRepository {
  id: string;
  source?: string;
  /** `missing`: a shard manifest lists it but no result was found. */
  status: 'ok' | 'error' | 'missing';
  error?: string;
  head?: string;
  history: boolean;
  summary: RepositorySummary;
  findings: ResultFinding[];
  notes: RepositoryNote[];
  notesOmitted: number;
}

/** Where one identity of the organisation is used, per repository. */
interface OrgInventoryUse {
  repository: string;
  uses: number;
  definitions: number;
  pipelines: string[];
  jobs: string[];
  environments: string[];
  services: string[];
}

export interface OrgInventoryEntry {
  /** The inventory id (literals: `literal:` and the first 8 hex digits of the keyed hash). */
  id: string;
  type: string;
  category: string;
  name: string;
  lifetime: OrgIdentity['lifetime'];
  /** `organisation`: the same id means the same identity everywhere (a cloud role, a secret value, a CI secret name); `repository`: local to its repository (a Kubernetes service account, an agent job). */
  scope: 'organisation' | 'repository';
  repositories: OrgInventoryUse[];
  useCount: number;
  /** Findings about it, in its repositories and across them (rule id and the highest severity). */
  findings: { ruleId: string; severity: Severity }[];
}

export interface OrgMergeNote {
  level: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

export interface OrgMergeResult {
  repositories: MergedRepository[];
  findings: OrgFinding[];
  inventory: OrgInventoryEntry[];
  notes: OrgMergeNote[];
  /** The organisation rules that ran. */
  rules: OrganisationRule[];
  /** False when a shard or repository is missing, a repository failed, or a rule crashed. */
  complete: boolean;
}

/** The merge with the whole rule catalog, for reports that describe every rule a finding cites. */
export interface OrgReport extends OrgMergeResult {
  catalog: readonly Rule[];
}
