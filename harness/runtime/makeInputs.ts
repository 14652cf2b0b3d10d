import type { Tensor } from '@tensorflow/tfjs';
import { seedFor } from './seedFor';
import { tf } from './tf';

/** An input description common to specs and pair modules. */
export interface InputDescription {
  id?: string;
  shape: number[];
  dtype?: 'float32' | 'int32';
  maxValue?: number;
}

/**
 * Seeded inputs for a batch: float32 from a standard normal, int32 drawn
 * from [0, maxValue). Both sides get these same tensors.
 */
export function makeInputs(inputs: InputDescription[], batch: number, caseSeed: number): Tensor[] {
  return inputs.map((input, i) => {
    const seed = seedFor(caseSeed, 'input', input.id ?? String(i));
    const shape = [batch, ...input.shape];
    if (input.dtype === 'int32') return tf.randomUniform(shape, 0, input.maxValue ?? 10, 'int32', seed);
    return tf.randomNormal(shape, 0, 1, 'float32', seed);
  });
}
