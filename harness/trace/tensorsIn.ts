import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../runtime/tf';

/** The tensors a layer's argument or result holds (a tensor or nested arrays of them), flattened. */
export function tensorsIn(x: unknown): Tensor[] {
  return Array.isArray(x) ? x.flatMap(tensorsIn) : x instanceof tf.Tensor ? [x as Tensor] : [];
}

/** The engine ids of {@link tensorsIn}: what a trace records to see where a value flowed. */
export function tensorIds(x: unknown): number[] {
  return tensorsIn(x).map((t) => t.id);
}
