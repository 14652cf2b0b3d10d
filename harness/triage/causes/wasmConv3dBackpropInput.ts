import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { tf } from '../../runtime/tf';
import type { KnownCause } from '../KnownCause';

const KERNEL = 'Conv3DBackpropInputV2';

interface Backend {
  readSync(dataId: unknown): Float32Array | Int32Array;
  write(values: Float32Array | Int32Array, shape: number[], dtype: string): unknown;
  disposeData(dataId: unknown): void;
}
interface WasmBackend extends Backend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array;
}

/**
 * Runs `run` with wasm's Conv3DBackpropInputV2 computed by the cpu
 * backend's kernel on the same values (copied out of and back into the wasm
 * heap): the one kernel replaced, everything else as it was.
 */
async function withCpuKernel<T>(run: () => Promise<T>): Promise<T> {
  const wasm = tf.getKernel(KERNEL, 'wasm');
  const cpuKernel = tf.getKernel(KERNEL, 'cpu');
  const cpu = tf.findBackend('cpu') as unknown as Backend | undefined;
  if (!wasm || !cpuKernel || !cpu) return run();
  const delegate: KernelConfig = {
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const w = backend as unknown as WasmBackend;
      const moved: Record<string, TensorInfo> = {};
      for (const [name, t] of Object.entries(inputs as Record<string, TensorInfo>))
        moved[name] = {
          dataId: cpu.write(w.readSync(t.dataId).slice(), t.shape, t.dtype) as object,
          shape: t.shape,
          dtype: t.dtype,
        };
      const out = cpuKernel.kernelFunc({ inputs: moved, attrs, backend: cpu }) as TensorInfo;
      const result = w.makeOutput(out.shape, out.dtype);
      w.typedArrayFromHeap(result).set(cpu.readSync(out.dataId));
      for (const t of [...Object.values(moved), out]) cpu.disposeData(t.dataId);
      return result;
    },
  };
  tf.unregisterKernel(KERNEL, 'wasm');
  tf.registerKernel(delegate);
  try {
    return await run();
  } finally {
    tf.unregisterKernel(KERNEL, 'wasm');
    tf.registerKernel(wasm);
  }
}

/**
 * tfjs-backend-wasm 4.22's Conv3DBackpropInputV2 (conv3dTranspose's forward
 * pass, conv3d's input gradient) bounds its depth loop by
 * `filter_depth / stride_depth` without the frame's offset
 * (src/cc/conv3d_impl.h): later depth frames lose terms, earlier ones read
 * past the filter, so results depend on where tensors sit in memory.
 *
 * Proof by counterfactual: the case runs again on wasm with that one
 * kernel computed by the cpu backend.
 */
export const wasmConv3dBackpropInput: KnownCause = {
  id: 'wasm-conv3d-backprop-input',
  fixture: 'fixtures/regressions/wasm/conv3d-transpose-heap-dependent.json',
  summary:
    "tfjs-backend-wasm's Conv3DBackpropInputV2 (conv3dTranspose's forward pass, conv3d's input gradient) bounds its depth loop without the frame's offset: later depth frames lose terms, earlier ones read past the filter, so results depend on where its tensors sit in memory",
  suspect: (r) =>
    (r.backend === 'wasm' || r.divergences.some((d) => d.backend === 'wasm')) &&
    Object.values(r.facts?.layers ?? {}).some((ls) =>
      ls?.some((l) => l.className === 'Conv3D' || l.className === 'Conv3DTranspose'),
    ),
  counterfactual: {
    evidence: "gone when wasm's Conv3DBackpropInputV2 is computed by the cpu kernel on the same values (rerun on wasm)",
    hooks: () => ({ around: withCpuKernel }),
  },
  // The same case in one worker gives other values, even another verdict, case after case (README, benchmarks (b)).
  varies: true,
};
