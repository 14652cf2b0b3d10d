import { z } from 'zod';
import { ShapeConflict, type LayerKind, type TypedShape } from './LayerKind';
import { float, fmt } from './options';

const elementwiseConfig = z.object({}).strict();
const concatConfig = z.object({ axis: z.number().int().optional() }).strict();

/** tfjs's elementwise merge rule: equal ranks, each axis equal or 1. */
function broadcast(inputs: TypedShape[], what: string): number[] {
  for (const x of inputs) if (x.dtype !== 'float32') throw new ShapeConflict(`${what} needs float32 inputs, got ${x.dtype}`);
  return inputs
    .map((x) => x.shape)
    .reduce((a, b) => {
      if (a.length !== b.length) throw new ShapeConflict(`${what} cannot merge ${fmt(a)} with ${fmt(b)}`);
      return a.map((d, i) => {
        if (d === b[i] || b[i] === 1) return d;
        if (d === 1) return b[i];
        throw new ShapeConflict(`${what} cannot merge ${fmt(a)} with ${fmt(b)}`);
      });
    });
}

function elementwise(kind: string, className: string, make: 'add' | 'multiply' | 'average' | 'maximum' | 'minimum'): LayerKind<z.infer<typeof elementwiseConfig>> {
  return {
    kind,
    className,
    arity: 'merge',
    config: elementwiseConfig,
    input: { rank: { min: 1 } },
    sample: () => ({}),
    output: (inputs) => float(broadcast(inputs, kind)),
    create: ({ tf, name }) => tf.layers[make]({ name }),
  };
}

/** `tf.layers.add`. */
export const add = elementwise('add', 'Add', 'add');
/** `tf.layers.multiply`. */
export const multiply = elementwise('multiply', 'Multiply', 'multiply');
/** `tf.layers.average`. */
export const average = elementwise('average', 'Average', 'average');

/** `tf.layers.concatenate` along `axis` (default -1). */
export const concatenate: LayerKind<z.infer<typeof concatConfig>> = {
  kind: 'concatenate',
  className: 'Concatenate',
  arity: 'merge',
  config: concatConfig,
  output(inputs, c) {
    const rank = inputs[0].shape.length;
    const axis = c.axis ?? -1;
    const a = axis < 0 ? rank + axis : axis - 1; // spec shapes exclude the batch axis; tfjs axes count it
    if (a < 0 || a >= rank) throw new ShapeConflict(`concatenate axis ${axis} is out of range for rank ${rank}`);
    let total = 0;
    for (const x of inputs) {
      if (x.dtype !== 'float32') throw new ShapeConflict(`concatenate needs float32 inputs, got ${x.dtype}`);
      if (x.shape.length !== rank || x.shape.some((d, i) => i !== a && d !== inputs[0].shape[i]))
        throw new ShapeConflict(`concatenate along axis ${axis} cannot join ${inputs.map((i) => fmt(i.shape)).join(' and ')}`);
      total += x.shape[a];
    }
    const out = [...inputs[0].shape];
    out[a] = total;
    return float(out);
  },
  input: { rank: { min: 1 } },
  sample: () => ({}),
  create: ({ tf, name, config: c }) => tf.layers.concatenate({ name, axis: c.axis ?? -1 }),
};
