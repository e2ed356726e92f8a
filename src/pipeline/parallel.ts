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

/**
 * What a worker thread runs. The CLI bundle's workers run bin/nhiscan.js, which loads the bundle
 * the way the main thread did (one file, its compiled code cached) and serves as a worker when
 * given WORKER_ARGUMENT: it names itself under this symbol. Each worker costs CPU the main thread
 * does not (start-up, compiling the rules' regexes, warming its own JIT): over node_modules about
 * 0.4 s per worker loading the unbundled build's few hundred modules, 0.27 s from the bundle.
 * Elsewhere (library use, tests) workers run the unbundled worker-entry.js.
 */
const BIN_SCRIPT = Symbol.for('nhiscan.bin');
const WORKER_ARGUMENT = '--scan-worker';

function workerScript(): { url: URL; argv: string[] } {
  const bin = (globalThis as { [BIN_SCRIPT]?: string })[BIN_SCRIPT];
  // From the bundle, import.meta.url is the bundle's (dist/src/cli/): '../pipeline/' finds the unbundled build either way.
  return bin ? { url: new URL(bin), argv: [WORKER_ARGUMENT] } : { url: new URL('../pipeline/worker-entry.js', import.meta.url), argv: [] };
}

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
  const script = workerScript();
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script.url, { workerData, argv: script.argv });
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
