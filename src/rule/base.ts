import type { Position } from '../document/line-index.js';

/**
 * The vocabulary every part of the rule contract shares: severities, confidences, families, ranges,
 * locations and finding properties. It imports nothing of the contract, so the contract's modules
 * (types, facts, org) can all build on it without importing each other in a circle.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Confidence = 'high' | 'medium' | 'low';
export type Family = 'secret' | 'identity' | 'assistant' | 'deploy';

/** Highest first: the one severity order (sorting, thresholds, which duplicate to keep). */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
/** A severity's rank: higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];
export const FAMILIES: readonly Family[] = ['secret', 'identity', 'assistant', 'deploy'];

/** `[start, end)` UTF-16 offsets into a document's text. */
export interface Range {
  start: number;
  end: number;
}

/**
 * Anything a rule can point at: an offset range, or a syntax node from any of the parsers
 * (yaml `range`, jsonc `offset/length`, babel and TOML `start/end` or `range`, `DataNode.range`).
 */
export type Target =
  | Range
  | { range: readonly number[] | Range | null | undefined }
  | { offset: number; length: number }
  | { start: number | null | undefined; end: number | null | undefined };

/** A place in the scanned tree: a path relative to the scan root plus a 1-based region. */
export interface Location {
  path: string;
  start: Position;
  end: Position;
  /** Offsets kept for fingerprints and tests; never printed. */
  startOffset: number;
  endOffset: number;
}

export interface RelatedLocation {
  location: Location;
  message?: string;
  /** Another place of the finding's own secret value (one value is one finding). */
  sameValue?: boolean;
}

/** Property values a finding or fact may carry (plain data, serialisable as is). */
export type PropertyValue = string | number | boolean | readonly string[];
export type Properties = Record<string, PropertyValue | undefined>;

/** A masked description of a secret: never the value. */
export interface SecretPreview {
  /** e.g. `ghp_…Xk2`. */
  preview: string;
  length: number;
  /** Location of the secret value itself (may be narrower than the finding). */
  location: Location;
  /**
   * The keyed hash of the value (never the value): lets a history audit recognise one secret in
   * many blobs and paths. Kept in memory only; reporters do not print it.
   */
  valueHash?: string;
}
