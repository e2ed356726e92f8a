import { defineRule, type Severity } from '../../src/rule/index.js';
import { storedCredentials, type CredentialFileFormat, type CredentialValueKind, type StoredCredential } from '../../src/model/credential-files.js';

/** What each credential file is, what its credentials grant, and how to take them back. */
const FORMATS: Record<CredentialFileFormat, { file: string; grants: string; revoke: string }> = {
  'git-credentials': {
    file: 'A git credential store (.git-credentials)',
    grants: 'push and pull every repository the account reaches on that host',
    revoke:
      'revoke the token or change the password at the forge, and use a credential helper (Git Credential Manager, `gh auth`, the OS keychain) that keeps it out of the repository',
  },
  netrc: {
    file: 'A .netrc file',
    grants: 'log in to the listed machines (git hosts, package indexes, APIs) as that account',
    revoke: 'change the password or revoke the token at each listed host and pass it from a secret store at run time',
  },
  npmrc: {
    file: 'An .npmrc file',
    grants: 'publish and install packages on that registry as its owner',
    revoke: "revoke the token (`npm token revoke`, or the registry's settings) and use `${NPM_TOKEN}` or trusted publishing (OIDC) from CI",
  },
  pypirc: {
    file: 'A .pypirc file',
    grants: 'upload releases to the package index as its owner',
    revoke: "delete the API token in the index's account settings and publish from CI with trusted publishing (OIDC)",
  },
  'docker-config': {
    file: 'A Docker client configuration',
    grants: 'push and pull images in that registry as the account',
    revoke: 'revoke the access token or change the password in the registry, then log in through a credential helper (`credsStore`/`credHelpers`)',
  },
  'gem-credentials': {
    file: 'A RubyGems credentials file (.gem/credentials)',
    grants: 'push and yank gems as the owner',
    revoke: 'reset the API key in the RubyGems.org profile (or the gem server) and push from CI with trusted publishing or a scoped key',
  },
  'maven-settings': {
    file: 'A Maven settings file',
    grants: "deploy artifacts to and read from the named servers' repositories",
    revoke: 'rotate the password or token in the repository manager and reference it as `${env.X}` or with Maven password encryption',
  },
  'nuget-config': {
    file: 'A NuGet configuration (packageSourceCredentials)',
    grants: 'push and restore packages on the feed as that user',
    revoke: 'revoke the personal access token at the feed (Azure Artifacts, GitHub Packages…) and reference it as `%ENV_VAR%`',
  },
  'composer-auth': {
    file: 'A Composer auth.json',
    grants: "download private packages and, for forge tokens, act on the account's repositories",
    revoke: 'revoke the token at the forge or package repository and pass it through `COMPOSER_AUTH` instead of a committed file',
  },
  'aws-credentials': {
    file: 'An AWS shared credentials file',
    grants: "sign AWS API calls as the profile's IAM user or role",
    revoke: 'deactivate and delete the access key in IAM, check CloudTrail for its use, and use SSO or role credentials instead of stored keys',
  },
  boto: {
    file: 'A boto configuration (.boto)',
    grants: 'read and write the Cloud Storage or S3 buckets of the account',
    revoke: 'delete the HMAC key (Cloud Storage settings) or the AWS access key, revoke the refresh token, and use workload identity',
  },
  s3cfg: {
    file: 'An s3cmd configuration (.s3cfg)',
    grants: "read, write and delete the buckets the key's user can reach",
    revoke: 'deactivate and delete the access key and use role credentials',
  },
  rclone: {
    file: 'An rclone configuration',
    grants: 'read, write and delete the storage of every configured remote (rclone\'s "obscured" passwords are reversible by anyone)',
    revoke:
      "rotate each remote's keys and passwords at its provider and keep the configuration encrypted (`rclone config` with a password) outside the repository",
  },
  kubeconfig: {
    file: 'A kubeconfig',
    grants: "call the cluster's API as that user, with every permission bound to it",
    revoke: 'delete the service-account token or rotate the client certificate, and authenticate with a short-lived exec plugin (cloud CLI, OIDC) instead',
  },
  pgpass: {
    file: 'A PostgreSQL password file (.pgpass)',
    grants: 'log in to the matching databases as that role',
    revoke: "change the role's password (`ALTER ROLE … PASSWORD`) and use IAM or certificate authentication, or a secret store",
  },
  'mysql-options': {
    file: 'A MySQL option file',
    grants: 'log in to MySQL as that user',
    revoke: 'change the password (`ALTER USER … IDENTIFIED BY`) and keep client credentials in an obfuscated login path outside the repository',
  },
  htpasswd: {
    file: 'An .htpasswd file',
    grants: "crack the users' passwords offline and log in as them",
    revoke: 'change the passwords of these users and keep the file outside the repository',
  },
  'terraform-state': {
    file: 'Terraform state',
    grants: "every managed resource's attributes in plain text, secrets included",
    revoke: 'rotate every secret it holds, purge the file from history, and keep state in an encrypted remote backend (S3 with KMS, GCS, HCP Terraform)',
  },
  'terraform-variables': {
    file: 'A Terraform variables file',
    grants: 'use a credential that Terraform passes to providers and stores in state',
    revoke: 'rotate it, pass it through `TF_VAR_…` or a secret store, and keep `*.tfvars` with secrets out of the repository',
  },
  'xml-config': {
    file: 'An XML configuration file',
    grants: 'act as the configured account',
    revoke: 'rotate it and reference an environment variable or secret store instead',
  },
};

const VALUE_WORDS: Record<CredentialValueKind, string> = {
  password: 'a literal password',
  token: 'a token',
  'access-key-secret': 'a secret access key',
  'session-token': 'a session token',
  'private-key': 'a private key',
  'obscured-password': 'a reversibly obscured password',
  'password-hash': 'password hashes',
  'weak-password-hash': 'weakly hashed passwords',
};

function severityOf(credential: StoredCredential): Severity | undefined {
  switch (credential.valueKind) {
    case 'session-token':
      return 'medium'; // expires within hours
    case 'password-hash':
      return 'low';
    case 'weak-password-hash':
      return 'medium';
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'config-file-credential',
  family: 'secret',
  title: 'Credential in a credential store or tool configuration file',
  description:
    'A file whose purpose is to hold credentials (git credential store, .netrc, registry and package-index configs, cloud and database client files, kubeconfig, Terraform state and variables) holds a literal credential.',
  severity: 'high',
  confidence: 'high',
  kinds: ['npmrc', 'pypirc', 'netrc', 'docker-config', 'credential-store', 'kubeconfig', 'terraform-state', 'terraform', 'xml', 'json'],
  // What no provider rule recognises: a provider's own rule (npm, PyPI, AWS keys) wins on its format.
  fallback: true,
  keywords: ['_auth', '_password', 'password', 'auths', 'token', 'secret', 'key', '<add', ':', 'pass', 'auth'],
  tags: ['CWE-798', 'CWE-260', 'CWE-522', 'NHI2', 'NHI7'],
  help: `**Why.** These files exist to hold credentials, and the tools that read them use whatever they find: whoever reads a committed \`.git-credentials\`, \`.npmrc\`, \`.docker/config.json\`, \`.aws/credentials\`, kubeconfig, \`.pgpass\` or Terraform state can push code, publish packages, call the cloud or the cluster, or log in to the database as its owner. Terraform state holds every resource's attributes — database master passwords, generated keys, connection strings — in plain text.

**Fix.** Revoke or rotate the credential at its issuer first (the message says where), then purge the file from the repository and its history. Keep such files in the home directory or the CI's secret store, reference environment variables (\`//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\`), use credential helpers (\`docker-credential-*\`, Git Credential Manager), short-lived federation (OIDC trusted publishing, cloud SSO, exec plugins in kubeconfig), and an encrypted remote backend for Terraform state.

Encrypted forms stay quiet: Maven \`{…}\` passwords, NuGet's machine-encrypted \`Password\`, encrypted rclone configurations; so do references and placeholders.`,

  scan(doc, ctx) {
    const credentials = storedCredentials(doc);
    if (!credentials.length) return;
    const [first] = credentials;
    const format = FORMATS[first!.format];

    // Terraform state holds many secrets of many resources: one finding for the file, with every
    // secret's place related, rather than one per attribute.
    if (first!.format === 'terraform-state') {
      ctx.report(
        { start: first!.start, end: first!.end },
        `${format.file} is committed with ${credentials.length} secret attribute${credentials.length === 1 ? '' : 's'} in plain text (${unique(
          credentials.map((c) => c.field),
        )
          .slice(0, 4)
          .join(', ')}); it hands over ${format.grants}: ${format.revoke}`,
        {
          related: credentials.slice(1, 50).map((c) => ({ target: { start: c.start, end: c.end }, message: `secret attribute ${c.field}` })),
          properties: { lifetime: 'long-lived', file: first!.format, secrets: credentials.length },
          fingerprintKey: `terraform-state:${credentials.map((c) => c.field).join(',')}`,
        },
      );
      return;
    }

    for (const credential of credentials) {
      ctx.report(
        { start: credential.start, end: credential.end },
        `${format.file} holds ${VALUE_WORDS[credential.valueKind]} (${credential.field}) that lets anyone with the file ${format.grants} — ${format.revoke}`,
        {
          secret: credential.value,
          severity: severityOf(credential),
          properties: {
            lifetime: credential.valueKind === 'session-token' ? 'short-lived' : 'long-lived',
            file: credential.format,
            field: credential.field,
            ...(credential.valueKind.endsWith('password-hash') ? { hashed: true } : {}),
          },
        },
      );
    }
  },
});

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
