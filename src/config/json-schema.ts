import * as z from 'zod';
import type { Rule } from '../rule/types.js';
import { FAMILIES, ruleKey } from '../rule/types.js';
import { configSchema, KEBAB_ID } from './schema.js';

type JsonSchema = Record<string, unknown>;

const SCHEMA_URL = 'https://github.com/nhiscan/nhiscan/raw/main/schema/nhiscan.schema.json';

/**
 * The configuration's JSON Schema (published as schema/nhiscan.schema.json), as text. The shape
 * comes from the zod schema the loader validates with; the rule names and each rule's options
 * come from the catalog, so the schema accepts exactly the rule settings the loader accepts:
 * every rule key, every bare id that names one rule, every `family/*` and `*`, and only the
 * options each named rule takes. Names of the project's own `secrets.patterns` cannot be listed
 * in advance: when the configuration declares patterns, any kebab-case name is allowed too.
 */
export function configJsonSchema(catalog: readonly Rule[]): string {
  const schema = z.toJSONSchema(configSchema, { unrepresentable: 'any' }) as JsonSchema;
  const properties = schema['properties'] as Record<string, JsonSchema>;
  const rulesProperty = properties['rules']!;
  const genericSetting = rulesProperty['additionalProperties'] as JsonSchema;
  const names = ruleNames(catalog);

  // Every name a rule setting or an allowlist entry may use, each with the options it takes.
  const defs: Record<string, JsonSchema> = { ruleSetting: settingWithOptions(genericSetting, NO_OPTIONS) };
  const known: Record<string, JsonSchema> = {};
  for (const [name, rules] of names) {
    const options = optionsFor(rules);
    const title = rules.length === 1 ? rules[0]!.title : `${rules.length} rules`;
    if (!options) {
      known[name] = { $ref: '#/$defs/ruleSetting', description: title };
      continue;
    }
    const def = `ruleSetting.${ruleKey(rules[0]!).replace('/', '.')}`;
    defs[def] ??= settingWithOptions(genericSetting, options);
    known[name] = { $ref: `#/$defs/${def}`, description: title };
  }
  const customName = { type: 'string', pattern: `^(?:secret/)?${KEBAB_ID.source.slice(1, -1)}$` };
  properties['rules'] = {
    ...rulesProperty,
    properties: known,
    // Only names of the project's own patterns reach this (see the condition below); they take no options.
    additionalProperties: { $ref: '#/$defs/ruleSetting' },
  };
  const allowlistItem = (properties['allowlist'] as { items: { properties: Record<string, JsonSchema> } }).items;
  allowlistItem.properties['rules'] = { ...allowlistItem.properties['rules'], items: { type: 'string' } };

  // A custom pattern may not reuse a built-in secret rule's id.
  const secretIds = catalog.filter((rule) => rule.family === 'secret').map((rule) => rule.id);
  const patternItem = (properties['secrets'] as { properties: Record<string, { items: { properties: Record<string, JsonSchema> } }> }).properties['patterns']!
    .items;
  patternItem.properties['id'] = { ...patternItem.properties['id'], not: { enum: secretIds } };

  defs['ruleName'] = { enum: [...names.keys()] };
  const knownNames = { $ref: '#/$defs/ruleName' };
  const namesWithCustom = { anyOf: [knownNames, customName] };
  const hasCustomPatterns = { required: ['secrets'], properties: { secrets: { required: ['patterns'], properties: { patterns: { minItems: 1 } } } } };
  const namesAre = (nameSchema: JsonSchema): JsonSchema => ({
    properties: {
      rules: { propertyNames: nameSchema },
      allowlist: { items: { properties: { rules: { items: nameSchema } } } },
    },
  });
  return (
    JSON.stringify(
      {
        ...schema,
        $id: SCHEMA_URL,
        title: 'nhiscan configuration',
        $defs: defs,
        allOf: [{ if: hasCustomPatterns, then: namesAre(namesWithCustom), else: namesAre(knownNames) }],
      },
      null,
      2,
    ) + '\n'
  );
}

/**
 * The names that select rules, each with the rules it selects (see src/rule/match.ts): `*`,
 * `family/*`, `family/id`, and a bare `id` when only one family uses it (the loader rejects an
 * ambiguous bare id).
 */
function ruleNames(catalog: readonly Rule[]): Map<string, Rule[]> {
  const names = new Map<string, Rule[]>([['*', [...catalog]]]);
  for (const family of FAMILIES)
    names.set(
      `${family}/*`,
      catalog.filter((rule) => rule.family === family),
    );
  const byId = new Map<string, Rule[]>();
  for (const rule of catalog) byId.set(rule.id, [...(byId.get(rule.id) ?? []), rule]);
  for (const rule of catalog) names.set(ruleKey(rule), [rule]);
  for (const [id, rules] of byId) if (rules.length === 1 && !names.has(id)) names.set(id, rules);
  return names;
}

const NO_OPTIONS: JsonSchema = { type: 'object', maxProperties: 0 };

/**
 * The options a name may set, or undefined for none: each selected rule checks them against its
 * own schema, so an option must suit every rule the name selects, and a rule without options
 * takes none.
 */
function optionsFor(rules: readonly Rule[]): JsonSchema | undefined {
  if (!rules.length || rules.some((rule) => !rule.options)) return undefined;
  const distinct = new Map<string, JsonSchema>();
  for (const rule of rules) {
    const schema = z.toJSONSchema(z.strictObject(rule.options!.shape), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    delete schema['$schema'];
    distinct.set(JSON.stringify(schema), schema);
  }
  const schemas = [...distinct.values()];
  return schemas.length === 1 ? schemas[0]! : { allOf: schemas };
}

/** The rule-setting schema with the object form's `options` replaced. */
function settingWithOptions(generic: JsonSchema, options: JsonSchema): JsonSchema {
  const variants = (generic['anyOf'] as JsonSchema[]).map((variant) =>
    variant['type'] === 'object' ? { ...variant, properties: { ...(variant['properties'] as JsonSchema), options } } : variant,
  );
  return { ...generic, anyOf: variants };
}
