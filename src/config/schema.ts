// A namespace import, so the bundle keeps only the parts of zod in use (not its locales).
import * as z from 'zod';
import { linearGlobProblem } from '../detect/linear-glob.js';
import { linearRegexProblem } from '../detect/linear-regex.js';
import { CONFIDENCES, SEVERITIES } from '../rule/types.js';

const severity = z.enum(SEVERITIES as [string, ...string[]], {
  error: () => `must be one of ${SEVERITIES.join(', ')}`,
});
const confidence = z.enum(CONFIDENCES as [string, ...string[]], {
  error: () => `must be one of ${CONFIDENCES.join(', ')}`,
});
/**
 * A configuration is read from the scanned repository: its lists are bounded so that compiling
 * them cannot exhaust memory (200,000 globs once aborted V8), and its regexes must compile for
 * the linear-time engine (see detect/linear-regex.ts).
 */
const MAX_LIST_ENTRIES = 5_000;
const MAX_PATTERN_LENGTH = 2_000;
const glob = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH, `a glob may be at most ${MAX_PATTERN_LENGTH} characters`)
  .superRefine((value, ctx) => {
    const problem = linearGlobProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const globs = z
  .array(glob, { error: () => 'must be a list of glob strings' })
  .max(MAX_LIST_ENTRIES, `may list at most ${MAX_LIST_ENTRIES} globs (use directory globs such as "vendor/**" instead of one per file)`);
const regexSource = z
  .string()
  .max(MAX_PATTERN_LENGTH, `a regex may be at most ${MAX_PATTERN_LENGTH} characters`)
  .superRefine((source, ctx) => {
    const problem = linearRegexProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: `is ${problem}` });
  })
  // `format: regex` tells JSON Schema validators (and editors) what the refinement checks.
  .meta({ format: 'regex' });
const regexList = z.array(regexSource).max(MAX_LIST_ENTRIES, `may list at most ${MAX_LIST_ENTRIES} regexes`);

const SIZE_MESSAGE = 'must be a byte count such as 1048576 or "1MiB" (units b, kb, kib, mb, mib, gb, gib)';
/**
 * `1048576`, `512KiB`, `1MiB`, `2MB`, … Case-insensitive without the `i` flag: JSON Schema
 * patterns have no flags, and the published schema is generated from this one.
 */
const SIZE_PATTERN = /^\d+(?:\.\d+)?\s*(?:[bB]|[kKmMgG][iI]?[bB])?$/;
const size = z.union([z.number().int().positive(), z.string().regex(SIZE_PATTERN, SIZE_MESSAGE)], { error: () => SIZE_MESSAGE });

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
  regexes: regexList.optional(),
  values: z.array(z.string()).optional(),
});

/** A custom pattern's id; it is reported as `secret/<id>`. */
export const KEBAB_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const customPattern = z.strictObject({
  id: z.string().regex(KEBAB_ID, 'must be kebab-case'),
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
  include: globs.optional().describe('Only scan paths matching these globs (picomatch, dotfiles included).'),
  exclude: globs.optional().describe('Never scan paths matching these globs; a directory name excludes everything below it.'),
  maxFileSize: size.optional().describe('Skip larger files with a note (default 1MiB).'),
  failOn: z
    .union([severity, z.literal('none')], { error: () => `must be none or one of ${SEVERITIES.join(', ')}` })
    .optional()
    .describe('Exit 1 when an active finding is at or above this severity (default high).'),
  baseline: z.string().optional().describe('Baseline file, relative to this configuration file.'),
  gitignore: z.boolean().optional().describe('Honour .gitignore (default true).'),
  rules: z
    .record(z.string(), ruleSetting)
    .optional()
    .describe('Per rule (family/id, id, family/* or *): "off", "on", a severity, or { enabled, severity, options }.'),
  allowlist: z.array(allowlist).optional().describe('Findings to accept, each with a reason.'),
  secrets: z
    .strictObject({
      patterns: z.array(customPattern).optional().describe('Your own secret formats, reported as secret/<id>.'),
      fullSeverityInTests: z
        .boolean()
        .optional()
        .describe(
          'Report secrets in tests, fixtures, mocks, examples and development-only configuration at their full severity (default false: at most low, with context "test" or "development").',
        ),
    })
    .optional(),
  approvals: z
    .strictObject({ protectedEnvironments: globs.optional().describe('Environments whose approval rules live in the CI platform and that you vouch for.') })
    .optional(),
  deploy: z
    .strictObject({
      productionPatterns: regexList
        .optional()
        .describe('Extra regexes that mark a target as production (RE2 syntax, matched case-insensitively in linear time).'),
    })
    .optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type CustomPattern = z.infer<typeof customPattern>;
export type RuleSetting = z.infer<typeof ruleSetting>;

/** The schema classes `validate` walks to list the keys a place takes (loaded with the schema). */
export const schemaTypes = { ZodArray: z.ZodArray, ZodObject: z.ZodObject, ZodOptional: z.ZodOptional, ZodRecord: z.ZodRecord };
