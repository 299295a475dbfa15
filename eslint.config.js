import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint/layers-plugin.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The few plain-JS files (scripts, bin) run on Node.
    files: ['**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    plugins: { jps: layersPlugin },
    rules: {
      // All printing goes through src/cli/output.ts, so stdout stays data-only.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // style.md's layers: who may import whom, and migrations never import src/.
      'jps/layers': 'error',
    },
  },
  {
    // Type-aware rules for the bugs types can see: a promise nobody awaits (its rejection is lost,
    // or a scrape's write outlives its transaction) and a promise where a plain value is expected.
    files: ['**/*.ts'],
    ignores: ['vitest.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Migrations are frozen in time: they see the database as Kysely<any>, never today's schema types.
    files: ['migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/cli/output.ts', 'bench/**', 'test/**', 'bin/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
