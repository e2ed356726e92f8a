import { globMatcher } from '../detect/linear-glob.js';
import type { Document } from '../document/document.js';
import { LinearTest } from '../detect/linear-regex.js';
import { matchesRule } from '../rule/match.js';
import type { Finding } from '../rule/types.js';

/** A configured allowlist entry (see the config schema). */
export interface Allowlist {
  rules?: readonly string[];
  paths?: readonly string[];
  regexes?: readonly string[];
  values?: readonly string[];
  reason: string;
}

/** What an allowlist entry is asked about one finding. */
export interface AllowlistQuery {
  ruleKey: string;
  path: string;
  /** The secret value, for findings that carry one. */
  secret: string | undefined;
  /**
   * The text of the finding's first line, which regexes are tried on when there is no secret;
   * undefined when it is not at hand yet (repository findings: checked again once it is).
   */
  line: string | undefined;
}

interface CompiledAllowlist {
  reason: string;
  covers(query: AllowlistQuery): boolean;
}

/** The configuration's allowlist, compiled once per scan. */
export class Allowlists {
  private readonly entries: CompiledAllowlist[];

  constructor(entries: readonly Allowlist[]) {
    this.entries = entries.map(compileAllowlist);
  }

  /** The reason of the first entry that covers a finding, if any. */
  reasonFor(query: AllowlistQuery): string | undefined {
    return this.entries.find((entry) => entry.covers(query))?.reason;
  }

  /**
   * Repository findings carry no secret value (facts keep only masked previews), so their
   * regexes are tried on the finding's line, once the scan reads the file again.
   */
  coverByLine(findings: readonly Finding[], doc: Document): Finding[] {
    if (!this.entries.length) return [...findings];
    return findings.map((finding) => {
      if (finding.suppressed) return finding;
      const line = doc.lines.lineText(finding.location.start.line);
      const reason = this.reasonFor({ ruleKey: finding.ruleId, path: finding.location.path, secret: undefined, line });
      return reason === undefined ? finding : { ...finding, suppressed: { kind: 'config' as const, reason } };
    });
  }
}

/**
 * An allowlist entry covers a finding when its rule filter passes and any one of its path,
 * regex or value conditions holds. Regexes are tried on the secret, or the line for findings
 * without one.
 */
function compileAllowlist(entry: Allowlist): CompiledAllowlist {
  const paths = entry.paths?.length ? globMatcher(entry.paths) : undefined;
  // Configured regexes run in linear time: a repository's allowlist cannot hang the scan.
  const regexes = (entry.regexes ?? []).map((source) => new LinearTest(source));
  const values = new Set(entry.values ?? []);
  const rules = entry.rules?.length ? entry.rules : undefined;
  return {
    reason: entry.reason,
    covers({ ruleKey, path, secret, line }) {
      if (rules && !rules.some((pattern) => matchesRule(pattern, ruleKey))) return false;
      if (paths?.(path)) return true;
      if (secret !== undefined) return values.has(secret) || regexes.some((regex) => regex.test(secret));
      return line !== undefined && regexes.some((regex) => regex.test(line));
    },
  };
}
