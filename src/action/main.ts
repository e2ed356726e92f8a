/**
 * The GitHub Action (action.yml → dist-action/index.js, bundled by scripts/bundle.js). It reads
 * the event payload, works out what the run should scan with local git (no API calls, no token),
 * scans with the library (a commit range exactly as `nhiscan scan --range BASE..HEAD`: secrets
 * that were already in a touched file are reported as pre-existing and do not fail), writes SARIF (path in the `sarif-file` output) and a job summary, and in
 * `fail` mode annotates the findings and fails the step. Nothing from the scanned tree runs: the
 * configuration is read only from data files (YAML/JSON), never JS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.js';
import type { SourceFile } from '../pipeline/discover.js';
import { gitTopLevel } from '../pipeline/git.js';
import { scan } from '../pipeline/scan.js';
import { parseAddedLines } from '../pipeline/staged.js';
import { scanHistory } from '../pipeline/history.js';
import { rangeSelection } from '../pipeline/history-range.js';
import { newSecretKey } from '../pipeline/secret-value.js';
import { activeFindings, gatingFindings, INFORMATION_URI, relativeToRepository, type ToolInfo } from '../report/common.js';
import { toGithub } from '../report/github.js';
import { toSarif } from '../report/sarif.js';
import { loadBuiltinRules } from '../rule/registry.js';
import type { ScanResult } from '../rule/result.js';
import { SEVERITIES, type Location, type Note, type Severity } from '../rule/types.js';
import { changesIn, planScan, wantedScan, type Plan } from './range.js';
import { jobSummary } from './summary.js';

const MODES = ['upload', 'fail'] as const;
type Mode = (typeof MODES)[number];
const DATA_CONFIG = new Set(['', '.json', '.yaml', '.yml']);

class InputError extends Error {}

/** An input as the runner passes it: INPUT_<NAME> with the name upper-cased, spaces as underscores. */
function input(name: string, fallback = ''): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim() || fallback;
}

/** Appends `name=value` to a file the runner reads ($GITHUB_OUTPUT), with a delimiter for safety. */
async function setOutput(name: string, value: string): Promise<void> {
  const file = process.env['GITHUB_OUTPUT'];
  if (!file) return;
  const delimiter = `nhiscan_${Math.random().toString(36).slice(2)}`;
  await appendFile(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

export async function run(): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const workspace = process.env['GITHUB_WORKSPACE'] ?? process.cwd();
    const mode = input('mode', 'upload') as Mode;
    if (!MODES.includes(mode)) throw new InputError(`mode must be one of ${MODES.join(', ')}`);
    const scope = input('scope', 'auto');
    if (!['auto', 'full'].includes(scope)) throw new InputError('scope must be auto (what the event changes) or full');
    const failOnInput = input('fail-on');
    if (failOnInput && !['none', ...SEVERITIES].includes(failOnInput)) throw new InputError(`fail-on must be one of ${SEVERITIES.join(', ')}, none`);
    const root = resolve(workspace, input('path', '.'));
    if (!existsSync(root)) throw new InputError(`path not found: ${input('path')}`);
    const top = (await gitTopLevel(root)) ?? root;

    const configInput = input('config');
    if (configInput && !DATA_CONFIG.has(extname(configInput).toLowerCase()))
      throw new InputError('config must be a YAML or JSON file (the action never runs code from the repository)');
    const config = await loadConfig({ cwd: root, stopDir: top, file: configInput || undefined });
    if (failOnInput) config.failOn = failOnInput as Severity | 'none';

    const eventName = process.env['GITHUB_EVENT_NAME'] ?? '';
    const payload = readPayload(process.env['GITHUB_EVENT_PATH']);
    const plan: Plan =
      scope === 'full'
        ? { kind: 'full', note: 'full scan: scope: full' }
        : await planScan(wantedScan(eventName, payload, process.env['GITHUB_SHA'] ?? 'HEAD'), top, log);
    log(
      plan.kind === 'changes'
        ? `nhiscan: scanning what ${plan.base.slice(0, 12)}..${plan.head.slice(0, 12)} adds${plan.note ? ` (${plan.note})` : ''}`
        : `nhiscan: ${plan.note}`,
    );

    const result = await scanPlan(plan, root, top, config);
    const prefix = relative(top, root).split(sep).join('/');
    const placed = relativeToRepository(result, prefix.startsWith('..') ? '' : prefix);

    const sarifPath = resolve(workspace, input('sarif-file', join(process.env['RUNNER_TEMP'] ?? workspace, 'nhiscan.sarif')));
    await mkdir(dirname(sarifPath), { recursive: true });
    const category = input('category', 'nhiscan');
    await writeFile(sarifPath, toSarif(placed, { tool: toolInfo(), category, warn: (w) => log(`::warning title=nhiscan::${w}`) }));
    const active = activeFindings(result.findings);
    const failing = gatingFindings(result.findings, config.failOn);
    const preExisting = active.filter((f) => f.provenance?.range === 'pre-existing').length;
    await setOutput('sarif-file', sarifPath);
    await setOutput('findings', String(active.length));
    await setOutput('failing', String(failing.length));

    const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
    const scopeText = plan.kind === 'changes' ? `changes ${plan.base.slice(0, 12)}..${plan.head.slice(0, 12)}` : plan.note;
    if (summaryFile) await appendFile(summaryFile, jobSummary(placed, { scope: scopeText, failOn: config.failOn, mode, sarifFile: sarifPath }));

    if (mode === 'fail') process.stdout.write(toGithub(placed));
    log(
      `nhiscan: ${active.length} finding${active.length === 1 ? '' : 's'}${preExisting ? ` (${preExisting} pre-existing: already in a file the range touches, not failing)` : ''}, ${failing.length} new at or above ${config.failOn}; SARIF in ${sarifPath}`,
    );
    if (!result.complete) {
      log('::error title=nhiscan::the scan was incomplete (a rule or extractor failed); see the notes in the SARIF file');
      return mode === 'fail' ? 2 : 0;
    }
    return mode === 'fail' && failing.length ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`::error title=nhiscan::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
    return 2;
  }
}

function readPayload(path: string | undefined): Record<string, never> {
  if (!path || !existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, never>;
  } catch {
    return {};
  }
}

/**
 * Scans the whole tree, or a commit range: what the range brings in as `nhiscan scan --range`
 * finds it (every blob the commits add, secrets already in a touched file marked pre-existing),
 * plus the rules a scan of git objects cannot run (deploy rules read whole pipelines, repository
 * rules every file's facts) over the files the range changes, keeping findings on the lines it adds.
 */
async function scanPlan(plan: Plan, root: string, top: string, config: Awaited<ReturnType<typeof loadConfig>>): Promise<ScanResult> {
  const catalog = await loadBuiltinRules();
  const secretKey = process.env['NHISCAN_FINGERPRINT_KEY'] || newSecretKey();
  if (plan.kind === 'full') return scan({ root, config, catalog, workers: 0, secretKey });
  const selection = await rangeSelection(top, `${plan.base}..${plan.head}`);
  const inRange = underRoot(await scanHistory({ root: top, config, catalog, selection, secretKey }), relative(top, root).split(sep).join('/'));
  const { paths, patch } = await changesIn(top, plan.base, plan.head);
  const added = parseAddedLines(patch);
  const files: SourceFile[] = [];
  const lineFilter = new Map<string, Set<number>>();
  for (const path of paths) {
    const absolute = join(top, path);
    const rel = relative(root, absolute).split(sep).join('/');
    if (rel.startsWith('../') || isAbsolute(rel) || !existsSync(absolute)) continue;
    files.push({ path: rel, absolute, read: () => readFile(absolute) });
    lineFilter.set(rel, added.get(path) ?? new Set());
  }
  const changed = await scan({ root, config, catalog, files, lineFilter, workers: 0, secretKey, ruleScope: 'beyond-git-objects' });
  return {
    findings: [...inRange.findings, ...changed.findings],
    notes: [...inRange.notes, ...changed.notes],
    rules: [...inRange.rules, ...changed.rules],
    facts: [],
    stats: {
      files: Math.max(inRange.stats.files, changed.stats.files),
      bytes: inRange.stats.bytes + changed.stats.bytes,
      skipped: inRange.stats.skipped + changed.stats.skipped,
      durationMs: inRange.stats.durationMs + changed.stats.durationMs,
    },
    complete: inRange.complete && changed.complete,
    history: inRange.history,
  };
}

/**
 * A range scan reads the whole repository; with a `path` input only what lies under it is
 * reported, with paths relative to it (as a tree scan of that directory gives them).
 */
function underRoot(result: ScanResult, prefix: string): ScanResult {
  if (!prefix || prefix === '.') return result;
  const inside = (location: Location) => location.path.startsWith(`${prefix}/`);
  const strip = (location: Location): Location => ({ ...location, path: location.path.slice(prefix.length + 1) });
  return {
    ...result,
    findings: result.findings
      .filter((f) => inside(f.location))
      .map((f) => ({
        ...f,
        location: strip(f.location),
        secret: f.secret && { ...f.secret, location: inside(f.secret.location) ? strip(f.secret.location) : f.secret.location },
        related: f.related.filter((r) => inside(r.location)).map((r) => ({ ...r, location: strip(r.location) })),
      })),
    notes: result.notes
      .filter((n) => !n.path || n.path.startsWith(`${prefix}/`))
      .map((n): Note => (n.path ? { ...n, path: n.path.slice(prefix.length + 1) } : n)),
  };
}

/** Name and version from the package manifest next to the bundle (the action's checkout). */
function toolInfo(): ToolInfo {
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 5; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (!existsSync(candidate)) continue;
    const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'nhiscan') return { name: 'nhiscan', version: manifest.version ?? '0.0.0', informationUri: INFORMATION_URI };
  }
  return { name: 'nhiscan', version: '0.0.0', informationUri: INFORMATION_URI };
}
