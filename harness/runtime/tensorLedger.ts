import type { Tensor } from '@tensorflow/tfjs';
import { tf } from './tf';

/** Records every tensor tfjs creates while open. */
export interface TensorLedger {
  /** Stops recording; disposes and counts the recorded tensors still alive. */
  reclaim(): number;
}

/**
 * Opens a ledger by wrapping the engine's `trackTensor`, the one place
 * every new tensor passes through. Needed because when a kernel throws
 * during backprop, tfjs leaves the tensors it kept for the backward pass
 * alive, out of reach of any scope; a case that fails inside tfjs must
 * still leave the tensor count where it found it.
 */
export function openLedger(): TensorLedger {
  const engine = tf.engine() as unknown as { trackTensor: (t: Tensor, backend: unknown) => void };
  const original = engine.trackTensor;
  const seen: Tensor[] = [];
  engine.trackTensor = function (this: unknown, t: Tensor, backend: unknown) {
    if (!(t instanceof tf.Variable)) seen.push(t);
    return original.call(this, t, backend);
  };
  return {
    reclaim() {
      engine.trackTensor = original;
      let n = 0;
      for (const t of seen) {
        if (!t.isDisposed) {
          t.dispose();
          n++;
        }
      }
      seen.length = 0;
      return n;
    },
  };
}
