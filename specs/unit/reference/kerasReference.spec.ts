import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSpec, tf } from '../../../harness';
import type { ModelSpec } from '../../../harness/architecture/types';
import { resolveCaseConfig } from '../../../harness/engine/resolveConfig';
import { findKerasPython, INSTALL_HINT } from '../../../harness/reference/keras/findPython';
import { runKerasReference } from '../../../harness/reference/keras/runKerasReference';
import { ROOT } from '../../helpers';

const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, 'fixtures', 'reference', name), 'utf8'));
const keras = findKerasPython();
const OPTIONS = { reference: 'keras', backend: 'cpu', fit: false, reload: false, optimizer: 'sgd', steps: 2 } as const;

describe('--reference keras without Python or Keras', () => {
  it('fails with one line saying what to install', () => {
    jest.isolateModules(() => {
      const saved = process.env.PARITY_CHECK_PYTHON;
      process.env.PARITY_CHECK_PYTHON = '/nonexistent/python';
      try {
        const { resolveCaseConfig } = require('../../../harness/engine/resolveConfig');
        expect(() => resolveCaseConfig({ reference: 'keras' })).toThrow(INSTALL_HINT);
        let message = '';
        try {
          resolveCaseConfig({ reference: 'keras' });
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message.split('\n')).toHaveLength(1);
      } finally {
        if (saved === undefined) delete process.env.PARITY_CHECK_PYTHON;
        else process.env.PARITY_CHECK_PYTHON = saved;
      }
    });
  });
});

// The reference suites run where Python and Keras are (CI installs them: tools/keras/setupKeras.sh); elsewhere they
// are not declared, and one line says why.
// CI sets PARITY_CHECK_TEST_KERAS=required: there they must run, not be skipped with a line nobody reads.
if (!keras.python && process.env.PARITY_CHECK_TEST_KERAS === 'required')
  throw new Error(`PARITY_CHECK_TEST_KERAS=required, but ${keras.problem}`);
if (!keras.python) console.log(`keras reference suites not run: ${keras.problem}`);
const describeWithKeras = keras.python ? describe : () => undefined;

describeWithKeras('--reference keras', () => {
  it('agrees with a dense/batchNormalization model within the calibrated tolerance, every checkpoint compared', async () => {
    const before = tf.memory().numTensors;
    const r = await checkSpec(fixture('mlp.json'), OPTIONS);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.reference).toMatchObject({ name: 'keras', ran: true, untranslated: [] });
    expect(r.reference!.checkpoints).toEqual(['forward', 'loss', 'gradients', 'step-1', 'step-2']);
    // outputs, 3 activations, data and regularization loss, 6 gradients and 8 weights per step, twice
    expect(r.reference!.comparisons.length).toBe(1 + 3 + 2 * (2 + 6 + 8));
    expect(r.reference!.comparisons.filter((c) => c.mismatched > 0)).toEqual([]);
    // Two libraries' kernels round differently: the reference measures it rather than expecting bits.
    expect(r.reference!.comparisons.some((c) => c.differing > 0)).toBe(true);
    expect(r.reference!.tolerance.forward.rtol).toBeGreaterThan(0);
    expect(r.verdict).toBe('parity');
  });

  it('translates a nested block as a Keras model used as a layer, its weights keyed through it', async () => {
    const inner = {
      version: 1,
      name: 'inner',
      inputs: [{ id: 'i', shape: [3] }],
      layers: [{ id: 'd', kind: 'dense', config: { units: 2, activation: 'tanh' } }],
      nodes: [{ id: 'o', layer: 'd', inputs: ['i'] }],
      outputs: ['o'],
    };
    const spec = {
      version: 1,
      name: 'nested',
      inputs: [{ id: 'x', shape: [3] }],
      layers: [
        { id: 'b', kind: 'block', config: { spec: inner } },
        { id: 'e', kind: 'dense', config: { units: 2 } },
      ],
      nodes: [
        { id: 'h', layer: 'b', inputs: ['x'] },
        { id: 'y', layer: 'e', inputs: ['h'] },
      ],
      outputs: ['y'],
    };
    const r = await checkSpec(spec, OPTIONS);
    expect(r.reference).toMatchObject({ ran: true, untranslated: [] });
    expect(
      r
        .reference!.comparisons.filter((c) => c.checkpoint === 'gradients')
        .map((c) => c.key)
        .sort(),
    ).toEqual(['b/d/bias', 'b/d/kernel', 'e/bias', 'e/kernel']);
    expect(r.verdict).toBe('parity');
  });

  it('sees that tfjs ignores depthwiseConv2d dilationRate, which both tfjs sides share', async () => {
    const r = await checkSpec(fixture('depthwise-dilation.json'), OPTIONS);
    const first = r.divergences[0];
    expect(r.divergences.every((d) => d.reference === 'keras')).toBe(true);
    // Nodes are compared before outputs: the first divergence is the first node that differs.
    expect(first).toMatchObject({ kind: 'activation', checkpoint: 'forward', key: 'h', reference: 'keras' });
    // tfjs computes the undilated 5×5 window output; Keras the dilated 3×3.
    expect(first.message).toContain('shape [4, 5, 5, 2] (tfjs) vs [4, 3, 3, 2] (keras)');
    expect(r.signature).toBe('keras:activation|depthwiseConv2d|forward');
    expect(r.verdict).toBe('divergence');
  });

  it('reports a spec with a layer that has no Keras counterpart as not run, and why', async () => {
    // A factor of 0.05 keeps a width of 4 at 4: a fixed shape, which a spec needs.
    const spec = {
      version: 1,
      name: 'random-width',
      inputs: [{ id: 'x', shape: [4, 4, 2] }],
      layers: [{ id: 'w', kind: 'randomWidth', config: { factor: 0.05 } }],
      nodes: [{ id: 'h', layer: 'w', inputs: ['x'] }],
      outputs: ['h'],
    };
    // tfjs cannot build this one in a functional model either, so the reference is asked directly.
    const { result, divergences } = await runKerasReference(spec as ModelSpec, resolveCaseConfig({}), [], []);
    expect(divergences).toEqual([]);
    expect(result).toMatchObject({
      ran: false,
      untranslated: [expect.objectContaining({ layer: 'w', blocking: true })],
    });
    expect(result.reason).toMatch(/^no Keras counterpart: layer 'w' \(randomWidth\): Keras 3 has no RandomWidth/);
  });

  // The tfjs behaviours the reference found, each proven on its regression fixture by a counterfactual rerun.
  const dir = join(ROOT, 'fixtures', 'regressions', 'reference');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.json')))(
    '%s: proven, every divergence explained',
    async (file) => {
      const entry = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      // A fixture names the optimizer its finding needs (Adadelta's formula); the others train with sgd.
      const optimizer = entry.expect.optimizer ?? OPTIONS.optimizer;
      const r = await checkSpec(entry.spec, { ...OPTIONS, optimizer, reference: entry.expect.reference });
      expect(r.verdict).toBe(entry.expect.verdict);
      expect([...new Set(r.divergences.map((d) => d.kind))].sort()).toEqual(entry.expect.kinds);
      expect(r.divergences[0].checkpoint).toBe(entry.expect.firstCheckpoint);
      expect(r.knownCause).toBe(entry.expect.cause);
      for (const d of r.divergences) expect(d).toMatchObject({ reference: 'keras', cause: entry.expect.cause });
    },
  );

  it('the Adadelta fixture trained by sgd agrees with Keras: what differs is the update formula alone', async () => {
    const entry = JSON.parse(readFileSync(join(dir, 'adadelta-formula.json'), 'utf8'));
    const r = await checkSpec(entry.spec, OPTIONS);
    expect(r.reference).toMatchObject({ ran: true });
    expect(r.reference!.checkpoints).toEqual(['forward', 'loss', 'gradients', 'step-1', 'step-2']);
    expect(r.verdict).toBe('parity');
  });

  it('names the first node whose shape Keras computes otherwise when it cannot run the tfjs model past it', async () => {
    // A valid 3×3 depthwise dilated by 2 over 7×7: tfjs gives 5×5 (dilation ignored), Keras 3×3, so the dense
    // after the flatten cannot take tfjs's kernel; only shapes are compared, and the depthwise node is named.
    const spec = {
      version: 1,
      name: 'depthwise-dilation-inside',
      inputs: [{ id: 'x', shape: [7, 7, 2] }],
      layers: [
        { id: 'dw', kind: 'depthwiseConv2d', config: { kernelSize: 3, dilationRate: 2 } },
        { id: 'f', kind: 'flatten', config: {} },
        { id: 'd', kind: 'dense', config: { units: 2 } },
      ],
      nodes: [
        { id: 'h', layer: 'dw', inputs: ['x'] },
        { id: 'g', layer: 'f', inputs: ['h'] },
        { id: 'y', layer: 'd', inputs: ['g'] },
      ],
      outputs: ['y'],
    };
    const r = await checkSpec(spec, OPTIONS);
    expect(r.reference).toMatchObject({ ran: true, checkpoints: ['forward'] });
    expect(r.reference!.notCompared).toMatch(/^values: Keras computes another shape from node 'h' on/);
    expect(r.divergences).toHaveLength(1);
    expect(r.divergences[0].message).toContain('shape [5, 5, 2] (tfjs) vs [3, 3, 2] (keras)');
    expect(r.signature).toBe('keras:activation|depthwiseConv2d|forward');
    expect(r.knownCause).toBe('depthwise-dilation-ignored');
  });
});
