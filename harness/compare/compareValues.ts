import type { TensorData } from '../runtime/tensorData';
import type { Tolerance } from './Tolerance';

export type { TensorData };

/** Statistics of one comparison; `first` is the first mismatching element. */
export interface CompareStats {
  equal: boolean;
  /** Set when shapes or dtypes differ; then no element statistics exist. */
  structural?: string;
  mismatched: number;
  total: number;
  maxAbs: number;
  maxRel: number;
  maxUlp: number;
  first?: { index: number[]; subclass: number; functional: number };
  /** The mismatching element with the greatest absolute difference (a NaN mismatch counts as the greatest), with both values. */
  greatest?: { index: number[]; subclass: number; functional: number };
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** float32 bits mapped to a monotonic integer line, so ULP distance is a subtraction. */
function ordered(x: number): number {
  f32[0] = x;
  const bits = i32[0];
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/** Units in the last place between two float32 values (Infinity if either is NaN). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ordered(a) - ordered(b));
}

function sameBits(a: number, b: number): boolean {
  f32[0] = a;
  const x = i32[0];
  f32[0] = b;
  return x === i32[0];
}

/** Multi-index of a flat offset in a row-major shape. */
export function unravel(offset: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = offset % shape[d];
    offset = Math.floor(offset / shape[d]);
  }
  return idx;
}

/**
 * Compares the subclass side's values (`a`) with the functional side's
 * (`b`) element by element under a tolerance. Integer tensors are always
 * compared exactly.
 */
export function compareValues(a: TensorData, b: TensorData, tol: Tolerance): CompareStats {
  const base = { mismatched: 0, total: a.values.length, maxAbs: 0, maxRel: 0, maxUlp: 0 };
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    return { ...base, equal: false, structural: `shape [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]` };
  }
  if (a.dtype !== b.dtype) return { ...base, equal: false, structural: `dtype ${a.dtype} vs ${b.dtype}` };
  const isFloat = a.dtype === 'float32';
  const stats: CompareStats = { ...base, equal: true };
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = b.values[i];
    let ok: boolean;
    if (!isFloat) ok = x === y;
    else if (Number.isNaN(x) || Number.isNaN(y)) ok = Number.isNaN(x) && Number.isNaN(y);
    else if (!Number.isFinite(x) || !Number.isFinite(y)) ok = x === y;
    else if (tol.mode === 'exact') ok = sameBits(x, y);
    else if (tol.mode === 'ulp') ok = ulpDistance(x, y) <= tol.ulp;
    else ok = Math.abs(x - y) <= tol.atol + tol.rtol * Math.max(Math.abs(x), Math.abs(y));
    if (ok) continue;
    stats.equal = false;
    stats.mismatched++;
    const abs = Math.abs(x - y);
    const absOk = Number.isNaN(abs) ? Infinity : abs;
    if (!stats.greatest || absOk > stats.maxAbs)
      stats.greatest = { index: unravel(i, a.shape), subclass: x, functional: y };
    stats.maxAbs = Math.max(stats.maxAbs, absOk);
    const denom = Math.max(Math.abs(x), Math.abs(y));
    stats.maxRel = Math.max(stats.maxRel, denom === 0 ? 0 : Number.isFinite(absOk) ? absOk / denom : Infinity);
    if (isFloat) stats.maxUlp = Math.max(stats.maxUlp, ulpDistance(x, y));
    if (!stats.first) stats.first = { index: unravel(i, a.shape), subclass: x, functional: y };
  }
  return stats;
}

/** torch-style one-liner: mismatched share, greatest differences, first mismatch. */
export function describeStats(s: CompareStats): string {
  if (s.structural) return s.structural;
  if (s.equal) return 'equal';
  const pct = ((100 * s.mismatched) / Math.max(1, s.total)).toFixed(1);
  const first = s.first
    ? ` · first at (${s.first.index.join(', ')}): subclass ${s.first.subclass}, functional ${s.first.functional}`
    : '';
  return `mismatched elements: ${s.mismatched} / ${s.total} (${pct}%) · greatest absolute difference ${fmt(s.maxAbs)}, relative ${fmt(s.maxRel)}, ${s.maxUlp === Infinity ? 'NaN mismatch' : `${s.maxUlp} ULP`}${first}`;
}

const fmt = (x: number) => (x === 0 || !Number.isFinite(x) ? String(x) : x.toExponential(3));
