import type { ModelSpec } from './types';

/**
 * The spec's fixed batch size (its first input's `batchSize`; validation
 * makes every input give the same), or `undefined` when the batch is free.
 * A stateful RNN keeps one state row per batch row, so tfjs needs it.
 */
export function fixedBatchOf(spec: Pick<ModelSpec, 'inputs'>): number | undefined {
  return spec.inputs[0]?.batchSize;
}
