import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { tf } from '../../runtime/tf';

interface DataBackend {
  readSync(dataId: unknown): ArrayLike<number>;
  write(values: ArrayLike<number>, shape: number[], dtype: string): unknown;
  disposeData(dataId: unknown): void;
}

const copy = (values: ArrayLike<number>, dtype: string) =>
  dtype === 'int32' ? Int32Array.from(values) : dtype === 'bool' ? Uint8Array.from(values) : Float32Array.from(values);

/**
 * Runs `run` with one kernel of `backend` computed by the reference
 * backend's kernel on the same values (copied out, computed, copied back):
 * that one kernel replaced, everything else as it was — the counterfactual
 * that proves a kernel is the whole cause of a cross-backend divergence.
 */
export async function withReferenceKernel<T>(
  kernel: string,
  backend: string,
  reference: string,
  run: () => Promise<T>,
): Promise<T> {
  const own = tf.getKernel(kernel, backend);
  const theirs = tf.getKernel(kernel, reference);
  const ref = tf.findBackend(reference) as unknown as DataBackend | undefined;
  if (!own || !theirs || !ref)
    throw new Error(`cannot compute ${backend}'s ${kernel} with ${reference}'s: not registered on both`);
  const delegate: KernelConfig = {
    kernelName: kernel,
    backendName: backend,
    kernelFunc: ({ inputs, attrs, backend: b }) => {
      const mine = b as unknown as DataBackend;
      const moved: Record<string, TensorInfo> = {};
      for (const [name, t] of Object.entries(inputs as Record<string, TensorInfo>))
        moved[name] = {
          dataId: ref.write(copy(mine.readSync(t.dataId), t.dtype), t.shape, t.dtype) as object,
          shape: t.shape,
          dtype: t.dtype,
        };
      const out = theirs.kernelFunc({ inputs: moved, attrs, backend: ref as never }) as TensorInfo | TensorInfo[];
      const outs = Array.isArray(out) ? out : [out];
      const back = outs.map((o) => ({
        dataId: mine.write(copy(ref.readSync(o.dataId), o.dtype), o.shape, o.dtype) as object,
        shape: o.shape,
        dtype: o.dtype,
      }));
      for (const t of [...Object.values(moved), ...outs]) ref.disposeData(t.dataId);
      return Array.isArray(out) ? back : back[0];
    },
  };
  tf.unregisterKernel(kernel, backend);
  tf.registerKernel(delegate);
  try {
    return await run();
  } finally {
    tf.unregisterKernel(kernel, backend);
    tf.registerKernel(own);
  }
}
