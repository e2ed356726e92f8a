import { compilePatterns } from '../pipeline/target.js';
import { identifierWords } from '../../detect/assignment.js';

/** Deployment tiers, from most to least sensitive. */
export type Tier = 'production' | 'staging' | 'test' | 'development' | 'preview';

const TIER_WORDS: Record<string, Tier> = {
  prod: 'production',
  production: 'production',
  prd: 'production',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  preprod: 'staging',
  uat: 'staging',
  acceptance: 'staging',
  nonprod: 'development',
  dev: 'development',
  develop: 'development',
  development: 'development',
  local: 'development',
  sandbox: 'development',
  test: 'test',
  testing: 'test',
  qa: 'test',
  preview: 'preview',
};

/** Names that are a tier only on their own (`live`, `review`), not as a word of a longer name (`live-chat`). */
const WHOLE_NAME_TIERS: Record<string, Tier> = { live: 'production', review: 'preview' };

/**
 * The tier an environment, namespace or file name names: `production-eu` → production,
 * `.env.staging` → staging, `non-prod` → development. Undefined when no word says.
 */
export function tierOf(name: string | undefined, productionPatterns: readonly string[] = []): Tier | undefined {
  if (!name) return undefined;
  const whole = WHOLE_NAME_TIERS[name.toLowerCase()];
  if (whole) return whole;
  const words = identifierWords(name);
  const joined = words.join('');
  if (/^(?:non|pre)prod/.test(joined) || words.some((w, i) => (w === 'non' || w === 'pre') && words[i + 1]?.startsWith('prod'))) {
    return joined.startsWith('pre') ? 'staging' : 'development';
  }
  for (const word of words) {
    const tier = TIER_WORDS[word];
    if (tier) return tier;
  }
  if (compilePatterns(productionPatterns).some((pattern) => pattern.test(name))) return 'production';
  return undefined;
}

/** Folder names that say nothing about which application a file belongs to. */
const GENERIC_FOLDERS = new Set([
  'config',
  'configs',
  'conf',
  'env',
  'envs',
  'environments',
  'environment',
  'deploy',
  'deployment',
  'deployments',
  'k8s',
  'kube',
  'kubernetes',
  'manifests',
  'manifest',
  'docker',
  'compose',
  'infra',
  'infrastructure',
  'ops',
  'overlays',
  'overlay',
  'base',
  'bases',
  'secrets',
  'secret',
  'helm',
  'charts',
  'chart',
  'templates',
  'template',
  'src',
  'apps',
  'services',
  'packages',
  'components',
  'resources',
  'settings',
  'etc',
  'local',
  'dist',
  'build',
  'prod',
  'production',
  'staging',
  'stage',
  'dev',
  'development',
  'test',
  'tests',
  'qa',
  'uat',
  'preview',
  'common',
  'shared',
  'global',
  'cluster',
  'clusters',
  'namespaces',
  'default',
  'kustomize',
  'argocd',
  'gitops',
  'platform',
]);

/** Words that describe a credential or a configuration object rather than an application. */
const CONSUMER_NOISE = new Set([
  'db',
  'database',
  'secret',
  'secrets',
  'credential',
  'credentials',
  'creds',
  'env',
  'config',
  'configmap',
  'cm',
  'settings',
  'password',
  'passwords',
  'auth',
  'key',
  'keys',
  'token',
  'tokens',
  'sa',
  'serviceaccount',
  'account',
  'svc',
  'service',
  'deployment',
  'deploy',
  'statefulset',
  'sts',
  'daemonset',
  'job',
  'cronjob',
  'pod',
  'app',
  'application',
  'k8s',
  'prod',
  'production',
  'staging',
  'stage',
  'dev',
  'development',
  'test',
  'qa',
  'uat',
  'local',
  'preview',
  'v1',
  'v2',
]);

/** Role words: a service named only by its role is a part of the project, not an application. */
const ROLE_WORDS = new Set([
  'app',
  'web',
  'api',
  'server',
  'backend',
  'frontend',
  'worker',
  'service',
  'main',
  'default',
  'ui',
  'site',
  'www',
  'cron',
  'scheduler',
  'migrate',
  'migrations',
  'migration',
  'init',
  'proxy',
  'nginx',
  'gateway',
  'sidecar',
]);

/**
 * The application a consumer belongs to, as a short key: the first significant word of its name
 * (`orders-api`, `orders_worker` and the Secret `orders-db-credentials` all give `orders`). A name
 * made only of role words (`api`, `worker`) belongs to its project, named by `project`.
 */
export function applicationKey(name: string | undefined, project: string): string {
  const words = identifierWords(name ?? '').filter((w) => !CONSUMER_NOISE.has(w));
  const first = words.find((w) => !ROLE_WORDS.has(w) && !/^\d+$/.test(w));
  return first ?? project;
}

/** The nearest folder of a path that names an application (`services/orders/.env` → `orders`). */
export function projectOf(path: string): string {
  const folders = path.split('/').slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) {
    const folder = folders[i]!.toLowerCase();
    if (folder.startsWith('.') || GENERIC_FOLDERS.has(folder) || tierOf(folder)) continue;
    const key = applicationKey(folder, '');
    if (key) return key;
  }
  return '(root)';
}

/** The tier a file's path names (`k8s/overlays/production/…`, `.env.staging`, `compose.prod.yml`). */
export function pathTier(path: string, productionPatterns: readonly string[] = []): Tier | undefined {
  const parts = path.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    const tier = i === parts.length - 1 ? fileTier(part) : tierOf(part, productionPatterns);
    if (tier) return tier;
  }
  return undefined;
}

/** A file name's tier: only its dotted or dashed qualifiers count (`compose.prod.yml`, `values-staging.yaml`). */
function fileTier(file: string): Tier | undefined {
  const stem = file.replace(/\.(?:ya?ml|json|env|tf|tfvars|hcl)$/i, '');
  const qualifiers = stem.split(/[.\-_]/).slice(1);
  if (file.startsWith('.env')) qualifiers.push(...file.slice(4).split(/[.\-_]/));
  for (const q of qualifiers) {
    const tier = TIER_WORDS[q.toLowerCase()];
    if (tier) return tier;
  }
  return undefined;
}

/**
 * Tokens the platform mints per run and scopes itself: sharing their name across jobs shares
 * nothing. GitHub's `GITHUB_TOKEN`, GitLab's job token, Azure's `System.AccessToken`, OIDC
 * request tokens.
 */
const PLATFORM_TOKENS = new Set([
  'github_token',
  'github.token',
  'ci_job_token',
  'ci_job_jwt',
  'ci_job_jwt_v1',
  'ci_job_jwt_v2',
  'ci_registry_password',
  'ci_registry_user',
  'ci_dependency_proxy_password',
  'system_accesstoken',
  'system.accesstoken',
  'actions_id_token_request_token',
  'actions_runtime_token',
  'circle_oidc_token',
  'circle_oidc_token_v2',
  'bitbucket_step_oidc_token',
  'buildkite_oidc_token',
]);

/** Whether a secret or variable name is a per-run token the platform issues and scopes. */
export function isPlatformToken(name: string): boolean {
  return PLATFORM_TOKENS.has(name.toLowerCase());
}

/**
 * Services whose credentials only post notifications or upload reports: sharing them between
 * jobs or environments opens nothing worth a finding.
 */
const LOW_VALUE_WORDS = new Set([
  'slack',
  'discord',
  'teams',
  'mattermost',
  'telegram',
  'gitter',
  'zulip',
  'codecov',
  'coveralls',
  'codacy',
  'codeclimate',
  'sonar',
  'sonarcloud',
  'sonarqube',
  'chromatic',
  'percy',
  'cypress',
  'currents',
  'browserstack',
  'saucelabs',
  'sauce',
  'lambdatest',
  'gitguardian',
  'ggshield',
  'snyk',
  'deepsource',
  'testspace',
  'argos',
  'happo',
  'applitools',
  'lighthouse',
]);

/**
 * Words that mark a stored value as public, read-only or telemetry: public and publishable keys
 * (`ALGOLIA_PUBLIC_KEY`), read-only tokens (`READ_ONLY_ORG_GITHUB_TOKEN`), and ingestion keys
 * that builds embed in what they ship (`TELEMETRY_SERVICE_API_KEY`, `POSTHOG_KEY`). Sharing them
 * opens nothing a release or deploy credential would.
 */
const NOT_SENSITIVE_WORDS = new Set([
  'public',
  'publishable',
  'pub',
  'readonly',
  'ro',
  'telemetry',
  'analytics',
  'posthog',
  'segment',
  'amplitude',
  'mixpanel',
  'rum',
  'otel',
  'dsn',
]);

/** Whether a credential's name marks it as a notification, reporting, public, read-only or telemetry value. */
export function isLowValueCredential(name: string): boolean {
  const words = identifierWords(name);
  return words.some((w) => LOW_VALUE_WORDS.has(w) || NOT_SENSITIVE_WORDS.has(w)) || /(?:^|_)READ_?ONLY(?:_|$)/i.test(name);
}

/**
 * Common given names. Deliberately excludes names that are also common words or tool names
 * in build files (`max`, `mark`, `bill`, `grant`, `travis`, `hugo`, `sam`, `jenkins`, `claude`, `devin`,
 * `cody`, `jules`, `ivy`, `jasmine`, `cassandra`, `rosa`, `pat`, `will`, `chase`, `dean`, `amanda`).
 */
const GIVEN_NAMES = new Set(
  `aaron abigail adam adrian ahmed aisha alan albert alejandro alex alexander alexandra alice alicia alison amit amy ana
  andre andrea andreas andrew andy angela ann anna anne anthony antoine antonio arjun ashley barbara ben benjamin beth
  brandon brian camille carl carlos carmen carol caroline catherine charles charlie chloe chris christian christina
  christine christopher claire claudia colin craig daniel daniela danny david debbie deborah denis dennis diana diego
  dmitry donald donna doug douglas dylan edward elena elizabeth ellen emily emma eric erik ethan eva fatima fernando
  fiona florian francesco francis frank fred gabriel gary george georgia gerald gina giulia greg gregory hannah hans harry
  heather helen henry ian igor isabella ivan james jan jane janet jason jeff jeffrey jennifer jeremy jerry jessica jim
  jimmy joan joe joel johannes john johnny jon jonathan jordan jorge jose joseph josh joshua juan julia julian julie justin
  karen kate katherine kathy katie keith kelly ken kenneth kevin kim kimberly kyle laura lauren laurent leo leon linda lisa
  liam lucas lucy luis luke maria marie marina mario martin mary matt matthew megan melissa michael michelle miguel mike
  mohamed mohammed natalie nathan nicholas nick nicole nikolai nina noah olga oliver olivia pablo paul paula peter philip
  pierre priya rachel rahul raj rajesh ralph rebecca richard rick robert roberto robin roger ronald ryan sabrina sally
  samantha samuel sandra sara sarah scott sean sebastian sergei sergey shawn simon sophia sophie stefan stephanie stephen
  steve steven stuart susan suresh thomas tim timothy todd tom tommy tony tyler valentina vanessa victoria vikram vincent
  walter wei william xavier yuki yusuf zoe bob alice carol dave eve mallory trent`
    .split(/\s+/)
    .filter(Boolean),
);

/** Whether a lower-case word is a common given name. */
function isGivenName(word: string): boolean {
  return GIVEN_NAMES.has(word.toLowerCase());
}

const CREDENTIAL_WORDS = new Set([
  'token',
  'pat',
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'key',
  'apikey',
  'creds',
  'credential',
  'credentials',
  'auth',
  'login',
  'ssh',
]);
const MACHINE_WORDS = new Set([
  'bot',
  'ci',
  'cd',
  'build',
  'builder',
  'deploy',
  'deployer',
  'automation',
  'robot',
  'service',
  'svc',
  'system',
  'machine',
  'app',
  'runner',
  'release',
  'sync',
]);

/**
 * Whether a credential's name names a person: `JOHN_SMITH_TOKEN`, `ALICE_PAT`, `GH_TOKEN_ALICE`,
 * `alice-github-token`. Names that also say they belong to a bot or a service are not.
 */
export function personInCredentialName(name: string): string | undefined {
  const words = identifierWords(name);
  if (words.length < 2 || words.length > 6) return undefined;
  if (words.some((w) => MACHINE_WORDS.has(w))) return undefined;
  if (!words.some((w) => CREDENTIAL_WORDS.has(w))) return undefined;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  if (isGivenName(first)) return first;
  if (isGivenName(last) && CREDENTIAL_WORDS.has(words[words.length - 2]!)) return last;
  return undefined;
}

const PERSONAL_MAIL_DOMAINS =
  /^(?:gmail\.com|googlemail\.com|outlook\.com|hotmail\.[a-z.]{2,6}|live\.[a-z.]{2,6}|msn\.com|yahoo\.[a-z.]{2,6}|ymail\.com|icloud\.com|me\.com|mac\.com|aol\.com|proton\.me|protonmail\.(?:com|ch)|pm\.me|gmx\.[a-z.]{2,6}|web\.de|yandex\.[a-z]{2,3}|mail\.ru|qq\.com|163\.com|126\.com|fastmail\.(?:com|fm)|hey\.com|zoho\.com|tutanota\.com)$/;
const MACHINE_LOCAL_PART =
  /(?:^|[._+-])(?:bot|bots|noreply|no-reply|donotreply|ci|cd|build|builder|builds|deploy|deployer|automation|robot|release|releases|service|svc|system|admin|ops|devops|infra|platform|team|support|security|actions|github-actions|dependabot|renovate|jenkins|gitlab|runner|sync|notifications?|alerts?)(?:$|[._+-]|\[bot\])/;

/**
 * Whether an e-mail address belongs to a person rather than a bot or a service account: a
 * personal mail domain, a `first.last@` or `first@` local part with a common given name, or a
 * person's GitHub no-reply address. Service accounts (`…gserviceaccount.com`), `[bot]` addresses
 * and role mailboxes (`ci@`, `deploy@`, `noreply@`) are not.
 */
export function isPersonalEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  if (/gserviceaccount\.com$|\.iam\.|serviceaccount|\.local$|example\.(?:com|org|net)$/.test(domain)) return false;
  if (local.includes('[bot]') || MACHINE_LOCAL_PART.test(local)) return false;
  if (domain === 'users.noreply.github.com') return /^\d+\+[a-z0-9-]+$/.test(local);
  if (PERSONAL_MAIL_DOMAINS.test(domain)) return true;
  const parts = local.split(/[._-]/);
  return isGivenName(parts[0]!) && parts.length <= 3;
}

/** Whether a display name (`John Smith`) is a person's: two or three words, the first a given name. */
/** Names that stand for nobody in particular (test commits, examples). */
const PLACEHOLDER_PEOPLE = new Set([
  'john doe',
  'jane doe',
  'joe bloggs',
  'max mustermann',
  'erika mustermann',
  'john q public',
  'jane roe',
  'richard roe',
  'test user',
]);

export function isPersonalName(name: string): boolean {
  const words = name.trim().split(/\s+/);
  if (words.length < 2 || words.length > 3) return false;
  if (PLACEHOLDER_PEOPLE.has(words.join(' ').toLowerCase())) return false;
  if (words.some((w) => MACHINE_WORDS.has(w.toLowerCase()) || /\[bot\]|bot$/i.test(w))) return false;
  return isGivenName(words[0]!) && words.every((w) => /^[A-Z][a-z'-]{1,30}$/.test(w));
}
