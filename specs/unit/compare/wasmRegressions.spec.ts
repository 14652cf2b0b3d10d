import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import {
  checkCase,
  parseTolerance,
  replayBoth,
  resolveCaseConfig,
  selectBackend,
  tf,
  validateSpec,
  type KernelCall,
} from '../../../harness';
import { ROOT, runSpec } from '../../helpers';
import { outcomeOf, specFixtures } from '../../regressionOutcome';

// Findings of the wasm backend alone: the regression suite (engine.spec) replays on cpu, where these agree.
const dir = join(ROOT, 'fixtures', 'regressions', 'wasm');

beforeAll(async () => {
  await selectBackend('wasm');
});

// Every test here must leave the tensor count where it found it (the kernels under test run outside the harness's ledger).
let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('regressions found in tfjs-backend-wasm', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.json')))(
    '%s replays on wasm with its recorded finding',
    async (file) => {
      const entry = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      expect(entry.expect.backend).toBe('wasm');
      const r = await runSpec(validateSpec(entry.spec, file));
      expect(r.backend).toBe('wasm');
      expect(r.verdict).toBe(entry.expect.verdict);
      expect(r.divergences[0]).toMatchObject({
        kind: entry.expect.firstKind,
        checkpoint: entry.expect.firstCheckpoint,
      });
      expect(r.knownCause).toBe(entry.expect.cause);
      expect(outcomeOf(r)).toEqual(entry.expect.perBackend.wasm);
    },
  );

  // The kernel (tfjs-backend-wasm src/cc/conv3d_impl.h, NDHWCConv3DBackpropInputV2Impl) bounds its depth
  // loop by filter_depth / stride_depth, without the frame's corner offset that its row and column loops add.
  // Frames past the padding then lose their terms (this test, whatever the heap holds); frames before it read
  // outside the filter (the two tests below, which depend on what lies next to the kernel).
  it("conv3dTranspose and conv3d's input gradient leave depth frames after the first at zero", () => {
    const x = tf.ones([1, 4, 1, 1, 1]);
    const w = tf.ones([1, 1, 1, 1, 1]);
    // With a 1×1×1 kernel of ones, both are the identity on the input: every frame is 1 (as on cpu).
    const grad = tf.grad((input: Tensor) => tf.sum(tf.conv3d(input as any, w as any, 1, 'valid')))(x);
    const transposed = tf.conv3dTranspose(x as any, w as any, [1, 4, 1, 1, 1], 1, 'valid') as Tensor;
    expect(Array.from(grad.dataSync())).toEqual([1, 0, 0, 0]);
    expect(Array.from(transposed.dataSync())).toEqual([1, 0, 0, 0]);
    tf.dispose([x, w, grad, transposed]);
  });

  // Kernel tensors of equal values, allocated one after another (with other allocations between):
  // the op must not care which one it is given.
  const equalCopies = (values: Tensor, n: number) =>
    Array.from({ length: n }, (_, i) => {
      tf.dispose(tf.fill([17 + 13 * i], 1e6 * (i + 1)));
      return values.clone();
    });

  it('conv3dTranspose gives other outputs for equal kernels held at other addresses', () => {
    const x = tf.randomNormal([6, 2, 2, 1, 1], 0, 1, 'float32', 3);
    const values = tf.randomNormal([2, 2, 2, 6, 1], 0, 1, 'float32', 4);
    const kernels = equalCopies(values, 4);
    const outs = kernels.map((k) => tf.conv3dTranspose(x as any, k as any, [6, 3, 3, 2, 6], 1, 'valid') as Tensor);
    expect(new Set(outs.map((o) => Array.from(o.dataSync()).join())).size).toBeGreaterThan(1);
    tf.dispose([x, values, ...kernels, ...outs]);
  });

  it("conv3d's gradient with respect to its input (the same op) does too", () => {
    const x = tf.randomNormal([2, 2, 2, 1, 1], 0, 1, 'float32', 3);
    const values = tf.randomNormal([2, 2, 2, 1, 6], 0, 1, 'float32', 4);
    const kernels = equalCopies(values, 8);
    const grads = kernels.map((k) =>
      tf.grad((input: Tensor) => tf.sum(tf.conv3d(input as any, k as any, 1, 'same')))(x),
    );
    expect(new Set(grads.map((g) => Array.from(g.dataSync()).join())).size).toBeGreaterThan(1);
    tf.dispose([x, values, ...kernels, ...grads]);
  });
});

// Declared last: the conv3d fixture above depends on the heap's layout, which these cases change.
describe('the other regression fixtures on wasm', () => {
  // Each fixture records what it does on wasm (expect.perBackend.wasm), measured like cpu's and tensorflow's:
  // where wasm lacks a gradient kernel the finding cannot be reached, and that is what is recorded.
  it.each([...specFixtures(''), ...specFixtures('tensorflow')].map((f) => [f.file, f.entry] as const))(
    '%s has its recorded outcome on wasm',
    async (file, entry) => {
      const r = await runSpec(validateSpec(entry.spec, file));
      expect(r.backend).toBe('wasm');
      expect(outcomeOf(r)).toEqual(entry.expect.perBackend?.wasm);
    },
  );

  // The tensorflow findings between backends, between cpu and wasm instead (expect.perPair['cpu~wasm']).
  const tensorflowDir = join(ROOT, 'fixtures', 'regressions', 'tensorflow');
  it.each(readdirSync(tensorflowDir).filter((f) => f.endsWith('.json')))(
    'tensorflow/%s has its recorded outcome between cpu and wasm',
    async (file) => {
      const entry = JSON.parse(readFileSync(join(tensorflowDir, file), 'utf8'));
      const recorded = entry.expect.perPair?.['cpu~wasm'];
      await selectBackend('cpu');
      try {
        if (entry.spec) {
          const spec = validateSpec(entry.spec, file);
          const config = resolveCaseConfig({ backends: ['cpu', 'wasm'], steps: 1, reload: false, fit: false });
          const r = await checkCase({ kind: 'spec', name: spec.name, spec }, config, 'cpu');
          expect(outcomeOf(r)).toEqual(recorded);
        } else {
          const found = await replayBoth(
            entry.call as KernelCall,
            ['cpu', 'wasm'],
            parseTolerance('atol:1e-4,rtol:1e-3'),
          );
          expect(found?.finding ? 'differ' : 'agree').toBe(recorded);
        }
      } finally {
        await selectBackend('wasm');
      }
    },
  );
});
