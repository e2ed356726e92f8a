import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInit } from '../src/cli/init.js';
import { loadConfig } from '../src/config/load.js';
import { createEngine } from '../src/pipeline/scan-file.js';
import { loadBuiltinRules } from '../src/rule/registry.js';
import type { Rule } from '../src/rule/types.js';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

/**
 * One corpus of configurations, each judged by the published JSON Schema (what editors and CI
 * linters check) and by the loader the CLI uses (file → zod → rule selection). They must agree
 * on every entry, and each entry says which way, so neither can drift into accepting everything.
 */
interface Case {
  name: string;
  config: unknown;
  valid: boolean;
}

const README_EXAMPLE = ((): unknown => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n(# \.nhiscanrc\.yml\n[\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README has no .nhiscanrc.yml example');
  return parseYaml(block[1]!);
})();

const CORPUS: Case[] = [
  { name: 'empty', config: {}, valid: true },
  { name: 'the README example', config: README_EXAMPLE, valid: true },
  { name: '$schema line', config: { $schema: './node_modules/nhiscan/schema/nhiscan.schema.json' }, valid: true },
  ...['2MiB', '2mib', '2MIB', '512 KB', '1.5GiB', '100', '64b', '3gb'].map((size) => ({
    name: `maxFileSize ${size}`,
    config: { maxFileSize: size },
    valid: true,
  })),
  { name: 'maxFileSize as a number', config: { maxFileSize: 1048576 }, valid: true },
  ...['2 megs', '2TB', 'MiB', '-1', '1,5MiB'].map((size) => ({ name: `maxFileSize ${size}`, config: { maxFileSize: size }, valid: false })),
  ...[0, -1, 1.5].map((size) => ({ name: `maxFileSize ${size}`, config: { maxFileSize: size }, valid: false })),
  { name: 'failOn none', config: { failOn: 'none' }, valid: true },
  { name: 'failOn info', config: { failOn: 'info' }, valid: true },
  { name: 'failOn severe', config: { failOn: 'severe' }, valid: false },
  { name: 'include, exclude, gitignore, baseline', config: { include: ['src/**'], exclude: ['vendor'], gitignore: false, baseline: 'x.json' }, valid: true },
  { name: 'include as a string', config: { include: 'src/**' }, valid: false },
  { name: 'an empty glob', config: { exclude: [''] }, valid: false },
  { name: 'gitignore as a string', config: { gitignore: 'yes' }, valid: false },
  { name: 'an unknown top-level key', config: { excludes: ['x'] }, valid: false },
  { name: 'a rule at the top level', config: { 'secret/*': 'off' }, valid: false },
  {
    name: 'every setting form',
    config: {
      rules: {
        'secret/github-token': 'off',
        'secret/private-key': 'on',
        'secret/generic-credential': 'low',
        'assistant/*': { enabled: false },
        'deploy/*': { severity: 'critical' },
        'identity/*': { options: {} },
      },
    },
    valid: true,
  },
  { name: 'family wildcard, star and a bare id', config: { rules: { '*': 'low', 'secret/*': 'off', 'github-token': 'high' } }, valid: true },
  { name: 'an unknown rule', config: { rules: { 'secret/github-tokn': 'off' } }, valid: false },
  { name: 'an unknown bare id', config: { rules: { 'github-tokn': 'off' } }, valid: false },
  { name: 'an unknown family', config: { rules: { 'secrets/*': 'off' } }, valid: false },
  { name: 'an unknown setting', config: { rules: { 'secret/github-token': 'disabled' } }, valid: false },
  { name: 'an unknown setting key', config: { rules: { 'secret/github-token': { enable: false } } }, valid: false },
  {
    name: 'options of a rule that takes options',
    config: { rules: { 'deploy/unapproved-deploy': { options: { reportNonProduction: true, includeImagePush: false } } } },
    valid: true,
  },
  { name: 'options by bare id', config: { rules: { 'static-cloud-credentials': { options: { allow: ['LEGACY_KEY'] } } } }, valid: true },
  { name: 'a misspelt option', config: { rules: { 'deploy/unapproved-deploy': { options: { reportNonProd: true } } } }, valid: false },
  { name: 'an option of the wrong type', config: { rules: { 'deploy/unapproved-deploy': { options: { reportNonProduction: 'yes' } } } }, valid: false },
  { name: 'options for a rule without options', config: { rules: { 'secret/github-token': { options: { strict: true } } } }, valid: false },
  { name: 'options for a family whose other rules take none', config: { rules: { 'deploy/*': { options: { reportNonProduction: true } } } }, valid: false },
  { name: 'options for every rule', config: { rules: { '*': { options: { allow: [] } } } }, valid: false },
  {
    name: 'a full allowlist entry',
    config: {
      allowlist: [
        {
          reason: 'emulator keys',
          rules: ['secret/github-token', 'secret/*', 'private-key'],
          paths: ['test/**'],
          regexes: ['^EXAMPLE_[A-Z]+$'],
          values: ['not-a-secret'],
        },
      ],
    },
    valid: true,
  },
  { name: 'an allowlist entry without a reason', config: { allowlist: [{ paths: ['a'] }] }, valid: false },
  { name: 'an allowlist entry with an empty reason', config: { allowlist: [{ reason: '', paths: ['a'] }] }, valid: false },
  { name: 'an allowlist entry naming an unknown rule', config: { allowlist: [{ reason: 'x', rules: ['secret/nope'] }] }, valid: false },
  { name: 'an allowlist entry with a bad regex', config: { allowlist: [{ reason: 'x', regexes: ['(unclosed'] }] }, valid: false },
  { name: 'an allowlist entry with a misspelt key', config: { allowlist: [{ reason: 'x', path: ['a'] }] }, valid: false },
  {
    name: 'a custom pattern, set and allowlisted by name',
    config: {
      secrets: {
        patterns: [
          {
            id: 'acme-key',
            title: 'ACME key',
            regex: 'acme_([a-z0-9]{32})',
            secretGroup: 1,
            keywords: ['acme_'],
            entropy: 3,
            severity: 'high',
            confidence: 'medium',
            lifetime: 'long-lived',
          },
        ],
        fullSeverityInTests: true,
      },
      rules: { 'secret/acme-key': 'low', 'acme-key': { severity: 'medium' } },
      allowlist: [{ reason: 'x', rules: ['secret/acme-key'] }],
    },
    valid: true,
  },
  { name: 'a custom pattern name without the pattern', config: { rules: { 'secret/acme-key': 'off' } }, valid: false },
  { name: 'an allowlist naming a custom pattern that is not declared', config: { allowlist: [{ reason: 'x', rules: ['secret/acme-key'] }] }, valid: false },
  {
    name: 'options for a custom pattern',
    config: { secrets: { patterns: [{ id: 'acme-key', regex: 'acme_[a-z]+' }] }, rules: { 'secret/acme-key': { options: { x: 1 } } } },
    valid: false,
  },
  { name: 'a custom pattern id that is not kebab-case', config: { secrets: { patterns: [{ id: 'AcmeKey', regex: 'x' }] } }, valid: false },
  { name: 'a custom pattern that reuses a built-in id', config: { secrets: { patterns: [{ id: 'github-token', regex: 'x' }] } }, valid: false },
  { name: 'a custom pattern with a bad regex', config: { secrets: { patterns: [{ id: 'acme-key', regex: '[a-' }] } }, valid: false },
  { name: 'a custom pattern with entropy above 8', config: { secrets: { patterns: [{ id: 'acme-key', regex: 'x', entropy: 9 }] } }, valid: false },
  { name: 'approvals and deploy', config: { approvals: { protectedEnvironments: ['prod*'] }, deploy: { productionPatterns: ['^live$'] } }, valid: true },
  { name: 'a misspelt approvals key', config: { approvals: { protectedEnvironment: ['prod'] } }, valid: false },
  { name: 'a bad production pattern', config: { deploy: { productionPatterns: ['(?<'] } }, valid: false },
];

/**
 * What JSON Schema cannot say, checked by the loader only: uniqueness of a field across array
 * items. Listed here so the gap is explicit; the schema accepts these and the loader refuses.
 */
const LOADER_ONLY: Case[] = [
  {
    name: 'two custom patterns with one id',
    config: {
      secrets: {
        patterns: [
          { id: 'acme-key', regex: 'a' },
          { id: 'acme-key', regex: 'b' },
        ],
      },
    },
    valid: false,
  },
];

let catalog: Rule[];
let schemaValid: (config: unknown) => boolean;
const dir = mkdtempSync(join(tmpdir(), 'nhiscan-config-corpus-'));

/** The loader's verdict: the file as the CLI reads it with --config, then rule selection. */
async function loaderValid(config: unknown, index: number): Promise<boolean> {
  const file = join(dir, `case-${index}.json`);
  writeFileSync(file, JSON.stringify(config));
  try {
    createEngine(catalog, await loadConfig({ cwd: dir, file }), false);
    return true;
  } catch (error) {
    if ((error as Error).name !== 'ConfigError') throw error;
    return false;
  }
}

beforeAll(async () => {
  catalog = await loadBuiltinRules();
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictTypes: false });
  // JSON Schema's "regex" format: an ECMA-262 regular expression, as the loader compiles it.
  ajv.addFormat('regex', (source: string) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'nhiscan.schema.json'), 'utf8')));
  schemaValid = (config) => validate(config);
});

describe('the JSON Schema and the loader agree', () => {
  it.each(CORPUS.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    expect(await loaderValid(c.config, i), 'loader').toBe(c.valid);
    expect(schemaValid(c.config), 'schema').toBe(c.valid);
  });

  it('the schema accepts what it cannot check, and the loader refuses it', async () => {
    for (const [i, c] of LOADER_ONLY.entries()) {
      expect(await loaderValid(c.config, 1000 + i), c.name).toBe(false);
      expect(schemaValid(c.config), `${c.name}: the schema now checks this; move it to CORPUS`).toBe(true);
    }
  });

  it('lists every rule, family and star as a rule name, with its title', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'nhiscan.schema.json'), 'utf8')) as {
      $defs: { ruleName: { enum: string[] } };
      properties: { rules: { properties: Record<string, { description: string }> } };
    };
    const names = new Set(schema.$defs.ruleName.enum);
    for (const rule of catalog) {
      const key = `${rule.family}/${rule.id}`;
      expect(names.has(key), key).toBe(true);
      expect(schema.properties.rules.properties[key]?.description).toBe(rule.title);
      expect(schemaValid({ rules: { [key]: 'off' }, allowlist: [{ reason: 'r', rules: [key] }] }), key).toBe(true);
    }
    for (const family of ['*', 'secret/*', 'identity/*', 'assistant/*', 'deploy/*']) expect(names.has(family)).toBe(true);
  });

  it('the starter configuration of init is valid and references the schema', async () => {
    const project = mkdtempSync(join(tmpdir(), 'nhiscan-init-schema-'));
    await runInit(project, { preCommit: false, force: false }, () => undefined);
    const text = readFileSync(join(project, '.nhiscanrc.yml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=https:\/\/github\.com\/nhiscan\/nhiscan\/raw\/main\/schema\/nhiscan\.schema\.json$/m);
    const config = parseYaml(text) as unknown;
    expect(schemaValid(config)).toBe(true);
    expect(await loaderValid(config, 2000)).toBe(true);
  });
});

describe('configuration problems through the CLI (D11–D14)', () => {
  const repo = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'nhiscan-config-cli-'));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
    return root;
  };
  const KEY = readFileSync(join(ROOT, 'fixtures', 'demo', 'deploy', 'deploy_key'), 'utf8');

  it('accepts sizes in any case and explains a bad one in words', () => {
    expect(runCli(['scan', repo({ '.nhiscanrc.yml': 'maxFileSize: 2MiB\n', 'a.txt': 'hi\n' })]).code).toBe(0);
    const bad = runCli(['scan', repo({ '.nhiscanrc.yml': 'maxFileSize: 2 megs\n', 'a.txt': 'hi\n' })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('maxFileSize: must be a byte count such as 1048576 or "1MiB"');
    expect(bad.stderr).not.toContain('\\d');
  });

  it('suggests the intended key at every level, and sends rule names to rules:', () => {
    const run = runCli([
      'scan',
      repo({ '.nhiscanrc.yml': 'approvals:\n  protectedEnvironment: [prod]\nsecret/*: off\nallowlist:\n  - reason: x\n    path: [a]\n', 'a.txt': 'hi\n' }),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('approvals: unknown key "protectedEnvironment" (did you mean "protectedEnvironments"?)');
    expect(run.stderr).toContain('allowlist.0: unknown key "path" (did you mean "paths"?)');
    expect(run.stderr).toContain('unknown key "secret/*" (rule settings go under "rules:"');
  });

  it('rejects an unknown rule option with a suggestion', () => {
    const run = runCli(['scan', repo({ '.nhiscanrc.yml': 'rules:\n  deploy/unapproved-deploy:\n    options:\n      reportNonProd: true\n', 'a.txt': 'hi\n' })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option "reportNonProd" (did you mean "reportNonProduction"?)');
  });

  it('says what is wrong with YAML, with a position and without the text', () => {
    const run = runCli(['scan', repo({ '.nhiscanrc.yml': 'rules: {secret/github-token: [off\n', 'a.txt': 'hi\n' })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /cannot parse .*\.nhiscanrc\.yml: Flow sequence in block collection must be sufficiently indented and end with a \] \(BAD_INDENT\) at line 2, column 1/,
    );
    expect(run.stderr).not.toContain('github-token');
  });

  it('notes a JS or TS configuration found in the tree instead of ignoring it silently, and never runs it', () => {
    for (const name of ['nhiscan.config.js', 'nhiscan.config.ts', '.nhiscanrc.cjs']) {
      const root = repo({ [name]: 'globalThis.process.exit(7);\nexport default { rules: { "secret/private-key": "off" } };\n', id_deploy: KEY });
      const run = runCli(['scan', root, '--format', 'json', '--fail-on', 'none']);
      expect(run.code, name).toBe(0);
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[]; notes: { level: string; code: string; path: string; message: string }[] };
      expect(report.findings.map((f) => f.ruleId)).toContain('secret/private-key');
      const note = report.notes.find((n) => n.code === 'config-not-loaded');
      expect(note, name).toMatchObject({ level: 'warning', path: name });
      expect(note!.message).toContain('--config');
    }
    // Text output shows the warning without --verbose, next to the configuration actually used.
    const both = repo({ 'nhiscan.config.mjs': 'export default {};\n', '.nhiscanrc.yml': 'failOn: none\n', 'a.txt': 'hi\n' });
    const text = runCli(['scan', both]);
    expect(text.stdout).toMatch(/warning nhiscan\.config\.mjs: not loaded: .*the configuration used is \.nhiscanrc\.yml/);
    // Named explicitly, it is the user's choice: no note, it runs.
    expect(runCli(['scan', both, '--config', join(both, 'nhiscan.config.mjs')]).stdout).not.toContain('not loaded');
  });

  it('loads a TypeScript configuration named with --config on Node 20, and leaves no compiled file behind', () => {
    const root = repo({
      'nhiscan.config.ts': [
        "import type { Severity } from './types';",
        "const level: Severity | 'off' = 'off';",
        'interface Settings { rules: Record<string, string> }',
        "const config: Settings = { rules: { 'secret/private-key': level } };",
        'export default config;',
        '',
      ].join('\n'),
      'types.ts': "export type Severity = 'high';\n",
      id_deploy: KEY,
    });
    const run = runCli(['scan', root, '--config', join(root, 'nhiscan.config.ts'), '--format', 'json']);
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).not.toContain('secret/private-key');
    expect(readdirSync(root).sort()).toEqual(['id_deploy', 'nhiscan.config.ts', 'types.ts']);
    expect(existsSync(join(root, '.nhiscanrc.yml'))).toBe(false);
  });

  it('a range scan accepts a configuration naming rules it does not run (deploy and repository rules)', () => {
    const root = repo({ '.nhiscanrc.yml': 'rules:\n  deploy/unapproved-deploy: low\n  identity/shared-credential: "off"\n', 'a.txt': 'hi\n' });
    const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
    execFileSync('git', ['commit', '-qm', 'one'], { cwd: root, env: { ...process.env, ...env } });
    writeFileSync(join(root, '.env'), 'DB_PASSWORD=Gz8!rT2q#Wm5xV\n');
    execFileSync('git', ['add', '-A'], { cwd: root });
    execFileSync('git', ['commit', '-qm', 'two'], { cwd: root, env: { ...process.env, ...env } });
    const run = runCli(['scan', root, '--range', 'HEAD~1..HEAD', '--format', 'json']);
    expect(run.stderr).not.toContain('unknown rule');
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toEqual(['secret/generic-credential']);
  });
});
