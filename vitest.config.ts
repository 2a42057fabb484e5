import { defineConfig } from 'vitest/config';

// One embedded PostgreSQL per run (global setup) with a migrated template; each test file gets its own
// database cloned from it. KAZNA_TEST_DATABASE_URL adds the same tests against a PostgreSQL server.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'verifier/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
