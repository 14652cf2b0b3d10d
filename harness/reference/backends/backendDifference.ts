import { compareValues, type TensorData } from '../../compare/compareValues';
import { formatTolerance, type Tolerance } from '../../compare/Tolerance';
import type { BackendDifference } from '../../trace/KernelFinding';

/** The difference of one tensor between the reference backend and another, under `tol` (integers exactly). */
export function backendDifference(
  reference: TensorData,
  other: TensorData,
  tol: Tolerance,
): BackendDifference & { equal: boolean; structural?: string } {
  const s = compareValues(reference, other, tol);
  return {
    equal: s.equal,
    ...(s.structural ? { structural: s.structural } : {}),
    mismatched: s.mismatched,
    total: s.total,
    maxAbs: s.maxAbs,
    maxRel: s.maxRel,
    maxUlp: s.maxUlp,
    ...(s.first ? { first: { index: s.first.index, reference: s.first.subclass, other: s.first.functional } } : {}),
  };
}

/** The greatest difference between two tensors, whatever the tolerance (what calibration reads). */
export function greatestDifference(
  reference: TensorData,
  other: TensorData,
): Pick<BackendDifference, 'maxAbs' | 'maxRel' | 'maxUlp'> {
  const s = compareValues(reference, other, { mode: 'exact' });
  return { maxAbs: s.maxAbs, maxRel: s.maxRel, maxUlp: s.maxUlp };
}

const fmt = (x: number) => (x === 0 || !Number.isFinite(x) ? String(x) : x.toExponential(3));

/** `mismatched elements 3 / 9 · greatest absolute 4.000e+0, relative 1.000e+0, 1082130432 ULP · first at (0, 1): cpu 2, tensorflow 0 (tolerance atol:…)`. */
export function describeBackendDifference(
  d: BackendDifference & { structural?: string },
  backends: [string, string],
  tol: Tolerance,
): string {
  if (d.structural) return `${d.structural} (${backends[0]} vs ${backends[1]})`;
  const pct = ((100 * d.mismatched) / Math.max(1, d.total)).toFixed(1);
  const first = d.first
    ? ` · first at (${d.first.index.join(', ')}): ${backends[0]} ${d.first.reference}, ${backends[1]} ${d.first.other}`
    : '';
  return `mismatched elements: ${d.mismatched} / ${d.total} (${pct}%) · greatest absolute difference ${fmt(d.maxAbs)}, relative ${fmt(d.maxRel)}, ${d.maxUlp === Infinity ? 'NaN mismatch' : `${d.maxUlp} ULP`}${first} (tolerance ${formatTolerance(tol)})`;
}
