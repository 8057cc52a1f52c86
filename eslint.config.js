// ESLint: the rules that catch defects (a promise nobody awaits, «[object Object]» printed inside
// a Spanish message, `any` leaking out of JSON.parse, a condition that is always true), not taste.
// Type-aware: each TypeScript file is checked with the project's own tsconfig.json.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // The same as .gitignore, and content (data, not code).
  { ignores: ['dist/**', 'dist.*/**', 'node_modules/**', '.bench/**', 'test/fixtures/**', 'lessons/**', 'exercises/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An object or `any` inside a message prints «[object Object]». Numbers, booleans and
      // possibly-missing values are fine: noUncheckedIndexedAccess makes every `list[0]` look
      // nullable, and an exit code is `number | null` by its type.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowRegExp: true, allowAny: false },
      ],
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Taste, or a rewrite of correct code: `x!` after a check the compiler cannot follow, a void
      // arrow shorthand, an async function kept async for its rejected-promise contract.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/require-await': 'off',
      // Every control character in a pattern here is meant: ANSI escapes, XML's forbidden range.
      'no-control-regex': 'off',
      // The code declares no enum; these two cost a sixth of the lint's time for defects it cannot
      // have (an enum mixed with numbers, a class instance assigned across unrelated classes).
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Environments and the progress file's tables are plain records by format: deleting a key is
      // how a variable or an entry goes away there.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // Spreading a string into code points is meant everywhere it happens: widths and reversals
      // are counted per code point (layout.ts), never per UTF-16 unit.
      '@typescript-eslint/no-misused-spread': 'off',
    },
  },
  {
    // Tests read the CLI's JSON output and assert on its shape: an `any` there fails the assertion,
    // not the learner; and they guard values the types already promise, to fail with a message.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
);
