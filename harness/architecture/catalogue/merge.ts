import { z } from 'zod';
import { ShapeConflict, type LayerKind, type TypedShape } from './LayerKind';
import { compact, expectRank, float, fmt } from './options';

const elementwiseConfig = z.object({}).strict();
const concatConfig = z.object({ axis: z.number().int().optional() }).strict();
/** Dot axes count the batch axis as 0, as in tfjs; only positive axes are read the same way by all of tfjs's code paths. */
const dotAxis = z.number().int().positive();
const dotConfig = z
  .object({ axes: z.union([dotAxis, z.tuple([dotAxis, dotAxis])]), normalize: z.boolean().optional() })
  .strict();

/**
 * tfjs's elementwise merge rule: shapes align from the last axis (a lower
 * rank gains leading axes of 1), and each aligned pair is equal or 1.
 */
function broadcast(inputs: TypedShape[], what: string): number[] {
  for (const x of inputs)
    if (x.dtype !== 'float32') throw new ShapeConflict(`${what} needs float32 inputs, got ${x.dtype}`);
  return inputs
    .map((x) => x.shape)
    .reduce((a, b) => {
      const [long, short] = a.length >= b.length ? [a, b] : [b, a];
      const lead = long.length - short.length;
      return [
        ...long.slice(0, lead),
        ...short.map((d, k) => {
          const e = long[lead + k];
          if (d === e || d === 1) return e;
          if (e === 1) return d;
          throw new ShapeConflict(`${what} cannot merge ${fmt(a)} with ${fmt(b)}`);
        }),
      ];
    });
}

function elementwise(
  kind: string,
  className: string,
  make: 'add' | 'multiply' | 'average' | 'maximum' | 'minimum',
): LayerKind<z.infer<typeof elementwiseConfig>> {
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
/** `tf.layers.maximum`. tfjs 4.22's gradient of broadcast inputs keeps the broadcast shape, so training fails (alike) unless shapes are equal. */
export const maximum = elementwise('maximum', 'Maximum', 'maximum');
/** `tf.layers.minimum`. Same broadcast gradient bug as maximum. */
export const minimum = elementwise('minimum', 'Minimum', 'minimum');

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
        throw new ShapeConflict(
          `concatenate along axis ${axis} cannot join ${inputs.map((i) => fmt(i.shape)).join(' and ')}`,
        );
      total += x.shape[a];
    }
    const out = [...inputs[0].shape];
    out[a] = total;
    return float(out);
  },
  input: { rank: { min: 1 } },
  sample(p, inputs) {
    // Any axis along which the inputs differ in no other axis (the decoder makes them equal but for the last).
    const rank = inputs[0].shape.length;
    const joinable = Array.from({ length: rank - 1 }, (_, a) => a + 1).filter((axis) =>
      inputs.every(
        (x) => x.shape.length === rank && x.shape.every((d, i) => i === axis - 1 || d === inputs[0].shape[i]),
      ),
    );
    return compact({ axis: p.pick([undefined, ...joinable]) });
  },
  create: ({ tf, name, config: c }) => tf.layers.concatenate({ name, axis: c.axis ?? -1 }),
};

/**
 * `tf.layers.dot`: the batched dot product of exactly two inputs of rank
 * 1 or 2 (tfjs implements nothing higher), along one axis of each.
 */
export const dot: LayerKind<z.infer<typeof dotConfig>> = {
  kind: 'dot',
  className: 'Dot',
  arity: 'merge',
  config: dotConfig,
  output(inputs, c) {
    if (inputs.length !== 2) throw new ShapeConflict(`dot takes exactly two inputs, got ${inputs.length}`);
    const [a, b] = inputs.map((x) => expectRank(x, { min: 1 }, 'dot'));
    const high = [a, b].find((s) => s.length > 2);
    if (high) throw new ShapeConflict(`dot: tfjs supports inputs of rank 1 or 2 (batch excluded), got ${fmt(high)}`);
    const [i, j] = typeof c.axes === 'number' ? [c.axes, c.axes] : c.axes;
    if (i > a.length || j > b.length)
      throw new ShapeConflict(
        `dot axes [${i}, ${j}] are out of range for ${fmt(a)} and ${fmt(b)} (axis 0 is the batch)`,
      );
    if (a[i - 1] !== b[j - 1])
      throw new ShapeConflict(`dot along axes [${i}, ${j}] needs equal lengths, got ${fmt(a)} and ${fmt(b)}`);
    // tfjs's computeOutputShape: both shapes without their axis; a lone batch axis gains a 1.
    const out = [...a.filter((_, k) => k !== i - 1), ...b.filter((_, k) => k !== j - 1)];
    return float(out.length === 0 ? [1] : out);
  },
  input: { rank: { min: 1 } },
  sample(p, inputs) {
    const [a, b] = inputs.map((x) => x.shape);
    const fits: [number, number][] = [];
    for (let i = 1; i <= Math.min(a.length, 2); i++)
      for (let j = 1; j <= Math.min(b?.length ?? 0, 2); j++) if (a[i - 1] === b[j - 1]) fits.push([i, j]);
    const [i, j] = fits.length > 0 ? p.pick(fits) : [1, 1];
    return compact({ axes: i === j ? i : ([i, j] as [number, number]), normalize: p.bool() ? true : undefined });
  },
  create: ({ tf, name, config: c }) => tf.layers.dot({ name, axes: c.axes, normalize: c.normalize ?? false }),
};
