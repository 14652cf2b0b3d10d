// The pair: a custom residual layer and its functional twin, from the same
// seeded initializers (`init(key)` gives both sides the same values for one key).
import type { Shape, Tensor } from '@tensorflow/tfjs';
import { definePair } from 'parity-check';

/** A residual block written both ways; `skip: false` injects the classic mistake into the custom layer. */
export function residualPair({ skip = true }: { skip?: boolean } = {}) {
  return definePair({
    name: skip ? 'residual block' : 'residual block (no skip)',
    inputs: [{ shape: [6] }],
    functional: ({ tf, init }) => {
      const x = tf.input({ shape: [6] });
      const h = tf.layers.dense({ units: 6, activation: 'relu', kernelInitializer: init('inner') }).apply(x);
      const r = tf.layers.dense({ units: 6, kernelInitializer: init('outer') }).apply(h);
      return tf.model({ inputs: x, outputs: tf.layers.add().apply([r, x] as (typeof x)[]) as typeof x });
    },
    subclass: ({ tf, init }) => {
      class ResidualBlock extends tf.layers.Layer {
        static className = skip ? 'VitestResidualBlock' : 'VitestResidualBlockNoSkip';
        private readonly inner = tf.layers.dense({
          name: 'inner',
          units: 6,
          activation: 'relu',
          kernelInitializer: init('inner'),
        });
        private readonly outer = tf.layers.dense({ name: 'outer', units: 6, kernelInitializer: init('outer') });
        // Sublayers build on a first call: do it here so a reloaded model has every weight before loading them.
        override build(inputShape: Shape | Shape[]): void {
          tf.tidy(() => {
            this.call(tf.zeros([1, 6]), {});
          });
          super.build(inputShape);
        }
        override get trainableWeights() {
          return [...this.inner.trainableWeights, ...this.outer.trainableWeights];
        }
        override get nonTrainableWeights() {
          return [];
        }
        override computeOutputShape(inputShape: Shape | Shape[]) {
          return inputShape;
        }
        override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>) {
          return tf.tidy(() => {
            const x = Array.isArray(inputs) ? inputs[0] : inputs;
            const h = this.outer.apply(this.inner.apply(x, kwargs), kwargs) as Tensor;
            return skip ? tf.add(h, x) : h;
          });
        }
      }
      tf.serialization.registerClass(ResidualBlock);
      return new ResidualBlock({});
    },
  });
}
