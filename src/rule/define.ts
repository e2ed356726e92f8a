import type { z } from 'zod';
import type { OptionsSchema, OrganisationRule, RepositoryRule, Rule, TextRule, VisitorRule } from './types.js';
import { CONFIDENCES, FAMILIES, SEVERITIES } from './types.js';

/** A rule as written: `ctx.options` is typed by the rule's own `options` schema. */
type Spec<R, S extends OptionsSchema> = Omit<R, 'options'> & { options?: S };
type NoOptions = z.ZodObject<Record<never, never>>;

/**
 * Declares a rule: typed identity. The checks that keep the catalog consistent (`ruleProblems`)
 * run where the catalog is assembled (src/rule/registry.ts; for the CLI bundle, when it is
 * built), not here: a rule may write its help text only when it is first read.
 */
export function defineRule<S extends OptionsSchema = NoOptions>(rule: Spec<RepositoryRule<z.output<S>>, S>): RepositoryRule;
export function defineRule<S extends OptionsSchema = NoOptions>(rule: Spec<TextRule<z.output<S>>, S>): TextRule;
export function defineRule<S extends OptionsSchema = NoOptions>(rule: Spec<VisitorRule, S>): VisitorRule;
export function defineRule<S extends OptionsSchema = NoOptions>(rule: Spec<OrganisationRule<z.output<S>>, S>): OrganisationRule;
export function defineRule(rule: Rule): Rule {
  return Object.freeze(rule);
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
  const hooks = ['scan', 'visit', 'correlate', 'correlateRepositories'].filter((hook) => hook in rule);
  if (hooks.length !== 1) problems.push('exactly one of scan, visit, correlate or correlateRepositories is required');
  if ('keywords' in rule && rule.keywords?.some((k) => k !== k.toLowerCase() || !k)) {
    problems.push('keywords must be non-empty lower-case literals');
  }
  return problems;
}
