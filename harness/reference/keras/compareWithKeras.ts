import type { Divergence, DivergenceKind } from '../../compare/Divergence';
import { compareValues, type TensorData } from '../../compare/compareValues';
import type { ReferenceComparison, ReferenceTolerance } from '../ReferenceResult';

const fmt = (x: number) => (x === 0 || !Number.isFinite(x) ? String(x) : x.toExponential(3));

/**
 * Compares one tfjs tensor with its Keras counterpart: every error is
 * measured (ULP, absolute, relative, scaled), and a divergence — marked
 * `reference: 'keras'` — is returned when an element lies outside the
 * tolerance, or shapes or dtypes differ. NaN must match NaN and ±Inf its
 * sign, as everywhere in the harness.
 */
export function compareWithKeras(
  kind: DivergenceKind,
  checkpoint: string,
  key: string,
  tfjs: TensorData,
  keras: TensorData,
  tol: ReferenceTolerance,
  floor: number,
): { comparison: ReferenceComparison; divergence?: Divergence } {
  // The differences at all (bitwise), then the ones outside the tolerance.
  const all = compareValues(tfjs, keras, { mode: 'exact' });
  const outside = compareValues(tfjs, keras, { mode: 'close', atol: tol.atol, rtol: tol.rtol });
  let maxScaled = 0;
  if (!all.structural)
    for (let i = 0; i < tfjs.values.length; i++) {
      const a = tfjs.values[i];
      const b = keras.values[i];
      if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
      const s = Math.abs(a - b) / (floor + Math.max(Math.abs(a), Math.abs(b)));
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
    ...(outside.structural ? { structural: outside.structural } : {}),
  };
  if (outside.equal) return { comparison };
  const first = outside.first;
  const pct = ((100 * outside.mismatched) / Math.max(1, outside.total)).toFixed(1);
  const message = outside.structural
    ? `tfjs vs Keras 3: ${outside.structural.replace(/ vs /, ' (tfjs) vs ')} (keras)`
    : `tfjs vs Keras 3: mismatched elements: ${outside.mismatched} / ${outside.total} (${pct}%) · greatest absolute difference ${fmt(all.maxAbs)}, relative ${fmt(all.maxRel)}, ${all.maxUlp === Infinity ? 'NaN mismatch' : `${all.maxUlp} ULP`}${first ? ` · first at (${first.index.join(', ')}): tfjs ${first.subclass}, keras ${first.functional}` : ''} (allowed: atol ${fmt(tol.atol)}, rtol ${fmt(tol.rtol)})`;
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
