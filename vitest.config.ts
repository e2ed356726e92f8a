import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'threads',
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine, which then
    // sits idle while a test waits for the CLI, git or npm it spawned. A worker per core keeps
    // both busy (measured: see README, "Speed").
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
