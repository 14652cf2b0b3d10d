const { existsSync, readdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

/**
 * Whether tfjs-node's addon is built (by the install step,
 * tools/tensorflow/setupTensorflow.js): then the backend-dependent suites
 * run a second time on `tensorflow`. Where it is not, one line says so and
 * `npm test` runs them on cpu only.
 */
function tensorflowBuilt() {
  if (/^(0|off|skip|false)$/i.test(process.env.PARITY_CHECK_TENSORFLOW ?? '')) return 'PARITY_CHECK_TENSORFLOW is off';
  let dir;
  try {
    dir = dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return '@tensorflow/tfjs-node is not installed';
  }
  const lib = join(dir, 'lib');
  const built = existsSync(lib) && readdirSync(lib).some((napi) => existsSync(join(lib, napi, 'tfjs_binding.node')));
  return built ? null : 'its addon is not built (node tools/tensorflow/setupTensorflow.js builds it)';
}

/** What `auto` does where tensorflow runs, and the tensorflow findings across backends: only the tensorflow project runs them. */
const TENSORFLOW_ONLY = [
  '/specs/e2e/tensorflowBackend.spec.ts',
  '/specs/e2e/crossBackendTensorflow.spec.ts',
  '/specs/e2e/exportKernelFixtures.spec.ts',
  '/specs/e2e/onednnVariesByCall.spec.ts',
  '/specs/e2e/exportTensorflow.spec.ts',
];
/** The suites whose results depend on the backend's kernels, and {@link TENSORFLOW_ONLY}. */
const BACKEND_SUITES = [
  '<rootDir>/specs/unit/engine/engine.spec.ts',
  '<rootDir>/specs/quality/oracle.spec.ts',
  '<rootDir>/specs/e2e/pairCatalogue.spec.ts',
  '<rootDir>/specs/e2e/layerCatalogue.spec.ts',
  '<rootDir>/specs/quality/soundness.spec.ts',
  ...TENSORFLOW_ONLY.map((p) => `<rootDir>${p}`),
];

const swc = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs', ignoreDynamic: true } },
];

// A time limit catches a test that hangs; it must never fail one because the machine is busy
// (the 2,000-case browser test took over 120 s with the machine's two cores shared five ways).
const TEST_TIMEOUT_MS = 600_000;

/** @type {import('jest').Config} */
module.exports = {
  // tfjs cases are CPU-heavy and this machine has two cores.
  maxWorkers: 2,
  testTimeout: TEST_TIMEOUT_MS,
  reporters: ['default', ['jest-junit', { outputDirectory: 'reports', outputName: 'jest-junit.xml' }]],
  projects: [
    ...tensorflowProject(),
    {
      displayName: 'parity-check',
      testEnvironment: 'node',
      roots: ['<rootDir>/specs'],
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: TENSORFLOW_ONLY,
      setupFiles: ['<rootDir>/specs/setup/withoutTensorflow.js'],
      transform: { '^.+\\.ts$': swc },
      testTimeout: TEST_TIMEOUT_MS,
    },
    {
      // The examples, as a user's suite: `parity-check` imports resolve to this repository's sources.
      displayName: 'examples',
      testEnvironment: 'node',
      setupFiles: ['<rootDir>/specs/setup/withoutTensorflow.js'],
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
      testTimeout: TEST_TIMEOUT_MS,
    },
  ],
};

function tensorflowProject() {
  const why = tensorflowBuilt();
  // CI sets it: there the tensorflow run must happen, not be skipped with a line nobody reads.
  if (why && process.env.PARITY_CHECK_TEST_TENSORFLOW === 'required')
    throw new Error(`PARITY_CHECK_TEST_TENSORFLOW=required, but tensorflow cannot run: ${why}`);
  if (why) {
    console.log(`jest: backend suites run on cpu only, not on tensorflow: ${why}`);
    return [];
  }
  return [
    {
      // The backend-dependent suites again, on tensorflow (specs/helpers.ts TEST_BACKEND).
      displayName: 'tensorflow',
      testEnvironment: '<rootDir>/specs/setup/tensorflowEnvironment.js',
      testMatch: BACKEND_SUITES,
      setupFiles: ['<rootDir>/specs/setup/tensorflowBackend.js'],
      transform: { '^.+\\.ts$': swc },
      testTimeout: TEST_TIMEOUT_MS,
    },
  ];
}
