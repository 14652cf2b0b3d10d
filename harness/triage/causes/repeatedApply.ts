import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../../runtime/tf';

/**
 * What identifies one `apply` of a layer for the multi-output counterfactuals (multi-output-fit,
 * multi-output-executor): the ids of the tensors it took, `?` for anything that is not a concrete tensor
 * (a symbolic application, which is never reused), and the training mode.
 */
export function applicationKey(inputs: unknown, kwargs: Record<string, unknown> | undefined): string {
  const ids = (x: unknown): string =>
    Array.isArray(x) ? x.map(ids).join(',') : x instanceof tf.Tensor ? String(x.id) : '?';
  return `${ids(inputs)}|${String(kwargs?.training)}`;
}

/** Whether a layer's earlier answer can still be handed out: none of its tensors has been disposed since. */
export function stillAlive(x: unknown): boolean {
  return Array.isArray(x) ? x.every(stillAlive) : !(x instanceof tf.Tensor) || !(x as Tensor).isDisposed;
}
