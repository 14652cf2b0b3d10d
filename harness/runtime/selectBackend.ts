import { BackendError } from '../errors';
import { tensorflowHint } from './tensorflowHint';
import { tf } from './tf';

/** A backend the harness can run on; `auto` picks the first that works. */
export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Which backend a run used, and why the ones before it were passed over. */
export interface BackendChoice {
  backend: Exclude<BackendName, 'auto'>;
  skipped: { backend: string; reason: string }[];
}

async function tryBackend(name: Exclude<BackendName, 'auto'>): Promise<string | null> {
  try {
    if (name === 'tensorflow') {
      // Optional dependency with a native addon that this project's install
      // sets up (tools/tensorflow): it may be absent, or present but not built.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-node');
      if (!tf.engine().registryFactory.tensorflow) {
        return '@tensorflow/tfjs-node loaded its own copy of tfjs-core; install versions that dedupe with @tensorflow/tfjs';
      }
    }
    // Loaded only when chosen: registering a backend has costs (wasm compiles its module).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (name === 'wasm') require('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') failed`;
    await tf.ready();
    return null;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0].trim() : String(e);
    if (name !== 'tensorflow') return msg;
    if (/Cannot find module '@tensorflow\/tfjs-node'/.test(msg))
      return `@tensorflow/tfjs-node is not installed; ${tensorflowHint(true)}`;
    return `${msg}; ${tensorflowHint(false)}`;
  }
}

/**
 * The opt-out the install step also reads: `auto` passes over tensorflow
 * (e.g. to keep a machine's runs comparable with earlier wasm ones); a
 * named `--backend tensorflow` still uses it.
 */
const tensorflowOptedOut = () => /^(0|off|skip|false)$/i.test(process.env.PARITY_CHECK_TENSORFLOW ?? '');

/**
 * Sets the tfjs backend. `auto` tries tensorflow (native, from the optional
 * `@tensorflow/tfjs-node`), then wasm, then cpu, and records what it skipped.
 * A named backend that cannot start is a {@link BackendError}.
 */
export async function selectBackend(requested: BackendName): Promise<BackendChoice> {
  // tfjs's "install the node backend" banner would pollute every report.
  tf.env().set('PROD', true);
  const order: Exclude<BackendName, 'auto'>[] = requested === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [requested];
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    if (requested === 'auto' && name === 'tensorflow' && tensorflowOptedOut()) {
      skipped.push({ backend: name, reason: `PARITY_CHECK_TENSORFLOW=${process.env.PARITY_CHECK_TENSORFLOW}` });
      continue;
    }
    if (tf.getBackend() === name) return { backend: name, skipped };
    const why = await tryBackend(name);
    if (why === null) return { backend: name, skipped };
    skipped.push({ backend: name, reason: why });
  }
  throw new BackendError(
    `backend '${requested}' is not available: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
  );
}
