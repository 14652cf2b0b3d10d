import { tf } from '../runtime/tf';

/**
 * The one package an exported script imports, and how to run it: plain
 * `@tensorflow/tfjs` (its cpu backend), `@tensorflow/tfjs-node` when the
 * case ran on tensorflow (it re-exports tfjs and registers the native
 * backend), plus `@tensorflow/tfjs-backend-wasm` when a backend is wasm.
 */
export function scriptImports(backends: readonly string[]): { lines: string[]; run: string } {
  const version = tf.version.tfjs;
  const node = backends.includes('tensorflow');
  const wasm = backends.includes('wasm');
  const pkgs = [
    node ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs',
    ...(wasm ? ['@tensorflow/tfjs-backend-wasm'] : []),
  ];
  const lines = [
    `import * as tf from '${pkgs[0]}';`,
    ...(wasm ? [`import '@tensorflow/tfjs-backend-wasm';`] : []),
    // tfjs's "install the node backend" banner is not part of the repro.
    `tf.env().set('PROD', true);`,
  ];
  return {
    lines,
    run: `npm install ${pkgs.map((p) => `${p}@${version}`).join(' ')} && node <this file>${node ? ' (tfjs-node as its users get it: oneDNN on unless TF_ENABLE_ONEDNN_OPTS=0)' : ''}`,
  };
}
