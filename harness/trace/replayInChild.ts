import { spawnSync } from 'node:child_process';
import type { KernelCall, KernelTensor } from './recordKernels';

/**
 * The child's program: loads tfjs and the backend (for `tensorflow`,
 * tfjs-node, whose libtensorflow reads its environment as it loads), runs
 * one kernel on the values it reads from stdin, and prints its outputs.
 * Inline, so it runs the same from the sources (jest) and from dist/.
 */
const PROGRAM = `
const call = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const tf = require(call.modules.tfjs);
(async () => {
  if (call.backend !== 'cpu') require(call.modules[call.backend]);
  tf.env().set('PROD', true);
  if (!(await tf.setBackend(call.backend))) throw new Error('backend ' + call.backend + ' is not available');
  const inputs = {};
  for (const [k, t] of Object.entries(call.inputs)) inputs[k] = tf.tensor(t.values, t.shape, t.dtype);
  const out = tf.engine().runKernel(call.kernel, inputs, call.attrs);
  const outs = Array.isArray(out) ? out : [out];
  const binding = tf.backend().binding;
  process.stdout.write(JSON.stringify({
    tensorflow: binding && binding.TF_Version,
    outputs: outs.map((t) => ({ id: -1, dtype: t.dtype, shape: t.shape, values: Array.from(t.dataSync()) })),
  }));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

/** Where this process resolves tfjs and the backend's package: the child loads the very same files. */
function modules(backend: string): Record<string, string> {
  const pkg: Record<string, string> = { tensorflow: '@tensorflow/tfjs-node', wasm: '@tensorflow/tfjs-backend-wasm' };
  return {
    tfjs: require.resolve('@tensorflow/tfjs'),
    ...(pkg[backend] ? { [backend]: require.resolve(pkg[backend]) } : {}),
  };
}

/** What a kernel computed in a child process. */
export interface ChildReplay {
  outputs: KernelTensor[];
  /** The TensorFlow version the child loaded (on `tensorflow`). */
  tensorflow?: string;
}

/**
 * Runs one recorded kernel (with its input values) on `backend` in a
 * fresh Node process with `env` added to this one's environment — how a
 * setting that a native library reads only as it loads (oneDNN's
 * `TF_ENABLE_ONEDNN_OPTS`) is changed for one computation. Throws with
 * the child's message when it fails.
 */
export function replayInChild(call: KernelCall, backend: string, env: Record<string, string>): ChildReplay {
  const r = spawnSync(process.execPath, ['-e', PROGRAM], {
    input: JSON.stringify({
      backend,
      kernel: call.kernel,
      attrs: call.attrs,
      inputs: call.inputs,
      modules: modules(backend),
    }),
    env: { ...process.env, ...env },
    cwd: process.cwd(),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(
      `replaying ${call.kernel} on ${backend} in a child process failed: ${(r.stderr || String(r.error)).split('\n').find((l) => /Error/.test(l)) ?? r.stderr}`,
    );
  return JSON.parse(r.stdout) as ChildReplay;
}
