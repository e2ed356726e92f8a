import { createRequire } from 'node:module';
import { importModule } from '../dynamic-import.js';
import type { SyntaxFamily } from './kinds.js';

type YamlModule = typeof import('yaml');
type JsoncModule = typeof import('jsonc-parser');
type TomlModule = typeof import('toml-eslint-parser');
type BabelModule = typeof import('@babel/parser');

const require = createRequire(import.meta.url);

/**
 * The parser libraries, loaded on demand: a scan that meets no YAML never loads `yaml`, one
 * without JS/TS never loads Babel. Loading is async (some are ESM-only); use is synchronous.
 */
export const parserModules: { yaml?: YamlModule; json?: JsoncModule; toml?: TomlModule; js?: BabelModule } = {};

/**
 * Loads the parser libraries of the given families (idempotent). Babel is left to its first use
 * (`parserModule`): most JavaScript and TypeScript files pass no rule's gate and are never parsed,
 * and loading it was a tenth of a 10-file pre-commit scan.
 */
export async function loadParsers(families: Iterable<SyntaxFamily>): Promise<void> {
  for (const family of new Set(families)) {
    if (family === 'yaml') parserModules.yaml ??= await importModule<YamlModule>('yaml');
    else if (family === 'json') parserModules.json ??= await importModule<JsoncModule>('jsonc-parser');
    else if (family === 'toml') parserModules.toml ??= await importModule<TomlModule>('toml-eslint-parser');
  }
}

/**
 * A parser library. YAML, JSON and Babel have CommonJS builds and are loaded synchronously on
 * first use if `loadParsers` did not load them (embedded YAML frontmatter in a Markdown file, a
 * JSON string inside a workflow); the ESM-only TOML parser must be loaded with `loadParsers`.
 */
export function parserModule<F extends keyof typeof parserModules>(family: F): NonNullable<(typeof parserModules)[F]> {
  if (family === 'yaml') parserModules.yaml ??= require('yaml') as YamlModule;
  else if (family === 'json') parserModules.json ??= require('jsonc-parser') as JsoncModule;
  else if (family === 'js') parserModules.js ??= require('@babel/parser') as BabelModule;
  const module = parserModules[family];
  if (!module) throw new Error(`the ${family} parser is not loaded`);
  return module as NonNullable<(typeof parserModules)[F]>;
}
