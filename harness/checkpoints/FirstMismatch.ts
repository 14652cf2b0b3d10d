import type { Divergence } from '../compare/Divergence';
import type { TensorData } from '../runtime/tensorData';

/** At most this many rows and columns of the first mismatching tensor are kept (32 × 32 = 1024 elements). */
export const MISMATCH_WINDOW = 32;

/**
 * The first mismatching tensor of a case, both sides, for the report's
 * heatmap. The tensor is seen as rows × columns (its last axis as
 * columns, every other axis folded into rows); a window of at most
 * {@link MISMATCH_WINDOW} × {@link MISMATCH_WINDOW} around the first
 * mismatching element is kept, and `cut` says when that is not all of it.
 */
export interface FirstMismatch {
  kind: string;
  checkpoint: string;
  key: string;
  /** Set when the case ran on two backends and this tensor comes from the first. */
  backend?: string;
  shape: number[];
  dtype: string;
  /** The whole tensor as rows × columns. */
  rows: number;
  cols: number;
  /** The window kept: its first row and column, and its size. */
  row0: number;
  col0: number;
  height: number;
  width: number;
  /** The window's values, row-major (height × width), exactly as each side computed them. */
  subclass: number[];
  functional: number[];
  /** The first mismatching element, in the window's coordinates. */
  at: [number, number];
  /** True when the window holds fewer elements than the tensor. */
  cut: boolean;
}

/** Where a window of `size` over `n` places starts so that it holds place `i` (centred where it can be). */
const start = (i: number, n: number, size: number) => Math.min(Math.max(0, i - Math.floor(size / 2)), n - size);

/**
 * The heatmap's data for a divergence with element statistics, from the
 * two tensors it was found in; undefined when it has none (a shape
 * mismatch, a one-sided key).
 */
export function firstMismatchOf(d: Divergence, sub: TensorData, fun: TensorData): FirstMismatch | undefined {
  const s = d.stats;
  if (!s || s.structural || !s.first || sub.values.length !== fun.values.length) return undefined;
  const shape = sub.shape;
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const rows = cols === 0 ? 0 : sub.values.length / cols;
  const flat = s.first.index.reduce((acc, i, k) => acc * shape[k] + i, 0);
  const [r, c] = [Math.floor(flat / cols), flat % cols];
  const height = Math.min(rows, MISMATCH_WINDOW);
  const width = Math.min(cols, MISMATCH_WINDOW);
  const row0 = start(r, rows, height);
  const col0 = start(c, cols, width);
  const take = (t: TensorData) => {
    const out: number[] = [];
    for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) out.push(t.values[(row0 + i) * cols + col0 + j]);
    return out;
  };
  return {
    kind: d.kind,
    checkpoint: d.checkpoint,
    key: d.key,
    shape: [...shape],
    dtype: sub.dtype,
    rows,
    cols,
    row0,
    col0,
    height,
    width,
    subclass: take(sub),
    functional: take(fun),
    at: [r - row0, c - col0],
    cut: height * width < sub.values.length,
  };
}
