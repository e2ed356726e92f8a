import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';
import { crypto } from '../crypto.js';
import type * as Sarif from 'sarif';
import type { ScanResult } from '../rule/result.js';
import type { Confidence, Finding, Location, Note, Provenance, Rule, Severity } from '../rule/types.js';
import { ruleKey, SEVERITY_RANK } from '../rule/types.js';
import { helpUri, plainText, sentence, severityCounts, type ToolInfo } from './common.js';
import { sarifText } from './escape.js';
import { classifyTag, CWE, OWASP_CICD, OWASP_NHI } from './taxonomy.js';

/** GitHub code scanning's hard limits (uploads beyond them are rejected). */
export const GITHUB_LIMITS = { resultsPerRun: 25_000, locationsPerResult: 1_000, gzippedBytes: 10 * 1024 * 1024 } as const;

export interface SarifOptions {
  tool: ToolInfo;
  /** `--category`: becomes `automationDetails.id` (with a trailing slash). */
  category?: string;
  /** Emit suppressed findings too, each result with a `suppressions` array. */
  includeSuppressed?: boolean;
  /** Called once per limit that made the log leave something out. */
  warn?: (message: string) => void;
}

const LEVEL: Record<Severity, Sarif.Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const PRECISION: Record<Confidence, string> = { high: 'high', medium: 'medium', low: 'low' };
const FAMILY_TAG = { secret: 'secrets', identity: 'service-account', assistant: 'ai-config', deploy: 'ci-deploy' } as const;
/** GitHub shows at most 10 tags per rule and rejects more than 20. */
const MAX_TAGS = 10;
const SRCROOT = '%SRCROOT%';

const TAXONOMIES = [
  {
    name: 'OWASP NHI Top 10',
    version: '2025',
    organization: 'OWASP',
    uri: 'https://owasp.org/www-project-non-human-identities-top-10/2025/',
    names: OWASP_NHI,
  },
  { name: 'OWASP CI/CD Top 10', version: '2022', organization: 'OWASP', uri: 'https://owasp.org/www-project-top-10-ci-cd-security-risks/', names: OWASP_CICD },
  { name: 'CWE', version: '4.16', organization: 'MITRE', uri: 'https://cwe.mitre.org/data/published/cwe_v4.16.pdf', names: CWE },
] as const;

/** Renders a scan as one SARIF 2.1.0 run, shaped for GitHub code scanning. */
export function toSarif(result: ScanResult, options: SarifOptions): string {
  const rules = [...result.rules].sort((a, b) => ruleKey(a).localeCompare(ruleKey(b)));
  const ruleIndex = new Map(rules.map((rule, i) => [ruleKey(rule), i]));
  const taxonomies = buildTaxonomies(rules);
  const all = options.includeSuppressed ? result.findings : result.findings.filter((f) => !f.suppressed);
  const findings = withinResultLimit(all);
  const omitted: Sarif.Notification[] = [];
  const warn = (message: string) => {
    omitted.push({ level: 'warning', message: { text: message }, descriptor: { id: 'sarif-limit' } });
    options.warn?.(message);
  };
  if (findings.length < all.length) {
    const counts = severityCounts(all.filter((f) => !findings.includes(f)))
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    warn(
      `${all.length} findings exceed GitHub's limit of ${GITHUB_LIMITS.resultsPerRun} results per run: the SARIF keeps the ${findings.length} most severe and leaves out ${all.length - findings.length} (${counts}); use --format json for all, or scan in parts with a --category each.`,
    );
  }
  const capped = findings.filter((f) => f.related.length > GITHUB_LIMITS.locationsPerResult - 1).length;
  if (capped)
    warn(
      `${capped} finding${capped === 1 ? ' has' : 's have'} more related places than GitHub accepts (${GITHUB_LIMITS.locationsPerResult} locations per result); the SARIF keeps the first ${GITHUB_LIMITS.locationsPerResult - 1} and says how many more in the message.`,
    );

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: options.tool.name,
        fullName: 'nhiscan — non-human identity risk scanner',
        semanticVersion: options.tool.version,
        version: options.tool.version,
        informationUri: options.tool.informationUri,
        rules: rules.map((rule) => descriptor(rule, taxonomies)),
        supportedTaxonomies: taxonomies.components.map((t, index) => ({ name: t.name, index })),
      },
    },
    taxonomies: taxonomies.components,
    originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the scanned repository.' } } },
    columnKind: 'utf16CodeUnits',
    results: withPublicFingerprints(findings).map(([finding, publicFingerprint]) =>
      toResult(finding, ruleIndex, options.includeSuppressed ?? false, publicFingerprint),
    ),
    invocations: [
      {
        executionSuccessful: result.complete,
        toolExecutionNotifications: [...omitted, ...notifications(result.notes)],
      },
    ],
  };
  if (result.history) {
    // History findings get their own category, so an upload never mixes them with (or closes
    // alerts of) the tree scan, and code scanning knows they are about commits, not HEAD's files.
    const base = options.category ? options.category.replace(/\/+$/, '') : 'nhiscan';
    run.automationDetails = { id: `${base}-${result.history.kind}/` };
    if (result.history.repositoryUri) {
      run.versionControlProvenance = [{ repositoryUri: result.history.repositoryUri, revisionId: result.history.head }];
    }
    run.properties = { scope: result.history.kind, commits: result.history.commits };
  } else if (options.category) run.automationDetails = { id: options.category.endsWith('/') ? options.category : `${options.category}/` };

  const log: Sarif.Log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  const text = JSON.stringify(log, null, 2) + '\n';
  const gzipped = text.length > GITHUB_LIMITS.gzippedBytes ? gzippedSize(text) : 0;
  if (gzipped > GITHUB_LIMITS.gzippedBytes) {
    options.warn?.(
      `the SARIF file is ${(gzipped / 1048576).toFixed(1)} MB gzipped, over GitHub's 10 MB upload limit; scan in parts (one --category each) or raise --fail-on and filter.`,
    );
  }
  return text;
}

/** Rule descriptors and the taxonomies they cite, for a SARIF run of any shape (the organisation report). */
export function sarifDescriptors(rules: readonly Rule[]): { descriptors: Sarif.ReportingDescriptor[]; taxonomies: Sarif.ToolComponent[] } {
  const sorted = [...rules].sort((a, b) => ruleKey(a).localeCompare(ruleKey(b)));
  const taxonomies = buildTaxonomies(sorted);
  return { descriptors: sorted.map((rule) => descriptor(rule, taxonomies)), taxonomies: taxonomies.components };
}

interface Taxonomies {
  components: Sarif.ToolComponent[];
  /** tag → [taxonomy index, taxon index] */
  index: Map<string, [number, number]>;
}

/** Only the taxa some rule cites, so the log stays small. */
function buildTaxonomies(rules: readonly Rule[]): Taxonomies {
  const cited = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const tag of rule.tags) {
      const t = classifyTag(tag);
      if (t) cited.set(t.taxonomy, (cited.get(t.taxonomy) ?? new Set()).add(t.id));
    }
  }
  const components: Sarif.ToolComponent[] = [];
  const index = new Map<string, [number, number]>();
  for (const taxonomy of TAXONOMIES) {
    const ids = [...(cited.get(taxonomy.name) ?? [])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (!ids.length) continue;
    const componentIndex = components.length;
    components.push({
      name: taxonomy.name,
      version: taxonomy.version,
      organization: taxonomy.organization,
      informationUri: taxonomy.uri,
      shortDescription: { text: `${taxonomy.name} (${taxonomy.version}).` },
      isComprehensive: false,
      taxa: ids.map((id, taxonIndex) => {
        const tag = taxonomy.name === 'CWE' ? `CWE-${id}` : id;
        index.set(tag, [componentIndex, taxonIndex]);
        const name = (taxonomy.names as Record<string, string>)[id] ?? tag;
        return { id, name, shortDescription: { text: sentence(name) } };
      }),
    });
  }
  return { components, index };
}

function descriptor(rule: Rule, taxonomies: Taxonomies): Sarif.ReportingDescriptor {
  const uri = helpUri(rule);
  const tags = ['security', FAMILY_TAG[rule.family], ...rule.tags.map(externalTag)].slice(0, MAX_TAGS);
  const relationships = rule.tags.flatMap((tag): Sarif.ReportingDescriptorRelationship[] => {
    const at = taxonomies.index.get(tag);
    if (!at) return [];
    const taxon = taxonomies.components[at[0]]!.taxa![at[1]]!;
    return [{ target: { id: taxon.id, index: at[1], toolComponent: { name: taxonomies.components[at[0]]!.name, index: at[0] } }, kinds: ['superset'] }];
  });
  const properties: Sarif.PropertyBag = { tags, precision: PRECISION[rule.confidence], family: rule.family };
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  if (securitySeverity) properties['security-severity'] = securitySeverity;
  return {
    id: ruleKey(rule),
    name: pascalCase(rule.id),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.description) },
    help: { text: plainText(rule.help) + `\n\nDocumentation: ${uri}`, markdown: `${rule.help}\n\n[Rule documentation](${uri})` },
    helpUri: uri,
    defaultConfiguration: { level: LEVEL[rule.severity], enabled: true },
    relationships: relationships.length ? relationships : undefined,
    properties,
  };
}

/**
 * For secret findings, a fingerprint made only of what the report shows anyway: rule, path,
 * masked preview, length and the occurrence of those within the file. Stable without any key.
 */
function withPublicFingerprints(findings: readonly Finding[]): [Finding, string | undefined][] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    if (!finding.secret) return [finding, undefined];
    const parts = [finding.ruleId, finding.location.path, finding.secret.preview, String(finding.secret.length)];
    const slot = parts.join('\0');
    const occurrence = seen.get(slot) ?? 0;
    seen.set(slot, occurrence + 1);
    return [
      finding,
      crypto()
        .createHash('sha256')
        .update([...parts, String(occurrence)].join('\0'))
        .digest('hex')
        .slice(0, 32),
    ];
  });
}

function toResult(finding: Finding, ruleIndex: Map<string, number>, withSuppressions: boolean, publicFingerprint: string | undefined): Sarif.Result {
  const properties: Sarif.PropertyBag = {
    severity: finding.severity,
    confidence: finding.confidence,
    ...Object.fromEntries(Object.entries(finding.properties).filter(([, v]) => v !== undefined)),
  };
  if (finding.secret) {
    properties['secretPreview'] = finding.secret.preview;
    properties['secretLength'] = finding.secret.length;
  }
  if (finding.provenance) Object.assign(properties, provenanceProperties(finding.provenance));
  // A secret's fingerprint is keyed, and the key may change between runs (no baseline, no
  // NHISCAN_FINGERPRINT_KEY): code scanning tracks it instead by what the report already shows
  // (rule, path, masked preview, length, occurrence). The line hash of a secret's line is a fast
  // unkeyed hash of text around the secret, a guessing oracle: left out, the upload action
  // computes it from the checkout.
  const partialFingerprints: Record<string, string> = { 'nhiscan/v1': publicFingerprint ?? finding.fingerprint };
  if (finding.lineHash && !finding.secret) partialFingerprints['primaryLocationLineHash'] = finding.lineHash;
  // GitHub reads security-severity from the result before the rule: a finding a rule lowers (a
  // test path, a low-confidence form) must not show at the rule's default. Info has no security
  // severity; 0.0 keeps it from inheriting the rule's.
  properties['security-severity'] = SECURITY_SEVERITY[finding.severity] ?? '0.0';
  // The primary location counts towards GitHub's locations-per-result limit.
  const keep = GITHUB_LIMITS.locationsPerResult - 1;
  const related = finding.related.slice(0, keep);
  const more = finding.related.length - related.length;
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    // Messages quote scanned text (job names, paths, values): escaped so none forms a link.
    message: { text: sarifText(sentence(finding.message)) + (more ? ` (${more} more related places are not listed.)` : '') },
    locations: [{ physicalLocation: physical(finding.location) }],
    partialFingerprints,
    relatedLocations: related.length
      ? related.map((r, id) => ({ id, physicalLocation: physical(r.location), message: r.message ? { text: sarifText(sentence(r.message)) } : undefined }))
      : undefined,
    properties,
  };
  if (withSuppressions) {
    result.suppressions = finding.suppressed
      ? [{ kind: finding.suppressed.kind === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: sarifText(finding.suppressed.reason) }]
      : [];
  }
  return result;
}

/** The most severe findings up to GitHub's results-per-run limit, in their original order. */
function withinResultLimit(findings: readonly Finding[]): Finding[] {
  if (findings.length <= GITHUB_LIMITS.resultsPerRun) return [...findings];
  const kept = new Set([...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, GITHUB_LIMITS.resultsPerRun));
  return findings.filter((f) => kept.has(f));
}

/** Commit ids and history facts of a history finding, as result properties. */
function provenanceProperties(p: Provenance): Sarif.PropertyBag {
  const out: Sarif.PropertyBag = { source: p.source, atHead: p.atHead, commits: p.commits, refs: p.refs, refCount: p.refCount };
  if (p.introduced) Object.assign(out, { introducedCommit: p.introduced.commit, introducedDate: p.introduced.date, introducedPath: p.introduced.path });
  if (p.removed) Object.assign(out, { removedCommit: p.removed.commit, removedDate: p.removed.date });
  if (p.range) out['rangeStatus'] = p.range;
  return out;
}

function physical(location: Location): Sarif.PhysicalLocation {
  const endColumn = location.end.line === location.start.line && location.end.column <= location.start.column ? location.start.column + 1 : location.end.column;
  return {
    artifactLocation: { uri: encodePath(location.path), uriBaseId: SRCROOT },
    region: { startLine: location.start.line, startColumn: location.start.column, endLine: location.end.line, endColumn },
  };
}

/** A relative URI reference for a POSIX path: each segment percent-encoded. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Errors and warnings one by one (capped); informational notes as counts per kind. */
function notifications(notes: readonly Note[]): Sarif.Notification[] {
  const out: Sarif.Notification[] = [];
  const infoCounts = new Map<string, number>();
  for (const note of notes) {
    if (note.level === 'info') {
      infoCounts.set(note.code, (infoCounts.get(note.code) ?? 0) + 1);
      continue;
    }
    if (out.length >= 1000) continue;
    out.push({
      level: note.level,
      message: { text: sarifText(sentence(note.message)) },
      descriptor: { id: note.code },
      locations: note.path
        ? [
            {
              physicalLocation: {
                artifactLocation: { uri: encodePath(note.path), uriBaseId: SRCROOT },
                region: note.line ? { startLine: note.line } : undefined,
              },
            },
          ]
        : undefined,
      associatedRule: note.ruleId ? { id: note.ruleId } : undefined,
    });
  }
  for (const [code, count] of [...infoCounts].sort()) {
    out.push({
      level: 'note',
      message: { text: `${count} file${count === 1 ? '' : 's'} not scanned or scanned with a caveat: ${code}.` },
      descriptor: { id: code },
    });
  }
  return out;
}

/** `CWE-798` → `external/cwe/cwe-798` (CodeQL's convention); other tags as they are. */
function externalTag(tag: string): string {
  const cwe = /^CWE-(\d+)$/.exec(tag);
  return cwe ? `external/cwe/cwe-${cwe[1]}` : tag;
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** The size of the text gzipped; node:zlib is loaded only for a log big enough to ask (start-up, issue 15). */
function gzippedSize(text: string): number {
  return (createRequire(import.meta.url)('node:zlib') as typeof Zlib).gzipSync(text).length;
}
