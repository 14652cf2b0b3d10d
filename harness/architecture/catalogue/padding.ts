import { z } from 'zod';
import { UnsupportedShape, type LayerKind, type Picker } from './LayerKind';
import { compact, expectRank, float, fmt, positive } from './options';

const amount = z.number().int().nonnegative();
/** tfjs's three spellings: all sides, `[height, width]`, or `[[top, bottom], [left, right]]`. */
const sides = z.union([
  amount,
  z.tuple([amount, amount]),
  z.tuple([z.tuple([amount, amount]), z.tuple([amount, amount])]),
]);
type Sides = z.infer<typeof sides>;

const padConfig = z.object({ padding: sides.optional() }).strict();
const cropConfig = z.object({ cropping: sides }).strict();
const upConfig = z
  .object({ size: z.tuple([positive, positive]).optional(), interpolation: z.enum(['nearest', 'bilinear']).optional() })
  .strict();

/** `[[top, bottom], [left, right]]` from any spelling. */
function normalize(v: Sides): [[number, number], [number, number]] {
  if (typeof v === 'number')
    return [
      [v, v],
      [v, v],
    ];
  if (typeof v[0] === 'number')
    return [
      [v[0], v[0]],
      [v[1] as number, v[1] as number],
    ];
  return v as [[number, number], [number, number]];
}

/** `tf.layers.zeroPadding2d` over `[height, width, channels]` (tfjs pads 1 on every side by default). */
export const zeroPadding2d: LayerKind<z.infer<typeof padConfig>> = {
  kind: 'zeroPadding2d',
  className: 'ZeroPadding2D',
  arity: 'unary',
  config: padConfig,
  output([x], c) {
    const [h, w, ch] = expectRank(x, 3, 'zeroPadding2d');
    const [[t, b], [l, r]] = normalize(c.padding ?? 1);
    return float([h + t + b, w + l + r, ch]);
  },
  input: { rank: 3, maxSize: 8 },
  sample: (p) =>
    compact({
      padding: p.pick<Sides | undefined>([
        undefined,
        2,
        [1, 0],
        [
          [0, 1],
          [2, 0],
        ],
      ]),
    }),
  create: ({ tf, name, config: c }) => tf.layers.zeroPadding2d({ name, padding: c.padding ?? 1 }),
};

/**
 * `tf.layers.cropping2D` over `[height, width, channels]`. tfjs does not
 * refuse a crop that leaves nothing: it computes an empty axis, and for a
 * crop larger than the axis its slice silently keeps one row while the
 * symbolic shape goes negative. Specs may do neither.
 */
export const cropping2D: LayerKind<z.infer<typeof cropConfig>> = {
  kind: 'cropping2D',
  className: 'Cropping2D',
  arity: 'unary',
  config: cropConfig,
  output([x], c) {
    const [h, w, ch] = expectRank(x, 3, 'cropping2D');
    const [[t, b], [l, r]] = normalize(c.cropping);
    const out = [h - t - b, w - l - r];
    if (out.some((d) => d < 1))
      throw new UnsupportedShape(`cropping2D by ${JSON.stringify(c.cropping)} leaves nothing of ${fmt(x.shape)}`);
    return float([...out, ch]);
  },
  input: { rank: 3, maxSize: 10 },
  sample: (p, [x]) => ({ cropping: sampleCrop(p, x.shape[0] - 1, x.shape[1] - 1) }),
  create: ({ tf, name, config: c }) => tf.layers.cropping2D({ name, cropping: c.cropping }),
};

/** A crop that removes at most `maxH` rows and `maxW` columns; simplest is none. */
function sampleCrop(p: Picker, maxH: number, maxW: number): Sides {
  if (!p.bool()) return p.int(0, Math.min(2, Math.floor(maxH / 2), Math.floor(maxW / 2)));
  const t = p.int(0, Math.min(2, maxH));
  const l = p.int(0, Math.min(2, maxW));
  return [
    [t, p.int(0, Math.min(2, maxH - t))],
    [l, p.int(0, Math.min(2, maxW - l))],
  ];
}

/**
 * `tf.layers.upSampling2d` over `[height, width, channels]` (default size
 * [2, 2], nearest). Bilinear is not drawn: tfjs 4.22's cpu gradient of
 * resizeBilinear swaps height and width, so training fails (on both sides
 * alike) for every non-square image; hand-written specs can still ask.
 */
export const upSampling2d: LayerKind<z.infer<typeof upConfig>> = {
  kind: 'upSampling2d',
  className: 'UpSampling2D',
  arity: 'unary',
  config: upConfig,
  output([x], c) {
    const [h, w, ch] = expectRank(x, 3, 'upSampling2d');
    const [sh, sw] = c.size ?? [2, 2];
    return float([h * sh, w * sw, ch]);
  },
  input: { rank: 3, maxSize: 6 },
  sample: (p, [x]) =>
    compact({
      size: p.pick<[number, number] | undefined>([undefined, [1, 2], [3, 1]]),
      // Bilinear only on square images: tfjs 4.22's cpu resizeBilinear gradient swaps height and
      // width (catalogueCoverage.spec.ts), which fails training on both sides alike for other shapes.
      interpolation: x.shape[0] === x.shape[1] && p.bool() ? ('bilinear' as const) : undefined,
    }),
  create: ({ tf, name, config: c }) =>
    tf.layers.upSampling2d({ name, size: c.size ?? [2, 2], interpolation: c.interpolation ?? 'nearest' }),
};
