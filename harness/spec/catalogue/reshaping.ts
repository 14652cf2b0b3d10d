import { z } from 'zod';
import { ShapeConflict, type LayerKind } from './LayerKind';
import { expectRank, float, fmt, positive } from './options';

const flattenConfig = z.object({}).strict();
const reshapeConfig = z.object({ targetShape: z.array(positive).min(1) }).strict();
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
    if (product(s) !== product(c.targetShape)) throw new ShapeConflict(`reshape cannot turn ${fmt(s)} (${product(s)} elements) into ${fmt(c.targetShape)} (${product(c.targetShape)})`);
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
