import { UsageError } from '../errors';

/**
 * How close two tensors must be. `exact` (the default on one backend) is
 * bitwise equality except that any NaN matches any NaN; `ulp` allows N
 * units in the last place; `close` is |a-b| <= atol + rtol * max(|a|,|b|).
 * In every mode NaN must match NaN position by position, and ±Inf must
 * match in sign.
 */
export type Tolerance =
  { mode: 'exact' } | { mode: 'ulp'; ulp: number } | { mode: 'close'; atol: number; rtol: number };

/** Parses `exact`, `ulp:N` or `atol:A,rtol:R` (either part may be omitted). */
export function parseTolerance(text: string): Tolerance {
  const t = text.trim();
  if (t === 'exact') return { mode: 'exact' };
  const ulp = /^ulp:(\d+)$/.exec(t);
  if (ulp) return { mode: 'ulp', ulp: Number(ulp[1]) };
  const parts = t.split(',').map((p) => /^(atol|rtol):([0-9.eE+-]+)$/.exec(p.trim()));
  if (parts.every((p) => p !== null) && parts.length <= 2) {
    const get = (k: string) => Number(parts.find((p) => p[1] === k)?.[2] ?? 0);
    const [atol, rtol] = [get('atol'), get('rtol')];
    if (Number.isFinite(atol) && Number.isFinite(rtol) && atol >= 0 && rtol >= 0) return { mode: 'close', atol, rtol };
  }
  throw new UsageError(`invalid tolerance '${text}': use exact, ulp:N or atol:A,rtol:R`);
}

/** The tolerance as its text form. */
export function formatTolerance(t: Tolerance): string {
  return t.mode === 'exact' ? 'exact' : t.mode === 'ulp' ? `ulp:${t.ulp}` : `atol:${t.atol},rtol:${t.rtol}`;
}
