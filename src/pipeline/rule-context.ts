import { peerScannerMarker } from '../detect/context.js';
import { textMentions, type KeywordHits } from '../detect/keywords.js';
import { isInlineTestCode } from '../detect/paths.js';
import type { Document } from '../document/document.js';
import type { Fact, FactInput, Identity, Note, RepositoryContext, RuleContext, RuleSettings, ScannedSources } from '../rule/types.js';
import type { Allowlists } from './allowlist.js';
import { draftFinding, type DraftFinding } from './findings.js';
import { locate, toRange } from './location.js';
import type { ActiveRule, RuleIndex } from './rule-index.js';
import { hashSecret, maskSecret } from './secret-value.js';

/** What a rule's findings, facts and notes for one document are collected into. */
export interface DocumentSink {
  drafts: DraftFinding[];
  facts: Fact[];
  notes: Note[];
  /** Keyword ids the engine's keyword pass found in the document. */
  present: KeywordHits;
}

/** The context one file rule receives for one document. */
export function fileContext(
  doc: Document,
  active: ActiveRule,
  settings: RuleSettings,
  index: RuleIndex,
  allowlists: Allowlists,
  sink: DocumentSink,
  sources: ScannedSources,
): RuleContext {
  const length = doc.text.length;
  return {
    doc,
    sources,
    options: active.options,
    settings,
    mentions(keyword) {
      const id = index.keyword(keyword);
      return id !== undefined ? sink.present.has(id) : textMentions(doc.lowerText, keyword);
    },
    keywordStarts(keywords) {
      const lists: (readonly number[])[] = [];
      for (const keyword of keywords) {
        const id = index.keyword(keyword);
        if (id === undefined) return undefined;
        const starts = sink.present.starts(id);
        if (starts.length) lists.push(starts);
      }
      return lists.length === 1 ? lists[0] : [...new Set(lists.flat())].sort((a, b) => a - b);
    },
    report(target, message, extra = {}) {
      const range = toRange(target, length);
      const location = locate(doc.path, doc.lines, range);
      const { related = [], secretTarget, ...rest } = extra;
      const draft = draftFinding(
        {
          active,
          location,
          message,
          extra: rest,
          related: related.map((r) =>
            'location' in r
              ? { location: r.location, message: r.message }
              : { location: locate(doc.path, doc.lines, toRange(r.target, length)), message: r.message },
          ),
          secretLocation: extra.secret !== undefined && secretTarget ? locate(doc.path, doc.lines, toRange(secretTarget, length)) : undefined,
          defaultKey: normalise(doc.text.slice(range.start, range.end)),
          line: extra.secret === undefined ? doc.lines.lineText(location.start.line) : undefined,
          surroundings:
            extra.secret !== undefined
              ? { inTestCode: isInlineTestCode(doc.kind, doc.text, range.start), peerMarker: peerScannerMarker(doc.text, range.start) }
              : undefined,
        },
        allowlists,
        settings,
      );
      sink.drafts.push(draft);
    },
    fact(input: FactInput) {
      sink.facts.push(makeFact(doc, input));
    },
    note(message, level = 'info') {
      sink.notes.push({ level, code: 'rule-note', message, path: doc.path, ruleId: active.key });
    },
  };
}

/** The context one repository rule receives; its findings go through the same constructor. */
export function repositoryContext(
  active: ActiveRule,
  settings: RuleSettings,
  allowlists: Allowlists,
  drafts: DraftFinding[],
  notes: Note[],
): RepositoryContext {
  return {
    options: active.options,
    settings,
    report(location, message, extra = {}) {
      const { related = [], ...rest } = extra;
      // The line is not at hand here: the scan tries allowlist regexes on it when it reads the file again.
      drafts.push(draftFinding({ active, location, message, extra: rest, related, defaultKey: message, line: undefined }, allowlists, settings));
    },
    note(message, level = 'info') {
      notes.push({ level, code: 'rule-note', message, ruleId: active.key });
    },
  };
}

/** A fact with its location; a literal's identity is its keyed hash, its value is dropped. */
export function makeFact(doc: Document, input: FactInput): Fact {
  const range = toRange(input.target, doc.text.length);
  const identity: Identity =
    input.identity ?? (input.secret !== undefined ? { type: 'literal', name: hashSecret(input.secret) } : { type: 'unknown', name: '' });
  const location = locate(doc.path, doc.lines, range);
  // Kind and attributes travel together from the input, which the union keeps consistent.
  const fact = { kind: input.kind, identity, location, attributes: { ...input.attributes } } as Fact;
  if (input.secret !== undefined) fact.secret = { preview: maskSecret(input.secret), length: input.secret.length, location };
  return fact;
}

/** The note for a rule that threw: the file's (or scan's) findings of that rule are incomplete. */
export function ruleCrash(ruleId: string, path: string | undefined, error: unknown): Note {
  const kind = error instanceof Error ? error.name : 'error';
  return path !== undefined
    ? { level: 'error', code: 'rule-error', message: `rule ${ruleId} failed on this file (${kind}); its findings for the file are incomplete`, path, ruleId }
    : { level: 'error', code: 'rule-error', message: `rule ${ruleId} failed (${kind}); its findings are incomplete`, ruleId };
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
