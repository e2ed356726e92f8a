import { loadConfig, type ResolvedConfig } from '../../src/config/load.js';
import type { SourceFile } from '../../src/pipeline/discover.js';
import { scan } from '../../src/pipeline/scan.js';
import type { ScanResult } from '../../src/rule/result.js';
import { loadBuiltinRules } from '../../src/rule/registry.js';

/** Default configuration, with overrides. */
async function defaultConfig(overrides: Partial<ResolvedConfig> = {}): Promise<ResolvedConfig> {
  return { ...(await loadConfig({ cwd: '.', none: true })), ...overrides };
}

/** Scans in-memory files with every built-in rule, or only with `only`. */
export async function scanFiles(
  files: SourceFile[],
  options: { only?: string; ruleOptions?: Record<string, unknown>; config?: Partial<ResolvedConfig> } = {},
): Promise<ScanResult> {
  const config = await defaultConfig(options.config);
  if (options.only) {
    config.rules = { '*': 'off', [options.only]: { enabled: true, ...(options.ruleOptions ? { options: options.ruleOptions } : {}) } };
  }
  return scan({ root: '/nonexistent', config, catalog: await loadBuiltinRules(), files, keepFacts: true });
}

/** A SourceFile from a string. */
export function textFile(path: string, text: string): SourceFile {
  const bytes = Buffer.from(text, 'utf8');
  return { path, size: bytes.length, read: async () => bytes, readSync: () => bytes };
}
