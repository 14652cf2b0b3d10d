import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import {
  compact,
  expectRank,
  float,
  padding,
  pair,
  positive,
  sizeOrPair,
  sizeOrTriple,
  triple,
  windowLength,
} from './options';

const pool1dConfig = z
  .object({ poolSize: positive.optional(), strides: positive.optional(), padding: padding.optional() })
  .strict();
const pool2dConfig = z
  .object({ poolSize: sizeOrPair.optional(), strides: sizeOrPair.optional(), padding: padding.optional() })
  .strict();
const pool3dConfig = z
  .object({ poolSize: sizeOrTriple.optional(), strides: sizeOrTriple.optional(), padding: padding.optional() })
  .strict();
const globalConfig = z.object({}).strict();

type Pool1d = z.infer<typeof pool1dConfig>;
type Pool2d = z.infer<typeof pool2dConfig>;
type Pool3d = z.infer<typeof pool3dConfig>;

function pool1d(kind: string, className: string, make: 'maxPooling1d' | 'averagePooling1d'): LayerKind<Pool1d> {
  return {
    kind,
    className,
    arity: 'unary',
    config: pool1dConfig,
    output([x], c) {
      const [steps, ch] = expectRank(x, 2, kind);
      const size = c.poolSize ?? 2;
      // tfjs defaults strides to the pool size.
      return float([windowLength(steps, size, c.strides ?? size, c.padding ?? 'valid', 1, `${kind} window`), ch]);
    },
    input: { rank: 2, maxSize: 16 },
    sample(p, [x]) {
      const padding = p.pick([undefined, 'same'] as const);
      const poolSize = padding ? p.int(2, 3) : Math.min(p.int(2, 3), x.shape[0]);
      return compact({ poolSize: poolSize === 2 ? undefined : poolSize, strides: p.bool() ? 1 : undefined, padding });
    },
    signature: ([x]) => `rank ${x.shape.length}`,
    create: ({ tf, name, config: c }) =>
      tf.layers[make]({
        name,
        poolSize: c.poolSize ?? 2,
        strides: c.strides ?? c.poolSize ?? 2,
        padding: c.padding ?? 'valid',
      }),
  };
}

function pool2d(kind: string, className: string, make: 'maxPooling2d' | 'averagePooling2d'): LayerKind<Pool2d> {
  return {
    kind,
    className,
    arity: 'unary',
    config: pool2dConfig,
    output([x], c) {
      const [h, w, ch] = expectRank(x, 3, kind);
      const [ph, pw] = pair(c.poolSize ?? 2);
      const [sh, sw] = pair(c.strides ?? c.poolSize ?? 2);
      const pad = c.padding ?? 'valid';
      return float([
        windowLength(h, ph, sh, pad, 1, `${kind} window height`),
        windowLength(w, pw, sw, pad, 1, `${kind} window width`),
        ch,
      ]);
    },
    input: { rank: 3, maxSize: 10 },
    sample(p, [x]) {
      const padding = p.pick([undefined, 'same'] as const);
      const size = padding ? 2 : Math.min(2, x.shape[0], x.shape[1]);
      return compact({ poolSize: size === 2 ? undefined : size, strides: p.bool() ? 1 : undefined, padding });
    },
    signature: ([x]) => `rank ${x.shape.length}`,
    create: ({ tf, name, config: c }) =>
      tf.layers[make]({
        name,
        poolSize: c.poolSize ?? 2,
        strides: c.strides ?? c.poolSize ?? 2,
        padding: c.padding ?? 'valid',
      }),
  };
}

function pool3d(kind: string, className: string, make: 'maxPooling3d' | 'averagePooling3d'): LayerKind<Pool3d> {
  return {
    kind,
    className,
    arity: 'unary',
    config: pool3dConfig,
    output([x], c) {
      const s = expectRank(x, 4, kind);
      const size = triple(c.poolSize ?? 2);
      const strides = triple(c.strides ?? c.poolSize ?? 2);
      const axes = ['depth', 'height', 'width'];
      return float([
        ...s
          .slice(0, 3)
          .map((len, i) =>
            windowLength(len, size[i], strides[i], c.padding ?? 'valid', 1, `${kind} window ${axes[i]}`),
          ),
        s[3],
      ]);
    },
    input: { rank: 4, maxSize: 6 },
    sample(p, [x]) {
      const padding = p.pick([undefined, 'same'] as const);
      const size = padding ? 2 : Math.min(2, ...x.shape.slice(0, 3));
      return compact({ poolSize: size === 2 ? undefined : size, strides: p.bool() ? 1 : undefined, padding });
    },
    signature: ([x]) => `rank ${x.shape.length}`,
    create: ({ tf, name, config: c }) =>
      tf.layers[make]({
        name,
        poolSize: c.poolSize ?? 2,
        strides: c.strides ?? c.poolSize ?? 2,
        padding: c.padding ?? 'valid',
      }),
  };
}

function globalPool(
  kind: string,
  className: string,
  rank: 2 | 3,
  make: 'globalMaxPooling1d' | 'globalAveragePooling1d' | 'globalMaxPooling2d' | 'globalAveragePooling2d',
): LayerKind<z.infer<typeof globalConfig>> {
  return {
    kind,
    className,
    arity: 'unary',
    config: globalConfig,
    output([x]) {
      const s = expectRank(x, rank, kind);
      return float([s[s.length - 1]]);
    },
    input: { rank },
    sample: () => ({}),
    signature: ([x]) => `rank ${x.shape.length}`,
    create: ({ tf, name }) => tf.layers[make]({ name }),
  };
}

/** `tf.layers.maxPooling1d`. */
export const maxPooling1d = pool1d('maxPooling1d', 'MaxPooling1D', 'maxPooling1d');
/** `tf.layers.averagePooling1d`. */
export const averagePooling1d = pool1d('averagePooling1d', 'AveragePooling1D', 'averagePooling1d');
/** `tf.layers.maxPooling2d`. */
export const maxPooling2d = pool2d('maxPooling2d', 'MaxPooling2D', 'maxPooling2d');
/** `tf.layers.averagePooling2d`. */
export const averagePooling2d = pool2d('averagePooling2d', 'AveragePooling2D', 'averagePooling2d');
/** `tf.layers.maxPooling3d`. */
export const maxPooling3d = pool3d('maxPooling3d', 'MaxPooling3D', 'maxPooling3d');
/** `tf.layers.averagePooling3d`. */
export const averagePooling3d = pool3d('averagePooling3d', 'AveragePooling3D', 'averagePooling3d');
/** `tf.layers.globalMaxPooling1d`. */
export const globalMaxPooling1d = globalPool('globalMaxPooling1d', 'GlobalMaxPooling1D', 2, 'globalMaxPooling1d');
/** `tf.layers.globalAveragePooling1d`. */
export const globalAveragePooling1d = globalPool(
  'globalAveragePooling1d',
  'GlobalAveragePooling1D',
  2,
  'globalAveragePooling1d',
);
/** `tf.layers.globalMaxPooling2d`. */
export const globalMaxPooling2d = globalPool('globalMaxPooling2d', 'GlobalMaxPooling2D', 3, 'globalMaxPooling2d');
/** `tf.layers.globalAveragePooling2d`. */
export const globalAveragePooling2d = globalPool(
  'globalAveragePooling2d',
  'GlobalAveragePooling2D',
  3,
  'globalAveragePooling2d',
);
