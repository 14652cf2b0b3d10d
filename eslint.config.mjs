// typescript-eslint's type-checked recommended rules over the TypeScript tree.
// The few rules adjusted below say why next to them.
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated output, installed code, and fixtures: fixtures are users' code as users write it,
    // some of it deliberately wrong (tests feed their exact text).
    ignores: [
      'dist/',
      'reports/',
      'coverage/',
      '**/node_modules/',
      'fixtures/',
      'examples/vitest/',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    // The project's own scripts (bin, tools, jest setup) are plain Node CommonJS.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Its autofix broke the type check in eight places here: it calls an assertion unnecessary where the
      // assertion keeps a literal type (`{ kind: 'spec' } as CaseSource`) that tsc then needs. tsc is the judge.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // A leading underscore marks a value taken apart only to leave it out (`const { type: _type, ...rest } = h`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // Tests read what the CLI wrote (JSON.parse gives `any`): a wrong field fails the assertion that reads it,
    // so typing every parsed report would add casts, not safety.
    files: ['specs/**/*.ts', 'examples/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Tests load the compiled package (dist/) at run time, as an installed package is loaded.
      '@typescript-eslint/no-require-imports': 'off',
      // Test doubles stand in for async APIs: an async callback with no await is the plainest way to write one.
      '@typescript-eslint/require-await': 'off',
      // Methods taken from a require()d module object are plain functions.
      '@typescript-eslint/unbound-method': 'off',
      // Tests match terminal output, colour codes included.
      'no-control-regex': 'off',
      // Failure messages print shapes and key lists as JavaScript joins them.
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
);
