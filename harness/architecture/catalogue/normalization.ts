import { z } from 'zod';
import { ShapeConflict, type LayerKind, type TypedShape } from './LayerKind';
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

const batchNormConfig = z
  .object({
    momentum: z.number().min(0).max(1).optional(),
    epsilon: z.number().positive().optional(),
    center: z.boolean().optional(),
    scale: z.boolean().optional(),
    gammaInitializer: initializer.optional(),
    betaInitializer: initializer.optional(),
    gammaRegularizer: regularizer.optional(),
    betaRegularizer: regularizer.optional(),
  })
  .strict();
const layerNormConfig = z
  .object({
    epsilon: z.number().positive().optional(),
    center: z.boolean().optional(),
    scale: z.boolean().optional(),
    gammaInitializer: initializer.optional(),
    betaInitializer: initializer.optional(),
  })
  .strict();

const lastAxis = ([x]: { shape: number[] }[]) => `last axis ${x.shape[x.shape.length - 1]}`;

/**
 * Both normalizations run tfjs's batchNorm op, which stops at rank 4 with
 * the batch: tfjs accepts more symbolically and refuses at the first call.
 */
function upToRank3(x: TypedShape, what: string): TypedShape {
  const s = expectRank(x, { min: 1 }, what);
  if (s.length > 3)
    throw new ShapeConflict(`${what}: tfjs implements inputs of rank at most 3 (batch excluded), got ${fmt(s)}`);
  return float(s);
}

/** `tf.layers.batchNormalization` on the last axis; holds non-trainable moving statistics. */
export const batchNormalization: LayerKind<z.infer<typeof batchNormConfig>> = {
  kind: 'batchNormalization',
  className: 'BatchNormalization',
  arity: 'unary',
  config: batchNormConfig,
  output: ([x]) => upToRank3(x, 'batchNormalization'),
  input: { rank: { min: 1 } },
  sample: (p) =>
    compact({
      momentum: p.pick([undefined, 0.9, 0.5] as const),
      epsilon: p.pick([undefined, 0.01] as const),
      // center and scale stay on: tfjs 4.22 crashes in training when either is off
      // (fixtures/regressions/batchnorm-*), which would fail both sides alike.
      gammaInitializer: sampleVectorInitializer(p),
      gammaRegularizer: sampleRegularizer(p),
      betaInitializer: p.bool() ? sampleVectorInitializer(p) : undefined,
      betaRegularizer: p.bool() ? sampleRegularizer(p) : undefined,
    }),
  signature: lastAxis,
  create: ({ tf, name, config: c, init }) =>
    tf.layers.batchNormalization({
      name,
      axis: -1,
      momentum: c.momentum,
      epsilon: c.epsilon,
      center: c.center ?? true,
      scale: c.scale ?? true,
      gammaInitializer: init('gamma', c.gammaInitializer, 'ones'),
      betaInitializer: init('beta', c.betaInitializer, 'zeros'),
      movingMeanInitializer: init('moving_mean', undefined, 'zeros'),
      movingVarianceInitializer: init('moving_variance', undefined, 'ones'),
      gammaRegularizer: makeRegularizer(tf, c.gammaRegularizer),
      betaRegularizer: makeRegularizer(tf, c.betaRegularizer),
    }),
};

/** `tf.layers.layerNormalization` on the last axis. */
export const layerNormalization: LayerKind<z.infer<typeof layerNormConfig>> = {
  kind: 'layerNormalization',
  className: 'LayerNormalization',
  arity: 'unary',
  config: layerNormConfig,
  output: ([x]) => upToRank3(x, 'layerNormalization'),
  input: { rank: { min: 1 } },
  // center and scale stay on: tfjs 4.22 fails in gradients when either is off
  // (fixtures/regressions/layernorm-*), which would fail both sides alike.
  sample: (p) =>
    compact({
      epsilon: p.pick([undefined, 0.01] as const),
      betaInitializer: p.bool() ? sampleVectorInitializer(p) : undefined,
      gammaInitializer: p.bool() ? sampleVectorInitializer(p) : undefined,
    }),
  signature: lastAxis,
  create: ({ tf, name, config: c, init }) =>
    tf.layers.layerNormalization({
      name,
      axis: -1,
      epsilon: c.epsilon,
      center: c.center ?? true,
      scale: c.scale ?? true,
      gammaInitializer: init('gamma', c.gammaInitializer, 'ones'),
      betaInitializer: init('beta', c.betaInitializer, 'zeros'),
    }),
};
