import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.output/**', '**/.nitro/**', '.data/**', 'migrations/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Tests read loosely typed JSON bodies; `any` there keeps assertions short.
    files: ['**/test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The operator console runs in the browser as plain ES modules, no build step.
    files: ['packages/realtime/console/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'history', 'navigator', 'fetch', 'CSS', 'URL', 'URLSearchParams', 'AbortController', 'TextDecoderStream', 'setTimeout', 'clearTimeout', 'crypto'].map((name) => [name, 'readonly']),
      ),
    },
  },
);
