import { defineConfig } from 'vitest/config';

// One runner for unit, integration and browser (Playwright) tests.
// Forks, not threads: DuckDB and jieba are native addons.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'web/src/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
