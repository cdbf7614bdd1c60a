import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start real loopback servers; two cores cannot usefully run more than a few files at once.
    maxWorkers: 2,
  },
});
