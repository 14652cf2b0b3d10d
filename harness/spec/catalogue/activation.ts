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
  create: ({ tf, name, config: c }) => tf.layers.activation({ name, activation: c.activation }),
};
