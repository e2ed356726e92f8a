import type { Fact, Finding, Note, Rule } from './types.js';

/** Everything a scan produced: the input of every reporter. */
export interface ScanResult {
  findings: Finding[];
  notes: Note[];
  /** The rules that ran, in catalog order. */
  rules: Rule[];
  facts: Fact[];
  stats: { files: number; bytes: number; skipped: number; durationMs: number };
  /** False when a rule failed: the result may be missing findings. */
  complete: boolean;
}
