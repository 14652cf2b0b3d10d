import { z } from 'zod';
import { ShapeConflict, type LayerKind } from './LayerKind';
import {
  compact,
  float,
  initializer,
  makeRegularizer,
  positive,
  regularizer,
  sampleInitializer,
  sampleRegularizer,
} from './options';

const config = z
  .object({
    inputDim: positive,
    outputDim: positive,
    embeddingsInitializer: initializer.optional(),
    embeddingsRegularizer: regularizer.optional(),
    maskZero: z.boolean().optional(),
  })
  .strict();

/** `tf.layers.embedding`: int32 indices in [0, inputDim) to vectors of outputDim. */
export const embedding: LayerKind<z.infer<typeof config>> = {
  kind: 'embedding',
  className: 'Embedding',
  arity: 'unary',
  config,
  output([x], c) {
    if (x.dtype !== 'int32') throw new ShapeConflict(`embedding needs int32 indices, got ${x.dtype}`);
    return float([...x.shape, c.outputDim]);
  },
  input: { rank: { min: 1 }, dtype: 'int32' },
  // maskZero is not generated: generated graphs with masks crash inside tfjs
  // 4.22's mask computation of merges ("onesLike … got 'null'") on both sides
  // alike; not minimized yet, so masks are exercised by hand-written fixtures.
  // inputDim is fixed by the generator to the int input's maxValue (see the decoder).
  sample: (p) =>
    compact({
      inputDim: 10,
      outputDim: p.int(1, 6),
      embeddingsInitializer: sampleInitializer(p),
      embeddingsRegularizer: sampleRegularizer(p),
    }),
  create: ({ tf, name, config: c, init }) =>
    tf.layers.embedding({
      name,
      inputDim: c.inputDim,
      outputDim: c.outputDim,
      embeddingsInitializer: init('embeddings', c.embeddingsInitializer, 'randomUniform'),
      embeddingsRegularizer: makeRegularizer(tf, c.embeddingsRegularizer),
      maskZero: c.maskZero ?? false,
    }),
};
