import type { Document } from '../document/document.js';
import type { FileKind } from '../document/kinds.js';
import type { z } from 'zod';
import type { Confidence, Family, Location, Properties, RelatedLocation, SecretPreview, Severity, Target } from './base.js';
import type { Fact, FactInput } from './facts.js';
import type { Organisation, OrganisationContext } from './org.js';

export * from './base.js';
export type * from './facts.js';
export type * from './org.js';
export { identityKey, isIdentityFact } from './facts.js';

/** A related place a rule names: in the same document by target, or anywhere by location. */
export type RelatedInput = { target: Target; message?: string } | { location: Location; message?: string };

/** What a rule may add to a report. */
export interface ReportExtra {
  /** Raise or lower the rule's default severity for this finding. */
  severity?: Severity;
  /** Raise or lower the rule's default confidence for this finding. */
  confidence?: Confidence;
  related?: RelatedInput[];
  /**
   * The secret value. The engine hashes it into the fingerprint and a masked preview, checks it
   * against allowlists and then drops it: it is never stored or printed.
   */
  secret?: string;
  /** Where the secret value sits, when it is narrower than the reported target. */
  secretTarget?: Target;
  /** Leading characters of the secret that are a public identifier (`ghp_`, `AKIA`). */
  publicPrefix?: number;
  /** Facts about the finding, e.g. `lifetime: 'long-lived'`; shown in JSON and SARIF. */
  properties?: Properties;
  /**
   * A stable content key for a finding that is not a secret (e.g. `job:deploy`); defaults to
   * the normalised text of the target. Keeps fingerprints stable when lines move.
   */
  fingerprintKey?: string;
}

/** One problem found. Plain data: the same object feeds every reporter. */
export interface Finding {
  ruleId: string;
  family: Family;
  message: string;
  severity: Severity;
  confidence: Confidence;
  location: Location;
  related: RelatedLocation[];
  fingerprint: string;
  secret?: SecretPreview;
  properties: Properties;
  suppressed?: Suppression;
  /** GitHub's `primaryLocationLineHash` of the first line (filled in by the scan). */
  lineHash?: string;
  /** The keyed hash of the secret value, to find its other places; never output. */
  valueKey?: string;
  /**
   * Fingerprints of the other places of the same value folded into this finding: a baseline
   * entry for any of them covers it, so adding or removing a copy keeps it baselined.
   */
  foldedFingerprints?: readonly string[];
  /** Where in the git history the finding came from (`--history`, `--range`). */
  provenance?: Provenance;
}

/** A commit and the path a finding sat at in it. */
export interface CommitMark {
  commit: string;
  author: string;
  /** Author date, ISO 8601. */
  date: string;
  path: string;
}

/**
 * Where a finding of a history audit or a commit range lives in git: the commit that brought the
 * secret in, the one that removed it (when it is gone), the refs that still carry it.
 */
export interface Provenance {
  /** A file's content (a blob) or a commit message. */
  source: 'blob' | 'commit-message';
  /** The oldest commit that added the secret at this place; absent when no commit added it (a ref to a bare blob). */
  introduced?: CommitMark;
  /** The newest commit that took it out, when HEAD no longer holds it. */
  removed?: CommitMark;
  /** Whether the tree at HEAD still holds the secret. */
  atHead: boolean;
  /** Refs (branches, tags, notes, stash) whose history holds the introducing commit (the first 50). */
  refs: string[];
  /** How many refs hold it. */
  refCount: number;
  /** How many commits added a version of a file holding the secret. */
  commits: number;
  /** Range scans: brought in by the range, or already there before it in a file the range touches. */
  range?: 'new' | 'pre-existing';
}

interface Suppression {
  kind: 'inline' | 'baseline' | 'config';
  reason: string;
}

/** Something that went wrong with one file or rule; the scan goes on. */
export interface Note {
  level: 'error' | 'warning' | 'info';
  /** Short stable code, e.g. `parse-error`, `too-large`, `binary`, `unused-suppression`. */
  code: string;
  message: string;
  path?: string;
  ruleId?: string;
  line?: number;
}

/** Per-rule options from the configuration, parsed by the rule's schema (defaults filled in). */
export type RuleOptions = Readonly<Record<string, unknown>>;

/**
 * A rule's options: a zod object whose fields carry defaults and `.describe()` text. The
 * configuration is checked against it when it loads (an unknown option is an error with a
 * suggestion) and `docs/rules.md` lists the options from it.
 */
export type OptionsSchema = z.ZodObject;

/** Settings every rule may read: project-level choices from the configuration. */
export interface RuleSettings {
  /** Environment names or globs whose protection (reviewers, waits) the user vouches for. */
  protectedEnvironments: readonly string[];
  /** Extra regexes (source strings) that mark a target as production-like. */
  productionPatterns: readonly string[];
  /** Secrets in test, example and development-only paths keep their full severity (default false). */
  fullSeverityInTests?: boolean;
}

/** The context a file rule receives. */
export interface RuleContext<O = RuleOptions> {
  readonly doc: Document;
  readonly options: O;
  readonly settings: RuleSettings;
  report(target: Target, message: string, extra?: ReportExtra): void;
  fact(fact: FactInput): void;
  /**
   * Whether a lower-case literal occurs in the file, case-insensitively. For the rule's own
   * `keywords` the answer comes from the engine's single keyword pass, without another scan.
   */
  mentions(keyword: string): boolean;
  /**
   * Where the rule's own keywords start in the file (at a word start, for a `\\b` keyword), in
   * text order, from the engine's keyword pass; undefined when one of them is not the rule's keyword.
   */
  keywordStarts(keywords: readonly string[]): readonly number[] | undefined;
  /** A note about this file, e.g. a construct the rule could not follow. */
  note(message: string, level?: Note['level']): void;
  /**
   * The other files of this scan, read only: for a rule that must follow an import (a stage class
   * or helper another module defines). Empty where files are not on disk (`--staged`, history).
   */
  readonly sources: ScannedSources;
}

/** Read-only access to the files a scan discovered (code and the manifests that resolve imports). */
export interface ScannedSources {
  /** POSIX paths relative to the scan root. */
  paths(): Iterable<string>;
  has(path: string): boolean;
  /** The file's text, or undefined when it is not part of the scan, unreadable, binary or over `maxBytes`. */
  read(path: string, maxBytes: number): string | undefined;
}

/** The context a repository rule receives. */
export interface RepositoryContext<O = RuleOptions> {
  readonly options: O;
  readonly settings: RuleSettings;
  /**
   * Repository rules never hold a secret value (facts keep only masked previews): a finding about
   * a literal shows the fact's preview. Allowlist regexes are tried on the finding's line.
   */
  report(
    location: Location,
    message: string,
    extra?: Omit<ReportExtra, 'related' | 'secretTarget' | 'secret' | 'publicPrefix'> & {
      related?: RelatedLocation[];
      /**
       * The masked secret of a fact (`fact.secret`), for a finding about a literal another file
       * holds: shown as the finding's secret. There is no value to hash, so give a `fingerprintKey`.
       */
      secretPreview?: SecretPreview;
    },
  ): void;
  note(message: string, level?: Note['level']): void;
}

/** Node visitors for JavaScript/TypeScript syntax trees, keyed by Babel node type. */
type Visitors = Record<string, (node: any, ctx: RuleContext) => void>;

interface RuleMetaBase {
  /** Kebab-case hazard name; equals the file name. */
  id: string;
  /** Equals the folder name. */
  family: Family;
  /** Short noun phrase: the SARIF shortDescription. */
  title: string;
  /** One sentence: the SARIF fullDescription. */
  description: string;
  severity: Severity;
  confidence: Confidence;
  /** CWE ids (`CWE-798`), OWASP NHI (`NHI2`) and CI/CD (`CICD-SEC-6`) ids. */
  tags: readonly string[];
  /** Markdown with **Why** and **Fix** paragraphs and a safe example. */
  help: string;
  /** Off unless the configuration enables it. */
  disabledByDefault?: boolean;
  /** The options the rule reads (`ctx.options`), if any. */
  options?: OptionsSchema;
}

interface FileRuleMeta extends RuleMetaBase {
  /** File kinds the rule reads; `'*'` for every text file. */
  kinds: readonly FileKind[] | '*';
  /**
   * Literal keywords (lower case): the rule runs on a file only when one of them occurs in it,
   * case-insensitively; a keyword led by `WORD_START` (src/detect/keywords.ts) must start a word.
   * Omit to run on every file of the rule's kinds.
   */
  keywords?: readonly string[];
  /**
   * A catch-all secret rule: its findings are dropped where a more specific secret rule reported
   * an overlapping secret (so `token = ghp_…` is one GitHub-token finding, not two).
   */
  fallback?: boolean;
  /**
   * Its credentials are what logs and recorded traffic repeat (catch-all names, HTTP headers):
   * five or more different values under one name in one file fold into one finding at most low,
   * `properties.context: "recorded"` (src/pipeline/fold.ts). Catch-all rules are recorded too.
   */
  recorded?: boolean;
}

/**
 * Emits facts about one document whatever rules are enabled: where identities are defined and
 * used. Extractors are listed in `src/model/extractors.ts` and run when a repository rule or the
 * inventory needs facts.
 */
export interface FactExtractor {
  /** A name for notes when the extractor fails. */
  name: string;
  kinds: readonly FileKind[] | '*';
  extract(doc: Document, emit: (fact: FactInput) => void): void;
}

export interface TextRule<O = RuleOptions> extends FileRuleMeta {
  scan(doc: Document, ctx: RuleContext<O>): void;
}

export interface VisitorRule extends FileRuleMeta {
  visit: Visitors;
}

export interface RepositoryRule<O = RuleOptions> extends RuleMetaBase {
  /** Runs once per scan over every fact the file rules and extractors emitted. */
  correlate(facts: readonly Fact[], ctx: RepositoryContext<O>): void;
}

/**
 * A rule over every repository of an organisation: it runs in `nhiscan org merge`, never in a
 * scan of one repository, over what `nhiscan org scan` kept of each (hashes, not values).
 */
export interface OrganisationRule<O = RuleOptions> extends RuleMetaBase {
  correlateRepositories(organisation: Organisation, ctx: OrganisationContext<O>): void;
}

export type Rule = TextRule | VisitorRule | RepositoryRule | OrganisationRule;

/** The SARIF / configuration id of a rule: `<family>/<id>`. */
export function ruleKey(rule: Pick<RuleMetaBase, 'family' | 'id'>): string {
  return `${rule.family}/${rule.id}`;
}

export function isFileRule(rule: Rule): rule is TextRule | VisitorRule {
  return 'scan' in rule || 'visit' in rule;
}

export function isRepositoryRule(rule: Rule): rule is RepositoryRule {
  return 'correlate' in rule;
}

export function isOrganisationRule(rule: Rule): rule is OrganisationRule {
  return 'correlateRepositories' in rule;
}
