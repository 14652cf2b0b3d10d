import type { Tensor } from '@tensorflow/tfjs';

/** Flat values of one tensor, copied out of the backend. */
export interface TensorData {
  shape: number[];
  dtype: string;
  values: Float32Array | Int32Array | Uint8Array;
}

/** A copy of a tensor's values (backends may hand out their live buffer). */
export function tensorData(t: Tensor): TensorData {
  return {
    shape: [...t.shape],
    dtype: t.dtype,
    values: t.dataSync<'float32' | 'int32' | 'bool'>().slice(),
  };
}

/** Copies, then disposes, a list of tensors. */
export function takeData(ts: Tensor[]): TensorData[] {
  const out = ts.map(tensorData);
  for (const t of ts) if (!t.isDisposed) t.dispose();
  return out;
}
