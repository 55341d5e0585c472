// ESLint flat config: typescript-eslint for TypeScript everywhere, eslint-plugin-svelte for web/.
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'data/',
      'bench/out/',
      'tests/artifacts/',
      'web/build/',
      'web/.svelte-kit/',
      'web/node_modules/',
      '.svelte-kit/',
    ],
  },
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (callback positions, destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Browser code of the dashboard.
    files: ['web/src/**/*.svelte', 'web/src/**/*.svelte.ts', 'web/src/lib/**/*.ts'],
    ignores: ['web/src/lib/server/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      // Complaint text is user input: it is only ever rendered as text.
      'svelte/no-at-html-tags': 'error',
    },
  },
);
