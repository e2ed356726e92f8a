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
  /** Set when the scan read git objects (`--history`, `--range`) instead of a tree. */
  history?: HistoryScope;
}

/** What a history or range scan covered, for reports. */
interface HistoryScope {
  kind: 'history' | 'range';
  /** The commit HEAD pointed at, if any. */
  head?: string;
  /** The repository's origin URL without credentials, when it has one. */
  repositoryUri?: string;
  /** How many commits the walk visited. */
  commits: number;
}
