import type { FactExtractor } from '../../rule/types.js';
import { FACT_KINDS } from './facts.js';
import { literalCredential } from './literal.js';

/** `.env.example`, `.env.sample`, `.env.template`: documentation of the variables, not their values. */
const TEMPLATE_FILE = /(?:^|[./_-])(?:example|examples|sample|samples|template|tmpl|dist|defaults?|schema)(?:$|[._-])/i;

/** `NAME=value` or `export NAME=value`; names and values bounded, one line at a time. */
const LINE = /^[ \t]{0,32}(?:export[ \t]{1,8})?([A-Za-z_][A-Za-z0-9_.-]{0,127})[ \t]{0,8}=[ \t]{0,8}(.{0,4096})$/;

/**
 * Facts from `.env` files: each literal credential value, by the variable it is assigned to.
 * Template files (`.env.example`) are skipped: their values are stand-ins.
 */
export const dotenvExtractor: FactExtractor = {
  name: 'dotenv-identities',
  kinds: ['dotenv'],
  extract(doc, emit) {
    const file = doc.path.slice(doc.path.lastIndexOf('/') + 1);
    if (TEMPLATE_FILE.test(file)) return;
    let offset = 0;
    for (const line of doc.text.split('\n')) {
      const lineStart = offset;
      offset += line.length + 1;
      const match = LINE.exec(line.replace(/\r$/, ''));
      if (!match) continue;
      const name = match[1]!;
      const raw = match[2]!;
      const { value, shift } = unquote(raw);
      const literal = literalCredential(name, value);
      if (!literal) continue;
      const start = lineStart + line.length - raw.length + (line.endsWith('\r') ? -1 : 0) + shift + Math.max(0, literal.offset);
      emit({ kind: FACT_KINDS.use, target: { start, end: start + literal.length }, secret: literal.secret, attributes: { source: 'dotenv', name } });
    }
  },
};

/** The value of a `.env` assignment: quotes removed, or a trailing ` # comment` cut. */
function unquote(raw: string): { value: string; shift: number } {
  const trimmed = raw.trimEnd();
  const quote = trimmed[0];
  if ((quote === '"' || quote === "'") && trimmed.length >= 2) {
    const close = trimmed.indexOf(quote, 1);
    if (close > 0) return { value: trimmed.slice(1, close), shift: 1 };
  }
  const comment = trimmed.search(/[ \t]#/);
  return { value: comment === -1 ? trimmed : trimmed.slice(0, comment), shift: 0 };
}
