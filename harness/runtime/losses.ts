import type { Tensor } from '@tensorflow/tfjs';
import { UsageError } from '../errors';
import { tf } from './tf';

/** Loss names usable both in a custom loop and in `model.compile`. */
export const LOSSES = [
  'meanSquaredError',
  'meanAbsoluteError',
  'categoricalCrossentropy',
  'binaryCrossentropy',
  'huberLoss',
] as const;
export type LossName = (typeof LOSSES)[number];

/** Per-sample loss function of tfjs-layers (what `compile({loss})` uses). */
function perSample(name: LossName): (yTrue: Tensor, yPred: Tensor) => Tensor {
  switch (name) {
    case 'meanSquaredError':
      return tf.metrics.meanSquaredError;
    case 'meanAbsoluteError':
      return tf.metrics.meanAbsoluteError;
    case 'categoricalCrossentropy':
      return tf.metrics.categoricalCrossentropy;
    case 'binaryCrossentropy':
      return tf.metrics.binaryCrossentropy;
    case 'huberLoss':
      return (t, p) => tf.losses.huberLoss(t, p, undefined, 1, tf.Reduction.NONE).mean(-1);
    default:
      throw new UsageError(`unknown loss '${name as string}': use one of ${LOSSES.join(', ')}`);
  }
}

/** Data loss: mean over the batch of the per-sample loss, summed over outputs. */
export function dataLoss(name: LossName, targets: Tensor[], outputs: Tensor[]): Tensor {
  const fn = perSample(name);
  return tf.addN(outputs.map((y, i) => tf.mean(fn(targets[i], y))));
}

/** The name `model.compile` takes for the loss. */
export function compileLoss(name: LossName): string | ((a: Tensor, b: Tensor) => Tensor) {
  return name === 'huberLoss' ? perSample(name) : name;
}

/** A seeded target for one output, in the range the loss expects. */
export function makeTarget(name: LossName, shape: number[], seed: number): Tensor {
  return tf.tidy(() => {
    // One-hot: tfjs's fit insists on binary targets for categorical crossentropy.
    const classes = shape[shape.length - 1];
    if (name === 'categoricalCrossentropy')
      return classes < 2
        ? tf.ones(shape)
        : tf.oneHot(tf.randomUniform(shape.slice(0, -1), 0, classes, 'int32', seed), classes).toFloat();
    if (name === 'binaryCrossentropy') return tf.randomUniform(shape, 0, 1, 'float32', seed);
    return tf.randomNormal(shape, 0, 1, 'float32', seed);
  });
}
