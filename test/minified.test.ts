import { describe, expect, it } from 'vitest';
import { scanFiles, textFile } from './helpers/scan.js';

const TOKEN = 'ghp_' + 'cqAmZIm7mPWUL9l0e4yjmLRDD7LoeX0ocJUp'; // format-valid (CRC-32 checksum), not a live token
/** A credential only the code-structure rule sees: a literal handed to an SDK client. */
const CLIENT = "import OpenAI from 'openai';\nexport const openai = new OpenAI({ apiKey: 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oO' });\n";
const FILLER = 'function f(a,b){return a+b}var x=f(1,2),y=f(3,4);';

describe('a minified or generated JavaScript file', () => {
  it('is read by the text rules, not parsed, and says so in an info note (--verbose)', async () => {
    const bundle = `${CLIENT.replace(/\n/g, ';')}${FILLER.repeat(200)}var t="${TOKEN}";\n`;
    const result = await scanFiles([textFile('dist/vendor.min.js', bundle)]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['secret/github-token']);
    expect(result.notes).toEqual([expect.objectContaining({ level: 'info', code: 'minified', path: 'dist/vendor.min.js' })]);
    expect(result.stats.files).toBe(1);
  });

  it('is told apart from ordinary code, which is parsed for the code-structure rules', async () => {
    const source = `${CLIENT}${`${FILLER}\n`.repeat(200)}const t = '${TOKEN}';\n`;
    const result = await scanFiles([textFile('src/client.js', source)]);
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['secret/code-credential', 'secret/github-token']);
    expect(result.notes.filter((n) => n.code === 'minified')).toEqual([]);
  });
});
