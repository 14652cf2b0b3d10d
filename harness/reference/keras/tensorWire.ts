import type { TensorData } from '../../runtime/tensorData';

/** A tensor as it crosses the pipe to Python: dtype, shape, and the base64 of its little-endian bytes (exact). */
export interface WireTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: string;
}

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Encodes values exactly: float32 or int32 bytes, little-endian. */
export function toWire(t: TensorData): WireTensor {
  const dtype = t.dtype === 'int32' || t.dtype === 'bool' ? 'int32' : 'float32';
  const typed =
    dtype === 'int32'
      ? Int32Array.from(t.values as ArrayLike<number>)
      : Float32Array.from(t.values as ArrayLike<number>);
  if (!little) throw new Error('the Keras reference needs a little-endian machine');
  return {
    dtype,
    shape: [...t.shape],
    data: Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64'),
  };
}

/** Decodes a tensor Python sent back into the harness's tensor data. */
export function fromWire(w: WireTensor): TensorData {
  const bytes = Buffer.from(w.data, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const values = w.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
  return { dtype: w.dtype, shape: [...w.shape], values } as TensorData;
}
