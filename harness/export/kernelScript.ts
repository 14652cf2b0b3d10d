import type { KernelCall } from '../trace/recordKernels';
import { UsageError } from '../errors';
import { embeddedLiteral, embedTensor, type EmbeddedTensor } from './embedTensor';
import { SCRIPT_HELPERS } from './scriptHelpers';
import { scriptImports } from './scriptImports';

/** How far two backends' outputs of one kernel may differ: |a − b| ≤ atol + rtol·|b| per element. */
export interface KernelTolerance {
  atol: number;
  rtol: number;
}

/**
 * The default for one kernel on two backends: kernels sum in different
 * orders (and oneDNN blocks its loops), so a few float32 ULPs of the
 * largest terms are rounding; a wrong kernel is off by far more.
 */
export const KERNEL_TOLERANCE: KernelTolerance = { atol: 1e-5, rtol: 1e-4 };

/**
 * A standalone script that runs one recorded kernel (a {@link KernelCall}
 * traced with its values) on two backends in one process, with the same
 * inputs and attributes, and exits 1 while their outputs differ beyond the
 * stated tolerance, 0 once they agree — what a tfjs maintainer runs to see
 * one wrong kernel without the model around it.
 */
export function kernelScript(
  call: KernelCall,
  backends: readonly [string, string],
  tolerance: KernelTolerance = KERNEL_TOLERANCE,
): string {
  const inputs: Record<string, EmbeddedTensor> = {};
  for (const [name, t] of Object.entries(call.inputs)) {
    if (t.values === undefined)
      throw new UsageError(
        `kernel ${call.index} (${call.kernel}) was traced without its values: record it with recordKernels(run, { values: true })`,
      );
    inputs[name] = embedTensor(t.dtype, t.shape, t.values as ArrayLike<number>);
  }
  const { lines, run } = scriptImports(backends);
  return `// parity-check kernel repro: ${call.kernel} on ${backends[0]} vs ${backends[1]}, same inputs and attributes.
// Exits 1 while the two backends' outputs differ beyond |a - b| <= ${tolerance.atol} + ${tolerance.rtol}·|b|, 0 once they agree.
// Run: ${run}
${lines.join('\n')}

const KERNEL = ${JSON.stringify(call.kernel)};
const ATTRS = ${JSON.stringify(call.attrs)};
const BACKENDS = ${JSON.stringify(backends)};
const TOLERANCE = ${JSON.stringify(tolerance)};
const INPUTS = ${embeddedLiteral(inputs)};
${SCRIPT_HELPERS}
/** Runs the kernel on one backend; returns each output's shape and values (no tensor is left alive). */
async function runOn(backend) {
  if (!(await tf.setBackend(backend))) throw new Error('backend ' + backend + ' is not available here');
  await tf.ready();
  const before = tf.memory().numTensors;
  const inputs = Object.fromEntries(Object.entries(INPUTS).map(([name, t]) => [name, decode(t)]));
  try {
    const out = tf.engine().runKernel(KERNEL, inputs, ATTRS);
    const outs = Array.isArray(out) ? out : [out];
    const read = outs.map((t) => ({ dtype: t.dtype, shape: t.shape, values: Array.from(t.dataSync()) }));
    tf.dispose(outs);
    return read;
  } finally {
    tf.dispose(Object.values(inputs));
    if (tf.memory().numTensors !== before) console.log('  (' + backend + ' left ' + (tf.memory().numTensors - before) + ' tensors)');
  }
}

const [a, b] = [await runOn(BACKENDS[0]), await runOn(BACKENDS[1])];
console.log(KERNEL + ' (' + JSON.stringify(ATTRS) + ') on ' + BACKENDS.join(' vs ') + ', tolerance atol ' + TOLERANCE.atol + ', rtol ' + TOLERANCE.rtol + ':');
let differs = false;
for (let i = 0; i < a.length; i++) {
  // A dtype is part of what a kernel returns: equal values of another dtype are a difference too.
  if (a[i].dtype !== b[i].dtype) {
    console.log('  output ' + i + ': dtypes differ: ' + a[i].dtype + ' vs ' + b[i].dtype + ' (values [' + a[i].values + '] vs [' + b[i].values + '])');
    differs = true;
  }
  if (a[i].shape.join() !== b[i].shape.join()) {
    console.log('  output ' + i + ': shapes differ: [' + a[i].shape + '] vs [' + b[i].shape + ']');
    differs = true;
    continue;
  }
  differs = report('output ' + i + ' [' + a[i].shape + ']', BACKENDS, a[i].values, b[i].values, a[i].shape, TOLERANCE) || differs;
  if (a[i].values.length <= 16) console.log('    ' + BACKENDS[0] + ': [' + a[i].values.join(', ') + ']\\n    ' + BACKENDS[1] + ': [' + b[i].values.join(', ') + ']');
}
console.log(differs ? 'The backends differ: the behaviour is present.' : 'The backends agree.');
process.exit(differs ? 1 : 0);
`;
}
