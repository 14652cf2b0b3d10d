/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/specs'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs', ignoreDynamic: true } }],
  },
  // tfjs cases are CPU-heavy and this machine has two cores.
  maxWorkers: 2,
  testTimeout: 120000,
  reporters: ['default', ['jest-junit', { outputDirectory: 'reports', outputName: 'jest-junit.xml' }]],
};
