// One Conv2DBackpropInput call on identical inputs, repeated: does tfjs-node (libtensorflow 2.21, oneDNN on, its
// default) give one answer? On this shape — the conv2d input gradient of generated case fuzz-3-38 (seed 3, decoder
// of 2026-12-02 10:55): a [3, 5, 2, 1] input, a 3×2 kernel, one filter — it does not: with two intra-op threads the
// output varies from call to call (cpu's value some of the time, a wrong one otherwise); with TF_NUM_INTRAOP_THREADS=1
// it is the same every time but wrong again; with TF_ENABLE_ONEDNN_OPTS=0 it is cpu's every time.
// Prints the distinct outputs and exits 1 while calls disagree with each other or with cpu, 0 once every call gives
// cpu's value. Run: node tools/findings/onednnConv2dBackpropInputRepeated.mjs [calls, default 300]
import * as tf from '@tensorflow/tfjs-node';

const calls = Number(process.argv[2] ?? 300);
const dyValues = Array.from({ length: 9 }, (_, i) => (i % 5) - 2 + 0.25 * i); // exact in float32
const filterValues = [0.5, -1, 2, 0.25, -0.75, 1.5];
const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', inputShape: [3, 5, 2, 1] };

function run(backend, times) {
  tf.setBackend(backend);
  const dy = tf.tensor4d(dyValues, [3, 3, 1, 1]);
  const filter = tf.tensor4d(filterValues, [3, 2, 1, 1]);
  const seen = new Map();
  for (let i = 0; i < times; i++) {
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs);
    const key = Array.from(dx.dataSync()).join(', ');
    seen.set(key, [...(seen.get(key) ?? []), i]);
    dx.dispose();
  }
  tf.dispose([dy, filter]);
  return seen;
}

const onTensorflow = run('tensorflow', calls);
const [cpu] = [...run('cpu', 1).keys()];
const setting = (name) => `${name}=${process.env[name] ?? '(unset)'}`;
console.log(
  `Conv2DBackpropInput on tensorflow (${setting('TF_ENABLE_ONEDNN_OPTS')}, ${setting('TF_NUM_INTRAOP_THREADS')}): ` +
    `${calls} calls on identical inputs, ${onTensorflow.size} distinct output(s)`,
);
for (const [values, at] of onTensorflow)
  console.log(`  ×${at.length} (first at call ${at[0]})${values === cpu ? ' = cpu' : ''}: [${values}]`);
console.log(`  cpu: [${cpu}]`);
process.exitCode = onTensorflow.size === 1 && onTensorflow.has(cpu) ? 0 : 1;
