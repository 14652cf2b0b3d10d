import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { activation as activationName, expectRank, float } from './options';

const config = z.object({ activation: activationName }).strict();

/** `tf.layers.activation`. */
export const activation: LayerKind<z.infer<typeof config>> = {
  kind: 'activation',
  className: 'Activation',
  arity: 'unary',
  config,
  output: ([x]) => float(expectRank(x, { min: 1 }, 'activation')),
  input: { rank: { min: 1 } },
  sample: (p) => ({
    activation: p.pick(['relu', 'tanh', 'sigmoid', 'softmax', 'elu', 'linear', 'selu', 'softplus', 'gelu'] as const),
  }),
  create: ({ tf, name, config: c }) => tf.layers.activation({ name, activation: c.activation }),
};
