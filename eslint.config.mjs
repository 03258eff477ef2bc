// ESLint for the code that is not the n8n package: admin-api, scripts, tests.
// The package's own sources (nodes/, credentials/, package.json) are linted separately with
// n8n's default community-node configuration, unchanged (see scripts/lint.ts).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'admin-ui/dist/**', 'nodes/**', 'credentials/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // The console runs in the browser.
    files: ['admin-ui/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
);
