// The worker thread of the unbundled build (library use, tests): the CLI bundle starts its
// workers through bin/nhiscan.js instead (see parallel.ts).
import { serveScanWorker } from './worker.js';

await serveScanWorker();
