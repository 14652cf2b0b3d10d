import { tf, type PairModule } from '../../../harness';
import { runPair, useCpu } from '../../helpers';

beforeAll(useCpu);

/** A pair whose subclass hides its sublayers: their variables are out of reach of any public API. */
const hidden: PairModule = {
  name: 'hidden sublayers',
  inputs: [{ shape: [3] }],
  functional: ({ tf: t, init }) => {
    const x = t.input({ shape: [3] });
    return t.model({ inputs: x, outputs: t.layers.dense({ units: 2, kernelInitializer: init('k') }).apply(x) as any });
  },
  subclass: ({ tf: t, init }) => {
    class Hidden extends t.layers.Layer {
      static className = 'PairMemoryHidden';
      inner = t.layers.dense({ units: 2, kernelInitializer: init('k') });
      override computeOutputShape(s: any) {
        return [s[0], 2];
      }
      override call(x: any) {
        return this.inner.apply(Array.isArray(x) ? x[0] : x) as any;
      }
    }
    return new Hidden({});
  },
};

describe('pair cases and memory', () => {
  it('leave tensors and registered variables where they found them, even for variables no API exposes', async () => {
    const tensors = tf.memory().numTensors;
    const vars = Object.keys(tf.engine().state.registeredVariables).length;
    const r = await runPair(hidden);
    expect(r.verdict).toBe('divergence');
    // The hidden sublayer's weights: created, never exposed — named at build, counted at init.
    expect(r.divergences[0]).toMatchObject({
      kind: 'inventory',
      checkpoint: 'build',
      message: expect.stringMatching(/^variables created but not exposed as weights: subclass 2, functional 0/),
    });
    expect(r.divergences.map((d) => d.message)).toContain('trainable variable count: subclass 0, functional 2');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Object.keys(tf.engine().state.registeredVariables)).toHaveLength(vars);
  });
});
