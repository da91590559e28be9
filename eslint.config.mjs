// Lint for all workspaces: typescript-eslint's recommended rules, no type-aware rules (fast on 2 cores).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.temp/**', 'miniapp/config/**', 'tests/artifacts/**', '.cache/**', 'data/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
      // Chinese text legitimately uses the ideographic space (U+3000) inside strings.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  // Hooks must run in the same order on every render, and effects must name what they read.
  {
    files: ['miniapp/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['tests/**', 'api/src/seed/**'],
    rules: { 'no-console': 'off' },
  },
  // Module boundaries: a module's models, services and helpers are its own; other modules use its index.ts.
  // The mini-app and the API import shared only through its exports map (".", "/constants", "/domain", "/routes").
  {
    files: ['api/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../*/*', '!../*/index', '!../../**'], message: "Import another module through its index.ts ('../<module>'), never its files." },
          { group: ['@bianmin/shared/src/*', '@bianmin/shared/src'], message: "Import shared through its exports: '@bianmin/shared', '/constants', '/domain' or '/routes'." },
        ],
      }],
    },
  },
  {
    files: ['api/src/*.ts', 'api/src/http/**/*.ts', 'api/src/db/**/*.ts', 'api/src/security/**/*.ts', 'miniapp/src/**/*.{ts,tsx}', 'shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/modules/*/*', '!**/modules/*/index'], message: "Import a module through its index.ts ('./modules/<module>')." },
          { group: ['@bianmin/shared/src/*', '@bianmin/shared/src'], message: "Import shared through its exports: '@bianmin/shared', '/constants', '/domain' or '/routes'." },
        ],
      }],
    },
  },
);
