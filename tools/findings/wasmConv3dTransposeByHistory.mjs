// tfjs-backend-wasm's Conv3DBackpropInputV2 (conv3dTranspose) on identical inputs, before and after unrelated
// tensors were allocated, then after the backend is created afresh (a new WebAssembly memory): its result depends on
// what the process allocated before, and a fresh backend gives the fresh process's result again. Prints the three and
// the time the re-creation took; exits 1 while the result depends on history, 0 once it does not.
// Run: node tools/findings/wasmConv3dTransposeByHistory.mjs
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

const factory = tf.engine().registryFactory.wasm.factory;
await tf.setBackend('wasm');
const call = () =>
  tf.tidy(() => {
    const dy = tf.tensor5d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    const filter = tf.ones([2, 2, 2, 3, 1]);
    return Array.from(tf.conv3dTranspose(dy, filter, [1, 3, 3, 3, 3], 1, 'valid').dataSync().slice(0, 12)).join(', ');
  });

const fresh = call();
const unrelated = Array.from({ length: 20 }, (_, i) => tf.fill([37 + i, 11], i * 1.5));
const later = call();
tf.dispose(unrelated);
const started = performance.now();
tf.removeBackend('wasm');
tf.registerBackend('wasm', factory);
await tf.setBackend('wasm');
const ms = performance.now() - started;
const recreated = call();
console.log(`fresh process:                 [${fresh} …]`);
console.log(`after unrelated allocations:   [${later} …]${later === fresh ? '' : '  (differs)'}`);
console.log(
  `backend created afresh (${ms.toFixed(0)} ms): [${recreated} …]${recreated === fresh ? '  (= fresh)' : ''}`,
);
process.exitCode = later === fresh ? 0 : 1;
