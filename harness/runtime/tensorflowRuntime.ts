import { tf } from './tf';

/**
 * Environment variables that change what TensorFlow computes, read by the
 * native library when it loads. The harness never sets them (users run
 * tfjs-node with TensorFlow's defaults); it records the ones that are set.
 * oneDNN changes kernels outright (its conv input gradients differ from
 * Eigen's); thread counts and determinism change summation order.
 */
export const RESULT_SETTINGS = [
  'TF_ENABLE_ONEDNN_OPTS',
  'TF_DETERMINISTIC_OPS',
  'TF_NUM_INTRAOP_THREADS',
  'TF_NUM_INTEROP_THREADS',
  'OMP_NUM_THREADS',
] as const;

/** What the `tensorflow` backend computed with: the library, and the settings that change its results. */
export interface TensorflowRuntime {
  /** The version the loaded libtensorflow reports (`TF_Version()`): 2.9.1 from tfjs-node's own download, 2.21.0 from the wheel build. */
  tensorflow: string;
  /** `@tensorflow/tfjs-node`'s version. */
  tfjsNode: string;
  /**
   * Whether TensorFlow uses its oneDNN kernels: `TF_ENABLE_ONEDNN_OPTS` when
   * set, else TensorFlow's default, which is on for x86-64 since 2.9.
   */
  oneDnn: 'on' | 'off';
  /** Each of {@link RESULT_SETTINGS} that was set, with its value; empty when TensorFlow ran with its defaults. */
  settings: Record<string, string>;
}

let cached: TensorflowRuntime | undefined;

/** The current backend's {@link TensorflowRuntime}, or undefined when the backend is not `tensorflow`. */
export function tensorflowRuntime(env: NodeJS.ProcessEnv = process.env): TensorflowRuntime | undefined {
  if (tf.getBackend() !== 'tensorflow') return undefined;
  // The library loads once per process, with the environment it had then.
  if (cached) return cached;
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
  cached = { tensorflow: binding?.TF_Version ?? 'unknown', tfjsNode: tfjsNodeVersion(), ...oneDnnSettings(env) };
  return cached;
}

/** The oneDNN switch and the result-changing settings, as TensorFlow reads them from `env`. */
export function oneDnnSettings(
  env: NodeJS.ProcessEnv,
  arch: string = process.arch,
): Pick<TensorflowRuntime, 'oneDnn' | 'settings'> {
  const settings = Object.fromEntries(
    RESULT_SETTINGS.filter((k) => env[k] !== undefined).map((k) => [k, String(env[k])]),
  );
  const flag = env.TF_ENABLE_ONEDNN_OPTS?.trim().toLowerCase();
  // TensorFlow reads it as a boolean ("1"/"true", "0"/"false"); anything else keeps the default.
  const oneDnn =
    flag === '0' || flag === 'false' ? 'off' : flag === '1' || flag === 'true' ? 'on' : arch === 'x64' ? 'on' : 'off';
  return { oneDnn, settings };
}

/** For reports: `TensorFlow 2.21.0 via tfjs-node 4.22.0, oneDNN on by default` (or the settings that were set). */
export function describeTensorflowRuntime(r: TensorflowRuntime): string {
  const set = Object.entries(r.settings).map(([k, v]) => `${k}=${v}`);
  return `TensorFlow ${r.tensorflow} via tfjs-node ${r.tfjsNode}, oneDNN ${r.oneDnn} ${set.length ? `with ${set.join(' ')}` : 'by default'}`;
}

function tfjsNodeVersion(): string {
  try {
    // Read at run time: tfjs-node is optional, and its package.json says which version this install holds.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require('@tensorflow/tfjs-node/package.json') as { version?: unknown }).version);
  } catch {
    return 'unknown';
  }
}
