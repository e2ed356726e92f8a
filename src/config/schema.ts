import { z } from 'zod';
import { CONFIDENCES, SEVERITIES } from '../rule/types.js';

const severity = z.enum(SEVERITIES as [string, ...string[]], {
  error: () => `must be one of ${SEVERITIES.join(', ')}`,
});
const confidence = z.enum(CONFIDENCES as [string, ...string[]], {
  error: () => `must be one of ${CONFIDENCES.join(', ')}`,
});
const globs = z.array(z.string().min(1), { error: () => 'must be a list of glob strings' });
const regexSource = z.string().refine(isValidRegex, { error: 'is not a valid regular expression' });

/** `1048576`, `512KiB`, `1MiB`, `2MB`, … */
const size = z.union([z.number().int().positive(), z.string().regex(/^\d+(?:\.\d+)?\s*(?:b|kb|kib|mb|mib|gb|gib)?$/i)], {
  error: () => 'must be a byte count such as 1048576 or "1MiB"',
});

const ruleSetting = z.union(
  [
    z.literal('off'),
    z.literal('on'),
    severity,
    z.strictObject({
      enabled: z.boolean().optional(),
      severity: severity.optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    }),
  ],
  { error: () => `must be "off", "on", a severity (${SEVERITIES.join(', ')}) or { enabled, severity, options }` },
);

const allowlist = z.strictObject({
  reason: z.string({ error: () => 'every allowlist entry needs a reason' }).min(1, 'every allowlist entry needs a reason'),
  rules: z.array(z.string()).optional(),
  paths: globs.optional(),
  regexes: z.array(regexSource).optional(),
  values: z.array(z.string()).optional(),
});

const customPattern = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: z.string().optional(),
  description: z.string().optional(),
  regex: regexSource,
  /** Index of the capture group holding the secret (default: 1 when the regex has groups, else 0). */
  secretGroup: z.number().int().nonnegative().optional(),
  keywords: z.array(z.string().min(1)).optional(),
  entropy: z.number().min(0).max(8).optional(),
  severity: severity.optional(),
  confidence: confidence.optional(),
  lifetime: z.enum(['long-lived', 'short-lived', 'unknown']).optional(),
});

/** The configuration file's shape. Unknown keys are errors. */
export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  include: globs.optional(),
  exclude: globs.optional(),
  maxFileSize: size.optional(),
  failOn: z.union([severity, z.literal('none')], { error: () => `must be none or one of ${SEVERITIES.join(', ')}` }).optional(),
  baseline: z.string().optional(),
  gitignore: z.boolean().optional(),
  rules: z.record(z.string(), ruleSetting).optional(),
  allowlist: z.array(allowlist).optional(),
  secrets: z.strictObject({ patterns: z.array(customPattern).optional() }).optional(),
  approvals: z.strictObject({ protectedEnvironments: globs.optional() }).optional(),
  deploy: z.strictObject({ productionPatterns: z.array(regexSource).optional() }).optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type CustomPattern = z.infer<typeof customPattern>;
export type RuleSetting = z.infer<typeof ruleSetting>;

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
