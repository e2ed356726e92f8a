/** Where a file sits says how likely a credential in it is an example. */

/** Tests, fixtures, mocks, examples and demos: credentials there are most often test values. */
const TEST_PATH =
  /(?:^|\/)(?:test|tests|__tests__|spec|specs|__mocks__|mocks?|fixtures?|testdata|test-data|e2e|cypress|playwright|stubs?|examples?|samples?|demo)\/|\.(?:test|spec|stories|e2e|cy)\.[^/]*$|(?:^|\/)test_[^/]*$|_(?:test|spec)\.[^/]*$/i;

/** Documentation: prose files and documentation folders. */
const DOCUMENTATION_PATH = /\.(?:md|mdx|rst|adoc|asciidoc)$|(?:^|\/)(?:doc|docs|documentation)\//i;

/** Whether a repository path holds tests, fixtures, mocks, examples or demos. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/** Whether a repository path is documentation. */
export function isDocumentationPath(path: string): boolean {
  return DOCUMENTATION_PATH.test(path);
}
