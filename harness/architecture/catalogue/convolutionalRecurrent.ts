import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { checkStridesOrDilation, compactSize, sampleKernel } from './convolutionCommon';
import { cellArgs, recurrentFields, sampleCellOptions } from './recurrent';
import {
  compact,
  expectRank,
  float,
  fmt,
  padding,
  pair,
  positive,
  sampleDilation,
  sizeOrPair,
  windowLength,
} from './options';

const config = z
  .object({
    filters: positive,
    kernelSize: sizeOrPair,
    strides: sizeOrPair.optional(),
    dilationRate: sizeOrPair.optional(),
    padding: padding.optional(),
    ...recurrentFields,
  })
  .strict();

/**
 * `tf.layers.convLstm2d` over `[steps, height, width, channels]`: an LSTM
 * whose input and recurrent transforms are 2-D convolutions.
 */
export const convLstm2d: LayerKind<z.infer<typeof config>> = {
  kind: 'convLstm2d',
  className: 'ConvLSTM2D',
  arity: 'unary',
  config,
  output([x], c) {
    const [steps, h, w] = expectRank(x, 4, 'convLstm2d');
    const [kh, kw] = pair(c.kernelSize);
    const [sh, sw] = pair(c.strides ?? 1);
    const [dh, dw] = pair(c.dilationRate ?? 1);
    checkStridesOrDilation('convLstm2d', [sh, sw], [dh, dw]);
    const pad = c.padding ?? 'valid';
    const space = [
      windowLength(h, kh, sh, pad, dh, 'convLstm2d kernel height'),
      windowLength(w, kw, sw, pad, dw, 'convLstm2d kernel width'),
      c.filters,
    ];
    return float(c.returnSequences ? [steps, ...space] : space);
  },
  input: { rank: 4, maxSize: 6 },
  sample(p, [x]) {
    const pad = p.pick([undefined, 'same'] as const);
    const kernelSize = compactSize(sampleKernel(p, x.shape.slice(1, 3), pad) as [number, number]);
    const dilationRate = sampleDilation(p, x.shape.slice(1, 3), kernelSize, pad);
    return compact({
      filters: p.int(1, 4),
      kernelSize,
      padding: pad,
      strides: dilationRate === undefined && p.bool() ? 2 : undefined,
      dilationRate,
      ...sampleCellOptions(p),
    });
  },
  // Like every tfjs RNN it fixes all axes but batch and steps at build.
  signature: ([x]) => `steps of ${fmt(x.shape.slice(1))}`,
  create: (ctx) =>
    ctx.tf.layers.convLstm2d({
      name: ctx.name,
      filters: ctx.config.filters,
      kernelSize: ctx.config.kernelSize,
      strides: ctx.config.strides ?? 1,
      dilationRate: ctx.config.dilationRate ?? 1,
      padding: ctx.config.padding ?? 'valid',
      returnSequences: ctx.config.returnSequences ?? false,
      goBackwards: ctx.config.goBackwards ?? false,
      ...cellArgs(ctx.config, ctx),
    }),
};
