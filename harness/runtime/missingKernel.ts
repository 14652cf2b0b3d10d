/** A kernel the backend does not implement, read from tfjs's error message. */
export interface MissingKernel {
  kernel: string;
  backend: string;
}

const PATTERN = /Kernel '(\w+)' not registered for backend '(\w+)'/;

/**
 * Whether an error is tfjs saying the current backend lacks a kernel
 * (wasm has no conv2d or embedding gradients). That is a limit of the
 * backend, never a property of either construction, so it must never read
 * as agreement between the sides or as a divergence.
 */
export function missingKernel(e: unknown): MissingKernel | undefined {
  const m = PATTERN.exec(e instanceof Error ? e.message : String(e));
  return m ? { kernel: m[1], backend: m[2] } : undefined;
}
