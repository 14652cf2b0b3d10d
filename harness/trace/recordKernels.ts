import type { DataType, Tensor } from '@tensorflow/tfjs';
import { tf } from '../runtime/tf';

/** What one tensor looked like where a kernel took or returned it. */
export interface KernelTensor {
  /** The tensor's id in the engine: the same id on a later kernel's input means the value flowed there. */
  id: number;
  dtype: DataType;
  shape: number[];
  /** A copy of its values, when the trace was asked to keep them (`values: true`). */
  values?: ArrayLike<number> | string[];
}

/** One kernel the engine ran: what a traced computation is made of, below every layer and op wrapper. */
export interface KernelCall {
  /** The order in which the kernel ran, from 0. */
  index: number;
  /** The registered kernel's name (`Conv2DBackpropInput`, `Round` …): what a backend implements. */
  kernel: string;
  /** Its named inputs, as `runKernel` received them. */
  inputs: Record<string, KernelTensor>;
  /** Its attributes (strides, padding …): with the inputs, everything needed to run it again. */
  attrs: Record<string, unknown>;
  outputs: KernelTensor[];
}

/** Options of {@link recordKernels}. */
export interface RecordKernelsOptions {
  /** Keep a copy of every input's and output's values (costs a read of each; needed to replay a kernel elsewhere). */
  values?: boolean;
  /**
   * Called as each recorded kernel returns, with its live input and output
   * tensors: what was running around it, and the tensors themselves, are
   * only observable then (the derived twin reads which layer ran it).
   */
  onKernel?: (call: KernelCall, inputs: Record<string, Tensor>, outputs: Tensor[]) => void;
}

const describe = (t: Tensor, values: boolean): KernelTensor => ({
  id: t.id,
  dtype: t.dtype,
  shape: [...t.shape],
  // dataSync copies: the trace must not keep a tensor alive (rule 7: resources are observations).
  ...(values
    ? {
        values: t.dtype === 'string' ? t.dataSync() : Array.from(t.dataSync() as ArrayLike<number>),
      }
    : {}),
});

type RunKernel = (
  kernelName: string,
  inputs: Record<string, Tensor>,
  attrs?: Record<string, unknown>,
) => Tensor | Tensor[];

/**
 * Runs `run` and records every kernel the engine runs meanwhile, through the
 * engine's one public entry for kernels (`runKernel`), which every tfjs op
 * and every gradient goes through. Only outermost kernels are recorded: a
 * backend may run kernels from inside a kernel, and those are how that
 * backend implements the outer one, not part of the computation the model
 * asked for. The wrapper is removed when `run` returns or throws.
 *
 * This is the op-level trace of DESIGN.md: the derived twin reads it to
 * rebuild what `call()` did, and cross-backend comparison replays one
 * kernel with identical inputs on another backend to tell a wrong kernel
 * from accumulated rounding.
 */
export function recordKernels<T>(
  run: () => T,
  options: RecordKernelsOptions = {},
): { result: T; kernels: KernelCall[] } {
  const { kernels, stop } = startRecording(options);
  try {
    return { result: run(), kernels };
  } finally {
    stop();
  }
}

/**
 * {@link recordKernels} around an asynchronous computation (a whole case:
 * its checkpoints await between kernels). Nothing else may run kernels
 * meanwhile, or they are recorded too: a case owns its process while it runs.
 */
export async function recordKernelsAsync<T>(
  run: () => Promise<T>,
  options: RecordKernelsOptions = {},
): Promise<{ result: T; kernels: KernelCall[] }> {
  const { kernels, stop } = startRecording(options);
  try {
    return { result: await run(), kernels };
  } finally {
    stop();
  }
}

/** Wraps the engine's `runKernel` to record outermost kernels; `stop` puts the original back. */
function startRecording(options: RecordKernelsOptions): { kernels: KernelCall[]; stop: () => void } {
  const engine = tf.engine() as unknown as { runKernel: RunKernel };
  const original = engine.runKernel;
  const kernels: KernelCall[] = [];
  const values = options.values === true;
  let depth = 0;
  engine.runKernel = function (this: unknown, kernelName, inputs, attrs) {
    depth += 1;
    let out: Tensor | Tensor[];
    try {
      out = original.call(this, kernelName, inputs, attrs);
    } finally {
      depth -= 1;
    }
    if (depth === 0) {
      const named: Record<string, KernelTensor> = {};
      for (const [name, t] of Object.entries(inputs ?? {}))
        if (t instanceof tf.Tensor) named[name] = describe(t, values);
      const outs = Array.isArray(out) ? out : [out];
      const call: KernelCall = {
        index: kernels.length,
        kernel: kernelName,
        inputs: named,
        attrs: { ...(attrs ?? {}) },
        outputs: outs.map((t) => describe(t, values)),
      };
      kernels.push(call);
      options.onKernel?.(call, inputs ?? {}, outs);
    }
    return out;
  };
  return { kernels, stop: () => void (engine.runKernel = original) };
}

/**
 * Runs one recorded kernel again, on the current backend, with the recorded
 * input values (the trace must have kept them) and attributes. The caller
 * owns the returned tensors.
 */
export function replayKernel(call: KernelCall): Tensor[] {
  const inputs: Record<string, Tensor> = {};
  try {
    for (const [name, t] of Object.entries(call.inputs)) {
      if (t.values === undefined)
        throw new Error(`kernel ${call.index} (${call.kernel}) was traced without its input values`);
      inputs[name] = tf.tensor(t.values, t.shape, t.dtype);
    }
    const engine = tf.engine() as unknown as { runKernel: RunKernel };
    const out = engine.runKernel(call.kernel, inputs, call.attrs);
    return Array.isArray(out) ? out : [out];
  } finally {
    for (const t of Object.values(inputs)) t.dispose();
  }
}
