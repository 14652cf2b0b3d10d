import { SIDES, type SideName } from '../construct/Side';

/** Each side's result, or the error it threw. */
export interface BothResult<T> {
  values: Partial<Record<SideName, T>>;
  errors: Partial<Record<SideName, unknown>>;
}

/** Runs one probe on each side, catching each side's error separately. */
export async function onBothSides<T>(fn: (side: SideName) => T | Promise<T>): Promise<BothResult<T>> {
  const r: BothResult<T> = { values: {}, errors: {} };
  for (const s of SIDES) {
    try {
      r.values[s] = await fn(s);
    } catch (e) {
      r.errors[s] = e;
    }
  }
  return r;
}
