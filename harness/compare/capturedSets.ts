import type { TensorData } from '../runtime/tensorData';

/** Every keyed tensor one case compared, by `kind|checkpoint|key`, with each side's values. */
export type CapturedValues = Map<string, { subclass?: TensorData; functional?: TensorData }>;

let sink: CapturedValues | undefined;

/**
 * Records one comparison of the two sides while a capture is open (see
 * {@link captureCompared}); nothing otherwise. `reload` is left out: it
 * compares a side with itself before and after saving, not the sides.
 */
export function recordCompared(
  kind: string,
  checkpoint: string,
  a: Map<string, TensorData>,
  b: Map<string, TensorData>,
): void {
  if (!sink || checkpoint === 'reload') return;
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const key of keys) sink.set(`${kind}|${checkpoint}|${key}`, { subclass: a.get(key), functional: b.get(key) });
}

/**
 * Runs `run` and keeps every value its case compared between the sides —
 * outputs, activations, loss, gradients, weights, slots and state at each
 * checkpoint, `fit` included — so that one side can then be compared with
 * itself on another backend, value by value. One capture at a time.
 */
export async function captureCompared<T>(run: () => Promise<T>): Promise<{ result: T; values: CapturedValues }> {
  if (sink) throw new Error('captureCompared: a capture is already open');
  const values: CapturedValues = new Map();
  sink = values;
  try {
    return { result: await run(), values };
  } finally {
    sink = undefined;
  }
}
