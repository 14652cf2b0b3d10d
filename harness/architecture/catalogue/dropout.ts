import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { compact, expectRank, float } from './options';

const config = z.object({ rate: z.number().min(0).lt(1), seeded: z.boolean().optional() }).strict();

/**
 * `tf.layers.dropout`. Seeded by default (seed from case seed and layer id)
 * so that masks do not depend on the order in which each side happens to
 * draw random numbers; `seeded: false` leaves it to the (reseeded) global
 * generator, to exercise that order.
 */
export const dropout: LayerKind<z.infer<typeof config>> = {
  kind: 'dropout',
  className: 'Dropout',
  arity: 'unary',
  config,
  output: ([x]) => float(expectRank(x, { min: 1 }, 'dropout')),
  input: { rank: { min: 1 } },
  sample: (p) => compact({ rate: p.pick([0.5, 0.1, 0.25, 0.9]), seeded: p.bool() ? false : undefined }),
  create: ({ tf, name, config: c, seed }) =>
    tf.layers.dropout({ name, rate: c.rate, seed: c.seeded === false ? undefined : seed('mask') }),
};
