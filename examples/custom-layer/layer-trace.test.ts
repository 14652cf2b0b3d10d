// A user's own jest test of a custom layer with no functional twin written:
// `toMatchItsTrace` derives the twin from a trace of the layer's call(), as
// `npx parity-check --layer` does. It checks how the layer plugs into tfjs
// (training, masks, weights, losses, saving), not its arithmetic.
import type { Tensor } from '@tensorflow/tfjs';
import { checkLayer, tf } from 'parity-check';
import 'parity-check/jest';
import { residualPair } from './residualPair';

const inputs = [{ shape: [6] }];

/** A gated layer with a weight of its own (addWeight) and a sublayer, registered so an instance can be rebuilt. */
class Gated extends tf.layers.Layer {
  static className = 'ExampleGated';
  private readonly proj = tf.layers.dense({ name: 'proj', units: 6 });
  private gate?: ReturnType<tf.layers.Layer['addWeight']>;
  override build(s: number[]): void {
    this.gate = this.addWeight('gate', [6], 'float32', tf.initializers.ones());
    tf.tidy(() => {
      this.proj.apply(tf.zeros([1, 6]));
    });
    super.build(s);
  }
  override get trainableWeights() {
    return [this.gate!, ...this.proj.trainableWeights];
  }
  override get nonTrainableWeights() {
    return [];
  }
  override computeOutputShape(s: number[]) {
    return s;
  }
  override call(x: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const h = this.proj.apply(Array.isArray(x) ? x[0] : x) as Tensor;
      return tf.mul(tf.sigmoid(this.gate!.read()), h);
    });
  }
}
tf.serialization.registerClass(Gated);

describe('a custom layer checked against its own trace', () => {
  it('a layer module file that plugs in correctly has parity', async () => {
    await expect('fixtures/layers/correct/mlp.mjs').toMatchItsTrace();
  });

  it('a factory, given its inputs: the residual block without its skip has parity too (the twin repeats its arithmetic)', async () => {
    await expect(residualPair().subclass).toMatchItsTrace({ inputs });
    await expect(residualPair({ skip: false }).subclass).toMatchItsTrace({ inputs });
  });

  it('an instance built with inputShape is rebuilt from its config for every checkpoint, and nothing is left alive', async () => {
    const before = tf.memory().numTensors;
    await expect(new Gated({ inputShape: [6] })).toMatchItsTrace();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a plumbing mistake fails, with the finding, the scope of a derived twin and the --layer command', async () => {
    const file = 'fixtures/layers/01-untracked-sublayers.mjs';
    await expect(file).not.toMatchItsTrace();
    const r = await checkLayer(file);
    expect(r.verdict).toBe('divergence');
    expect(r.divergences[0].diagnosis?.entry).toBe('01-untracked-sublayers');
    await expect(expect(file).toMatchItsTrace()).rejects.toThrow(
      /Expected layer 'layer-01-untracked-sublayers' \(fixtures\/layers\/01-untracked-sublayers\.mjs\) to have parity(.|\n)*not its arithmetic(.|\n)*Reproduce: npx parity-check --layer fixtures\/layers\/01-untracked-sublayers\.mjs/,
    );
  });

  it('a layer whose call() branches on tensor values is refused, naming the op, with or without .not', async () => {
    await expect(expect('fixtures/layers/data-dependent.mjs').toMatchItsTrace()).rejects.toThrow(
      /cannot derive a functional twin: call\(\) reads tensor values \(dataSync\(\) on the output of Mean/,
    );
    await expect(expect('fixtures/layers/data-dependent.mjs').not.toMatchItsTrace()).rejects.toThrow(
      /cannot derive a functional twin/,
    );
  });
});
