import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/load.js';
import { parseSize } from '../config/size.js';
import { UsageError } from '../errors.js';
import { linearGlobProblem } from '../detect/linear-glob.js';
import { INFORMATION_URI, type ToolInfo } from '../report/common.js';
import { SEVERITIES, type Severity } from '../rule/types.js';
import type { ParsedArgs } from './args.js';
import { out } from './output.js';

// What every command of the command line shares (scan, baseline, inventory, org): flags applied
// to the configuration, the output file, the fingerprint key from the environment, and the
// tool's name and version.

/** Command-line flags override the configuration file. */
export function applyFlags(config: ResolvedConfig, v: ParsedArgs['values']): void {
  for (const flag of ['include', 'exclude', 'path'] as const) {
    const globs = v[flag];
    if (!Array.isArray(globs)) continue;
    for (const glob of globs) {
      const problem = linearGlobProblem(String(glob));
      if (problem) throw new UsageError(`--${flag}: ${problem}`);
    }
  }
  if (Array.isArray(v.include)) config.include = [...config.include, ...v.include];
  if (Array.isArray(v.exclude)) config.exclude = [...config.exclude, ...v.exclude];
  if (typeof v['max-file-size'] === 'string') {
    const size = parseSize(v['max-file-size']);
    if (!Number.isFinite(size) || size <= 0) throw new UsageError(`--max-file-size: "${v['max-file-size']}" is not a size such as 1048576 or 2MiB`);
    config.maxFileSize = size;
  }
  if (typeof v['fail-on'] === 'string') {
    const allowed = [...SEVERITIES, 'none'];
    if (!allowed.includes(v['fail-on'])) throw new UsageError(`--fail-on must be one of ${allowed.join(', ')}`);
    config.failOn = v['fail-on'] as Severity | 'none';
  }
  if (v['no-gitignore']) config.gitignore = false;
}

/** NHISCAN_FINGERPRINT_KEY: a key shared by every machine that scans (a CI secret), if set. */
export function environmentKey(): string | undefined {
  const key = process.env['NHISCAN_FINGERPRINT_KEY'];
  if (key === undefined || key === '') return undefined;
  if (key.length < 16) throw new UsageError('NHISCAN_FINGERPRINT_KEY must be at least 16 characters (e.g. 64 random hex digits)');
  return key;
}

export async function emit(text: string, output: string | undefined): Promise<void> {
  if (!output) return out(text);
  try {
    await mkdir(dirname(resolve(output)), { recursive: true });
    await writeFile(output, text);
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** `-o FILE`; `-o -` is standard output, as in most command-line tools. */
export function outputPath(value: ParsedArgs['values'][keyof ParsedArgs['values']]): string | undefined {
  return typeof value === 'string' && value !== '-' ? value : undefined;
}

let tool: ToolInfo | undefined;

/** Name and version from the package manifest. */
export function toolInfo(): ToolInfo {
  if (tool) return tool;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'nhiscan') return (tool = { name: 'nhiscan', version: manifest.version ?? '0.0.0', informationUri: INFORMATION_URI });
    }
    dir = dirname(dir);
  }
  return (tool = { name: 'nhiscan', version: '0.0.0', informationUri: INFORMATION_URI });
}
