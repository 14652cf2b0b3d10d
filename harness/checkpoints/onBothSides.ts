import { SIDES, type SideName } from '../construct/Side';

/**
 * An exception raised on a side's own path — its code, or tfjs rejecting
 * its model — as opposed to the harness's own code failing around it.
 */
export class SideFault extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'SideFault';
  }
}

/**
 * Runs a step of the user's path — what the user's own code would do with
 * the model: call it, read its weights, compile, fit, save, load, dispose —
 * and marks what it throws as the side's. Everything else a probe does is
 * the harness's, and what that throws is a harness error, never a finding
 * and never agreement (rule 8).
 */
export function userPath<T>(f: () => T): T {
  try {
    const r = f();
    if (r instanceof Promise)
      return r.catch((e: unknown) => Promise.reject(e instanceof SideFault ? e : new SideFault(e))) as T;
    return r;
  } catch (e) {
    throw e instanceof SideFault ? e : new SideFault(e);
  }
}

/** Each side's result, the error its own path threw, or the harness's error around it. */
export interface BothResult<T> {
  values: Partial<Record<SideName, T>>;
  /** Thrown on a side's own path ({@link userPath}): the side's finding or agreement. */
  errors: Partial<Record<SideName, unknown>>;
  /** Thrown by the harness's own code while probing a side: a harness error. */
  harness: Partial<Record<SideName, unknown>>;
}

/**
 * Runs one probe on each side, catching each side's error separately and
 * telling the side's own failures ({@link userPath}) from the harness's.
 */
export async function onBothSides<T>(fn: (side: SideName) => T | Promise<T>): Promise<BothResult<T>> {
  const r: BothResult<T> = { values: {}, errors: {}, harness: {} };
  for (const s of SIDES) {
    try {
      r.values[s] = await fn(s);
    } catch (e) {
      if (e instanceof SideFault) r.errors[s] = e.error;
      else r.harness[s] = e;
    }
  }
  return r;
}
