import { defineRule, FILE_KINDS, PIPELINE_KINDS, type Document, type FileKind } from '../../src/rule/index.js';
import {
  assignmentsAt,
  decodeBase64,
  enclosingLines,
  isCredentialName,
  isCredentialValue,
  isLockFile,
  isPlaceholder,
  matchesAt,
  mayHoldNamedValueEntries,
  namedValueEntries,
  reachBack,
  stripScheme,
  type Assignment,
} from '../../src/detect/index.js';

/** Where a credential's name can start: the words of `isCredentialName`, as one scan. */
const NAME_HINTS =
  /passw|passphrase|pwd|pass\b|_pass|pass_|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|[-_.]key\b|key[-_]|credential|creds|bearer|authorization/gi;
/** The same, tried at one offset: run only near the keywords below. */
const NAME_HINTS_AT = new RegExp(NAME_HINTS.source, 'giy');
/** One of these occurs in every match of `NAME_HINTS`, starting at most `NAME_HINT_REACH` characters in (`private-key`). */
const NAME_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'cred', 'bearer', 'authorization'];
const NAME_HINT_REACH = 8;

export default defineRule({
  id: 'generic-credential',
  family: 'secret',
  title: 'Hard-coded credential',
  description: 'A literal, random-looking value is assigned to a name that marks it as a password, token, secret or key.',
  severity: 'high',
  confidence: 'medium',
  // JavaScript and TypeScript have a code-aware rule (secret/code-credential) that sees what a
  // string is for; a name-based guess there only adds noise.
  // Terraform state is reported once per file by secret/config-file-credential.
  kinds: FILE_KINDS.filter((kind) => kind !== 'javascript' && kind !== 'typescript' && kind !== 'terraform-state'),
  fallback: true,
  keywords: NAME_KEYWORDS,
  tags: ['CWE-798', 'CWE-259', 'NHI2', 'CICD-SEC-6'],
  help: `**Why.** A credential written into a file is shared with everyone who can read the repository, its forks, clones, CI logs and backups, and it cannot be rotated without a commit. Machine credentials in particular tend to live for years.

**Fix.** Move the value to a secret store (the CI platform's secrets, a vault, the cloud's secret manager) and read it at run time; rotate the exposed value. Keep only a reference in the file.

\`\`\`yaml
# instead of  password: "k9#Fq2!vX7"
password: \${DB_PASSWORD}
\`\`\`

A call that takes a name and its value or default counts as an assignment: \`define('DB_PASSWORD', '…')\`, \`env('MAIL_PASSWORD', '…')\`, \`os.getenv("SMTP_PASSWORD", "…")\`, \`ENV.fetch\`, \`os.Setenv\`, \`System.getProperty(name, default)\`, viper's \`SetDefault\`. So does a name/value entry: container env in Kubernetes (\`- name: DB_PASSWORD\` / \`value: …\`) and ECS task definitions, CloudFormation parameter files, Postman environments, GitLab CI variables with a \`value:\`. And so do typed declarations (\`var apiSecret string = "…"\`, \`const API_KEY: &str = "…"\`, \`jwt_secret: str = "…"\`), C's \`#define NAME "…"\`, Android's \`buildConfigField "String", "NAME", "\\"…\\""\`, a property list's \`<key>\` with its \`<string>\`, and an XML element named by its \`name\` or \`key\` attribute with a \`value\` attribute or text (Spring beans, Hibernate, .NET settings).

This rule recognises the name, not the format: provider tokens with a known format are reported by their own rules, which take precedence. A value on a commented-out line of a configuration file, in a \`development:\`/\`test:\` section of a per-environment YAML file, in an API specification's \`example:\` block, or within three lines of a localhost endpoint in a CI job, \`.env\` file or script (a service container's password) is reported at low; so is any secret in tests, fixtures, examples and development-only configuration (\`secrets.fullSeverityInTests\` restores full severity). Generated lock files (\`yarn.lock\`, \`package-lock.json\`, \`go.sum\` …) are not read by this rule. Values that look like words (in any language), references (\`\${VAR}\`, \`\${{ secrets.X }}\`, \`process.env.X\`), paths, URLs, UUIDs, hashes or placeholders (\`changeme\`, \`<your-key>\`, \`xxxx\`) are not reported.`,

  scan(doc, ctx) {
    // Generated lock files hold package names, versions and checksums under names like `credential-provider-node`.
    if (isLockFile(doc.path)) return;
    const hits: number[] = [];
    const keywordStarts = ctx.keywordStarts(NAME_KEYWORDS);
    const names = keywordStarts ? matchesAt(doc.text, NAME_HINTS_AT, reachBack(keywordStarts, NAME_HINT_REACH)) : doc.text.matchAll(NAME_HINTS);
    for (const match of names) hits.push(match.index);
    const assignments = assignmentsAt(doc.text, hits, doc.kind);
    if (mayHoldNamedValueEntries(doc, hits)) {
      const read = new Set(assignments.map((a) => a.valueRange.start));
      assignments.push(...namedValueEntries(doc).filter((a) => !read.has(a.valueRange.start)));
    }
    for (const assignment of assignments) {
      if (!isCredentialName(assignment.name)) continue;
      if (!isCredentialValue(assignment.value)) continue;
      if (namesItself(assignment)) continue;
      if (/^basic\s/i.test(assignment.value.trim()) && !hasBasicPassword(stripScheme(assignment.value.trim()))) continue;
      const secret = stripScheme(assignment.value.trim());
      const offset = assignment.value.indexOf(secret);
      const target = { start: assignment.valueRange.start + Math.max(0, offset), end: assignment.valueRange.start + Math.max(0, offset) + secret.length };
      const inactive = inactiveSetting(doc, assignment);
      const message = inactive
        ? `"${assignment.name}" is assigned a literal credential ${INACTIVE_WORDING[inactive]}; it is still readable by anyone with the repository — remove it, and rotate it if it was ever used`
        : `"${assignment.name}" is assigned a literal credential; anyone with read access to the repository can use it — move it to a secret store and rotate it`;
      ctx.report(target, message, {
        secret,
        severity: inactive ? 'low' : undefined,
        properties: { lifetime: 'unknown', name: assignment.name, inactive },
      });
    }
  },
});

/**
 * A constant whose value spells the end of its own name, or whose name spells the end of its
 * value, is a key or label, not a secret: `attributeKeyOAuth2AccessTokenSignature =
 * "OAuth2AccessTokenSignature"`, `TOKEN_HEADER_V2 = "token-header-v2"`, Go's `AccessTokenIssued
 * semconv.Event = "OAuth2AccessTokenIssued"`.
 */
function namesItself(assignment: Assignment): boolean {
  const letters = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const value = letters(assignment.value);
  const name = letters(assignment.name);
  return (value.length >= 8 && name.endsWith(value)) || (name.length >= 8 && value.endsWith(name));
}

/** Why a literal credential is probably not in use anywhere that matters. */
type Inactive = 'commented-out' | 'development-section' | 'specification-example' | 'local-service';

const INACTIVE_WORDING: Record<Inactive, string> = {
  'commented-out': 'on a commented-out line',
  'development-section': 'in a development or test section',
  'specification-example': "in an API specification's example",
  'local-service': 'beside a localhost endpoint (a service started for the job or the developer)',
};

/**
 * Kinds where a credential next to a localhost endpoint is set up for a throw-away service: CI jobs
 * with service containers, `.env` files and scripts for a developer's machine. Compose files are not
 * among them: their health checks name localhost beside production settings.
 */
const LOCAL_SERVICE_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([...PIPELINE_KINDS, 'dotenv', 'shell']);
const LOCAL_ENDPOINT = /\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal)\b|\[::1\]/;
/** How many lines above and below the assignment may name the endpoint. */
const LOCAL_SERVICE_REACH = 3;

/** Whether a line within reach of the assignment names a localhost endpoint. */
function besideLocalEndpoint(doc: Document, offset: number): boolean {
  if (!LOCAL_SERVICE_KINDS.has(doc.kind)) return false;
  const line = doc.lines.position(offset).line;
  const last = Math.min(doc.lines.lineCount, line + LOCAL_SERVICE_REACH);
  for (let n = Math.max(1, line - LOCAL_SERVICE_REACH); n <= last; n++) if (LOCAL_ENDPOINT.test(doc.lines.lineText(n))) return true;
  return false;
}

/** Top-level YAML sections that hold one environment's settings (Rails `secrets.yml`, `database.yml`). */
const DEVELOPMENT_SECTION = /^(?:development|dev|test|testing|local)[ \t]*:/;
/** An example block of an OpenAPI/JSON Schema document (`example:`, `examples:`, `"x-example":`). */
const EXAMPLE_BLOCK = /^[ \t]*["']?(?:x-)?examples?["']?[ \t]*:/;

/**
 * A setting switched off (a commented-out line in a configuration file), one in a development or
 * test section of a per-environment YAML file (Rails `secrets.yml`), or an example value of an
 * API specification (OpenAPI `example:`): reported, but at low.
 */
function inactiveSetting(doc: Document, assignment: Assignment): Inactive | undefined {
  if (assignment.commented) return 'commented-out';
  if (besideLocalEndpoint(doc, assignment.nameRange.start)) return 'local-service';
  if (doc.family !== 'yaml' && doc.family !== 'json') return undefined;
  const enclosing = enclosingLines(doc.text, assignment.nameRange.start, 16);
  if (enclosing.some((line) => EXAMPLE_BLOCK.test(line))) return 'specification-example';
  const outermost = enclosing.at(-1);
  if (doc.family === 'yaml' && outermost !== undefined && DEVELOPMENT_SECTION.test(outermost)) return 'development-section';
  return undefined;
}

/** A `Basic` credential decodes to `user:password`; an empty or placeholder password is no secret. */
function hasBasicPassword(encoded: string): boolean {
  const decoded = decodeBase64(encoded);
  if (decoded === undefined) return true;
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password);
}
