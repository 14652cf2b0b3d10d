import { z } from 'zod';
import { ShapeConflict, type LayerKind } from './LayerKind';
import { expectRank, float, fmt, positive } from './options';

const flattenConfig = z.object({}).strict();
const reshapeConfig = z.object({ targetShape: z.array(positive).min(1) }).strict();
/** tfjs refuses anything but a permutation of 1..n at construction, so the schema does too. */
const permuteConfig = z
  .object({
    dims: z
      .array(positive)
      .min(1)
      .refine(
        (d) => [...d].sort((a, b) => a - b).every((v, i) => v === i + 1),
        'must be a permutation of 1..n (axis 0 is the batch)',
      ),
  })
  .strict();
const repeatConfig = z.object({ n: positive }).strict();
const product = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** `tf.layers.flatten`: tfjs requires rank >= 2 besides the batch. */
export const flatten: LayerKind<z.infer<typeof flattenConfig>> = {
  kind: 'flatten',
  className: 'Flatten',
  arity: 'unary',
  config: flattenConfig,
  output([x]) {
    const s = expectRank(x, { min: 2 }, 'flatten');
    return float([product(s)]);
  },
  input: { rank: { min: 2 } },
  sample: () => ({}),
  signature: () => 'any',
  create: ({ tf, name }) => tf.layers.flatten({ name }),
};

/** `tf.layers.reshape` to a fixed target shape with the same number of elements. */
export const reshape: LayerKind<z.infer<typeof reshapeConfig>> = {
  kind: 'reshape',
  className: 'Reshape',
  arity: 'unary',
  config: reshapeConfig,
  output([x], c) {
    const s = expectRank(x, { min: 1 }, 'reshape');
    if (product(s) !== product(c.targetShape))
      throw new ShapeConflict(
        `reshape cannot turn ${fmt(s)} (${product(s)} elements) into ${fmt(c.targetShape)} (${product(c.targetShape)})`,
      );
    return float([...c.targetShape]);
  },
  input: { rank: { min: 1 } },
  sample(p, [x]) {
    // A factorization of the element count: [n], [a, n/a] or [a, b, n/(ab)].
    const n = product(x.shape);
    const divisors = (m: number) => Array.from({ length: m }, (_, i) => i + 1).filter((d) => m % d === 0);
    const a = p.pick(divisors(n).reverse());
    if (a === n || p.bool() === false) return { targetShape: a === n ? [n] : [a, n / a] };
    const b = p.pick(divisors(n / a).reverse());
    return { targetShape: [a, b, n / a / b] };
  },
  create: ({ tf, name, config: c }) => tf.layers.reshape({ name, targetShape: c.targetShape }),
};

/** `tf.layers.permute`: reorders the spec axes; `dims` counts them from 1 (the batch axis stays first). */
export const permute: LayerKind<z.infer<typeof permuteConfig>> = {
  kind: 'permute',
  className: 'Permute',
  arity: 'unary',
  config: permuteConfig,
  output([x], c) {
    const s = expectRank(x, { min: 1 }, 'permute');
    if (c.dims.length !== s.length)
      throw new ShapeConflict(`permute by ${fmt(c.dims)} needs inputs of rank ${c.dims.length}, got ${fmt(s)}`);
    return float(c.dims.map((d) => s[d - 1]));
  },
  input: { rank: { min: 2 } },
  sample(p, [x]) {
    // A rotation by r (simplest: the identity), or a swap of two axes.
    const n = x.shape.length;
    const axes = Array.from({ length: n }, (_, i) => i + 1);
    if (!p.bool()) {
      const r = p.int(0, n - 1);
      return { dims: [...axes.slice(r), ...axes.slice(0, r)] };
    }
    const i = p.int(0, n - 1);
    const j = p.int(0, n - 1);
    [axes[i], axes[j]] = [axes[j], axes[i]];
    return { dims: axes };
  },
  create: ({ tf, name, config: c }) => tf.layers.permute({ name, dims: c.dims }),
};

/** `tf.layers.repeatVector`: `[features]` to `[n, features]`. */
export const repeatVector: LayerKind<z.infer<typeof repeatConfig>> = {
  kind: 'repeatVector',
  className: 'RepeatVector',
  arity: 'unary',
  config: repeatConfig,
  output([x], c) {
    const [f] = expectRank(x, 1, 'repeatVector');
    return float([c.n, f]);
  },
  input: { rank: 1, maxSize: 16 },
  sample: (p) => ({ n: p.int(2, 5) }),
  create: ({ tf, name, config: c }) => tf.layers.repeatVector({ name, n: c.n }),
};
