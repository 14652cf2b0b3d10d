import { z } from 'zod';
import { ShapeConflict, type CreateContext, type LayerKind, type Picker, type TfLayer } from './LayerKind';
import {
  activation,
  compact,
  constraint,
  initializer,
  makeConstraint,
  makeRegularizer,
  padding,
  positive,
  regularizer,
  sampleActivation,
  sampleConstraint,
  sampleDilation,
  sampleInitializer,
  sampleRegularizer,
  sampleVectorInitializer,
  sizeOrPair,
  sizeOrTriple,
} from './options';

/** Config fields every filter-bank convolution shares (conv, transposed conv). */
export const convFields = {
  filters: positive,
  activation: activation.optional(),
  padding: padding.optional(),
  useBias: z.boolean().optional(),
  kernelInitializer: initializer.optional(),
  biasInitializer: initializer.optional(),
  kernelRegularizer: regularizer.optional(),
  biasRegularizer: regularizer.optional(),
  kernelConstraint: constraint.optional(),
  biasConstraint: constraint.optional(),
  /** Never sampled: the decoder's `penalize` step sets it on a placed layer (see rejectActivityRegularizer). */
  activityRegularizer: regularizer.optional(),
};

/** Config of a 2-D filter-bank convolution (conv2d, conv2dTranspose). */
export const conv2dConfig = z
  .object({
    ...convFields,
    kernelSize: sizeOrPair,
    strides: sizeOrPair.optional(),
    dilationRate: sizeOrPair.optional(),
  })
  .strict();
/** Config of a 3-D filter-bank convolution (conv3d, conv3dTranspose). */
export const conv3dConfig = z
  .object({
    ...convFields,
    kernelSize: sizeOrTriple,
    strides: sizeOrTriple.optional(),
    dilationRate: sizeOrTriple.optional(),
  })
  .strict();

type ConvCommon = z.infer<z.ZodObject<typeof convFields>>;
type ConvWindow = ConvCommon & {
  kernelSize: number | number[];
  strides?: number | number[];
  dilationRate?: number | number[];
};

/** tfjs arguments for {@link convFields}, every initializer seeded. */
export function convArgs(c: ConvCommon, ctx: Pick<CreateContext<unknown>, 'tf' | 'init'>) {
  return {
    filters: c.filters,
    activation: c.activation,
    padding: c.padding ?? 'valid',
    useBias: c.useBias ?? true,
    kernelInitializer: ctx.init('kernel', c.kernelInitializer, 'glorotUniform'),
    biasInitializer: ctx.init('bias', c.biasInitializer, 'zeros'),
    kernelRegularizer: makeRegularizer(ctx.tf, c.kernelRegularizer),
    biasRegularizer: makeRegularizer(ctx.tf, c.biasRegularizer),
    kernelConstraint: makeConstraint(ctx.tf, c.kernelConstraint),
    biasConstraint: makeConstraint(ctx.tf, c.biasConstraint),
    activityRegularizer: makeRegularizer(ctx.tf, c.activityRegularizer),
  };
}

/**
 * `create` of a filter-bank convolution: {@link convArgs} plus its window.
 * The tfjs factories differ only in the kernel's rank, which the config carries.
 */
export function createConv<C extends ConvWindow>(
  make: 'conv2d' | 'conv3d' | 'conv2dTranspose' | 'conv3dTranspose',
): LayerKind<C>['create'] {
  return (ctx) =>
    ctx.tf.layers[make]({
      name: ctx.name,
      ...convArgs(ctx.config, ctx),
      kernelSize: ctx.config.kernelSize,
      strides: ctx.config.strides ?? 1,
      dilationRate: ctx.config.dilationRate ?? 1,
    } as never) as TfLayer;
}

/** Sampled values of {@link convFields}, simplest first. */
export function sampleConv(p: Picker) {
  return {
    filters: p.int(1, 6),
    activation: sampleActivation(p),
    padding: p.pick([undefined, 'same'] as const),
    useBias: p.bool() ? false : undefined,
    kernelInitializer: sampleInitializer(p),
    biasInitializer: p.bool() ? sampleVectorInitializer(p) : undefined,
    kernelRegularizer: sampleRegularizer(p),
    biasRegularizer: p.bool() ? sampleRegularizer(p) : undefined,
    kernelConstraint: sampleConstraint(p),
    biasConstraint: p.bool() ? sampleConstraint(p) : undefined,
  };
}

/**
 * A sampled filter-bank convolution over `spatial` axes: {@link sampleConv},
 * a kernel, strides of 1 or 2, and sometimes a dilation of 2 (with strides
 * of 1: tfjs refuses both above 1). `anyKernel`: the kernel need not fit
 * the input (transposed convolutions grow the axis instead of sliding in
 * it). A dilated window that no longer fits is refused by the shape rules
 * and the decoder falls back.
 */
export function sampleConvWindow<S extends number[]>(p: Picker, spatial: S, anyKernel = false, maxKernel = 3) {
  const c = sampleConv(p);
  const kernelSize = compactSize(sampleKernel(p, spatial, anyKernel ? 'same' : c.padding, maxKernel) as S);
  const dilationRate = sampleDilation(p, spatial, kernelSize, anyKernel ? 'same' : c.padding);
  return compact({ ...c, kernelSize, strides: dilationRate === undefined && p.bool() ? 2 : undefined, dilationRate });
}

/** Refuses strides and dilation both above 1 on one convolution, as tfjs's conv ops do ("Either strides or dilations must be 1"). */
export function checkStridesOrDilation(kind: string, strides: number[], dilation: number[]): void {
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1))
    throw new ShapeConflict(`${kind}: strides > 1 together with dilationRate > 1 is not supported by tfjs`);
}

/**
 * A kernel extent for each spatial axis: up to `max`, and no larger than
 * the axis unless padding is `same` (a `valid` window must fit).
 */
export function sampleKernel(p: Picker, spatial: number[], pad: 'same' | undefined, max = 3): number[] {
  const first = p.int(1, max);
  const square = !p.bool();
  return spatial.map((d, i) => {
    const k = i === 0 || square ? first : p.int(1, max);
    return pad === 'same' ? k : Math.min(k, d);
  });
}

/** A kernel list as tfjs and the spec like it: one number when all sides agree. */
export function compactSize<T extends number[]>(sizes: T): number | T {
  return sizes.every((s) => s === sizes[0]) ? sizes[0] : sizes;
}
