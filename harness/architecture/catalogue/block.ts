import { z } from 'zod';
import { inferShapes } from '../inferShapes';
import type { ModelSpec } from '../types';
import { ShapeConflict, type LayerKind } from './LayerKind';
import { fmt } from './options';

/** The nested spec is checked by validateSpec (recursively), not by this schema. */
const config = z
  .object({ spec: z.custom<ModelSpec>((v) => typeof v === 'object' && v !== null, 'must be a nested spec') })
  .strict();

/**
 * A nested block: a whole one-input spec used as a layer, returning one
 * tensor or several (its spec's outputs, referenced as `n`, `n:1`, …). The
 * functional side builds it as a `tf.model` applied like a layer; the
 * subclass side as a Layer subclass held by the outer one.
 */
export const block: LayerKind<z.infer<typeof config>> = {
  kind: 'block',
  className: 'Block',
  arity: 'unary',
  config,
  output(inputs, c) {
    return block.outputs!(inputs, c)[0];
  },
  outputs([x], c) {
    const inner = c.spec.inputs[0];
    if (x.shape.join() !== inner.shape.join() || x.dtype !== (inner.dtype ?? 'float32')) {
      throw new ShapeConflict(
        `block built for ${fmt(inner.shape as number[])} ${inner.dtype ?? 'float32'} input, given ${fmt(x.shape)} ${x.dtype}`,
      );
    }
    const r = inferShapes(c.spec);
    if (r.conflict) throw new ShapeConflict(`inside the block, node '${r.conflict.node}': ${r.conflict.reason}`);
    return c.spec.outputs.map((o) => r.shapes.get(o)!);
  },
  outputCount: (c) => c.spec.outputs.length,
  signature: ([x]) => fmt(x.shape),
  input: { rank: { min: 1 } },
  // Blocks are composed by the decoder (it needs a whole inner draft), not sampled.
  sample: () => {
    throw new Error('block configs are built by the decoder');
  },
  create: ({ name, config: c, nested }) => nested(c.spec, name),
};
