import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { renderCatalog } from '../src/cli/rules-command.js';
import { loadBuiltinRules } from '../src/rule/registry.js';
import { ROOT } from './helpers/fixtures.js';

it('docs/rules.md is generated from the current rule metadata (run `npm run docs`)', async () => {
  const current = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
  expect(current).toBe(renderCatalog(await loadBuiltinRules(), 'markdown'));
});

it('the README documents every scan flag', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const args = readFileSync(join(ROOT, 'src', 'cli', 'args.ts'), 'utf8');
  const flags = [...args.matchAll(/^  '?([a-z-]+)'?: \{ type:/gm)].map((m) => m[1]!);
  expect(flags.length).toBeGreaterThan(10);
  for (const flag of flags) expect(readme, `README mentions --${flag}`).toContain(`--${flag}`);
});

it('schema/nhiscan.schema.json matches the configuration schema (run `npm run docs`)', async () => {
  const { configJsonSchema } = await import('../src/config/json-schema.js');
  expect(readFileSync(join(ROOT, 'schema', 'nhiscan.schema.json'), 'utf8')).toBe(configJsonSchema(await loadBuiltinRules()));
});
