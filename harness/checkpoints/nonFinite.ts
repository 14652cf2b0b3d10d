import type { TensorData } from '../runtime/tensorData';

/**
 * Where both sides hold a non-finite value at the same element of a keyed
 * set: the comparison agrees there (NaN matches NaN), but shows only that
 * both sides fail alike. Returns a description of the first such key, or
 * undefined.
 */
export function bothNonFinite(a: Map<string, TensorData>, b: Map<string, TensorData>): string | undefined {
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y || x.dtype !== 'float32' || y.values.length !== x.values.length) continue;
    let n = 0;
    for (let i = 0; i < x.values.length; i++) if (!Number.isFinite(x.values[i]) && !Number.isFinite(y.values[i])) n++;
    if (n > 0) return `${key}: ${n} of ${x.values.length} elements non-finite on both sides`;
  }
  return undefined;
}
