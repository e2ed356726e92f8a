import * as z from 'zod';
import type { CustomPattern, RuleSetting } from '../config/schema.js';
import type { Allowlist } from './allowlist.js';
import { closest } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { LinearPattern } from '../detect/linear-regex.js';
import { tokenRule } from '../detect/token-rule.js';
import type { Rule, Severity } from '../rule/types.js';
import { isFileRule, ruleKey } from '../rule/types.js';
import { rulesMatching } from '../rule/match.js';
import type { ActiveRule } from './rule-index.js';

/**
 * Applies the configuration's rule settings to the catalog (plus the user's own secret
 * patterns) and returns the rules that run, shadows included (see below). Unknown rule ids are
 * configuration errors.
 */
export function selectRules(
  catalog: readonly Rule[],
  settings: Record<string, RuleSetting>,
  customPatterns: readonly CustomPattern[],
  allowlists: readonly Allowlist[] = [],
): ActiveRule[] {
  const all = [...catalog, ...customPatterns.map(customPatternRule)];
  const byKey = new Map<string, Rule>();
  for (const rule of all) {
    const key = ruleKey(rule);
    if (byKey.has(key)) throw new ConfigError(`secrets.patterns: id "${rule.id}" is already a built-in rule (${key}); choose another id`);
    byKey.set(key, rule);
  }
  const resolved = new Map<string, RuleSetting>();
  /** Rules whose setting names them (`secret/github-token`, `github-token`), not a wildcard. */
  const named = new Set<string>();
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(settings)) {
    const keys = rulesMatching(name, [...byKey.keys()]);
    const problem = namingProblem(name, keys, [...byKey.keys()]);
    if (problem) problems.push(`rules: ${problem}`);
    // A family wildcard sets the default; an exact id set later in the object wins.
    for (const key of keys) {
      resolved.set(key, setting);
      if (name.includes('*')) named.delete(key);
      else named.add(key);
    }
  }
  for (const [i, entry] of allowlists.entries()) {
    for (const name of entry.rules ?? []) {
      const problem = namingProblem(name, rulesMatching(name, [...byKey.keys()]), [...byKey.keys()]);
      if (problem) problems.push(`allowlist[${i}].rules: ${problem}`);
    }
  }

  // Rules the configuration turns off by name still run as shadows, in catalog order, while another
  // rule that reports secrets runs: the findings that survive deduplication are then exactly those
  // that would with every rule on, minus the ones turned off. Turning a rule off removes its
  // findings; it never hands its secret to a catch-all or to a second rule that knows the format.
  // A wildcard (`*`, `secret/*`) chooses which rules run instead: the rest report what they find.
  const selected: ActiveRule[] = [];
  for (const [key, rule] of byKey) {
    const setting = resolved.get(key);
    const options = parseOptions(key, rule, typeof setting === 'object' ? setting.options : undefined, problems);
    const enabled = settingEnabled(setting, !rule.disabledByDefault);
    if (enabled) selected.push({ rule, key, severity: settingSeverity(setting), options });
    else if (named.has(key) && reportsSecrets(rule)) selected.push({ rule, key, options, shadow: true });
  }
  if (problems.length) throw new ConfigError(problems.join('\n'));
  return selected.some((a) => !a.shadow && reportsSecrets(a.rule)) ? selected : selected.filter((a) => !a.shadow);
}

/** File rules of the families that report secret values, which another rule may also match. */
function reportsSecrets(rule: Rule): boolean {
  return isFileRule(rule) && (rule.family === 'secret' || rule.family === 'assistant');
}

/**
 * What is wrong with a rule name in the configuration, if anything: it names no rule (with the
 * likeliest intended one), or it is a bare id that more than one family uses.
 */
function namingProblem(name: string, matched: readonly string[], keys: readonly string[]): string | undefined {
  if (!matched.length) {
    const near = closest(name, keys);
    return `unknown rule "${name}"${near ? ` (did you mean "${near}"?)` : ''}; run "nhiscan rules" for the catalog`;
  }
  if (!name.includes('/') && name !== '*' && matched.length > 1) {
    return `"${name}" names ${matched.length} rules (${matched.join(', ')}); write the family too`;
  }
  return undefined;
}

/**
 * A rule's options from the configuration, checked against the rule's schema with its defaults
 * filled in. Problems (an unknown option, with the likeliest intended one; a wrong type) are
 * collected as configuration errors.
 */
function parseOptions(key: string, rule: Rule, given: Record<string, unknown> | undefined, problems: string[]): Record<string, unknown> {
  if (!rule.options) {
    if (given && Object.keys(given).length) problems.push(`rules.${key}.options: ${key} takes no options`);
    return {};
  }
  const result = z.strictObject(rule.options.shape).safeParse(given ?? {});
  if (result.success) return result.data;
  const names = Object.keys(rule.options.shape);
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const unknown of issue.keys) {
        const near = closest(unknown, names);
        problems.push(`rules.${key}.options: unknown option "${unknown}"${near ? ` (did you mean "${near}"?)` : ''}; it takes ${names.join(', ')}`);
      }
    } else {
      problems.push(`rules.${key}.options.${issue.path.join('.')}: ${issue.message}`);
    }
  }
  return {};
}

function settingEnabled(setting: RuleSetting | undefined, byDefault: boolean): boolean {
  if (setting === undefined) return byDefault;
  if (setting === 'off') return false;
  if (typeof setting === 'object') return setting.enabled ?? true;
  return true;
}

function settingSeverity(setting: RuleSetting | undefined): Severity | undefined {
  if (typeof setting === 'string' && setting !== 'off' && setting !== 'on') return setting as Severity;
  if (typeof setting === 'object' && setting.severity) return setting.severity as Severity;
  return undefined;
}

/** A rule from a user's own secret pattern (`secrets.patterns` in the configuration). */
function customPatternRule(pattern: CustomPattern): Rule {
  // The project's own pattern runs in linear time (RE2): a repository's configuration cannot hang the scan.
  const regex = new LinearPattern(pattern.regex);
  const group = pattern.secretGroup ?? (regex.groupCount > 0 ? 1 : 0);
  return tokenRule({
    id: pattern.id,
    title: pattern.title ?? `Custom secret: ${pattern.id}`,
    description: pattern.description ?? `A value matching the project's own secret pattern "${pattern.id}".`,
    severity: (pattern.severity as Severity | undefined) ?? 'high',
    confidence: (pattern.confidence as 'high' | 'medium' | 'low' | undefined) ?? 'medium',
    tags: ['CWE-798', 'NHI2'],
    help: `**Why.** The project's configuration declares values of this shape secret.\n\n**Fix.** Remove the value from the repository, rotate it, and read it from a secret store at run time.`,
    patterns: [
      {
        name: pattern.title ?? `Secret matching the pattern "${pattern.id}"`,
        regex,
        group,
        keywords: (pattern.keywords ?? []).map((k) => k.toLowerCase()),
        lifetime: pattern.lifetime ?? 'unknown',
        entropy: pattern.entropy,
      },
    ],
  });
}
