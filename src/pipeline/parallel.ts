import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/load.js';
import type { FileKind } from '../document/kinds.js';
import type { SourceFile } from './discover.js';
import type { FileOutcome, RuleScope } from './scan-file.js';

/** What a worker needs to build the same rule engine as the main thread. */
export interface WorkerSetup {
  config: ResolvedConfig;
  needsFacts: boolean;
  ruleScope: RuleScope;
  lineFilter?: ReadonlyMap<string, ReadonlySet<number>>;
  /** The secret hash key (see secret-value.ts): workers must hash as the main thread does. */
  secretKey: string;
  /** The scan's readable code and manifest files (path, absolute name), for rules that follow imports. */
  sources: [string, string | Buffer | Uint8Array][];
}

/** One unit of work sent to a worker: files on disk with their kinds. */
export interface WorkerBatch {
  /** `absolute` is bytes for a name that is not valid UTF-8 (it arrives as a Uint8Array, which fs accepts). */
  files: { path: string; absolute: string | Uint8Array; size?: number; kind: FileKind }[];
}

export type WorkerReply = { outcomes: { path: string; outcome: FileOutcome }[] } | { error: string };

/** Files per message: large enough to amortise messaging, small enough to balance the load. */
const BATCH_FILES = 48;
const BATCH_BYTES = 2 * 1024 * 1024;

/**
 * Scans files on `workers` worker threads, handing out batches on demand so a slow file does
 * not hold up the rest. Each worker loads the rules and builds the same engine from the
 * configuration; outcomes come back as plain data.
 */
export async function scanInWorkers(
  work: readonly { file: SourceFile; kind: FileKind }[],
  setup: WorkerSetup & { workers: number },
  collect: (path: string, outcome: FileOutcome | undefined) => void,
): Promise<void> {
  const batches: WorkerBatch[] = [];
  let current: WorkerBatch = { files: [] };
  let currentBytes = 0;
  for (const { file, kind } of work) {
    current.files.push({ path: file.path, absolute: file.absolute!, size: file.size, kind });
    currentBytes += file.size ?? 0;
    if (current.files.length >= BATCH_FILES || currentBytes >= BATCH_BYTES) {
      batches.push(current);
      current = { files: [] };
      currentBytes = 0;
    }
  }
  if (current.files.length) batches.push(current);

  const workerData: WorkerSetup = {
    config: setup.config,
    needsFacts: setup.needsFacts,
    lineFilter: setup.lineFilter,
    secretKey: setup.secretKey,
    ruleScope: setup.ruleScope,
    sources: setup.sources,
  };
  const url = new URL('../pipeline/worker.js', import.meta.url); // also from the CLI bundle in dist/src/cli/;
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(url, { workerData });
      const send = () => {
        if (next < batches.length) worker.postMessage(batches[next++]);
        else void worker.terminate().then(() => resolve());
      };
      worker.on('message', (reply: WorkerReply) => {
        if ('error' in reply) {
          void worker.terminate();
          reject(new Error(reply.error));
          return;
        }
        for (const { path, outcome } of reply.outcomes) collect(path, outcome);
        send();
      });
      worker.on('error', reject);
      worker.once('online', send);
    });
  await Promise.all(Array.from({ length: Math.min(setup.workers, batches.length) }, runWorker));
}
