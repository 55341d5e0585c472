// Vite + SvelteKit configuration of the dashboard.
//
// SvelteKit 3 takes its configuration here, in the `sveltekit()` plugin: a svelte.config.js is
// rejected at build time. Run from the repository root so adapter-node reads the root
// package.json (its `dependencies`, e.g. @duckdb/node-api, stay external to the server bundle):
//   npx vite build --config web/vite.config.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { cspDirectives } from './src/lib/security/headers.ts';

const webDir = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: webDir,
  resolve: {
    // `#lib/…` → web/src/lib/… (SvelteKit 3 dropped `$lib`; the kit way is a package.json
    // `imports` entry, but the root package.json belongs to the whole repository, so the alias
    // lives here and in web/tsconfig.json `paths`).
    // `#charts/…` → pipeline/charts/…: the chart option builders the report renders too.
    alias: {
      '#lib': path.join(webDir, 'src/lib'),
      '#charts': path.join(webDir, '../pipeline/charts'),
    },
  },
  plugins: [
    sveltekit({
      adapter: adapter({ out: path.join(webDir, 'build'), precompress: true }),
      compilerOptions: { runes: true },
      // hash, not nonce: rendered pages are kept and served again (src/lib/server/pageCache.ts)
      csp: { mode: 'hash', directives: cspDirectives },
    }),
  ],
  build: {
    // ECharts (core + the registered charts, SVG renderer) is ~550 kB minified, ~190 kB gzipped,
    // loaded once and cached; the default 500 kB warning would fire on every build.
    chunkSizeWarningLimit: 800,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  logLevel: process.env.CI ? 'warn' : 'info',
});
