/**
 * Filters that tell a credential value from a reference, a template or a placeholder. Every
 * secret rule runs its candidate through `isPlaceholder` before reporting.
 */

/** Values that are references to a secret kept elsewhere, or template syntax. */
const REFERENCE_PATTERNS: readonly RegExp[] = [
  /\$\{\{[^}]*\}\}/, // GitHub Actions / Gitea expressions: ${{ secrets.X }}
  /\$\{[^}]*\}/, // shell, compose, JS templates: ${VAR}, ${env:X}, ${input:x}
  /\$\([^)]*\)/, // command substitution and Azure macros: $(cmd), $(VAR)
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // bare $VAR
  /^\$[0-9]$/, // $1
  /%[A-Za-z_][A-Za-z0-9_]*%/, // Windows %VAR%
  /\{\{[^}]*\}\}/, // Jinja, Helm, Mustache {{ x }}
  /\{%[^%]*%\}/, // Jinja statements
  /<%[^%]*%>/, // ERB
  /#\{[^}]*\}/, // Ruby / Groovy interpolation
  /@[A-Z_][A-Z0-9_]*@/, // autoconf @VAR@
  /^<[^<>]{1,64}>$/, // <your-key>, <password>
  /^\[[A-Za-z _-]{1,64}\]$/, // [PASSWORD]
  /^%[sdvq]$/, // printf verbs
  /^\(\(.*\)\)$/, // Concourse ((var))
  /^!Ref\b|^!Sub\b|^!GetAtt\b/, // CloudFormation intrinsics
  /^(?:vault|ref\+|op|sm|awssm|gcpsm|azkv|env|secret|secrets|file|arn):/i, // secret-manager references
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // an environment variable's name: YOUR_API_TOKEN, PERSONAL_ACCESS_TOKEN
];

/** Words that mark an obvious placeholder or documentation value. */
const PLACEHOLDER_WORDS =
  /example|sample|placeholder|changeme|change[_-]me|change[_-]?this|replace[_-]?(?:me|this|with)|your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password|pass|pwd)|insert[_-]?(?:your|key|token)|xxxxx|\*{4}|\.{3}|\u2026|redacted|dummy|not[_-]?a[_-]?(?:real|secret)|fake[_-]?(?:key|token|secret|password)|put[_-]?your|enter[_-]?your|todo|fixme|lorem[_-]?ipsum/i;

/** The credentials AWS publishes in its documentation. */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'ASIAIOSFODNN7EXAMPLE',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
]);

/** Common stand-in values that are not secrets whatever their shape. */
const STOPWORDS = new Set([
  'true',
  'false',
  'null',
  'none',
  'nil',
  'undefined',
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'changeit',
  'default',
  'required',
  'optional',
  'string',
  'empty',
  'unset',
  'hidden',
  'masked',
  'admin',
  'root',
  'guest',
  'test',
  'testing',
]);

/** True when a value is a reference, template, placeholder or documented example, not a credential. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (DOCUMENTED_EXAMPLES.has(trimmed)) return true;
  if (STOPWORDS.has(trimmed.toLowerCase())) return true;
  if (PLACEHOLDER_WORDS.test(trimmed)) return true;
  if (REFERENCE_PATTERNS.some((pattern) => pattern.test(trimmed))) return true;
  return isRepetitive(trimmed) || isFillerWords(trimmed);
}

/** Segments of a made-up value: `glpat-workshop-token-12345`, `sk-test-demo-key`, `my_api_key_here`. */
const FILLER_SEGMENTS = new Set([
  'token',
  'key',
  'secret',
  'password',
  'test',
  'testing',
  'demo',
  'example',
  'sample',
  'workshop',
  'tutorial',
  'dummy',
  'fake',
  'mock',
  'your',
  'my',
  'dev',
  'local',
  'placeholder',
  'replace',
  'here',
  'value',
  'api',
  'foo',
  'bar',
  'baz',
]);

/**
 * True for values written by a person as a stand-in: three or more short segments of which two
 * are filler words, or one is and another counts up (`…-token-12345`). Providers' prefixes are
 * words too (`AGE-SECRET-KEY-1…`, `secret-test-…`), but a generated value always has a long
 * random segment; a stand-in has none.
 */
function isFillerWords(value: string): boolean {
  const parts = value
    .toLowerCase()
    .split(/[-_.:]+/)
    .filter(Boolean);
  if (parts.length < 3 || parts.some((part) => part.length >= 16)) return false;
  const filler = parts.filter((part) => FILLER_SEGMENTS.has(part)).length;
  const counting = parts.some((part) => part.length >= 4 && '0123456789'.includes(part));
  return filler >= 2 || (filler >= 1 && counting);
}

/**
 * True for values dominated by one character or a run: `aaaa…`, `0000…`, `sk-or-v1-000…`,
 * `abcdef…`, `123456…`. Real random tokens never look like this.
 */
function isRepetitive(value: string): boolean {
  // ignore a provider prefix such as `sbp_` or `sk-lf-`, and a stray closing quote
  const body = value.replace(/^(?:[A-Za-z]{1,12}[-_]){1,3}/, '').replace(/["'`]+$/, '');
  if (body.length < 4) return false;
  const counts = new Map<string, number>();
  let most = 0;
  for (const char of body) {
    const n = (counts.get(char) ?? 0) + 1;
    counts.set(char, n);
    if (n > most) most = n;
  }
  if (most / body.length >= 0.6) return true;
  if (counts.size <= 2 && body.length >= 8) return true;
  return isSequential(body);
}

function isSequential(value: string): boolean {
  const lowered = value.toLowerCase();
  const runs = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', '9876543210'];
  if (lowered.length < 6) return false;
  return runs.some((run) => {
    for (let i = 0; i + 6 <= lowered.length; i++) if (!run.includes(lowered.slice(i, i + 6))) return false;
    return true;
  });
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '01234567890';

/**
 * True when a value contains filler no random generator produces: an ascending run of 8 letters
 * or digits (`abcdefgh`, `12345678`, also when interleaved as in `a1b2c3d4e5f6g7h8`), or one
 * character repeated 10 times (`ffffffffff`; base64 `A`, which encodes zero bytes, excepted).
 * Meant for provider tokens, whose bodies are random by construction, not for passwords.
 */
export function hasFillerRun(value: string): boolean {
  const lower = value.toLowerCase();
  const letters = lower.replace(/[^a-z]/g, '');
  const digits = lower.replace(/[^0-9]/g, '');
  if (hasAscendingRun(letters, ALPHABET, 8) || hasAscendingRun(digits, DIGITS, 8)) return true;
  return /([^A])\1{9}/.test(value);
}

function hasAscendingRun(value: string, sequence: string, length: number): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    const previous = sequence.indexOf(value[i - 1]!);
    run = previous >= 0 && sequence[previous + 1] === value[i] ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}
