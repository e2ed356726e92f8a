import { defineRule, FILE_KINDS } from '../../src/rule/index.js';
import { assignmentsAt, decodeBase64, isCredentialName, isCredentialValue, isPlaceholder, stripScheme } from '../../src/detect/index.js';

/** Where a credential's name can start: the words of `isCredentialName`, as one scan. */
const NAME_HINTS = /passw|passphrase|pwd|pass\b|_pass|pass_|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|[-_.]key\b|key[-_]|credential|creds|bearer|authorization/gi;

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
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'cred', 'bearer', 'authorization'],
  tags: ['CWE-798', 'CWE-259', 'NHI2', 'CICD-SEC-6'],
  help: `**Why.** A credential written into a file is shared with everyone who can read the repository, its forks, clones, CI logs and backups, and it cannot be rotated without a commit. Machine credentials in particular tend to live for years.

**Fix.** Move the value to a secret store (the CI platform's secrets, a vault, the cloud's secret manager) and read it at run time; rotate the exposed value. Keep only a reference in the file.

\`\`\`yaml
# instead of  password: "k9#Fq2!vX7"
password: \${DB_PASSWORD}
\`\`\`

This rule recognises the name, not the format: provider tokens with a known format are reported by their own rules, which take precedence. Values that look like words, references (\`\${VAR}\`, \`\${{ secrets.X }}\`, \`process.env.X\`), paths, URLs, UUIDs, hashes or placeholders (\`changeme\`, \`<your-key>\`, \`xxxx\`) are not reported.`,

  scan(doc, ctx) {
    const hits: number[] = [];
    for (const match of doc.text.matchAll(NAME_HINTS)) hits.push(match.index);
    for (const assignment of assignmentsAt(doc.text, hits, doc.kind)) {
      if (!isCredentialName(assignment.name)) continue;
      if (!isCredentialValue(assignment.value)) continue;
      if (/^basic\s/i.test(assignment.value.trim()) && !hasBasicPassword(stripScheme(assignment.value.trim()))) continue;
      const secret = stripScheme(assignment.value.trim());
      const offset = assignment.value.indexOf(secret);
      const target = { start: assignment.valueRange.start + Math.max(0, offset), end: assignment.valueRange.start + Math.max(0, offset) + secret.length };
      ctx.report(target, `"${assignment.name}" is assigned a literal credential; anyone with read access to the repository can use it — move it to a secret store and rotate it`, {
        secret,
        properties: { lifetime: 'unknown', name: assignment.name },
      });
    }
  },
});

/** A `Basic` credential decodes to `user:password`; an empty or placeholder password is no secret. */
function hasBasicPassword(encoded: string): boolean {
  const decoded = decodeBase64(encoded);
  if (decoded === undefined) return true;
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password);
}
