import { defineRule, PIPELINE_KINDS } from '../../src/rule/index.js';
import type { Document, RuleContext } from '../../src/rule/index.js';
import { decodeBase64, isCredentialValue, isPlaceholder } from '../../src/detect/index.js';
import { contiguous, effectiveArgv, parseShell, pipelineOf, type Command, type Word } from '../../src/model/pipeline/index.js';

/** Options whose value is a credential on any command. */
const SECRET_OPTIONS =
  /^--(?:password|passwd|pass|api-?key|apikey|api-token|token|auth-token|access-token|private-token|client-secret|secret-key|secret-access-key|npm-token|registry-token|bearer-token|oauth2-bearer|http-password)$/i;
/** `-Dsonar.token=…`, `-Psigning.password=…`, `-Dpassword=…` */
const PROPERTY = /^-[DP](?:[\w.-]{0,80}[._-])?(?:password|passwd|token|secret|apikey|api[._-]key|login)=(.{1,4096})$/i;
const LOGIN_TOOLS = new Set(['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'oras', 'helm', 'crane', 'cf', 'az', 'heroku', 'vault', 'argocd']);
const MYSQL = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'mariadb-dump', 'mysqlimport', 'mysqlcheck']);
const MONGO = new Set(['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport']);
const PASSWORD_VARIABLES =
  /^(?:PGPASSWORD|MYSQL_PWD|REDISCLI_AUTH|SSHPASS|MONGO_PASSWORD|DOCKER_PASSWORD|REGISTRY_PASSWORD|NPM_TOKEN|NODE_AUTH_TOKEN|TWINE_PASSWORD|GH_TOKEN|GITHUB_TOKEN|GITLAB_TOKEN|VAULT_TOKEN)$/;
const AUTH_HEADER =
  /^\s{0,8}(?:authorization|proxy-authorization)\s{0,8}:\s{0,8}(?:(bearer|token|basic|bot|apikey|api-key|sso-key|splunk|ssws|key)\s{1,8})?(\S{1,4096})\s{0,8}$/i;
const TOKEN_HEADER =
  /^\s{0,8}(?:private-token|x-api-key|x-auth-token|x-api-token|api-key|apikey|x-access-token|x-vault-token|x-jfrog-art-api|x-gitlab-token|circle-token|x-shopify-access-token|dd-api-key|x-figma-token)\s{0,8}:\s{0,8}(\S{1,4096})\s{0,8}$/i;

interface Hit {
  word: Word;
  secret: string;
  tool: string;
  fix: string;
}

export default defineRule({
  id: 'command-line-credential',
  family: 'secret',
  title: 'Credential on a command line',
  description:
    'A literal password, token or API key is passed as a command argument in a pipeline, script or Dockerfile (`docker login -p`, `curl -u user:pass`, an `Authorization:` header, `mysql -p…`, `--token …`).',
  severity: 'high',
  confidence: 'high',
  // Argo CD Applications hold no commands.
  kinds: [...PIPELINE_KINDS.filter((kind) => kind !== 'argocd'), 'shell', 'dockerfile'],
  // One of these occurs wherever a form below can match: `-Dsonar.login=`, `-Ddb.passwd=`, `curl --oauth2-bearer`,
  // `SSHPASS=`/`REDISCLI_AUTH=` before a command, `htpasswd -b` and `npm config set _auth` name none of the others.
  keywords: [
    '-p',
    '--pass',
    '-u',
    '--user',
    'authorization',
    'token',
    'key',
    'secret',
    'password',
    'passwd',
    'pwd',
    '-a',
    'login=',
    '--oauth2-bearer',
    'sshpass',
    'rediscli_auth',
    'htpasswd',
    '_auth',
  ],
  tags: ['CWE-798', 'CWE-214', 'NHI2', 'CICD-SEC-6'],
  help: `**Why.** A credential typed into a command is committed with the file, printed in CI logs when the shell echoes commands, visible to every process on the runner (\`ps\`), and kept in shell history and image layers. The commands are parsed, not grepped: the rule reports the literal argument of \`docker|podman|helm … login -p\`, \`curl -u user:pass\`, \`-H "Authorization: Bearer …"\` and token headers, \`sshpass -p\`, \`mysql -p…\`, \`mongo -p\`, \`redis-cli -a\`, \`htpasswd -b\`, options such as \`--password\`, \`--token\`, \`--api-key\`, \`-Dsonar.token=\`, and \`PGPASSWORD=… psql\`. References (\`$TOKEN\`, \`\${{ secrets.X }}\`, \`$(cat file)\`) and placeholders are not reported; URLs with passwords are the connection-string rule's.

**Fix.** Keep the credential in the CI platform's secret store and pass it by reference, preferably on stdin or in an environment variable the tool reads; rotate the exposed value.

\`\`\`yaml
- run: echo "$REGISTRY_PASSWORD" | docker login -u deploy --password-stdin registry.example.com
  env:
    REGISTRY_PASSWORD: \${{ secrets.REGISTRY_PASSWORD }}
\`\`\``,
  scan(doc, ctx) {
    for (const command of commandsOf(doc)) for (const hit of credentialArguments(command)) report(doc, hit, ctx);
  },
});

function commandsOf(doc: Document): Command[] {
  if (doc.kind === 'shell') return parseShell(contiguous(doc.text, 0), { dialect: /\.ps1$/i.test(doc.path) ? 'pwsh' : 'sh' });
  if (doc.kind === 'dockerfile') return runInstructions(doc.text).flatMap((source) => parseShell(source));
  const model = pipelineOf(doc);
  return model ? model.pipelines.flatMap((p) => p.jobs.flatMap((j) => j.steps.flatMap((s) => s.commands))) : [];
}

/** The shell text of each Dockerfile `RUN` instruction (shell form, continuation lines included). */
function runInstructions(text: string) {
  const out: ReturnType<typeof contiguous>[] = [];
  const run = /^[ \t]{0,16}RUN[ \t]+(?!\[)/gim;
  for (const m of text.matchAll(run)) {
    const start = m.index + m[0].length;
    let end = start;
    for (;;) {
      const newline = text.indexOf('\n', end);
      const lineEnd = newline === -1 ? text.length : newline;
      if (!/\\\s*$/.test(text.slice(end, lineEnd)) || newline === -1) {
        end = lineEnd;
        break;
      }
      end = newline + 1;
    }
    out.push(contiguous(text.slice(start, end), start));
  }
  return out;
}

function report(doc: Document, hit: Hit, ctx: RuleContext): void {
  const at = doc.text.indexOf(hit.secret, hit.word.range.start);
  const target = at >= 0 && at + hit.secret.length <= hit.word.range.end ? { start: at, end: at + hit.secret.length } : hit.word.range;
  ctx.report(
    target,
    `\`${hit.tool}\` gets a literal credential on its command line: it is committed here and shows up in CI logs, the runner's process list and shell history; ${hit.fix}, and rotate it.`,
    {
      secret: hit.secret,
      properties: { lifetime: 'unknown', tool: hit.tool },
    },
  );
}

/** A literal that looks like a credential (not a reference, word, path or placeholder). */
function literal(word: Word, value = word.value): boolean {
  if (word.expansion || value.includes('$') || value.length < 4) return false;
  if (isPlaceholder(value)) return false;
  return (
    isCredentialValue(value) ||
    (value.length >= 8 && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/^[\w.-]{1,200}\.(?:txt|json|key|pem|yml|yaml|env|cfg|conf|ini)$/i.test(value))
  );
}

const STDIN = 'pass it on stdin from a secret (`--password-stdin`)';
const ENV = 'read it from a secret-backed environment variable';

/** The literal credential arguments of one command. */
function credentialArguments(command: Command): Hit[] {
  const offset = command.argv.length - effectiveArgv(command).length;
  const words = command.argv.slice(offset);
  const argv = effectiveArgv(command);
  const name = argv[0] ?? '';
  const hits: Hit[] = [];
  const add = (word: Word | undefined, secret: string, tool: string, fix: string) => {
    if (word && literal(word, secret)) hits.push({ word, secret, tool, fix });
  };
  const valueAt = (i: number, flag: string): { word: Word | undefined; value: string } | undefined => {
    const w = argv[i]!;
    if (w === flag) return { word: words[i + 1], value: argv[i + 1] ?? '' };
    if (w.startsWith(flag + '=')) return { word: words[i], value: w.slice(flag.length + 1) };
    return undefined;
  };

  for (const assignment of command.assignments) {
    const [key, value] = [assignment.value.slice(0, assignment.value.indexOf('=')), assignment.value.slice(assignment.value.indexOf('=') + 1)];
    if (PASSWORD_VARIABLES.test(key) && argv.length) add(assignment, value, `${key}=… ${name}`.trim(), ENV);
  }

  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--') break;
    if (LOGIN_TOOLS.has(name) && argv.includes('login')) {
      const found = valueAt(i, '-p') ?? valueAt(i, '--password') ?? valueAt(i, '--secret') ?? valueAt(i, '--client-secret');
      if (found) add(found.word, found.value, `${name} login`, name === 'az' ? 'use a federated credential or a secret-backed environment variable' : STDIN);
    }
    if (name === 'sshpass' && (w === '-p' || (w.startsWith('-p') && w.length > 2))) {
      const value = w === '-p' ? (argv[i + 1] ?? '') : w.slice(2);
      add(w === '-p' ? words[i + 1] : words[i], value, 'sshpass -p', 'use an SSH key from the secret store (or `sshpass -e` with SSHPASS from a secret)');
    }
    if (MYSQL.has(name) && ((w.startsWith('-p') && w.length > 2) || w.startsWith('--password='))) {
      add(words[i], w.startsWith('-p') ? w.slice(2) : w.slice(11), `${name} -p`, 'use an option file or MYSQL_PWD from a secret');
    }
    if (MONGO.has(name)) {
      const found = valueAt(i, '-p') ?? valueAt(i, '--password');
      if (found) add(found.word, found.value, `${name} --password`, ENV);
    }
    if (name === 'redis-cli') {
      const found = valueAt(i, '-a') ?? valueAt(i, '--pass');
      if (found) add(found.word, found.value, 'redis-cli -a', 'use REDISCLI_AUTH from a secret');
    }
    if (name === 'curl' || name === 'http' || name === 'https' || name === 'xh') {
      const user = valueAt(i, '-u') ?? valueAt(i, '--user') ?? (name !== 'curl' ? (valueAt(i, '-a') ?? valueAt(i, '--auth')) : undefined);
      if (user) {
        const colon = user.value.indexOf(':');
        if (colon > 0)
          add(user.word, user.value.slice(colon + 1), `${name} -u`, 'use a netrc file written from a secret, or a header from a secret-backed variable');
      }
      const header = valueAt(i, '-H') ?? valueAt(i, '--header');
      if (header) headerSecret(header.word, header.value, name, add);
      const bearer = valueAt(i, '--oauth2-bearer');
      if (bearer) add(bearer.word, bearer.value, 'curl --oauth2-bearer', ENV);
    }
    if (name === 'wget') {
      const found = valueAt(i, '--password') ?? valueAt(i, '--http-password') ?? valueAt(i, '--ftp-password');
      if (found) add(found.word, found.value, 'wget --password', ENV);
      const header = valueAt(i, '--header');
      if (header) headerSecret(header.word, header.value, 'wget', add);
    }
    if (name === 'git' && argv.includes('http.extraheader') && i === argv.length - 1) headerSecret(words[i], w, 'git config http.extraheader', add);
    if (name === 'htpasswd' && /^-[a-zA-Z]*b/.test(argv[1] ?? '') && i === argv.length - 1 && argv.length >= 4)
      add(words[i], w, 'htpasswd -b', 'generate the file from a secret at run time');
    if (
      (name === 'npm' || name === 'yarn' || name === 'pnpm') &&
      argv[1] === 'config' &&
      /_authToken|_auth|_password/.test(argv[i - 1] ?? '') &&
      i === argv.length - 1
    )
      add(words[i], w, `${name} config set`, 'write .npmrc with ${NPM_TOKEN} and set NPM_TOKEN from a secret');
    if ((name === 'npm' || name === 'yarn' || name === 'pnpm') && argv[1] === 'config' && /_authToken=|_auth=|_password=/.test(w))
      add(words[i], w.slice(w.indexOf('=') + 1), `${name} config set`, 'set the token from a secret-backed environment variable');

    if (SECRET_OPTIONS.test(w.split('=')[0]!) && !(LOGIN_TOOLS.has(name) && argv.includes('login'))) {
      const flag = w.split('=')[0]!;
      const found = valueAt(i, flag);
      if (found && !/-(?:file|stdin|env|path)$/i.test(flag)) add(found.word, found.value, `${name} ${flag}`, ENV);
    }
    const property = PROPERTY.exec(w);
    if (property) add(words[i], property[1]!, `${name} ${w.slice(0, w.indexOf('='))}`, 'pass it through an environment variable set from a secret');
  }
  return dedupe(hits);
}

function headerSecret(
  word: Word | undefined,
  value: string,
  tool: string,
  add: (word: Word | undefined, secret: string, tool: string, fix: string) => void,
): void {
  const auth = AUTH_HEADER.exec(value);
  if (auth) {
    const scheme = (auth[1] ?? '').toLowerCase();
    const credential = auth[2]!;
    if (scheme === 'basic') {
      const decoded = decodeBase64(credential);
      const password = decoded?.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : undefined;
      if (decoded !== undefined && (!password || password.length < 4 || isPlaceholder(password))) return;
    }
    add(word, credential, `${tool} -H "Authorization: …"`, 'build the header from a secret-backed variable');
    return;
  }
  const token = TOKEN_HEADER.exec(value);
  if (token) add(word, token[1]!, `${tool} -H "${value.slice(0, value.indexOf(':')).trim()}: …"`, 'build the header from a secret-backed variable');
}

function dedupe(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = `${h.word.range.start}:${h.secret}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
