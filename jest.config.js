const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs', ignoreDynamic: true } }];

/** @type {import('jest').Config} */
module.exports = {
  // tfjs cases are CPU-heavy and this machine has two cores.
  maxWorkers: 2,
  testTimeout: 120000,
  reporters: ['default', ['jest-junit', { outputDirectory: 'reports', outputName: 'jest-junit.xml' }]],
  projects: [
    {
      displayName: 'parity-check',
      testEnvironment: 'node',
      roots: ['<rootDir>/specs'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': swc },
      testTimeout: 120000,
    },
    {
      // The examples, as a user's suite: `parity-check` imports resolve to this repository's sources.
      displayName: 'examples',
      testEnvironment: 'node',
      roots: ['<rootDir>/examples'],
      testMatch: ['**/*.test.ts'],
      // examples/vitest is a vitest project: specs/e2e/vitestExample.spec.ts runs it with vitest.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/examples/vitest/'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper: {
        '^parity-check$': '<rootDir>/harness/index.ts',
        '^parity-check/jest$': '<rootDir>/harness/jest/index.ts',
        '^parity-check/fast-check$': '<rootDir>/harness/fastCheck/index.ts',
      },
      testTimeout: 120000,
    },
  ],
};
