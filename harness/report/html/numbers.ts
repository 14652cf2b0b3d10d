/**
 * A number read from a result: JSON writes non-finite numbers as strings
 * (`"Infinity"`, `"NaN"`), so a result read back from a file has those.
 */
export function num(x: unknown): number {
  return typeof x === 'number' ? x : typeof x === 'string' ? Number(x) : NaN;
}

const f32 = new Float32Array(1);

/**
 * The shortest decimal that reads back as the same float32: every digit
 * that tells two float32 values apart is shown (a 1-ULP difference stays
 * visible), and none more.
 */
export function f32Text(x: unknown): string {
  const v = num(x);
  if (!Number.isFinite(v)) return String(v);
  f32[0] = v;
  const exact = f32[0];
  if (exact !== v) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    f32[0] = Number(s);
    if (f32[0] === exact) return String(Number(s));
  }
  return String(v);
}

/** A short display of a difference (3 significant digits), for labels only: verdicts never read it. */
export function shortNum(x: unknown): string {
  const v = num(x);
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(2);
}
