import { mkdir, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { gitTopLevel } from '../pipeline/git.js';
import { mergeOrganisation } from '../pipeline/org-merge.js';
import { keyId, organisationKey, parseRepositoryList, parseShard } from '../pipeline/org-records.js';
import { scanOrganisationShard } from '../pipeline/org-scan.js';
import { atLeast } from '../report/common.js';
import { toOrgJson, toOrgMarkdown, toOrgSarif, toOrgText } from '../report/org.js';
import { loadBuiltinRules } from '../rule/registry.js';
import { SEVERITIES, type Severity } from '../rule/types.js';
import type { ParsedArgs } from './args.js';
import { applyFlags, emit, environmentKey, outputPath, toolInfo } from './common.js';
import { err } from './output.js';

const ORG_FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

/** The largest repository list read (a million lines of URLs is well below it). */
const MAX_LIST_BYTES = 64 * 1024 * 1024;

/** `nhiscan org scan|merge`. */
export async function orgCommand(args: ParsedArgs): Promise<number> {
  if (args.subcommand === 'scan') return orgScan(args);
  if (args.subcommand === 'merge') return orgMerge(args);
  throw new UsageError('"nhiscan org" takes a subcommand: scan or merge; run "nhiscan org --help"');
}

async function orgScan(args: ParsedArgs): Promise<number> {
  const v = args.values;
  if (args.positionals.length) throw new UsageError(`org scan takes no paths (got "${args.positionals[0]}"): the repositories come from --repos LIST`);
  if (typeof v.repos !== 'string') throw new UsageError('org scan needs --repos LIST (one repository per line: a folder or a clone URL)');
  if (typeof v.out !== 'string') throw new UsageError('org scan needs --out DIR (one result file per repository is written there)');
  const shard = parseShard(typeof v.shard === 'string' ? v.shard : undefined);
  const cwd = process.cwd();
  const listPath = resolve(cwd, v.repos);
  let text: string;
  try {
    const info = await stat(listPath);
    if (!info.isFile()) throw new UsageError(`--repos ${v.repos} is not a regular file`);
    if (info.size > MAX_LIST_BYTES) throw new UsageError(`--repos ${v.repos} is over ${MAX_LIST_BYTES / 1024 / 1024} MiB`);
    text = await readFile(listPath, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the repository list ${v.repos} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const { entries, duplicates } = parseRepositoryList(text);
  const quiet = Boolean(v.quiet);
  const say = (line: string) => (quiet ? Promise.resolve() : err(`nhiscan: ${line}\n`));
  if (!entries.length) throw new UsageError(`the repository list ${v.repos} names no repository`);
  if (duplicates.length)
    await say(`${duplicates.length} repositor${duplicates.length === 1 ? 'y is' : 'ies are'} listed twice (the same id); each is scanned once`);
  const out = resolve(cwd, v.out);
  await mkdir(out, { recursive: true });
  const { key, source } = await organisationKey(out, environmentKey());
  if (source === 'file' && shard.count > 1)
    await say(
      `no NHISCAN_FINGERPRINT_KEY: this shard uses the key in ${v.out}/org.key; shards writing to other folders must share one key to be merged (set NHISCAN_FINGERPRINT_KEY)`,
    );
  const catalog = await loadBuiltinRules();
  const configure = async (root: string) => {
    const config = await loadConfig({
      cwd: root,
      stopDir: (await gitTopLevel(root)) ?? root,
      file: typeof v.config === 'string' ? resolve(cwd, v.config) : undefined,
      none: Boolean(v['no-config']),
    });
    applyFlags(config, v);
    return config;
  };
  const summary = await scanOrganisationShard({
    entries,
    shard,
    out,
    cwd,
    key,
    history: Boolean(v.history),
    catalog,
    tool: toolInfo(),
    configure,
    onRepository: (event) => {
      const what =
        event.outcome === 'skipped'
          ? 'already scanned, skipped'
          : event.outcome === 'failed'
            ? `FAILED: ${event.error ?? 'error'}`
            : `${event.findings ?? 0} finding${event.findings === 1 ? '' : 's'}`;
      void say(`[${event.done}/${event.total}] ${event.id}: ${what}`);
    },
  });
  await say(
    `shard ${shard.index}/${shard.count}: ${summary.assigned} of ${entries.length} repositories (${summary.scanned} scanned, ${summary.skipped} skipped as done, ${summary.failed} failed); key ${keyId(key)}; results in ${v.out}`,
  );
  return summary.failed ? 2 : 0;
}

async function orgMerge(args: ParsedArgs): Promise<number> {
  const v = args.values;
  const format = typeof v.format === 'string' ? v.format : 'text';
  if (!(ORG_FORMATS as readonly string[]).includes(format)) throw new UsageError(`org merge --format must be one of ${ORG_FORMATS.join(', ')}`);
  const failOn = typeof v['fail-on'] === 'string' ? v['fail-on'] : 'high';
  if (![...SEVERITIES, 'none'].includes(failOn)) throw new UsageError(`--fail-on must be one of ${[...SEVERITIES, 'none'].join(', ')}`);
  if (!args.positionals.length) throw new UsageError('org merge needs at least one folder written by "nhiscan org scan --out DIR"');
  const catalog = await loadBuiltinRules();
  const merged = await mergeOrganisation({ dirs: args.positionals.map((dir) => resolve(process.cwd(), dir)), catalog });
  const report = { ...merged, catalog };
  const tool = toolInfo();
  const warnings: string[] = [];
  const text =
    format === 'json'
      ? toOrgJson(report, tool)
      : format === 'markdown'
        ? toOrgMarkdown(report)
        : format === 'sarif'
          ? toOrgSarif(report, tool, (w) => warnings.push(w))
          : toOrgText(report);
  await emit(text, outputPath(v.output));
  for (const warning of warnings) await err(`nhiscan: warning: ${warning}\n`);
  if (!merged.complete) {
    for (const note of merged.notes.filter((n) => n.level === 'error')) await err(`nhiscan: ${note.message}\n`);
    return 2;
  }
  const threshold = failOn as Severity | 'none';
  const failing =
    merged.findings.some((f) => atLeast(f.severity, threshold)) ||
    merged.repositories.some((r) => r.findings.some((f) => !f.suppressed && atLeast(f.severity, threshold)));
  return failing ? 1 : 0;
}
