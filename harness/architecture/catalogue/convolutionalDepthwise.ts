import { z } from 'zod';
import type { CreateContext, LayerKind } from './LayerKind';
import { checkStridesOrDilation, compactSize, sampleKernel } from './convolutionCommon';
import {
  activation,
  channelsSignature,
  compact,
  constraint,
  expectRank,
  float,
  initializer,
  makeConstraint,
  makeRegularizer,
  padding,
  pair,
  positive,
  regularizer,
  rejectActivityRegularizer,
  sampleActivation,
  sampleConstraint,
  sampleDilation,
  sampleInitializer,
  sampleRegularizer,
  sampleVectorInitializer,
  sizeOrPair,
  windowLength,
} from './options';

const fields = {
  kernelSize: sizeOrPair,
  strides: sizeOrPair.optional(),
  dilationRate: sizeOrPair.optional(),
  padding: padding.optional(),
  depthMultiplier: positive.optional(),
  activation: activation.optional(),
  useBias: z.boolean().optional(),
  depthwiseInitializer: initializer.optional(),
  biasInitializer: initializer.optional(),
  depthwiseRegularizer: regularizer.optional(),
  biasRegularizer: regularizer.optional(),
  depthwiseConstraint: constraint.optional(),
  biasConstraint: constraint.optional(),
  /** Never sampled: the decoder's `penalize` step sets it on a placed layer (see rejectActivityRegularizer). */
  activityRegularizer: regularizer.optional(),
};
const depthwiseConfig = z.object(fields).strict();
const separableConfig = z
  .object({
    ...fields,
    filters: positive,
    pointwiseInitializer: initializer.optional(),
    pointwiseRegularizer: regularizer.optional(),
    pointwiseConstraint: constraint.optional(),
  })
  .strict();
type Depthwise = z.infer<typeof depthwiseConfig>;

/** tfjs arguments both depthwise kinds take from {@link fields}, every initializer seeded. */
function depthwiseArgs(c: Depthwise, { tf, init }: Pick<CreateContext<unknown>, 'tf' | 'init'>) {
  return {
    kernelSize: c.kernelSize,
    strides: c.strides ?? 1,
    dilationRate: c.dilationRate ?? 1,
    padding: c.padding ?? 'valid',
    depthMultiplier: c.depthMultiplier ?? 1,
    activation: c.activation,
    useBias: c.useBias ?? true,
    depthwiseInitializer: init('depthwise_kernel', c.depthwiseInitializer, 'glorotUniform'),
    biasInitializer: init('bias', c.biasInitializer, 'zeros'),
    depthwiseRegularizer: makeRegularizer(tf, c.depthwiseRegularizer),
    biasRegularizer: makeRegularizer(tf, c.biasRegularizer),
    depthwiseConstraint: makeConstraint(tf, c.depthwiseConstraint),
    biasConstraint: makeConstraint(tf, c.biasConstraint),
    activityRegularizer: makeRegularizer(tf, c.activityRegularizer),
  };
}

/**
 * Spatial output of a depthwise window over `[height, width, …]`.
 * `dilated`: whether the kind honours `dilationRate`. separableConv2d does;
 * tfjs 4.22's DepthwiseConv2D does not — its `call` passes `null` as the
 * dilation rate ("TODO(cais): Add support for dilation") and its
 * `computeOutputShape` leaves it out (tfjs-layers/src/layers/convolutional_depthwise.ts),
 * so its output is exactly the undilated convolution's, and so is the shape
 * predicted here (fixtures/regressions/depthwise-dilation-ignored.json).
 */
function spatial(kind: string, [h, w]: number[], c: Depthwise, dilated: boolean): [number, number] {
  const [kh, kw] = pair(c.kernelSize);
  const [sh, sw] = pair(c.strides ?? 1);
  const [dh, dw] = dilated ? pair(c.dilationRate ?? 1) : [1, 1];
  if (dilated) checkStridesOrDilation(kind, [sh, sw], [dh, dw]);
  const pad = c.padding ?? 'valid';
  // What tfjs 4.22 computes: its DepthwiseConv2D ignores dilationRate, for the output shape as for the values.
  return [
    windowLength(h, kh, sh, pad, dh, `${kind} kernel height`),
    windowLength(w, kw, sw, pad, dw, `${kind} kernel width`),
  ];
}

/**
 * Sampled depthwise options, simplest first. No depthwiseRegularizer: tfjs
 * 4.22's DepthwiseConv2D.getConfig writes it as the depthwise *constraint*
 * too, so a saved functional model fails to reload (a one-sided finding
 * every time, fixtures/regressions/depthwise-regularizer-reload.json;
 * hand-written specs can still set it).
 */
function sample(p: Parameters<LayerKind['sample']>[0], shape: number[]): Depthwise {
  const pad = p.pick([undefined, 'same'] as const);
  const kernelSize = compactSize(sampleKernel(p, shape.slice(0, 2), pad) as [number, number]);
  const dilationRate = sampleDilation(p, shape.slice(0, 2), kernelSize, pad);
  return compact({
    kernelSize,
    padding: pad,
    strides: dilationRate === undefined && p.bool() ? 2 : undefined,
    dilationRate,
    depthMultiplier: p.bool() ? 2 : undefined,
    activation: sampleActivation(p),
    useBias: p.bool() ? false : undefined,
    depthwiseInitializer: sampleInitializer(p),
    biasInitializer: p.bool() ? sampleVectorInitializer(p) : undefined,
    biasRegularizer: p.bool() ? sampleRegularizer(p) : undefined,
    depthwiseConstraint: sampleConstraint(p),
    biasConstraint: p.bool() ? sampleConstraint(p) : undefined,
  });
}

/** `tf.layers.depthwiseConv2d` over `[height, width, channels]`: channels × depthMultiplier outputs. */
export const depthwiseConv2d: LayerKind<Depthwise> = {
  kind: 'depthwiseConv2d',
  className: 'DepthwiseConv2D',
  arity: 'unary',
  config: depthwiseConfig,
  output([x], c) {
    const s = expectRank(x, 3, 'depthwiseConv2d');
    rejectActivityRegularizer('depthwiseConv2d', c.activityRegularizer);
    return float([...spatial('depthwiseConv2d', s, c, false), s[2] * (c.depthMultiplier ?? 1)]);
  },
  input: { rank: 3, maxSize: 10 },
  sample: (p, [x]) => sample(p, x.shape),
  // tfjs sets no input spec after build, so a second application with other
  // channels is not refused up front: its kernel simply no longer fits.
  signature: channelsSignature,
  create: (ctx) => ctx.tf.layers.depthwiseConv2d({ name: ctx.name, ...depthwiseArgs(ctx.config, ctx) }),
};

/**
 * `tf.layers.separableConv2d`: a depthwise then a 1×1 pointwise kernel.
 * tfjs 4.22 ignores `pointwiseInitializer` and initializes the pointwise
 * kernel with the depthwise initializer (same seed); it is still passed,
 * seeded, so a tfjs fix keeps both sides identical. Its getConfig leaves out
 * depthMultiplier, so with a multiplier above 1 the functional side fails to
 * reload (fixtures/regressions/separable-depth-multiplier-reload.json); the
 * multiplier is drawn anyway, as the cause is recognised and later
 * checkpoints still run.
 */
export const separableConv2d: LayerKind<z.infer<typeof separableConfig>> = {
  kind: 'separableConv2d',
  className: 'SeparableConv2D',
  arity: 'unary',
  config: separableConfig,
  output([x], c) {
    const s = expectRank(x, 3, 'separableConv2d');
    rejectActivityRegularizer('separableConv2d', c.activityRegularizer);
    return float([...spatial('separableConv2d', s, c, true), c.filters]);
  },
  input: { rank: 3, maxSize: 10 },
  // SeparableConv2D serializes its regularizers correctly: both are drawn.
  sample: (p, [x]) =>
    compact({
      filters: p.int(1, 6),
      ...sample(p, x.shape),
      depthwiseRegularizer: sampleRegularizer(p),
      pointwiseRegularizer: sampleRegularizer(p),
      pointwiseInitializer: p.bool() ? sampleInitializer(p) : undefined,
      pointwiseConstraint: sampleConstraint(p),
    }),
  signature: channelsSignature,
  create: (ctx) => {
    const { tf, config: c, init } = ctx;
    return tf.layers.separableConv2d({
      name: ctx.name,
      ...depthwiseArgs(c, ctx),
      filters: c.filters,
      pointwiseInitializer: init('pointwise_kernel', c.pointwiseInitializer, 'glorotUniform'),
      pointwiseRegularizer: makeRegularizer(tf, c.pointwiseRegularizer),
      pointwiseConstraint: makeConstraint(tf, c.pointwiseConstraint),
    });
  },
};
