import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import {
  activation,
  compact,
  constraint,
  expectRank,
  float,
  initializer,
  makeConstraint,
  makeRegularizer,
  positive,
  regularizer,
  rejectActivityRegularizer,
  sampleActivation,
  sampleConstraint,
  sampleInitializer,
  sampleRegularizer,
} from './options';

const config = z
  .object({
    units: positive,
    activation: activation.optional(),
    useBias: z.boolean().optional(),
    kernelInitializer: initializer.optional(),
    biasInitializer: initializer.optional(),
    kernelRegularizer: regularizer.optional(),
    biasRegularizer: regularizer.optional(),
    kernelConstraint: constraint.optional(),
    biasConstraint: constraint.optional(),
    /** Never sampled: the decoder's `penalize` step sets it on a placed layer (see rejectActivityRegularizer). */
    activityRegularizer: regularizer.optional(),
  })
  .strict();

/** `tf.layers.dense`: acts on the last axis of an input of any rank. */
export const dense: LayerKind<z.infer<typeof config>> = {
  kind: 'dense',
  className: 'Dense',
  arity: 'unary',
  config,
  output([x], c) {
    const s = expectRank(x, { min: 1 }, 'dense');
    rejectActivityRegularizer('dense', c.activityRegularizer);
    return float([...s.slice(0, -1), c.units]);
  },
  input: { rank: { min: 1 } },
  sample: (p) =>
    compact({
      units: p.int(1, 8),
      activation: sampleActivation(p),
      useBias: p.bool() ? false : undefined,
      kernelInitializer: sampleInitializer(p),
      biasInitializer: p.pick([undefined, 'randomNormal', 'ones'] as const),
      kernelRegularizer: sampleRegularizer(p),
      biasRegularizer: p.bool() ? sampleRegularizer(p) : undefined,
      kernelConstraint: sampleConstraint(p),
      biasConstraint: p.bool() ? sampleConstraint(p) : undefined,
    }),
  signature: ([x]) => `last axis ${x.shape[x.shape.length - 1]}`,
  create: ({ tf, name, config: c, init }) =>
    tf.layers.dense({
      name,
      units: c.units,
      activation: c.activation,
      useBias: c.useBias ?? true,
      kernelInitializer: init('kernel', c.kernelInitializer, 'glorotUniform'),
      biasInitializer: init('bias', c.biasInitializer, 'zeros'),
      kernelRegularizer: makeRegularizer(tf, c.kernelRegularizer),
      biasRegularizer: makeRegularizer(tf, c.biasRegularizer),
      kernelConstraint: makeConstraint(tf, c.kernelConstraint),
      biasConstraint: makeConstraint(tf, c.biasConstraint),
      activityRegularizer: makeRegularizer(tf, c.activityRegularizer),
    }),
};
