import type { Divergence, DivergenceKind } from '../../compare/Divergence';
import { compareValues, type TensorData } from '../../compare/compareValues';
import type { ReferenceComparison, ReferenceTolerance } from '../ReferenceResult';

const fmt = (x: number) => (x === 0 || !Number.isFinite(x) ? String(x) : x.toExponential(3));

/**
 * The scale a group of tensors is compared at — every tensor of one kind at one checkpoint (all gradients at
 * `step-2`, all node activations at `forward`): the largest finite magnitude among them on either side, at least
 * `floor`. Two libraries' sums round in a different order, and a sum's rounding error is relative to the terms
 * summed, not to the result: a gradient that cancels to near zero (a bias gradient of 5e-8 beside kernel gradients
 * of 1e-2) keeps an error of the scale its terms had. So agreement is |tfjs − keras| ≤ rtol · (scale +
 * max(|tfjs|, |keras|)), i.e. atol = rtol · scale. A wrong value far smaller than the group's largest is not seen
 * below rtol · scale — the price of not reporting rounding as findings (README: The Keras reference).
 */
export function groupScale(tensors: readonly TensorData[], floor: number): number {
  let m = floor;
  for (const t of tensors)
    for (let i = 0; i < t.values.length; i++) {
      const v = Math.abs(t.values[i]);
      if (Number.isFinite(v) && v > m) m = v;
    }
  return m;
}

/**
 * Compares one tfjs tensor with its Keras counterpart: every error is
 * measured (ULP, absolute, relative, scaled), and a divergence — marked
 * `reference: 'keras'` — is returned when an element lies outside the
 * tolerance (atol = rtol × `scale`, its group's: {@link groupScale}), or
 * shapes or dtypes differ. NaN must match NaN and ±Inf its sign, as everywhere in
 * the harness.
 */
export function compareWithKeras(
  kind: DivergenceKind,
  checkpoint: string,
  key: string,
  tfjs: TensorData,
  keras: TensorData,
  tol: ReferenceTolerance,
  scale: number,
): { comparison: ReferenceComparison; divergence?: Divergence } {
  // The differences at all (bitwise), then the ones outside the tolerance.
  const all = compareValues(tfjs, keras, { mode: 'exact' });
  const atol = Math.max(tol.atol, tol.rtol * scale);
  const outside = compareValues(tfjs, keras, { mode: 'close', atol, rtol: tol.rtol });
  let maxScaled = 0;
  if (!all.structural)
    for (let i = 0; i < tfjs.values.length; i++) {
      const a = tfjs.values[i];
      const b = keras.values[i];
      if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
      const s = Math.abs(a - b) / (scale + Math.max(Math.abs(a), Math.abs(b)));
      maxScaled = Math.max(maxScaled, Number.isNaN(s) ? Infinity : s);
    }
  const comparison: ReferenceComparison = {
    checkpoint,
    key,
    total: all.total,
    // Shapes that differ leave no element in agreement.
    mismatched: outside.structural ? Math.max(1, all.total) : outside.mismatched,
    differing: all.mismatched,
    maxAbs: all.maxAbs,
    maxRel: all.maxRel,
    maxUlp: all.maxUlp,
    maxScaled: outside.structural ? Infinity : maxScaled,
    scale,
    ...(outside.structural ? { structural: outside.structural } : {}),
  };
  if (outside.equal) return { comparison };
  const first = outside.first;
  const pct = ((100 * outside.mismatched) / Math.max(1, outside.total)).toFixed(1);
  const message = outside.structural
    ? `tfjs vs Keras 3: ${outside.structural.replace(/ vs /, ' (tfjs) vs ')} (keras)`
    : `tfjs vs Keras 3: mismatched elements: ${outside.mismatched} / ${outside.total} (${pct}%) · greatest absolute difference ${fmt(all.maxAbs)}, relative ${fmt(all.maxRel)}, ${all.maxUlp === Infinity ? 'NaN mismatch' : `${all.maxUlp} ULP`}${first ? ` · first at (${first.index.join(', ')}): tfjs ${first.subclass}, keras ${first.functional}` : ''} (allowed: atol ${fmt(atol)} = rtol × the largest magnitude among this checkpoint's ${kind} tensors ${fmt(scale)}, rtol ${fmt(tol.rtol)})`;
  return {
    comparison,
    divergence: {
      kind,
      checkpoint,
      key,
      message,
      stats: { ...outside, maxAbs: all.maxAbs, maxRel: all.maxRel, maxUlp: all.maxUlp },
      reference: 'keras',
    },
  };
}
