import { z } from 'zod';
import { ShapeConflict, type LayerKind } from './LayerKind';
import { shapePreserving } from './shapePreserving';
import {
  compact,
  expectRank,
  float,
  fmt,
  initializer,
  makeRegularizer,
  regularizer,
  sampleRegularizer,
  sampleVectorInitializer,
} from './options';

const none = z.object({}).strict();
const leakyConfig = z.object({ alpha: z.number().nonnegative().optional() }).strict();
const reluConfig = z.object({ maxValue: z.number().positive().optional() }).strict();
const thresholdConfig = z.object({ theta: z.number().optional() }).strict();
/** Axes count the batch axis, as in tfjs: 1 is the first axis of a spec shape, -1 the last. */
const softmaxConfig = z
  .object({
    axis: z
      .number()
      .int()
      .refine((a) => a !== 0, 'axis 0 is the batch axis')
      .optional(),
  })
  .strict();
const preluConfig = z
  .object({
    alphaInitializer: initializer.optional(),
    alphaRegularizer: regularizer.optional(),
    /** Axes (batch = 0) along which alpha is shared, e.g. [1] for one alpha per channel of a sequence. */
    sharedAxes: z.array(z.number().int().positive()).min(1).optional(),
  })
  .strict();

/** `tf.layers.elu`. tfjs 4.22 refuses any alpha but 1, so there is nothing to configure. */
export const elu = shapePreserving(
  'elu',
  'ELU',
  none,
  () => ({}),
  ({ tf, name }) => tf.layers.elu({ name }),
);

/** `tf.layers.leakyReLU` (tfjs's default alpha is 0.3). */
export const leakyReLU = shapePreserving(
  'leakyReLU',
  'LeakyReLU',
  leakyConfig,
  (p) => compact({ alpha: p.pick([undefined, 0.1, 0.01] as const) }),
  ({ tf, name, config: c }) => tf.layers.leakyReLU({ name, alpha: c.alpha }),
);

/** `tf.layers.reLU`, optionally clipped at maxValue. */
export const reLU = shapePreserving(
  'reLU',
  'ReLU',
  reluConfig,
  (p) => compact({ maxValue: p.pick([undefined, 1, 6] as const) }),
  ({ tf, name, config: c }) => tf.layers.reLU({ name, maxValue: c.maxValue }),
);

/**
 * `tf.layers.thresholdedReLU`. tfjs 4.22 has no gradient for its `greater`
 * op, so training through it (weights upstream) fails on both sides alike.
 */
export const thresholdedReLU = shapePreserving(
  'thresholdedReLU',
  'ThresholdedReLU',
  thresholdConfig,
  (p) => compact({ theta: p.pick([undefined, 0.5, 0] as const) }),
  ({ tf, name, config: c }) => tf.layers.thresholdedReLU({ name, theta: c.theta }),
);

/**
 * `tf.layers.softmax`. Unlike Keras, tfjs defaults to axis 1 (the first
 * spec axis), yet its softmax op only runs along the last axis: any other
 * axis is accepted symbolically and throws at the first call, on both sides.
 */
export const softmax: LayerKind<z.infer<typeof softmaxConfig>> = {
  kind: 'softmax',
  className: 'Softmax',
  arity: 'unary',
  config: softmaxConfig,
  output([x], c) {
    const rank = expectRank(x, { min: 1 }, 'softmax').length;
    const axis = c.axis ?? 1;
    if (axis !== -1 && axis !== rank)
      throw new ShapeConflict(
        `softmax along axis ${axis} of ${fmt(x.shape)}: tfjs's softmax runs only along the last axis (${rank} or -1)`,
      );
    return float(x.shape);
  },
  input: { rank: { min: 1 } },
  sample: (p, [x]) =>
    x.shape.length === 1 ? compact({ axis: p.pick([undefined, -1] as const) }) : { axis: p.pick([-1, x.shape.length]) },
  create: ({ tf, name, config: c }) => tf.layers.softmax({ name, axis: c.axis }),
};

/** `tf.layers.prelu`: a learned slope per input element (or per unshared axes). */
export const prelu: LayerKind<z.infer<typeof preluConfig>> = {
  kind: 'prelu',
  className: 'PReLU',
  arity: 'unary',
  config: preluConfig,
  output([x], c) {
    const s = expectRank(x, { min: 1 }, 'prelu');
    const bad = c.sharedAxes?.find((a) => a > s.length);
    if (bad !== undefined)
      throw new ShapeConflict(
        `prelu shared axis ${bad} is out of range for ${fmt(s)} (axes count the batch axis as 0)`,
      );
    return float(s);
  },
  input: { rank: { min: 1 } },
  sample: (p, [x]) =>
    compact({
      alphaInitializer: sampleVectorInitializer(p),
      alphaRegularizer: sampleRegularizer(p),
      sharedAxes: x.shape.length > 1 && p.bool() ? [p.int(1, x.shape.length - 1)] : undefined,
    }),
  // Alpha's shape is the whole input shape (shared axes set to 1), fixed at build.
  signature: ([x]) => fmt(x.shape),
  create: ({ tf, name, config: c, init }) =>
    tf.layers.prelu({
      name,
      alphaInitializer: init('alpha', c.alphaInitializer, 'zeros'),
      alphaRegularizer: makeRegularizer(tf, c.alphaRegularizer),
      sharedAxes: c.sharedAxes,
    }),
};
