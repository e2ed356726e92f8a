import { defineRule } from '../../src/rule/index.js';
import type { FactOfKind } from '../../src/rule/index.js';
import { lockFreshness, type HashInput } from '../../src/model/assistant/index.js';

type Frontmatter = FactOfKind<'agentic-frontmatter'>;

function hashInput(fact: Frontmatter): HashInput | null {
  const { frontmatter, imports, expressions } = fact.attributes;
  if (frontmatter === null) return null;
  return { frontmatter, imports: [...imports], expressions: [...expressions], range: { start: fact.location.startOffset, end: fact.location.endOffset } };
}

export default defineRule({
  id: 'stale-agentic-lock',
  family: 'assistant',
  title: 'GitHub Agentic Workflow lock file out of date',
  description:
    "A GitHub Agentic Workflow's compiled `<name>.lock.yml` was compiled from other frontmatter than its `<name>.md` (or an imported file) now holds, so the workflow that runs is not the one reviewed.",
  severity: 'info',
  confidence: 'high',
  tags: ['CWE-1104', 'CICD-SEC-4'],
  help: `**Why.** \`gh aw compile\` turns \`.github/workflows/<name>.md\` into \`<name>.lock.yml\`, the workflow GitHub runs, and records a hash of the source's frontmatter (with its local imports) in the lock file's \`# gh-aw-metadata:\` header. When the two disagree, the permissions, triggers, tools and safe outputs reviewed in the markdown are not the ones that run; gh-aw's activation job refuses to start such a workflow, and nhiscan judges the markdown, so its findings describe the wrong file until the lock is rebuilt. The hash is recomputed as gh-aw's frontmatter hash specification describes; editing only the markdown body needs no recompile and is not reported. A source importing a file the scan did not read is noted, not judged.

**Fix.** Recompile and commit both files, and let CI fail on a stale lock.

\`\`\`sh
gh aw compile
git add .github/workflows/*.md .github/workflows/*.lock.yml
\`\`\``,
  correlate(facts, ctx) {
    const sources = new Map<string, HashInput | null>();
    const byPath = new Map<string, Frontmatter>();
    for (const fact of facts) {
      if (fact.kind !== 'agentic-frontmatter') continue;
      sources.set(fact.location.path, hashInput(fact));
      byPath.set(fact.location.path, fact);
    }
    for (const lock of facts) {
      if (lock.kind !== 'agentic-lock') continue;
      const sourceFact = byPath.get(lock.attributes.source);
      const input = sourceFact && hashInput(sourceFact);
      // A lock whose source was not read (or has no closed frontmatter) has nothing to compare with.
      if (!sourceFact || !input) continue;
      const verdict = lockFreshness(lock.attributes.recordedHash, { path: sourceFact.location.path, input }, sources);
      if (verdict.kind === 'unchecked') {
        ctx.note(`could not check whether ${lock.location.path} is current: its source imports ${verdict.importPath}, which this scan did not read`, 'info');
        continue;
      }
      if (verdict.kind === 'current') continue;
      ctx.report(
        sourceFact.location,
        `This workflow's frontmatter (or a file it imports) changed after \`${lock.location.path}\` was compiled${lock.attributes.compiler ? ` (by gh-aw ${lock.attributes.compiler})` : ''}: the workflow that runs is not the one reviewed here, and gh-aw refuses to start it; run \`gh aw compile\` and commit the lock file.`,
        {
          // Every imported file is a place the change may have been made (and a staged commit may touch only it).
          related: [
            { location: lock.location, message: 'the frontmatter hash the lock file was compiled from' },
            ...verdict.imports.flatMap((path) => {
              const imported = byPath.get(path);
              return imported ? [{ location: imported.location, message: 'an imported file whose frontmatter is part of that hash' }] : [];
            }),
          ],
          properties: { lockFile: lock.location.path },
          fingerprintKey: `stale-lock:${lock.location.path}`,
        },
      );
    }
  },
});
