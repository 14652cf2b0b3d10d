import { z } from 'zod';
import { ShapeConflict, type LayerKind } from './LayerKind';
import { float, initializer, makeRegularizer, positive, regularizer } from './options';

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
