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

/** Every tensor in a layer's answer (a tensor or a list of them). */
const tensorsOf = (x: unknown): Tensor[] =>
  Array.isArray(x) ? x.flatMap(tensorsOf) : x instanceof tf.Tensor ? [x as Tensor] : [];

/**
 * The same structure with every tensor replaced by `f(tensor)`, called once per distinct tensor: where the answer
 * holds one tensor object twice (an RNN with `returnState` returns its output and its last state as one object),
 * the copy holds one copy twice, so the counterfactual changes how often the layer runs and nothing else.
 */
function mapAnswer(x: unknown, f: (t: Tensor) => Tensor): unknown {
  const copies = new Map<Tensor, Tensor>();
  const walk = (e: unknown): unknown => {
    if (Array.isArray(e)) return e.map(walk);
    if (!(e instanceof tf.Tensor)) return e;
    const t = e as Tensor;
    if (!copies.has(t)) copies.set(t, f(t));
    return copies.get(t);
  };
  return walk(x);
}

/**
 * A copy of a tensor with data of its own, on the gradient tape. Not `clone()`: a clone shares the answer's data,
 * and holding it would keep that data alive after the executor disposes the answer — hiding a read of a disposed
 * tensor (rnn-state-is-output). Not a copy of the bytes either: that would cut the gradient through the outputs
 * handed out again. `x · 1` is exact for every float (−0, ±Inf and NaN included) and its gradient is the identity.
 */
function ownCopy(t: Tensor): Tensor {
  if (t.dtype !== 'float32') return tf.tensor(t.dataSync().slice(), t.shape, t.dtype);
  return tf.tidy(() => tf.mul(t, tf.scalar(1)));
}

/**
 * A layer's answer kept for the multi-output counterfactuals, to be handed out again when the executor calls the
 * layer once more for another of its outputs. Handed out as **fresh copies**: the executor disposes each tensor it
 * was given once that output's consumers are done (counting each output's consumers apart), so handing the same
 * tensor objects out twice lets the first set of consumers dispose what the second still reads — the rerun would
 * then fail on a disposed tensor, which proves nothing. A copy (an Identity kernel) draws nothing random and
 * computes nothing, so the rerun is the case with the layer run once, as the cause claims. The kept copy is the
 * harness's and is freed with {@link KeptAnswer.free}.
 */
export class KeptAnswer {
  private readonly kept: unknown;

  constructor(answer: unknown) {
    this.kept = mapAnswer(answer, (t) => tf.keep(ownCopy(t)));
  }

  /** A fresh copy of the answer (sharing the harness's copy's data only), owned by whoever asked. */
  again(): unknown {
    return mapAnswer(this.kept, (t) => t.clone());
  }

  /** Frees the harness's copy. */
  free(): void {
    tf.dispose([...new Set(tensorsOf(this.kept))]);
  }
}

/**
 * Whether a layer's earlier answer can still be handed out as it is: none of its tensors has been disposed since
 * (multi-output-fit hands out the same objects: within one `fit` step nothing it reuses is disposed early, and a
 * kept copy would outlive the step and count as a tensor `fit` left alive).
 */
export function stillAlive(x: unknown): boolean {
  return tensorsOf(x).every((t) => !t.isDisposed);
}
