#!/usr/bin/env node
import { guardStreams } from '../dist/src/cli/output.js';
import { main } from '../dist/src/cli/main.js';

guardStreams();
process.exitCode = await main(process.argv.slice(2));
