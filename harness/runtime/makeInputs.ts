import type { Tensor } from '@tensorflow/tfjs';
import { seedFor } from './seedFor';
import { tf } from './tf';

/** A dimension of an input: a size, or `null` for a variable length (a sequence's time axis). */
export type Dim = number | null;

/** An input description common to specs and pair modules (batch excluded). */
export interface InputDescription {
  id?: string;
  shape: Dim[];
  dtype?: 'float32' | 'int32';
  maxValue?: number;
  /**
   * The dtype the model's input declares, when it differs from `dtype`:
   * token ids (declared `int32`) that a model takes through a `float32`
   * `tf.input` (its default) are drawn as ids, then fed as float32.
   */
  feedAs?: 'float32' | 'int32';
  /** A fixed batch size (a spec input's), which a model built over this input must declare. */
  batchSize?: number;
}

/**
 * The size a variable-length dimension takes in a case's data. Fixed, so a
 * case replays exactly; small, so cases stay fast. Outputs and targets take
 * their sizes from what the models really return for it.
 */
export const VARIABLE_LENGTH = 3;

/** An input's shape with every variable-length dimension at {@link VARIABLE_LENGTH}. */
export function concreteShape(shape: Dim[], length = VARIABLE_LENGTH): number[] {
  return shape.map((d) => d ?? length);
}

/**
 * Seeded inputs for a batch: float32 from a standard normal, int32 drawn
 * from [0, maxValue). Both sides get these same tensors.
 */
export function makeInputs(inputs: InputDescription[], batch: number, caseSeed: number): Tensor[] {
  return inputs.map((input, i) => {
    const seed = seedFor(caseSeed, 'input', input.id ?? String(i));
    const shape = [batch, ...concreteShape(input.shape)];
    if (input.dtype !== 'int32') return tf.randomNormal(shape, 0, 1, 'float32', seed);
    const ids = tf.randomUniform(shape, 0, input.maxValue ?? 10, 'int32', seed);
    if (input.feedAs === undefined || input.feedAs === 'int32') return ids;
    const fed = tf.cast(ids, input.feedAs);
    ids.dispose();
    return fed;
  });
}
