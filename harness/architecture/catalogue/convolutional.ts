import { z } from 'zod';
import { ShapeConflict, type LayerKind } from './LayerKind';
import {
  checkStridesOrDilation,
  conv2dConfig,
  conv3dConfig,
  convArgs,
  convFields,
  createConv,
  sampleConv,
  sampleConvWindow,
} from './convolutionCommon';
import {
  channelsSignature,
  compact,
  expectRank,
  float,
  pair,
  positive,
  rejectActivityRegularizer,
  sampleDilation,
  triple,
  windowLength,
} from './options';

const conv1dConfig = z
  .object({ ...convFields, kernelSize: positive, strides: positive.optional(), dilationRate: positive.optional() })
  .strict();

/** `tf.layers.conv1d` over `[steps, channels]`. */
export const conv1d: LayerKind<z.infer<typeof conv1dConfig>> = {
  kind: 'conv1d',
  className: 'Conv1D',
  arity: 'unary',
  config: conv1dConfig,
  output([x], c) {
    const [steps] = expectRank(x, 2, 'conv1d');
    rejectActivityRegularizer('conv1d', c.activityRegularizer);
    if (c.dilationRate !== undefined && c.dilationRate > 1 && (c.strides ?? 1) > 1) {
      // tfjs (like Keras) refuses strides and dilation both above 1.
      throw new ShapeConflict('conv1d: strides > 1 together with dilationRate > 1 is not supported by tfjs');
    }
    const len = windowLength(
      steps,
      c.kernelSize,
      c.strides ?? 1,
      c.padding ?? 'valid',
      c.dilationRate ?? 1,
      'conv1d kernel',
    );
    return float([len, c.filters]);
  },
  input: { rank: 2, maxSize: 16 },
  sample(p, [x]) {
    const c = sampleConv(p);
    const steps = x.shape[0];
    const kernelSize = p.int(1, Math.min(3, steps));
    // Sometimes dilated (build, init and forward compare; tfjs 4.22 has no
    // gradient for a dilated conv2D, so training then fails on both sides alike).
    const dilationRate = sampleDilation(p, [steps], kernelSize, c.padding);
    const strides = dilationRate === undefined && p.bool() ? 2 : undefined;
    return compact({ ...c, kernelSize, dilationRate, strides });
  },
  signature: channelsSignature,
  create: (ctx) =>
    ctx.tf.layers.conv1d({
      name: ctx.name,
      ...convArgs(ctx.config, ctx),
      kernelSize: ctx.config.kernelSize,
      strides: ctx.config.strides ?? 1,
      dilationRate: ctx.config.dilationRate ?? 1,
    }),
};

/** `tf.layers.conv2d` over `[height, width, channels]`. */
export const conv2d: LayerKind<z.infer<typeof conv2dConfig>> = {
  kind: 'conv2d',
  className: 'Conv2D',
  arity: 'unary',
  config: conv2dConfig,
  output([x], c) {
    const [h, w] = expectRank(x, 3, 'conv2d');
    rejectActivityRegularizer('conv2d', c.activityRegularizer);
    const [kh, kw] = pair(c.kernelSize);
    const [sh, sw] = pair(c.strides ?? 1);
    const [dh, dw] = pair(c.dilationRate ?? 1);
    checkStridesOrDilation('conv2d', [sh, sw], [dh, dw]);
    const pad = c.padding ?? 'valid';
    return float([
      windowLength(h, kh, sh, pad, dh, 'conv2d kernel height'),
      windowLength(w, kw, sw, pad, dw, 'conv2d kernel width'),
      c.filters,
    ]);
  },
  input: { rank: 3, maxSize: 10 },
  sample(p, [x]) {
    const c = sampleConv(p);
    const [h, w] = x.shape;
    const kh = p.int(1, Math.min(3, h));
    const kw = p.bool() ? p.int(1, Math.min(3, w)) : Math.min(kh, w);
    const dilationRate = sampleDilation(p, [h, w], [kh, kw], c.padding);
    const strides = dilationRate === undefined && p.bool() ? 2 : undefined;
    return compact({ ...c, kernelSize: kh === kw ? kh : ([kh, kw] as [number, number]), strides, dilationRate });
  },
  signature: channelsSignature,
  create: createConv('conv2d'),
};

/**
 * `tf.layers.conv3d` over `[depth, height, width, channels]`. On the wasm
 * backend its gradient with respect to its input depends on where its
 * tensors sit in memory, so with weights before it the two sides' gradients
 * can differ there (known cause wasm-conv3d-backprop-input).
 */
export const conv3d: LayerKind<z.infer<typeof conv3dConfig>> = {
  kind: 'conv3d',
  className: 'Conv3D',
  arity: 'unary',
  config: conv3dConfig,
  output([x], c) {
    const spatial = expectRank(x, 4, 'conv3d').slice(0, 3);
    rejectActivityRegularizer('conv3d', c.activityRegularizer);
    const k = triple(c.kernelSize);
    const s = triple(c.strides ?? 1);
    const d = triple(c.dilationRate ?? 1);
    checkStridesOrDilation('conv3d', s, d);
    const axes = ['depth', 'height', 'width'];
    return float([
      ...spatial.map((len, i) => windowLength(len, k[i], s[i], c.padding ?? 'valid', d[i], `conv3d kernel ${axes[i]}`)),
      c.filters,
    ]);
  },
  input: { rank: 4, maxSize: 6 },
  sample: (p, [x]) => sampleConvWindow(p, x.shape.slice(0, 3) as [number, number, number]),
  signature: channelsSignature,
  create: createConv('conv3d'),
};
