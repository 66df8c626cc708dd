import { defineConfig } from 'vitest/config';

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql ships both ESM (.mjs) and CJS builds; Pothos and Yoga load the CJS one under Node, so tests must
  // too, or the schema would mix two copies of graphql ("Cannot use GraphQLScalarType from another realm").
  resolve: { alias: { graphql: require.resolve('graphql') } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores on CI: run files in parallel but keep the pool small so servers on 127.0.0.1 do not starve.
    pool: 'forks',
    maxWorkers: 2,
  },
});
