/**
 * Where a file sits says how likely a credential in it is an example: the one definition of test,
 * example, development and documentation paths, shared by the engine's severity policy and the
 * code-aware rules.
 */

/** What a path says about the credentials in it. */
export type PathContext =
  /** Tests, fixtures, mocks, recorded HTTP cassettes, examples, samples, demos, `*.example` files. */
  | 'test'
  /** A framework's development-only configuration (`config/dev.exs`, `appsettings.Development.json`). */
  | 'development'
  /** Prose and documentation sites (`docs/`, `*.md`, tutorials, built mkdocs/sphinx sites). */
  | 'documentation';

/** Directory names that hold tests, fixtures, mocks, cassettes, examples or demos. */
const TEST_DIRECTORIES = [
  'tests?',
  '__tests__',
  'specs?',
  '__mocks__',
  'mocks?',
  '__fixtures__',
  'fixtures?',
  '__snapshots__',
  // Go snapshot tests (cupaloy, `.snapshots/TestHandler-…json`)
  '\\.snapshots',
  // Go's `testdata/`, and `_testdata/` (a leading `_` or `.` keeps a folder out of the go tool's packages)
  '[._]?testdata',
  // `test-data`, `testresources` (Java/Go), `test_assets`, `testutils`, `testhelpers`, `test-keys`
  'test[-_]?(?:data|resources?|assets|files|utils?|helpers?|support|keys|certs)',
  'testing',
  'e2e',
  'cypress',
  'playwright',
  'stubs?',
  'fakes?',
  'examples?',
  'samples?',
  'demos?',
  // a project's try-it-out manifests: `manifests/quick-start/`, `quickstart/`
  'quick[-_]?starts?',
  'cassettes',
  // integration and acceptance tests' own material: `integration/resources/tls/local.key`
  '(?:integration|acceptance)/(?:resources|fixtures|data|certs)',
  'vcr[-_]?cassettes',
  'recordings',
  // `integration-tests`, `e2e_tests`, `api-mocks`, `msw-mocks`, `test-utils`, `mock-server` …
  '[\\w.-]*[-_.](?:tests?|specs?|mocks?|fixtures?|e2e|examples?|samples?)',
  '(?:tests?|mocks?|fixtures?|examples?|samples?)[-_.][\\w.-]*',
];

/** File names that are tests, fixtures or examples wherever they sit. */
const TEST_FILES = [
  // JS/TS and friends: `x.test.ts`, `x.spec.js`, `x.stories.tsx`, `x.e2e.ts`, `x.cy.js`
  '[^/]*\\.(?:test|spec|stories|e2e|cy|fixture|mock|integration)\\.[^/]+',
  // a module of mocks: `mock.ts`, `api-mocks.js`, `mocks.py`
  '(?:[^/]*[-_])?mocks?\\.(?:ts|tsx|js|jsx|mjs|cjs|py|go|rb|php|java|kt)',
  // Python, Go, Ruby, Elixir: `test_x.py`, `x_test.go`, `x_spec.rb`, `x_test.exs`, `conftest.py`, Django `tests.py`
  'test_[^/]*',
  // configuration named for a test: `test-values.yaml`, `test-database-detection.yaml`
  'test-[^/]*\\.(?:ya?ml|json|toml|env|properties|ini|conf)',
  '[^/]*_(?:test|tests|spec)\\.[^/]+',
  'conftest\\.py',
  'tests\\.py',
  // a module of test helpers named for it: `test.go`, `tests.rs`, `test.sh`
  'tests?\\.(?:go|rs|sh|js|ts|mjs|cjs|rb)',
  // JVM and .NET: `FooTest.java`, `FooTests.cs`, `FooSpec.groovy`, `FooIT.java`
  '[A-Z][\\w]*(?:Test|Tests|Spec|IT)\\.(?:java|kt|kts|scala|groovy|cs|fs|vb|swift)',
  // Framework test configuration: Phoenix `config/test.exs`, Rails `config/environments/test.rb`,
  // `.env.test`, Spring `application-test.yml`, ASP.NET `appsettings.Test.json`
  'test\\.exs',
  '(?:[^/]*[._-])?(?:test|testing)\\.env',
  '\\.env\\.(?:test|testing|example|sample|template|dist|defaults?)',
  'application-(?:test|it)\\.(?:ya?ml|properties)',
  'appsettings\\.(?:Test|Testing)\\.json',
  // Examples and templates: `.env.example`, `config.yml.sample`, `settings.py.dist`, `example.env`
  '[^/]+\\.(?:example|examples|sample|samples|template|tmpl|dist)',
  // `values-production-example.yaml`, `config_sample.json`
  '[^/]*[-_](?:example|sample)s?\\.[^/]+',
  // key and certificate files named as test material: `client_test_key.pem`, `dummy-cert.key`
  '(?:[^/]*[-_.])?(?:test|testing|dummy|fake)[-_.][^/]*\\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore)',
  '[^/]*\\.(?:example|sample)\\.[^/]+',
  '(?:example|sample)\\.[^/]+',
];

/** Test configuration that only makes sense under its folder: Rails, Express-style `config/env/test.js`. */
const TEST_CONFIG_PATHS = [
  'config/environments/test\\.rb',
  'config/env/(?:test|testing)\\.(?:js|cjs|mjs|ts|json)',
  // Helm chart-testing's values for CI installs: `charts/<chart>/ci/*-values.yaml`
  'ci/[^/]*values\\.ya?ml',
];

/** Folders that set up a developer's machine or database: dev containers, seed data. */
const DEVELOPMENT_DIRECTORIES = ['\\.devcontainer', '\\.dev', 'seeds?', 'seeders?', 'database/factories'];

/** A framework's development-only configuration: values generated for a local server. */
const DEVELOPMENT_FILES = [
  // database seeds for a development database: `priv/repo/seeds.exs`, `db/seeds.rb`, `prisma/seed.ts`
  'seeds?\\.(?:exs|rb|ts|js|py|sql)',
  // named seed and reset scripts: `seed-db.ts`, `db_seed.py`, Laravel `UserSeeder.php`, `populate.ts`, `db-reset.js`
  '(?:[^/]*[-_])?[Ss]eed(?:s|ers?|ing|[-_]?data)?(?:[-_][^/]*)?\\.(?:exs|rb|ts|js|mjs|cjs|py|sql|php)',
  '[A-Z]\\w*Seeder\\.php',
  '(?:[^/]*[-_])?populate(?:[-_][^/]*)?\\.(?:ts|js|mjs|cjs|py)',
  '(?:db|database)[-_]reset\\.(?:ts|js|mjs|cjs|py|sh)',
  'reset[-_](?:db|database)\\.(?:ts|js|mjs|cjs|py|sh)',
  // Phoenix/Elixir `config/dev.exs`, Rails `config/environments/development.rb`
  'config/dev\\.exs',
  'config/environments/development\\.rb',
  // `.env.development`, `.env.dev`, ASP.NET `appsettings.Development.json`, Spring `application-dev.yml`
  '\\.env\\.(?:development|dev)',
  'appsettings\\.Development\\.json',
  'application-(?:dev|development|local)\\.(?:ya?ml|properties)',
  // Django split settings: `settings/dev.py`, `settings/local.py`, `settings/development.py`
  'settings/(?:dev|development|local)\\.py',
  // Express-style `config/env/development.js`
  'config/env/(?:dev|development|local)\\.(?:js|cjs|mjs|ts|json)',
];

/** Documentation: prose files (and their templates: `README.md.gotmpl`), documentation folders, tutorials and built documentation sites. */
const DOCUMENTATION_FILES = ['[^/]*\\.(?:md|mdx|markdown|rst|adoc|asciidoc|ipynb)(?:\\.(?:gotmpl|tmpl|tpl|j2|jinja|erb|hbs|mustache))?'];
const DOCUMENTATION_DIRECTORIES = ['docs?', 'documentation', 'tutorials?', 'guides?', 'site', '_site', 'docs[-_]src', 'book', 'manual'];

/**
 * GitHub runs only the workflows in the repository's root `.github/workflows/`: one below a
 * subfolder (`examples/app/.github/workflows/deploy.yml`) is a template or an example's own CI.
 */
const NESTED_WORKFLOWS = '^[^/].*?/\\.github/workflows/';
const NESTED_WORKFLOW = new RegExp(NESTED_WORKFLOWS, 'i');

/** Whether a path is a GitHub workflow below a subfolder, which GitHub never runs (an example's or a template's). */
export function isNestedWorkflow(path: string): boolean {
  return NESTED_WORKFLOW.test(path);
}

const TEST_PATH = new RegExp(
  `(?:^|/)(?:${TEST_DIRECTORIES.join('|')})/|(?:^|/)(?:${TEST_FILES.join('|')})$|(?:^|/)(?:${TEST_CONFIG_PATHS.join('|')})$|${NESTED_WORKFLOWS}`,
  'i',
);
const DEVELOPMENT_PATH = new RegExp(`(?:^|/)(?:${DEVELOPMENT_FILES.join('|')})$|(?:^|/)(?:${DEVELOPMENT_DIRECTORIES.join('|')})/`);
const DOCUMENTATION_PATH = new RegExp(`(?:^|/)(?:${DOCUMENTATION_FILES.join('|')})$|(?:^|/)(?:${DOCUMENTATION_DIRECTORIES.join('|')})/`, 'i');

/**
 * Lock files that package managers and i18n tools generate: names, versions, ranges and checksums
 * under keys such as `credential-provider-node` or `api_keys/secret`, never set by a person.
 */
const LOCK_FILE =
  /(?:^|\/)(?:[^/]+\.lock|package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.ya?ml|go\.sum|gradle\.lockfile|packages\.lock\.json|Package\.resolved|conda-lock\.ya?ml)$/;

/** Whether a repository path is a generated lock file (`yarn.lock`, `package-lock.json`, `go.sum` …). */
export function isLockFile(path: string): boolean {
  return LOCK_FILE.test(path);
}

const TEST_DIRECTORY = new RegExp(`(?:^|/)(?:${TEST_DIRECTORIES.join('|')})/`, 'i');

/**
 * camelCase folder names (`integrationTests/`, `e2eTests/`, `apiMocks/`, `sharedFixtures/`): the
 * capital letter marks the word boundary, so this one is case-sensitive (`contests/` stays out).
 */
const CAMEL_CASE_TEST_DIRECTORY = /(?:^|\/)[A-Za-z][a-z0-9]*(?:Tests?|Specs?|Mocks?|Fixtures?|TestData|Examples?|Samples?)\//;

/** Whether a repository path lies in a folder of tests, fixtures, mocks, cassettes, examples or demos (its own name aside). */
export function isInTestDirectory(path: string): boolean {
  return TEST_DIRECTORY.test(path) || CAMEL_CASE_TEST_DIRECTORY.test(path);
}

/** Whether a repository path holds tests, fixtures, mocks, cassettes, examples or demos. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path) || CAMEL_CASE_TEST_DIRECTORY.test(path);
}

/** Whether a repository path is documentation. */
export function isDocumentationPath(path: string): boolean {
  return DOCUMENTATION_PATH.test(path);
}

/** Whether a repository path is a framework's development-only configuration. */
function isDevelopmentConfigPath(path: string): boolean {
  return DEVELOPMENT_PATH.test(path);
}

/**
 * What a path says about credentials in it; undefined for ordinary source and configuration.
 * Documentation wins over tests (a `docs/examples/` page is prose), tests over development.
 */
export function pathContext(path: string): PathContext | undefined {
  if (isDocumentationPath(path)) return 'documentation';
  if (isTestPath(path)) return 'test';
  if (isDevelopmentConfigPath(path)) return 'development';
  return undefined;
}

/**
 * Whether an offset of a source file sits in test code its language keeps beside the code under
 * test: a Rust `#[cfg(test)]` module (by convention at the end of the file).
 */
export function isInlineTestCode(kind: string, text: string, offset: number): boolean {
  return kind === 'rust' && text.lastIndexOf('#[cfg(test)]', offset) !== -1;
}
