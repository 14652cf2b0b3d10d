import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { shapePreserving } from './shapePreserving';
import { compact, expectRank, float } from './options';

const rate = z.number().min(0).lt(1);
const noiseConfig = z.object({ stddev: z.number().positive() }).strict();
const rateConfig = z.object({ rate }).strict();
const spatialConfig = z.object({ rate, seeded: z.boolean().optional() }).strict();

/** Rates worth drawing; 0 (a no-op) is left to hand-written specs. */
const sampleRate = (p: { pick<T>(o: readonly T[]): T }) => p.pick([0.5, 0.1, 0.25, 0.9]);

/*
 * gaussianNoise, gaussianDropout and alphaDropout draw noise in training
 * only, and tfjs 4.22 gives them no seed option: they draw from the global
 * generator, which the engine reseeds identically before each side's call,
 * so they take part as long as both sides draw in the same order (the
 * subclass side runs its nodes in the functional executor's order).
 */

/** `tf.layers.gaussianNoise`: adds N(0, stddev²) noise in training. Unseedable in tfjs 4.22. */
export const gaussianNoise = shapePreserving(
  'gaussianNoise',
  'GaussianNoise',
  noiseConfig,
  (p) => ({ stddev: p.pick([0.1, 0.5, 1]) }),
  ({ tf, name, config: c }) => tf.layers.gaussianNoise({ name, stddev: c.stddev }),
);

/** `tf.layers.gaussianDropout`: multiplies by N(1, rate/(1-rate)) noise in training. Unseedable in tfjs 4.22. */
export const gaussianDropout = shapePreserving(
  'gaussianDropout',
  'GaussianDropout',
  rateConfig,
  (p) => ({ rate: sampleRate(p) }),
  ({ tf, name, config: c }) => tf.layers.gaussianDropout({ name, rate: c.rate }),
);

/** `tf.layers.alphaDropout`: SELU-preserving dropout in training. Unseedable in tfjs 4.22. */
export const alphaDropout = shapePreserving(
  'alphaDropout',
  'AlphaDropout',
  rateConfig,
  (p) => ({ rate: sampleRate(p) }),
  ({ tf, name, config: c }) => tf.layers.alphaDropout({ name, rate: c.rate }),
);

/**
 * `tf.layers.spatialDropout1d` over `[steps, channels]`: drops whole
 * channels. It is a Dropout underneath and takes a seed: seeded by default,
 * `seeded: false` leaves it to the (reseeded) global generator, as for dropout.
 */
export const spatialDropout1d: LayerKind<z.infer<typeof spatialConfig>> = {
  kind: 'spatialDropout1d',
  className: 'SpatialDropout1D',
  arity: 'unary',
  config: spatialConfig,
  output: ([x]) => float(expectRank(x, 2, 'spatialDropout1d')),
  input: { rank: 2 },
  sample: (p) => compact({ rate: sampleRate(p), seeded: p.bool() ? false : undefined }),
  // Its config type is a JSON dict in tfjs's typings: an unseeded layer leaves the key out rather than undefined.
  create: ({ tf, name, config: c, seed }) =>
    tf.layers.spatialDropout1d({ name, rate: c.rate, ...(c.seeded === false ? {} : { seed: seed('mask') }) }),
};
