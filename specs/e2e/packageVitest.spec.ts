import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import { packClean, PAIR, run } from './packed';

/**
 * The packed package in a fresh vitest project (`"type": "module"`), as a
 * vitest user installs it: the tarball, vitest and @fast-check/vitest from
 * the registry (or npm's cache). Its suite uses the matchers from a setup
 * file in the `threads` pool and from a plain import in the `forks` pool,
 * asserts a failure's message itself, and a failing test's output is read
 * as vitest prints it. One test does it all: installing is slow.
 */
const tmp = mkdtempSync(join(tmpdir(), 'parity-check-vitest-'));
const project = join(tmp, 'project');

const SUITE = `
import { test as fcTest } from '@fast-check/vitest';
import { checkPair } from 'parity-check';
import { specArbitrary } from 'parity-check/fast-check';
import { expect, test } from 'vitest';
import pair from './pair.mjs';

test('toMatchFunctional on a pair module path, and on a pair object', async () => {
  await expect('./pair.mjs').toMatchFunctional();
  await expect(pair).toMatchFunctional({ backend: 'cpu' });
});

test('toHaveParity on a result', async () => {
  expect(await checkPair('./pair.mjs')).toHaveParity();
});

test('a diverging pair fails the matcher with the jest entry\\'s message, and passes .not', async () => {
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

fcTest.prop([specArbitrary({ maxSteps: 2 })], { numRuns: 5 })('the arbitraries in @fast-check/vitest test.prop', (spec) => {
  expect(spec.layers.length).toBeGreaterThan(0);
});
`;

/** A user's TypeScript: the matchers typed on vitest's Assertion, the arbitraries as test.prop arguments. */
const TYPES = `
import { test } from '@fast-check/vitest';
import { checkPair, type CaseResult } from 'parity-check';
import 'parity-check/vitest';
import { caseArbitrary, specArbitrary } from 'parity-check/fast-check';
import { expect } from 'vitest';

export async function typed(): Promise<void> {
  const r: CaseResult = await checkPair('./pair.mjs', { seed: 1, backend: 'cpu' });
  expect(r).toHaveParity();
  expect(r).not.toHaveParity();
  await expect('./pair.mjs').toMatchFunctional({ steps: 1 });
  // @ts-expect-error: a misspelt matcher is a compile error
  expect(r).toHaveParty();
  // @ts-expect-error: toMatchFunctional takes the options of checkPair
  await expect('./pair.mjs').toMatchFunctional({ stpes: 1 });
}
test.prop([specArbitrary({ maxSteps: 2 }), caseArbitrary({ seed: 3 })])('typed', (spec, c) => spec.layers.length > 0 && c.replay.length > 0);
`;

describe('the packed package, installed in a fresh vitest project', () => {
  it('runs the matchers in vitest (threads and forks pools), their failure message, and test.prop with the arbitraries', () => {
    const packed = packClean(tmp);
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'dist/harness/vitest/index.mjs',
        'dist/harness/vitest/index.d.mts',
        'dist/harness/matchers/matchers.js',
        'dist/harness/fastCheck/index.mjs',
        'dist/harness/fastCheck/index.d.mts',
      ]),
    );

    mkdirSync(join(project, 'direct'), { recursive: true });
    mkdirSync(join(project, 'failing'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'user-vitest-project', private: true, version: '1.0.0', type: 'module' }, null, 2),
    );
    writeFileSync(join(project, 'pair.mjs'), PAIR(true));
    writeFileSync(join(project, 'diverging.mjs'), PAIR(false));
    writeFileSync(join(project, 'setup.mjs'), "import 'parity-check/vitest';\n");
    writeFileSync(
      join(project, 'vitest.config.mjs'),
      "export default { test: { include: ['parity.test.mjs'], setupFiles: ['./setup.mjs'], testTimeout: 300000 } };\n",
    );
    writeFileSync(join(project, 'bare.config.mjs'), 'export default { test: { testTimeout: 300000 } };\n');
    writeFileSync(join(project, 'parity.test.mjs'), SUITE);
    writeFileSync(
      join(project, 'direct', 'direct.test.mjs'),
      "import 'parity-check/vitest';\nimport { expect, test } from 'vitest';\ntest('matchers from an import', async () => { await expect('./pair.mjs').toMatchFunctional(); await expect('./diverging.mjs').not.toMatchFunctional(); });\n",
    );
    writeFileSync(
      join(project, 'failing', 'fails.test.mjs'),
      "import 'parity-check/vitest';\nimport { expect, test } from 'vitest';\ntest('the residual block without its skip', async () => { await expect('./diverging.mjs').toMatchFunctional(); });\n",
    );
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
          types: [],
        },
        files: ['check-types.ts'],
      }),
    );
    const install = run(
      'npm',
      [
        'install',
        packed.tarball,
        'vitest@4.1.12',
        'vite@8.3.8',
        '@fast-check/vitest@0.5.0',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
      ],
      project,
    );
    expect({ code: install.code, err: install.code === 0 ? '' : install.all }).toEqual({ code: 0, err: '' });

    const threads = run('npx', ['vitest', 'run', '--pool', 'threads'], project);
    expect({ code: threads.code, out: threads.code === 0 ? '' : threads.all }).toEqual({ code: 0, out: '' });
    expect(threads.out).toMatch(/Tests\s+4 passed \(4\)/);

    const forks = run('npx', ['vitest', 'run', '--pool', 'forks', '--config', 'bare.config.mjs', 'direct/'], project);
    expect({ code: forks.code, out: forks.code === 0 ? '' : forks.all }).toEqual({ code: 0, out: '' });
    expect(forks.out).toMatch(/Tests\s+1 passed \(1\)/);

    // A failing matcher as vitest prints it: the same message as jest's, and exit 1.
    const failing = run('npx', ['vitest', 'run', '--config', 'bare.config.mjs', 'failing/'], project);
    expect(failing.code).toBe(1);
    expect(failing.all).toMatch(
      /Expected pair 'residual \(no skip\)' \(\.\/diverging\.mjs\) to have parity, got divergence/,
    );
    expect(failing.all).toMatch(/First divergence: forward at checkpoint forward, key output\[0\]/);
    expect(failing.all).toMatch(/Reproduce: npx parity-check --pair \.\/diverging\.mjs/);

    const types = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    expect({ code: types.code, out: types.out }).toEqual({ code: 0, out: '' });
  }, 1_800_000);
});
