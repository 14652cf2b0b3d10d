import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../../../harness';
import { useCpu } from '../../helpers';

beforeAll(useCpu);

/** Bitwise equality of two tensors' values (and shapes). */
function sameBits(a: Tensor, b: Tensor): boolean {
  if (a.shape.join() !== b.shape.join()) return false;
  const x = new Uint32Array(new Float32Array(a.dataSync()).buffer);
  const y = new Uint32Array(new Float32Array(b.dataSync()).buffer);
  return x.every((v, i) => v === y[i]);
}

/**
 * The tfjs 4.22 behaviours behind the README's findings that both
 * constructions share (so no subclass-versus-functional comparison can see
 * them), each shown directly on tfjs. Each test restores the tensor count.
 */
describe('tfjs 4.22 findings, shown on tfjs itself', () => {
  let before = 0;
  /** Layers a test built: disposed after it (their weights are tensors too). */
  let made: { dispose(): unknown }[] = [];
  const keep = <T extends { dispose(): unknown }>(l: T): T => (made.push(l), l);
  beforeEach(() => {
    before = tf.memory().numTensors;
    made = [];
  });
  afterEach(() => {
    for (const l of made) l.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('depthwiseConv2d ignores dilationRate: its output is the undilated convolution, bit for bit', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([1, 7, 7, 2], 0, 1, 'float32', 1);
      const make = (dilationRate: number) =>
        keep(
          tf.layers.depthwiseConv2d({
            kernelSize: 2,
            dilationRate,
            depthwiseInitializer: tf.initializers.randomNormal({ seed: 3 }),
          }),
        );
      const dilated = make(2);
      const y2 = dilated.apply(x) as Tensor;
      const y1 = make(1).apply(x) as Tensor;
      // It keeps the setting (getConfig says 2) and does not use it.
      expect(dilated.getConfig().dilationRate).toEqual([2, 2]);
      expect(y2.shape).toEqual([1, 6, 6, 2]);
      expect(sameBits(y2, y1)).toBe(true);
      // The op it calls does dilate when asked: what the layer should have computed.
      const kernel = dilated.getWeights()[0] as Tensor<tf.Rank.R4>;
      const expected = tf.depthwiseConv2d(x as Tensor<tf.Rank.R4>, kernel, 1, 'valid', 'NHWC', 2);
      expect(expected.shape).toEqual([1, 5, 5, 2]);
    });
  });

  it('conv2dTranspose and conv3dTranspose ignore dilationRate too, and conv2dTranspose drops it from its config', () => {
    tf.tidy(() => {
      const init = () => tf.initializers.randomNormal({ seed: 3 });
      const x2 = tf.randomNormal([1, 5, 5, 1], 0, 1, 'float32', 2);
      const t = (d: number) =>
        keep(tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, dilationRate: d, kernelInitializer: init() }));
      const dilated = t(2);
      expect(sameBits(dilated.apply(x2) as Tensor, t(1).apply(x2) as Tensor)).toBe(true);
      expect(dilated.getConfig().dilationRate).toBeUndefined();
      const x3 = tf.randomNormal([1, 4, 4, 4, 1], 0, 1, 'float32', 4);
      const t3 = (d: number) =>
        keep(tf.layers.conv3dTranspose({ filters: 1, kernelSize: 2, dilationRate: d, kernelInitializer: init() }));
      expect(sameBits(t3(2).apply(x3) as Tensor, t3(1).apply(x3) as Tensor)).toBe(true);
    });
  });

  it('the gradient of a rank-3 by rank-2 matMul throws, although the forward pass broadcasts', () => {
    const a = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5);
    const b = tf.randomNormal([4, 5], 0, 1, 'float32', 6);
    const y = tf.matMul(a, b);
    expect(y.shape).toEqual([2, 3, 5]);
    expect(() => tf.grads((p: Tensor, q: Tensor) => tf.matMul(p, q))([a, b])).toThrow(
      "Error in gradient for op BatchMatMul. The gradient of input 'b' has shape '2,4,5', which does not match the shape of the input '4,5'",
    );
    // tfjs leaves the failed gradient's intermediates alive; they are not this test's to count.
    tf.dispose([a, b, y]);
    before = tf.memory().numTensors;
  });

  it('addLoss in call() adds one more loss every call (Keras keeps only the last call’s)', () => {
    class Penalized extends tf.layers.Layer {
      static className = 'FindingsPenalized';
      override call(x: Tensor | Tensor[]) {
        this.addLoss(() => tf.scalar(1));
        return tf.clone(Array.isArray(x) ? x[0] : x);
      }
    }
    const layer = new Penalized({});
    const x = tf.ones([1, 2]);
    for (let i = 0; i < 3; i++) tf.dispose(layer.apply(x) as Tensor);
    expect(layer.losses.length).toBe(3);
    const values = layer.calculateLosses();
    expect(values.map((v) => v.dataSync()[0])).toEqual([1, 1, 1]);
    tf.dispose([x, ...values]);
  });

  it('a layer with an activityRegularizer is built from its config and refused at every call, eager or symbolic', () => {
    const make = () => keep(tf.layers.dense({ units: 2, activityRegularizer: tf.regularizers.l2({ l2: 0.01 }) }));
    const refusal = 'Layer invocation in the presence of activity regularizer(s) is not supported yet.';
    const x = tf.ones([1, 3]);
    expect(() => make().apply(x)).toThrow(refusal);
    expect(() => make().apply(tf.input({ shape: [3] }))).toThrow(refusal);
    x.dispose();
    // The eager call computed its output before refusing it: tfjs leaves that tensor alive, not this test.
    for (const l of made.splice(0)) l.dispose();
    before = tf.memory().numTensors;
  });

  it('a merge layer’s mask keeps an extra leading axis and ignores its last input’s mask (Keras: the AND of all)', () => {
    tf.tidy(() => {
      const x = tf.ones([2, 5, 1]);
      const first = tf.tensor2d(
        [
          [1, 1, 0, 1, 1],
          [1, 1, 1, 1, 1],
        ],
        [2, 5],
        'bool',
      );
      const last = tf.tensor2d(
        [
          [1, 1, 1, 1, 0],
          [0, 1, 1, 1, 1],
        ],
        [2, 5],
        'bool',
      );
      for (const make of [tf.layers.add, tf.layers.multiply, tf.layers.average, tf.layers.maximum, tf.layers.minimum]) {
        // Merge layers own no weights and are never built here: nothing to dispose.
        const mask = make({}).computeMask([x, x], [first, last]) as Tensor;
        // Merge.computeMask expands each mask at axis 0, ANDs masks 0 … n−2 and never reduces the new axis.
        expect(mask.shape).toEqual([1, 2, 5]);
        expect(mask.arraySync()).toEqual([first.arraySync()]);
        expect(mask.arraySync()).not.toEqual([tf.logicalAnd(first, last).arraySync()]);
      }
      // A concatenation after it then concatenates masks of different layouts and fails (a generated case's rejection).
      const masked = tf.ones([1, 5, 1, 1]);
      // An unmasked input has no mask: tfjs's executor passes null there, which its typings do not admit.
      const none = null as unknown as Tensor;
      const mergedMask = tf.layers.add({}).computeMask([masked, masked], [tf.ones([1, 5, 1], 'bool'), none]);
      expect(() => tf.layers.concatenate({ axis: 2 }).computeMask([masked, masked], [mergedMask, none])).toThrow(
        /Error in concat4D/,
      );
    });
  });

  it('a returnState RNN returns its output and its last state as one tensor object', () => {
    tf.tidy(() => {
      for (const make of [tf.layers.gru, tf.layers.lstm, tf.layers.simpleRNN]) {
        const [out, state] = keep(make({ units: 2, returnState: true })).apply(tf.ones([1, 3, 1])) as Tensor[];
        expect(out).toBe(state);
      }
    });
  });

  it('tracks no sublayer of a Layer subclass — held in a field, an array or an object — unlike Keras', () => {
    class Holder extends tf.layers.Layer {
      static className = 'FindingsHolder';
      readonly field = tf.layers.dense({ units: 2 });
      readonly list = [tf.layers.dense({ units: 2 })];
      readonly table = { d: tf.layers.dense({ units: 2 }) };
      override call(x: Tensor | Tensor[]) {
        const t = Array.isArray(x) ? x[0] : x;
        return tf.tidy(() => this.table.d.apply(this.list[0].apply(this.field.apply(t))) as Tensor);
      }
      override computeOutputShape(s: tf.Shape | tf.Shape[]) {
        return [(s as tf.Shape)[0], 2];
      }
    }
    const holder = new Holder({});
    const x = tf.ones([1, 3]);
    tf.dispose(holder.apply(x) as Tensor);
    // Three built sublayers with six variables between them; the holder reports none.
    expect([holder.field, holder.list[0], holder.table.d].flatMap((l) => l.weights)).toHaveLength(6);
    expect(holder.weights).toHaveLength(0);
    expect(holder.trainableWeights).toHaveLength(0);
    x.dispose();
    for (const l of [holder.field, holder.list[0], holder.table.d]) l.dispose();
  });
});
