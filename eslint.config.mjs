// Lint for all workspaces: typescript-eslint's recommended rules, no type-aware rules (fast on 2 cores).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['tests/**', 'api/src/seed/**'],
    rules: { 'no-console': 'off' },
  },
);
