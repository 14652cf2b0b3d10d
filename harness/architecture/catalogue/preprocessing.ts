import { z } from 'zod';
import { ShapeConflict, UnsupportedShape, type LayerKind, type Picker, type TypedShape } from './LayerKind';
import { compact, expectRank, float, fmt, positive } from './options';

const rescalingConfig = z.object({ scale: z.number(), offset: z.number().optional() }).strict();
const sizeConfig = z.object({ height: positive, width: positive }).strict();
const resizingConfig = z
  .object({
    height: positive,
    width: positive,
    interpolation: z.enum(['bilinear', 'nearest']).optional(),
    cropToAspectRatio: z.boolean().optional(),
  })
  .strict();
const encodingConfig = z
  .object({ numTokens: positive, outputMode: z.enum(['multiHot', 'count', 'oneHot']).optional() })
  .strict();
const factor = z.number().min(-1);
const randomWidthConfig = z
  .object({
    factor: z.union([
      z.number().positive(),
      z.tuple([factor, factor]).refine(([lo, hi]) => hi >= lo, 'upper bound below lower bound'),
    ]),
    interpolation: z.enum(['bilinear', 'nearest']).optional(),
  })
  .strict();

/** An image `[height, width, channels]` resized to `[height', width', channels]`. */
const resized = (x: TypedShape, kind: string, h: number, w: number) => float([h, w, expectRank(x, 3, kind)[2]]);

/** Sizes near `n` to draw for an output axis, simplest (unchanged) first. */
const near = (n: number) => [n, n + 2, Math.max(1, n - 1), 2 * n];

/**
 * The interpolation to draw for resizing `x`: bilinear (the default) only for
 * a square image, else nearest. tfjs 4.22's cpu gradient of resizeBilinear
 * swaps height and width (catalogueCoverage.spec.ts), so with weights
 * upstream training fails on both sides alike for every other shape — and
 * a counterfactual rerun proving a one-sided kind's cause would meet that
 * failure and prove nothing (as upSampling2d).
 */
const bilinearOnSquares = (p: Picker, x: TypedShape) =>
  x.shape[0] === x.shape[1] ? p.pick([undefined, 'nearest'] as const) : ('nearest' as const);

/** `tf.layers.rescaling`: `x * scale + offset`; int inputs are cast to float, as tfjs does. */
export const rescaling: LayerKind<z.infer<typeof rescalingConfig>> = {
  kind: 'rescaling',
  className: 'Rescaling',
  arity: 'unary',
  config: rescalingConfig,
  // Any rank, float or int: nothing for tfjs to refuse.
  output: ([x]) => float(x.shape),
  input: { rank: { min: 1 } },
  sample: (p) => compact({ scale: p.pick([0.5, 2, -1, 1 / 255]), offset: p.pick([undefined, 1, -0.5] as const) }),
  create: ({ tf, name, config: c }) => tf.layers.rescaling({ name, scale: c.scale, offset: c.offset }),
};

/**
 * `tf.layers.centerCrop` of `[height, width, channels]`: crops the centre,
 * or resizes the whole image when the target is larger on either axis.
 * tfjs 4.22 bugs: its computeOutputShape overwrites the input's own
 * symbolic shape (a functional model fed by it then rejects real inputs),
 * its upsizing hands the raw input list to resizeBilinear (throws inside a
 * functional model), and its crop has no gradient (CropAndResize).
 * Generated: the cause center-crop-functional proves the first two per case.
 */
export const centerCrop: LayerKind<z.infer<typeof sizeConfig>> = {
  kind: 'centerCrop',
  className: 'CenterCrop',
  arity: 'unary',
  config: sizeConfig,
  output: ([x], c) => resized(x, 'centerCrop', c.height, c.width),
  input: { rank: 3, maxSize: 8 },
  // A larger target on either axis upsizes with resizeBilinear, whose cpu gradient fails on non-square images
  // (bilinearOnSquares): a non-square image is only cropped.
  sample: (p, [x]) => {
    const [h, w] = x.shape;
    const fits = (n: number) => (h === w ? near(n) : near(n).filter((m) => m <= n));
    return { height: p.pick(fits(h)), width: p.pick(fits(w)) };
  },
  create: ({ tf, name, config: c }) => tf.layers.centerCrop({ name, height: c.height, width: c.width }),
};

/**
 * `tf.layers.resizing` of `[height, width, channels]`. tfjs 4.22 bugs: its
 * computeOutputShape drops the batch axis (`[height, width, inputWidth]`),
 * and its call hands the raw input list to resizeBilinear, so inside a
 * functional model it throws; applied eagerly to a tensor it works
 * (generated: the cause resizing-functional proves both per case).
 * `cropToAspectRatio` really toggles `alignCorners` (inverted).
 */
export const resizing: LayerKind<z.infer<typeof resizingConfig>> = {
  kind: 'resizing',
  className: 'Resizing',
  arity: 'unary',
  config: resizingConfig,
  output: ([x], c) => resized(x, 'resizing', c.height, c.width),
  input: { rank: 3, maxSize: 8 },
  sample: (p, [x]) =>
    compact({
      height: p.pick(near(x.shape[0])),
      width: p.pick(near(x.shape[1])),
      interpolation: bilinearOnSquares(p, x),
      cropToAspectRatio: p.bool() ? true : undefined,
    }),
  create: ({ tf, name, config: c }) =>
    tf.layers.resizing({
      name,
      height: c.height,
      width: c.width,
      interpolation: c.interpolation,
      cropToAspectRatio: c.cropToAspectRatio,
    }),
};

/**
 * `tf.layers.categoryEncoding` of int ids `[n]` into `[numTokens]` counts
 * (oneHot: only from `[1]`; tfjs rejects higher output ranks at run time).
 * Ids must stay below numTokens, which tfjs checks at run time: specs
 * should give the input a `maxValue` of at most numTokens. tfjs 4.22 bug:
 * computeOutputShape overwrites the input's symbolic shape, so a
 * functional model fed by it rejects real inputs (generated: the cause
 * category-encoding-functional proves it per case).
 */
export const categoryEncoding: LayerKind<z.infer<typeof encodingConfig>> = {
  kind: 'categoryEncoding',
  className: 'CategoryEncoding',
  arity: 'unary',
  config: encodingConfig,
  output([x], c) {
    // tfjs casts floats to int, but arbitrary floats are no ids: like embedding, ids only.
    if (x.dtype !== 'int32') throw new ShapeConflict(`categoryEncoding needs int32 ids, got ${x.dtype}`);
    if (x.shape.length !== 1)
      throw new ShapeConflict(`categoryEncoding needs ids of rank 1 (batch excluded), got ${fmt(x.shape)}`);
    if (c.outputMode === 'oneHot' && x.shape[0] !== 1)
      throw new ShapeConflict(`categoryEncoding oneHot needs one id per example ([1]), got ${fmt(x.shape)}`);
    return float([c.numTokens]);
  },
  input: { rank: 1, dtype: 'int32' },
  sample(p, [x]) {
    const bound = (x as TypedShape & { maxValue?: number }).maxValue ?? 10;
    const modes = x.shape[0] === 1 ? ([undefined, 'count', 'oneHot'] as const) : ([undefined, 'count'] as const);
    return compact({ numTokens: bound + p.int(0, 2), outputMode: p.pick(modes) });
  },
  create: ({ tf, name, config: c }) =>
    tf.layers.categoryEncoding({ name, numTokens: c.numTokens, outputMode: c.outputMode ?? 'multiHot' }),
};

/** `[1 + lower, 1 + upper]`, the range tfjs draws the width factor from. */
function widthRange(f: number | [number, number]): [number, number] {
  return typeof f === 'number' ? [1 - f, 1 + f] : [1 + f[0], 1 + f[1]];
}

/**
 * `tf.layers.randomWidth` of `[height, width, channels]`: resizes to
 * `round(width × f)` for a seeded random f, in training and inference
 * alike. A spec needs a static shape, so only factors whose rounded width
 * is the same across the whole range are accepted. tfjs 4.22 bugs: as
 * `resizing` (call throws inside a functional model), and its
 * computeOutputShape is `[undefined, -1, inputWidth]` (generated: the cause
 * random-width-functional proves both per case).
 */
export const randomWidth: LayerKind<z.infer<typeof randomWidthConfig>> = {
  kind: 'randomWidth',
  className: 'RandomWidth',
  arity: 'unary',
  config: randomWidthConfig,
  output([x], c) {
    const [h, w, ch] = expectRank(x, 3, 'randomWidth');
    const [lo, hi] = widthRange(c.factor).map((f) => Math.round(f * w));
    if (lo !== hi)
      throw new UnsupportedShape(
        `randomWidth factor ${JSON.stringify(c.factor)} makes the width of ${fmt(x.shape)} random (${lo} to ${hi}); specs need a fixed width`,
      );
    if (lo < 1)
      throw new UnsupportedShape(`randomWidth factor ${JSON.stringify(c.factor)} leaves no width of ${fmt(x.shape)}`);
    return float([h, lo, ch]);
  },
  input: { rank: 3, maxSize: 8 },
  sample(p, [x]) {
    // A target width, and a factor range narrow enough (±0.2 px) that it always rounds to it.
    const w = x.shape[1];
    const target = p.pick(near(w));
    const f = (px: number) => Number((px / w - 1).toFixed(4));
    return compact({
      factor: [f(target - 0.2), f(target + 0.2)] as [number, number],
      interpolation: bilinearOnSquares(p, x),
    });
  },
  create: ({ tf, name, config: c, seed }) =>
    tf.layers.randomWidth({ name, factor: c.factor, interpolation: c.interpolation, seed: seed('width') }),
};
