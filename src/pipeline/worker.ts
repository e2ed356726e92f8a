import { parentPort, workerData } from 'node:worker_threads';
import { syntaxOf } from '../document/kinds.js';
import { loadBuiltinRules } from '../rule/registry.js';
import type { WorkerBatch, WorkerReply, WorkerSetup } from './parallel.js';
import { loadParsers } from '../document/parse.js';
import { useSecretKey } from './secret-value.js';
import { createEngine, scanFile, type FileContext, type FileOutcome } from './scan-file.js';
import { readHead } from './discover.js';
import { DiscoveredSources } from './sources.js';

/**
 * A scan worker: builds the engine once, then scans the batches the main thread sends. Started
 * from worker-entry.ts (the unbundled build) or by bin/nhiscan.js from the CLI bundle.
 */
export async function serveScanWorker(): Promise<void> {
  const setup = workerData as WorkerSetup;
  useSecretKey(setup.secretKey);
  const { engine } = createEngine(await loadBuiltinRules(), setup.config, setup.needsFacts, setup.ruleScope);
  const sources = new DiscoveredSources(setup.sources.map(([path, absolute]) => ({ path, absolute })));
  const context = { engine, config: setup.config, needsFacts: setup.needsFacts, lineFilter: setup.lineFilter, sources };
  parentPort!.on('message', (batch: WorkerBatch) => void scanBatch(batch, setup.config.maxFileSize, context));
}

/** Scans one batch and posts its outcomes (or what went wrong) back to the main thread. */
async function scanBatch(batch: WorkerBatch, maxFileSize: number, context: FileContext): Promise<void> {
  try {
    await loadParsers(batch.files.map((f) => syntaxOf(f.kind)));
    // Start every read of the batch at once: the disk works while the rules run.
    // A file over the size limit is read only up to it (its prefix is scanned).
    const reads = batch.files.map(({ absolute, size }) => readHead(absolute, size !== undefined && size > maxFileSize ? maxFileSize : undefined));
    for (const read of reads) read.catch(() => undefined); // handled when the file's turn comes
    const outcomes: { path: string; outcome: FileOutcome }[] = [];
    for (const [i, { path, absolute, size, kind }] of batch.files.entries()) {
      const file = { path, size, absolute: typeof absolute === 'string' ? absolute : Buffer.from(absolute), read: () => reads[i]! };
      outcomes.push({ path, outcome: await scanFile(file, kind, context) });
    }
    parentPort!.postMessage({ outcomes } satisfies WorkerReply);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
}
