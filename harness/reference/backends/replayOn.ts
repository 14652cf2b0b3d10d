import type { KernelCall, KernelTensor } from '../../trace/recordKernels';
import { replayKernel } from '../../trace/recordKernels';
import { selectBackend } from '../../runtime/selectBackend';
import { takeData, type TensorData } from '../../runtime/tensorData';
import { tf } from '../../runtime/tf';

/**
 * Runs one recorded kernel on `backend` with the recorded input values
 * and attributes, and returns its outputs as data (the tensors are freed).
 * The backend in use before is set again afterwards. A kernel the backend
 * throws on gives the error's first line instead.
 */
export async function replayOn(call: KernelCall, backend: string): Promise<TensorData[] | { error: string }> {
  const before = tf.getBackend();
  await selectBackend(backend as 'cpu');
  try {
    return takeData(replayKernel(call));
  } catch (e) {
    return { error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  } finally {
    if (tf.getBackend() !== before) await tf.setBackend(before);
  }
}

/** A recorded tensor as data (a trace kept with values). */
export function traced(t: KernelTensor): TensorData {
  const values = t.values as ArrayLike<number>;
  return {
    shape: t.shape,
    dtype: t.dtype,
    values:
      t.dtype === 'int32'
        ? Int32Array.from(values)
        : t.dtype === 'bool'
          ? Uint8Array.from(values)
          : Float32Array.from(values),
  };
}

/** Data as a recorded tensor (for a finding's JSON). */
export function asKernelTensor(d: TensorData): KernelTensor {
  return { id: -1, dtype: d.dtype as KernelTensor['dtype'], shape: d.shape, values: Array.from(d.values) };
}
