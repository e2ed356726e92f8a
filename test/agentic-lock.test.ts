import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { frontmatterHash, lockFreshness, readHashInput, readLockHeader, type HashInput } from '../src/model/assistant/agentic-lock.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function input(text: string): HashInput {
  const read = readHashInput(text);
  if (!read) throw new Error('no closed frontmatter');
  return read;
}

const noImports = () => ({ kind: 'absent' as const });

describe("gh-aw's frontmatter hash", () => {
  it("matches the vector gh-aw's own tests use (frontmatter `engine: copilot`)", () => {
    // From gh-aw's check_workflow_timestamp_api tests: the lock of `---\nengine: copilot\n---` records this hash.
    const result = frontmatterHash({ path: '.github/workflows/test.md', input: input('---\nengine: copilot\n---\n# Test Workflow') }, noImports);
    expect(result).toEqual({ hash: 'c2a79263dc72f28c76177afda9bf0935481b26da094407a50155a6e0244084e3', importPaths: [] });
  });

  it('covers the trimmed frontmatter text, local imports and env/vars expressions of the body, not the rest of the body', () => {
    const source =
      '---\r\non:\r\n  issues:\r\nimports:\r\n  - "shared/a.md"\r\n  - owner/repo/x.md@0123456789abcdef0123456789abcdef01234567\r\n---\r\nUse ${{ vars.TEAM }} and ${{ env.MODE }} and ${{ github.actor }} and ${{ vars.TEAM }}.\r\n';
    const shared = '---\ntools:\n  github:\n---\nShared text.\n';
    const sources = new Map<string, HashInput | null>([['.github/workflows/shared/a.md', input(shared)]]);
    // Written out by hand: keys sorted, no whitespace, CRLF made LF, imported texts joined by `\n---\n`.
    const canonical =
      '{"frontmatter-text":"on:\\n  issues:\\nimports:\\n  - \\"shared/a.md\\"\\n  - owner/repo/x.md@0123456789abcdef0123456789abcdef01234567",' +
      '"imported-frontmatters":"tools:\\n  github:","imports":["shared/a.md"],"template-expressions":["${{ env.MODE }}","${{ vars.TEAM }}"]}';
    const root = { path: '.github/workflows/triage.md', input: input(source) };
    expect(lockFreshness(sha256(canonical), root, sources)).toEqual({ kind: 'current' });
    const editedBody = { path: root.path, input: input(source.replace('and ${{ github.actor }}', 'and someone else')) };
    expect(lockFreshness(sha256(canonical), editedBody, sources)).toEqual({ kind: 'current' });
    const editedImport = new Map<string, HashInput | null>([['.github/workflows/shared/a.md', input(shared.replace('github:', 'github: {}'))]]);
    expect(lockFreshness(sha256(canonical), root, editedImport)).toEqual({ kind: 'stale', imports: ['.github/workflows/shared/a.md'] });
  });

  it('gives no verdict when a local import was not read, and leaves out an import whose frontmatter never closes', () => {
    const root = { path: '.github/workflows/w.md', input: input('---\nimports:\n  - shared/a.md\n---\n') };
    expect(lockFreshness('0'.repeat(64), root, new Map())).toEqual({ kind: 'unchecked', importPath: '.github/workflows/shared/a.md' });
    const unclosed = new Map<string, HashInput | null>([['.github/workflows/shared/a.md', null]]);
    expect(lockFreshness(sha256('{"frontmatter-text":"imports:\\n  - shared/a.md"}'), root, unclosed)).toEqual({ kind: 'current' });
  });

  it('reads the recorded hash from the metadata header, the legacy line, and nothing else', () => {
    const hash = 'ab'.repeat(32);
    expect(readLockHeader(`#\n# gh-aw-metadata: {"schema_version":"v1","frontmatter_hash":"${hash}","compiler_version":"v0.53.2"}\nname: x\n`)).toMatchObject({
      hash,
      compiler: 'v0.53.2',
    });
    expect(readLockHeader(`# frontmatter-hash: ${hash}\nname: x\n`)).toMatchObject({ hash });
    expect(readLockHeader('# gh-aw-metadata: {"schema_version":"v4"}\nname: x\n')).toBeUndefined();
    expect(readLockHeader('# gh-aw-metadata: {not json}\n')).toBeUndefined();
    expect(readLockHeader(`name: x\n# frontmatter-hash: ${hash.slice(2)}\n`)).toBeUndefined();
  });
});
