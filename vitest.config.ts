import path from 'node:path';
import { defineConfig } from 'vitest/config';

// One runner for unit, integration and browser (Playwright) tests.
// Forks, not threads: DuckDB and jieba are native addons.
// `#lib` and `#charts` as in web/vite.config.ts, so a test can call a page's server load.
export default defineConfig({
  resolve: {
    alias: {
      '#lib': path.resolve(import.meta.dirname, 'web/src/lib'),
      '#charts': path.resolve(import.meta.dirname, 'pipeline/charts'),
    },
  },
  test: {
    include: ['tests/**/*.test.ts', 'web/src/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
