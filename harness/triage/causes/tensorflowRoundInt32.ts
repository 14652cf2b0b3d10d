import type { KernelCause } from '../KernelCause';

/**
 * tfjs-node's `Round` on an int32 tensor returns zeros (libtensorflow's
 * Round op is given an int32 tensor it rounds as zeros): an integer
 * rounds to itself on cpu and wasm.
 *
 * Confirmed on the finding by a predicted value: the reference backend
 * returned the input unchanged and tensorflow returned 0 for every
 * element, exactly.
 */
export const tensorflowRoundInt32: KernelCause = {
  id: 'tensorflow-round-int32',
  fixture: 'fixtures/regressions/tensorflow/round-int32.json',
  summary: "tfjs-node's Round on an int32 tensor returns zeros; an integer rounds to itself on cpu and wasm",
  suspect: (f) => f.call.kernel === 'Round' && f.backends.includes('tensorflow') && f.call.inputs.x?.dtype === 'int32',
  confirm(f) {
    const input = Array.from(f.call.inputs.x.values as ArrayLike<number>);
    const reference = f.backends.find((b) => b !== 'tensorflow')!;
    const ref = Array.from(f.outputs[reference]?.[0]?.values as ArrayLike<number>);
    const tf = Array.from(f.outputs.tensorflow?.[0]?.values as ArrayLike<number>);
    const identity = ref.length === input.length && ref.every((v, i) => v === input[i]);
    const zeros = tf.length === input.length && tf.every((v) => v === 0);
    if (!identity || !zeros || input.every((v) => v === 0)) return undefined;
    return `predicted and matched exactly: ${reference} returns the int32 input unchanged (${input.slice(0, 6).join(', ')}${input.length > 6 ? ', …' : ''}), tensorflow returns 0 for all ${input.length} elements`;
  },
};
