// The action's entry point (bundled to dist-action/index.js): run once, exit with its code.
import { run } from './main.js';

process.exitCode = await run();
