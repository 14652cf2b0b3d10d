// The pair: the custom layer and its functional twin, from the same seeded
// initializers (`init(key)` gives both sides the same values for one key).
import { definePair } from 'parity-check';
import { ResidualBlock } from './ResidualBlock';

/** A ResidualBlock written both ways; `skip: false` injects the classic mistake into the custom layer. */
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
    subclass: ({ init }) =>
      new ResidualBlock({ units: 6, skip, initializers: { inner: init('inner'), outer: init('outer') } }),
  });
}
