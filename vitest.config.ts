import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores on CI: run files in parallel but keep the pool small so servers on 127.0.0.1 do not starve.
    pool: 'forks',
    maxWorkers: 2,
  },
});
