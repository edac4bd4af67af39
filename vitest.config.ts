import { defineConfig } from 'vitest/config';

const engine = process.env.KESHER_TEST_ENGINE === 'pg' ? 'pg' : 'pglite';

export default defineConfig({
  test: {
    name: `server (${engine})`,
    include: ['src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Two cores: two workers, each test file on its own database (a PGlite clone or a PostgreSQL copy).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
