import { defineRule } from '../../src/rule/index.js';
import { entries, get, str, dataRoot } from '../../src/ast/index.js';
import { decodeBase64, isCredentialName, isCredentialValue, isPlaceholder } from '../../src/detect/index.js';

/** `.npmrc`: `//registry/:_authToken=…`, `_auth=…`, `_password=…` (base64). */
const NPMRC = /^[ \t]*(?:\/\/[^\s=]{1,200}:)?(_authToken|_auth|_password)[ \t]*=[ \t]*(\S{1,512})/dgim;
/** `.netrc`: `machine host login user password secret`, on one line or several. */
const NETRC = /\bpassword[ \t]+(\S{1,256})/dg;
/** `.pypirc`: `password = …` (usually a PyPI token; other rules know that format). */
const PYPIRC = /^[ \t]*password[ \t]*[=:][ \t]*(\S{1,512})/dgim;
/** Maven `settings.xml` and friends: `<password>…</password>`, `<add key="…Password" value="…"/>`. */
const XML_ELEMENT = /<([A-Za-z][\w.:-]{0,60})>([^<>\s]{1,256})<\/\1>/dg;
const XML_ADD = /<add\s+key="([^"]{1,100})"\s+value="([^"]{1,256})"/dg;

export default defineRule({
  id: 'config-file-credential',
  family: 'secret',
  title: 'Credential in a tool configuration file',
  description: 'A registry, package-index, netrc, Docker or build-tool configuration file holds a literal credential.',
  severity: 'high',
  confidence: 'high',
  kinds: ['npmrc', 'pypirc', 'netrc', 'docker-config', 'xml'],
  // What no provider rule recognises: a provider's own rule (npm, PyPI tokens) wins on its format.
  fallback: true,
  keywords: ['_auth', '_password', 'password', 'auths', 'token', 'secret', '<add'],
  tags: ['CWE-798', 'CWE-260', 'NHI2', 'NHI7'],
  help: `**Why.** Package registries, artifact repositories and container registries accept these files' credentials as they are: whoever reads the file can publish packages or images under the owner's name, which is a supply-chain compromise.

**Fix.** Reference an environment variable instead (\`//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\`), use a credential helper (\`docker-credential-*\`, keyring), or the registry's trusted publishing (OIDC) from CI; rotate the exposed credential and keep these files out of the repository.`,

  scan(doc, ctx) {
    const report = (start: number, end: number, secret: string, what: string) =>
      ctx.report({ start, end }, `${what} holds a literal credential that lets anyone publish or pull as its owner; use an environment variable or credential helper and rotate it`, {
        secret,
        properties: { lifetime: 'long-lived', file: doc.kind },
      });

    if (doc.kind === 'npmrc') {
      for (const m of doc.text.matchAll(NPMRC)) {
        const value = m[2]!.replace(/^["']|["']$/g, '');
        if (isPlaceholder(value) || value.length < 8) continue;
        const [start, end] = m.indices![2]!;
        report(start, end, value, `.npmrc ${m[1]}`);
      }
    } else if (doc.kind === 'netrc') {
      for (const m of doc.text.matchAll(NETRC)) {
        if (isPlaceholder(m[1]!) || m[1]!.length < 4) continue;
        const [start, end] = m.indices![1]!;
        report(start, end, m[1]!, '.netrc');
      }
    } else if (doc.kind === 'pypirc') {
      for (const m of doc.text.matchAll(PYPIRC)) {
        if (isPlaceholder(m[1]!) || m[1]!.length < 6) continue;
        const [start, end] = m.indices![1]!;
        report(start, end, m[1]!, '.pypirc');
      }
    } else if (doc.kind === 'docker-config') {
      for (const registry of entries(get(dataRoot(doc), 'auths'))) {
        for (const field of ['auth', 'identitytoken', 'password']) {
          const node = get(registry.value, field);
          const value = str(node);
          if (!node || !value || isPlaceholder(value)) continue;
          if (field === 'auth' && !decodesToUserAndPassword(value)) continue;
          report(node.range.start, node.range.end, value, `Docker config entry for ${registry.key}`);
        }
      }
    } else {
      for (const m of doc.text.matchAll(XML_ELEMENT)) {
        if (!isCredentialName(m[1]!) || !isCredentialValue(m[2]!)) continue;
        const [start, end] = m.indices![2]!;
        report(start, end, m[2]!, `The <${m[1]}> element`);
      }
      for (const m of doc.text.matchAll(XML_ADD)) {
        if (!isCredentialName(m[1]!) || !isCredentialValue(m[2]!)) continue;
        const [start, end] = m.indices![2]!;
        report(start, end, m[2]!, `The "${m[1]}" setting`);
      }
    }
  },
});

function decodesToUserAndPassword(value: string): boolean {
  const decoded = decodeBase64(value) ?? '';
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1 && !isPlaceholder(decoded.slice(colon + 1));
}
