// @ts-check
/**
 * ESLint flat config: typescript-eslint's type-checked rules, kept to those that find bugs.
 *
 * Types come from the TypeScript project service: each file is checked with the nearest
 * tsconfig.json, so web/src (and web/vite.config.ts) get web/tsconfig.json (DOM, JSX) and
 * everything else gets the root tsconfig.json, exactly as `tsc --noEmit` sees them.
 *
 * Formatting is Prettier's job (npm run format:check), module boundaries are
 * dependency-cruiser's (npm run arch); no rule here duplicates either.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'cdk.out/', 'web/dist/', '.data/', 'coverage/', 'test-artifacts/'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Promises: the bugs this linter is here for (all three are in recommendedTypeChecked; stated
      // so that they stay on). A floating promise in a handler is a lost error or a write that
      // races the response; a promise where a callback's void is expected is an unhandled
      // rejection (event handlers, Node streams and servers).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',

      // A leading underscore marks a value that is deliberately unused: the rest-sibling idiom
      // `const { pk: _pk, ...item } = row`, positional callback parameters, ignored errors.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],

      // Types are imported as types (`import type { A }` or `import { type A, b }`), so that a
      // type-only dependency is erased from every bundle. tsc's verbatimModuleSyntax enforces
      // the same; the rule adds an autofix.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],

      '@typescript-eslint/no-explicit-any': 'error',

      // Off: `async` on a function without `await` is how this code implements a
      // Promise-returning interface (Lambda handlers, repository and mailer fakes, Step Functions
      // task stubs): it turns a synchronous throw into a rejection, which is what callers handle.
      // Removing `async` there would be the bug; the rule finds none.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests and benchmarks read HTTP response bodies, CDK template JSON and raw DynamoDB items
    // through the test client, whose bodies are `any` on purpose: the assertions are the type
    // check. Typing every body would be churn (about 330 findings in tests/ and bench/) for no
    // bug found, so the no-unsafe-* family and no-explicit-any are off here only; they stay on
    // for shared/, functions/, infra/, local/ and web/.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Config files in plain JavaScript (this one, .dependency-cruiser.cjs): no type information.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { module: 'readonly', require: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
);
