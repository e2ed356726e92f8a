import { LinearTest } from '../../detect/linear-regex.js';
/**
 * Telling production-like targets from staging, preview and development ones, by the words in
 * a name: environment names, contexts, namespaces, stages, project and cluster names, value
 * files. `deploy.productionPatterns` from the configuration adds project-specific names.
 */

export type Tier = 'production' | 'non-production' | 'unknown';

const PRODUCTION_WORDS = new Set(['prod', 'production', 'prd', 'prod1', 'prod2', 'live', 'prodn', 'productive', 'produccion', 'produktion']);
const NON_PRODUCTION_WORDS = new Set([
  'staging',
  'stage',
  'stg',
  'stag',
  'dev',
  'develop',
  'development',
  'devel',
  'test',
  'tests',
  'testing',
  'qa',
  'uat',
  'preview',
  'previews',
  'review',
  'reviews',
  'sandbox',
  'demo',
  'int',
  'integration',
  'nonprod',
  'preprod',
  'preproduction',
  'feature',
  'features',
  'pr',
  'ephemeral',
  'local',
  'e2e',
  'perf',
  'load',
  'sit',
  'acc',
  'acceptance',
  'nightly',
  'snapshot',
  'experimental',
  'lab',
  'playground',
  'scratch',
  'tmp',
  'temp',
  'testpypi',
  'draft',
  'minikube',
  'k3d',
  'localhost',
]);

/**
 * Non-production words that also describe activities (`test`, `e2e`, `load`): in job and step
 * names (`build-and-test`) they do not name a target, so descriptive names use this smaller set.
 */
const DESCRIPTIVE_NON_PRODUCTION = new Set([
  'staging',
  'stage',
  'stg',
  'dev',
  'develop',
  'development',
  'qa',
  'uat',
  'preview',
  'previews',
  'review',
  'sandbox',
  'demo',
  'nonprod',
  'preprod',
  'ephemeral',
  'testpypi',
  'minikube',
  'k3d',
  'localhost',
  'local',
]);

/** Lower-case words of a name: `deployProd-EU` → `deploy`, `prod`, `eu`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The tier a single name suggests. */
export function tierOfName(name: string, extra: readonly NamePattern[] = [], descriptive = false): Tier {
  if (!name) return 'unknown';
  if (extra.some((pattern) => pattern.test(name))) return 'production';
  const lower = name.toLowerCase();
  // `non-prod`, `pre-prod`, `preprod`, `not-prod` are staging names that contain "prod".
  if (/(?:^|[^a-z])(?:non|pre|not)[-_ ]?prod/.test(lower)) return 'non-production';
  const list = words(name);
  if (list.some((w) => PRODUCTION_WORDS.has(w))) return 'production';
  const nonProduction = descriptive ? DESCRIPTIVE_NON_PRODUCTION : NON_PRODUCTION_WORDS;
  if (list.some((w) => nonProduction.has(w))) return 'non-production';
  return 'unknown';
}

/** The tier several names suggest together: production wins, then non-production. */
export function tierOfNames(names: readonly (string | undefined)[], extra: readonly NamePattern[] = [], descriptive = false): Tier {
  let tier: Tier = 'unknown';
  for (const name of names) {
    if (!name) continue;
    const t = tierOfName(name, extra, descriptive);
    if (t === 'production') return t;
    if (t === 'non-production') tier = t;
  }
  return tier;
}

const TEST_WORDS = new Set([
  'test',
  'tests',
  'testing',
  'e2e',
  'acceptance',
  'integration',
  'smoke',
  'qa',
  'conformance',
  'perf',
  'load',
  'benchmark',
  'benchmarks',
  'preview',
  'review',
  'ephemeral',
  'sandbox',
  'demo',
]);
const DEPLOY_VERBS = /^(?:deploy|deployment|deployments|release|publish|ship|rollout|promote|apply)$/;

/**
 * A job named for testing (`acceptance_tests_aks`, `deployment-tests`, `e2e`): what it deploys
 * is test infrastructure. A name that also says deploy counts only when testing is its last
 * word (`deployment-tests` yes, `test-and-deploy` no).
 */
export function isTestJobName(name: string): boolean {
  const list = words(name);
  if (!list.some((w) => TEST_WORDS.has(w))) return false;
  if (!list.some((w) => DEPLOY_VERBS.test(w))) return true;
  return TEST_WORDS.has(list[list.length - 1]!);
}

/** Branches that conventionally release to production. */
export function isReleaseBranch(branch: string): boolean {
  return /^(?:refs\/heads\/)?(?:main|master|release(?:[/_-].*)?|releases\/.*|prod(?:uction)?|live|stable|trunk|\$CI_DEFAULT_BRANCH|\$\{?CI_DEFAULT_BRANCH\}?)$/i.test(
    branch.trim(),
  );
}

/** A configured production pattern, compiled for the linear-time engine. */
export type NamePattern = Pick<LinearTest, 'test'>;

const compiled = new Map<string, LinearTest>();

/** Compiles configured production patterns (case-insensitive, linear time), skipping any that do not compile. */
export function compilePatterns(sources: readonly string[]): NamePattern[] {
  const out: NamePattern[] = [];
  for (const source of sources) {
    try {
      let pattern = compiled.get(source);
      if (!pattern) compiled.set(source, (pattern = new LinearTest(source, { ignoreCase: true })));
      out.push(pattern);
    } catch {
      // The configuration schema validates patterns; a bad one is simply not used here.
    }
  }
  return out;
}
