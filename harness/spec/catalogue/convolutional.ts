import { z } from 'zod';
import { ShapeConflict, type CreateContext, type LayerKind, type Picker } from './LayerKind';
import { activation, compact, expectRank, float, initializer, makeRegularizer, padding, pair, positive, regularizer, sampleActivation, sampleInitializer, sampleRegularizer, sizeOrPair, windowLength } from './options';

const common = {
  filters: positive,
  activation: activation.optional(),
  padding: padding.optional(),
  useBias: z.boolean().optional(),
  kernelInitializer: initializer.optional(),
  biasInitializer: initializer.optional(),
  kernelRegularizer: regularizer.optional(),
  biasRegularizer: regularizer.optional(),
};
const conv1dConfig = z.object({ ...common, kernelSize: positive, strides: positive.optional(), dilationRate: positive.optional() }).strict();
const conv2dConfig = z.object({ ...common, kernelSize: sizeOrPair, strides: sizeOrPair.optional() }).strict();

/** Options both convolution kinds pass through unchanged. */
function shared(c: z.infer<typeof conv1dConfig> | z.infer<typeof conv2dConfig>, ctx: Pick<CreateContext<unknown>, 'tf' | 'init'>) {
  return {
    filters: c.filters,
    activation: c.activation,
    padding: c.padding ?? 'valid',
    useBias: c.useBias ?? true,
    kernelInitializer: ctx.init('kernel', c.kernelInitializer, 'glorotUniform'),
    biasInitializer: ctx.init('bias', c.biasInitializer, 'zeros'),
    kernelRegularizer: makeRegularizer(ctx.tf, c.kernelRegularizer),
    biasRegularizer: makeRegularizer(ctx.tf, c.biasRegularizer),
  };
}

/** Sampled options common to both convolutions. */
function sampleCommon(p: Picker) {
  return {
    filters: p.int(1, 6),
    activation: sampleActivation(p),
    padding: p.pick([undefined, 'same'] as const),
    useBias: p.bool() ? false : undefined,
    kernelInitializer: sampleInitializer(p),
    kernelRegularizer: sampleRegularizer(p),
  };
}

/** `tf.layers.conv1d` over `[steps, channels]`. */
export const conv1d: LayerKind<z.infer<typeof conv1dConfig>> = {
  kind: 'conv1d',
  className: 'Conv1D',
  arity: 'unary',
  config: conv1dConfig,
  output([x], c) {
    const [steps] = expectRank(x, 2, 'conv1d');
    if (c.dilationRate !== undefined && c.dilationRate > 1 && (c.strides ?? 1) > 1) {
      // tfjs (like Keras) refuses strides and dilation both above 1.
      throw new ShapeConflict('conv1d: strides > 1 together with dilationRate > 1 is not supported by tfjs');
    }
    const len = windowLength(steps, c.kernelSize, c.strides ?? 1, c.padding ?? 'valid', c.dilationRate ?? 1, 'conv1d kernel');
    return float([len, c.filters]);
  },
  input: { rank: 2, maxSize: 16 },
  sample(p, [x]) {
    const c = sampleCommon(p);
    const steps = x.shape[0];
    const kernelSize = p.int(1, Math.min(3, steps));
    // Never dilated: tfjs 4.22 has no conv2D gradient for dilation > 1, so
    // such cases fail alike on both sides and test nothing.
    const dilated = false;
    const strides = !dilated && p.bool() ? 2 : undefined;
    return compact({ ...c, kernelSize, dilationRate: dilated ? 2 : undefined, strides });
  },
  signature: ([x]) => `rank ${x.shape.length}, channels ${x.shape[x.shape.length - 1]}`,
  create: (ctx) =>
    ctx.tf.layers.conv1d({ name: ctx.name, ...shared(ctx.config, ctx), kernelSize: ctx.config.kernelSize, strides: ctx.config.strides ?? 1, dilationRate: ctx.config.dilationRate ?? 1 }),
};

/** `tf.layers.conv2d` over `[height, width, channels]`. */
export const conv2d: LayerKind<z.infer<typeof conv2dConfig>> = {
  kind: 'conv2d',
  className: 'Conv2D',
  arity: 'unary',
  config: conv2dConfig,
  output([x], c) {
    const [h, w] = expectRank(x, 3, 'conv2d');
    const [kh, kw] = pair(c.kernelSize);
    const [sh, sw] = pair(c.strides ?? 1);
    const pad = c.padding ?? 'valid';
    return float([windowLength(h, kh, sh, pad, 1, 'conv2d kernel height'), windowLength(w, kw, sw, pad, 1, 'conv2d kernel width'), c.filters]);
  },
  input: { rank: 3, maxSize: 10 },
  sample(p, [x]) {
    const c = sampleCommon(p);
    const [h, w] = x.shape;
    const kh = p.int(1, Math.min(3, h));
    const kw = p.bool() ? p.int(1, Math.min(3, w)) : Math.min(kh, w);
    const strides = p.bool() ? 2 : undefined;
    return compact({ ...c, kernelSize: kh === kw ? kh : ([kh, kw] as [number, number]), strides });
  },
  signature: ([x]) => `rank ${x.shape.length}, channels ${x.shape[x.shape.length - 1]}`,
  create: (ctx) => ctx.tf.layers.conv2d({ name: ctx.name, ...shared(ctx.config, ctx), kernelSize: ctx.config.kernelSize, strides: ctx.config.strides ?? 1 }),
};
