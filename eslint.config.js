// Type-aware lint. Dependencies point one way (domain ← db ← services ← server, cli; domain ← web):
// the no-restricted-imports blocks below enforce it so nobody has to remember.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const layer = (files, group, message) => ({
  files,
  // Tests may reach outward (a domain test may read a real data file).
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
});

export default tseslint.config(
  { ignores: ['.dependency-cruiser.cjs', 'node_modules/', 'dist/', 'data/', 'coverage/', 'test-results/', 'bench/data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Migrations are frozen and take Kysely<any> by design (they must not import the app's schema).
  { files: ['src/db/migrations/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Tests: no focused tests; looser typing of JSON bodies.
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No .only in committed tests' }],
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['bin/*.js', 'eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['bin/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layer(
    ['src/domain/**'],
    ['**/db/**', '**/services/**', '**/server/**', '**/cli/**', '**/web/**', 'node:*', 'kysely', 'fastify*', 'pg', 'better-sqlite3'],
    'domain is pure: no I/O, no Node APIs, no outer layers',
  ),
  layer(['src/db/**'], ['**/services/**', '**/server/**', '**/cli/**', '**/web/**'], 'db may import only domain'),
  layer(['src/services/**'], ['**/server/**', '**/cli/**', '**/web/**'], 'services may not import server, cli or web'),
  layer(['src/server/**'], ['**/cli/**', '**/web/**'], 'server may not import cli or web'),
  layer(['src/web/**'], ['**/db/**', '**/services/**', '**/server/**', '**/cli/**', 'node:*'], 'web may import only domain and its own files'),
);
