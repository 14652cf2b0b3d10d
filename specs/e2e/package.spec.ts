import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import { packClean, PAIR, run } from './packed';

/**
 * The package as someone installs it: packed with `npm pack` (which builds
 * it), installed from the tarball into a fresh project with jest, and used
 * there from the command line and from a jest suite with the matchers.
 * Slow — it installs from the registry (or npm's cache) — so one test does
 * it all.
 */
const tmp = mkdtempSync(join(tmpdir(), 'parity-check-package-'));
const project = join(tmp, 'project');

const TEST = `
const { checkPair } = require('parity-check');
const { specArbitrary, fc } = require('parity-check/fast-check');

test('toMatchFunctional on a pair module path, and on a pair object', async () => {
  await expect('./pair.mjs').toMatchFunctional();
  await expect(require('./pair-object.cjs')).toMatchFunctional({ backend: 'cpu' });
});

test('toHaveParity on a result', async () => {
  expect(await checkPair('./pair.mjs')).toHaveParity();
});

test('a diverging pair fails the matcher with a message saying where, and passes .not', async () => {
  const result = await checkPair('./diverging.mjs');
  expect(result).not.toHaveParity();
  let message = '';
  try {
    expect(result).toHaveParity();
  } catch (e) {
    message = e.message;
  }
  expect(message).toMatch(/Expected pair 'residual \\(no skip\\)' \\(\\.\\/diverging\\.mjs\\) to have parity, got divergence/);
  expect(message).toMatch(/First divergence: forward at checkpoint forward, key output\\[0\\]/);
  expect(message).toMatch(/Mismatched elements: \\d+ \\/ 16/);
  expect(message).toMatch(/Reproduce: npx parity-check --pair \\.\\/diverging\\.mjs/);
  await expect(expect('./diverging.mjs').toMatchFunctional()).rejects.toThrow(/Greatest absolute difference: /);
});

test('the fast-check arbitraries', () => {
  fc.assert(fc.property(specArbitrary({ maxSteps: 2 }), (spec) => spec.layers.length > 0), { numRuns: 5 });
});
`;

/** A user's TypeScript: definePair, checkPair, the matchers and the arbitraries must type-check from the package's declarations. */
const TYPES = `
import { checkPair, definePair, type CaseResult } from 'parity-check';
import 'parity-check/jest';
import { caseArbitrary, specArbitrary } from 'parity-check/fast-check';

const pair = definePair({
  name: 'typed',
  inputs: [{ shape: [4] }],
  functional: async ({ tf, init }) => {
    const x = tf.input({ shape: [4] });
    return tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2, kernelInitializer: init('d') }).apply(x) as typeof x });
  },
  subclass: ({ tf }) => tf.layers.dense({ units: 2 }),
});

export async function typed(): Promise<void> {
  const r: CaseResult = await checkPair(pair, { seed: 1, backend: 'cpu' });
  expect(r).toHaveParity();
  expect(r).not.toHaveParity();
  await expect(pair).toMatchFunctional({ steps: 1 });
  specArbitrary({ maxSteps: 2 });
  caseArbitrary({ seed: 3 });
  // @ts-expect-error: a misspelt field of a pair is a compile error
  definePair({ ...pair, lsos: 'huberLoss' });
}
`;

describe('the packed package, installed in a fresh project', () => {
  it('runs npx parity-check --pair and a jest suite with toMatchFunctional / toHaveParity', () => {
    const started = Date.now();
    const packed = packClean(tmp);
    const files = packed.files;
    // What a user needs, and not the repository's tests, fixtures of pairs or sources.
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'bin/parity-check.js',
        'dist/harness/index.js',
        'dist/harness/index.d.ts',
        'dist/harness/jest/index.js',
        'dist/harness/jest/index.d.ts',
        'dist/harness/fastCheck/index.js',
        'dist/harness/fastCheck/index.d.ts',
        'dist/harness/fastCheck/index.mjs',
        'dist/harness/vitest/index.mjs',
        'dist/harness/vitest/index.d.mts',
        'dist/harness/campaign/worker.js',
        'fixtures/specs/article-1-mlp.json',
        'tools/tensorflow/setupTensorflow.js',
        'tools/tensorflow/extractWheel.py',
      ]),
    );
    expect(
      files.filter(
        (f) =>
          /^(specs|harness|examples|bench|fixtures\/(pairs|hostile|regressions))\//.test(f) ||
          f.startsWith('dist/bench') ||
          f.endsWith('.map'),
      ),
    ).toEqual([]);
    const packMs = Date.now() - started;

    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        {
          name: 'user-project',
          private: true,
          version: '1.0.0',
          jest: { testEnvironment: 'node', setupFilesAfterEnv: ['parity-check/jest'], testTimeout: 300000 },
        },
        null,
        2,
      ),
    );
    writeFileSync(join(project, 'pair.mjs'), PAIR(true));
    writeFileSync(join(project, 'diverging.mjs'), PAIR(false));
    writeFileSync(join(project, 'pair-object.cjs'), PAIR(true, 'module.exports ='));
    writeFileSync(join(project, 'parity.test.js'), TEST);
    writeFileSync(join(project, 'check-types.ts'), TYPES);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['jest'],
        },
        files: ['check-types.ts'],
      }),
    );
    const install = run(
      'npm',
      ['install', packed.tarball, 'jest@30', '@types/jest@30', '--prefer-offline', '--no-audit', '--no-fund'],
      project,
    );
    expect({ code: install.code, err: install.code === 0 ? '' : install.all }).toEqual({ code: 0, err: '' });
    const installMs = Date.now() - started - packMs;

    const cli = run('npx', ['parity-check', '--pair', './pair.mjs', '--quiet'], project);
    expect({ code: cli.code, err: cli.err }).toEqual({ code: 0, err: '' });
    expect(cli.out).toMatch(/^parity\s+residual \(\.\/pair\.mjs\)/m);
    expect(cli.out).toMatch(/on backend (wasm|tensorflow|cpu)/);
    const bad = run('npx', ['parity-check', '--pair', './diverging.mjs', '--quiet'], project);
    expect(bad.code).toBe(1);

    // A user's TypeScript sees the exports' types and the matchers on expect (the repository's tsc, the project's packages).
    const types = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    expect({ code: types.code, out: types.out }).toEqual({ code: 0, out: '' });

    const suite = run('npx', ['jest', '--ci'], project);
    expect({ code: suite.code, out: suite.code === 0 ? '' : suite.all }).toEqual({ code: 0, out: '' });
    expect(suite.err).toMatch(/Tests:\s+4 passed, 4 total/);

    // The other way in: no setup file, the test requires parity-check/jest itself.
    mkdirSync(join(project, 'required'));
    writeFileSync(
      join(project, 'required', 'required.test.js'),
      "require('parity-check/jest');\ntest('matchers from require', async () => { await expect('./pair.mjs').toMatchFunctional(); await expect('./diverging.mjs').not.toMatchFunctional(); });\n",
    );
    const required = run(
      'npx',
      [
        'jest',
        '--ci',
        '--config',
        JSON.stringify({
          testEnvironment: 'node',
          testTimeout: 300000,
          rootDir: project,
          roots: ['<rootDir>/required'],
        }),
      ],
      project,
    );
    expect({ code: required.code, out: required.code === 0 ? '' : required.all }).toEqual({ code: 0, out: '' });
    expect(required.err).toMatch(/Tests:\s+1 passed, 1 total/);
    // For the record: how long a user's first install and run take here.
    console.log(
      `package e2e: tarball ${packed.filename} ${packed.size} bytes (${packed.entryCount} files); pack ${packMs} ms, install ${installMs} ms, total ${Date.now() - started} ms`,
    );
  }, 1_800_000);
});
