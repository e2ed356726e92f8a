import { defineRule, type Severity } from '../../src/rule/index.js';
import { frameworkSecrets, type Framework, type FrameworkSecret, type FrameworkSecretRole } from '../../src/model/framework-secrets.js';

const FRAMEWORK_NAMES: Record<Framework, string> = {
  django: 'Django',
  flask: 'Flask',
  rails: 'Rails',
  laravel: 'Laravel',
  symfony: 'Symfony',
  wordpress: 'WordPress',
  spring: 'Spring',
  aspnet: 'ASP.NET',
  phoenix: 'Phoenix',
};

/** What a leaked secret of each role hands over, and what to do. */
const ROLES: Record<FrameworkSecretRole, { grants: string; fix: string }> = {
  'signing-key': {
    grants: 'forge session cookies, password-reset links and signed data, and so log in as any user (with some serialisers, run code)',
    fix: 'generate a new key, read it from the environment or a secret store in production, and expect every session to be signed out',
  },
  'master-key': {
    grants: 'decrypt the encrypted credentials file and every secret in it',
    fix: 'rotate every secret in the credentials file, re-encrypt it with a new key (`bin/rails credentials:edit`), and pass the key as RAILS_MASTER_KEY from a secret store',
  },
  'encryption-key': {
    grants: "decrypt the application's encrypted data and cookies and forge sessions",
    fix: "generate a new key (`php artisan key:generate`) in the deployment's own environment, re-encrypt stored data, and never commit the production .env",
  },
  'service-password': {
    grants: 'log in to the database or service as the application',
    fix: 'change the password and read it from the environment (`${DB_PASSWORD}`) or a secret store',
  },
  'machine-key': {
    grants: 'forge ViewState and authentication tickets — a known path to remote code execution through ViewState deserialisation',
    fix: "generate new keys, keep them out of web.config (protected configuration or the platform's key management), and let the runtime generate them where one server suffices",
  },
};

function severityOf(secret: FrameworkSecret): Severity {
  if (secret.generatedDevelopmentKey || secret.environment === 'development' || secret.environment === 'test' || secret.environment === 'example') return 'low';
  if (secret.fallback) return 'medium';
  // Symfony commits `.env` by design, as defaults that production overrides.
  if (secret.framework === 'symfony' && secret.environment === 'unknown') return 'medium';
  return secret.role === 'master-key' ? 'critical' : 'high';
}

function qualifier(secret: FrameworkSecret): string {
  if (secret.generatedDevelopmentKey) return ' (the key the framework generates for local development; harmless only if production never uses it)';
  if (secret.fallback) return ' as the default used whenever the environment variable is unset';
  if (secret.environment === 'development' || secret.environment === 'test') return ` for ${secret.environment}`;
  if (secret.environment === 'example') return ' in an example file';
  return '';
}

export default defineRule({
  id: 'framework-secret',
  family: 'secret',
  title: 'Framework secret committed',
  description:
    "A web framework's own secret — the key that signs sessions and cookies, decrypts the credentials file or encrypts data, or its database password — is set literally in the framework's configuration.",
  severity: 'high',
  confidence: 'high',
  kinds: ['python', 'private-key', 'text', 'yaml', 'ruby', 'dotenv', 'php', 'properties', 'xml'],
  // No keyword gate: Rails' master.key holds nothing but 32 hex digits. Each reader first checks
  // the path (and Flask a literal mention), so the rule costs little on other files.
  tags: ['CWE-798', 'CWE-321', 'NHI2', 'NHI7'],
  help: `**Why.** Frameworks trust one secret for everything they sign or encrypt. Django's and Flask's \`SECRET_KEY\`, Rails' \`secret_key_base\`, Phoenix's \`secret_key_base\`, Symfony's \`APP_SECRET\` and WordPress's keys and salts sign sessions, cookies and reset links: with them anyone can log in as any user. Rails' \`config/master.key\` decrypts \`credentials.yml.enc\` and every secret in it; Laravel's \`APP_KEY\` decrypts the application's data; an ASP.NET \`machineKey\` forges ViewState (a known remote-code-execution path). Spring and WordPress database passwords open the application's database.

**Fix.** Generate a new secret, keep it in the deployment's environment or a secret store, and rotate what it protected. Keys the framework generates for development (\`django-insecure-…\`, Phoenix \`config/dev.exs\`, \`.env.test\`) are reported at low: they are safe only while production never uses them.

\`\`\`python
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
\`\`\``,

  scan(doc, ctx) {
    for (const secret of frameworkSecrets(doc)) {
      const framework = FRAMEWORK_NAMES[secret.framework];
      // WordPress's keys and salts, an ASP.NET machineKey's two keys: one finding for the set.
      const verb = secret.related.length || secret.setting === 'machineKey keys' ? 'are' : 'is';
      const role = ROLES[secret.role];
      ctx.report(
        { start: secret.start, end: secret.end },
        `${framework} ${secret.setting} ${verb} committed${qualifier(secret)}; anyone with it can ${role.grants} — ${role.fix}`,
        {
          secret: secret.value,
          severity: severityOf(secret),
          related: secret.related.map(({ start, end, setting }) => ({ target: { start, end }, message: setting })),
          properties: { lifetime: 'long-lived', framework: secret.framework, setting: secret.setting, environment: secret.environment },
        },
      );
    }
  },
});
