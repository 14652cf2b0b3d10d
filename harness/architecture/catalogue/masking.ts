import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { compact, expectRank, float } from './options';

const config = z.object({ maskValue: z.number().optional() }).strict();

/**
 * `tf.layers.masking`: zeroes the steps whose features all equal
 * `maskValue` and emits a mask for the layers that consume its output (the
 * subclass side forwards it with its tensor, into nested blocks too).
 * tfjs 4.22 has no gradient for its `any` op, so training through it fails
 * on both sides alike; see TFJS_ONE_SIDED for the graphs its mask breaks.
 */
export const masking: LayerKind<z.infer<typeof config>> = {
  kind: 'masking',
  className: 'Masking',
  arity: 'unary',
  config,
  output: ([x]) => float(expectRank(x, { min: 1 }, 'masking')),
  input: { rank: { min: 2 } },
  sample: (p) => compact({ maskValue: p.pick([undefined, 1, -1] as const) }),
  create: ({ tf, name, config: c }) => tf.layers.masking({ name, maskValue: c.maskValue ?? 0 }),
};
