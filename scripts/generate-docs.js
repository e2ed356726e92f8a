#!/usr/bin/env node
// Regenerates the files derived from code: docs/rules.md (rule metadata) and
// schema/nhiscan.schema.json (the configuration schema, for editor completion).
// Run with `npm run docs` (it builds first). test/docs.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { renderCatalog } = await import(join(root, 'dist/src/cli/rules-command.js'));
const { loadBuiltinRules } = await import(join(root, 'dist/src/rule/registry.js'));
const { configJsonSchema } = await import(join(root, 'dist/src/config/json-schema.js'));

const rules = await loadBuiltinRules();
writeFileSync(join(root, 'docs', 'rules.md'), renderCatalog(rules, 'markdown'));
writeFileSync(join(root, 'schema', 'nhiscan.schema.json'), configJsonSchema(rules));
console.log('wrote docs/rules.md and schema/nhiscan.schema.json');
