import type { z } from 'zod';
import type { OptionsSchema, RepositoryRule, Rule, TextRule, VisitorRule } from './types.js';
import { CONFIDENCES, FAMILIES, SEVERITIES } from './types.js';

/** A rule as written: `ctx.options` is typed by the rule's own `options` schema. */
type RuleSpec<S extends OptionsSchema> = { options?: S } & (
  | Omit<TextRule<z.output<S>>, 'options'>
  | Omit<VisitorRule, 'options'>
  | Omit<RepositoryRule<z.output<S>>, 'options'>
);

/** Declares a rule. Typed identity plus the checks that keep the catalog consistent. */
export function defineRule<S extends OptionsSchema = z.ZodObject<Record<never, never>>>(rule: RuleSpec<S>): Rule {
  const problems = ruleProblems(rule as Rule);
  if (problems.length) throw new Error(`rule ${rule.family}/${rule.id}: ${problems.join('; ')}`);
  return Object.freeze(rule) as Rule;
}

/** Problems with a rule's metadata (empty when it is well formed). */
export function ruleProblems(rule: Rule): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(rule.id)) problems.push('id must be kebab-case');
  if (!FAMILIES.includes(rule.family)) problems.push(`unknown family ${String(rule.family)}`);
  if (!SEVERITIES.includes(rule.severity)) problems.push(`unknown severity ${String(rule.severity)}`);
  if (!CONFIDENCES.includes(rule.confidence)) problems.push(`unknown confidence ${String(rule.confidence)}`);
  if (!rule.title.trim()) problems.push('title is empty');
  if (!rule.description.trim()) problems.push('description is empty');
  if (!/\*\*Fix\.?\*\*/.test(rule.help)) problems.push('help needs a **Fix** paragraph');
  const hooks = ['scan', 'visit', 'correlate'].filter((hook) => hook in rule);
  if (hooks.length !== 1) problems.push('exactly one of scan, visit or correlate is required');
  if ('keywords' in rule && rule.keywords?.some((k) => k !== k.toLowerCase() || !k)) {
    problems.push('keywords must be non-empty lower-case literals');
  }
  return problems;
}
