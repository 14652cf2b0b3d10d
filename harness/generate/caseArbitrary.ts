import fc from 'fast-check';
import type { LossName } from '../runtime/losses';
import { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from '../runtime/makeOptimizer';

/**
 * A recipe: a head of choices (the inputs) and one array of choices per
 * construction step. Steps are separate arrays so that shrinking can drop a
 * whole step without shifting the choices of the steps after it.
 */
export interface Recipe {
  head: number[];
  steps: number[][];
}

/** A generated case before decoding: the recipe and the raw config choices. */
export interface RawCase {
  recipe: Recipe;
  config: RawConfig;
}

/** Config choices as small integers, so fast-check can shrink them without context. */
export interface RawConfig {
  optimizer: number;
  learningRate: number;
  steps: number;
  batch: number;
  loss: number;
}

const LEARNING_RATES = [0.01, 0.1, 0.001];
// Regression losses first: crossentropies on unconstrained outputs are mostly NaN, which agrees trivially.
const GENERATED_LOSSES = ['meanSquaredError', 'meanAbsoluteError', 'huberLoss', 'categoricalCrossentropy'] as const;

/** Recipes: arrays of small choices. Longer recipes allow richer models. */
const choices = (maxLength: number) => fc.array(fc.nat({ max: 0xffff }), { maxLength, size: 'max' });

/** Recipes of up to `maxSteps` steps; size 'max' spreads lengths over the whole range. */
export const recipeArbitrary = (maxSteps = 6): fc.Arbitrary<Recipe> =>
  fc.record({ head: choices(12), steps: fc.array(choices(24), { minLength: 1, maxLength: maxSteps, size: 'max' }) });

/** Case configuration: every optimizer, 1–5 steps, batch 1–6, four losses. Shrinks to sgd, 1 step, batch 1, MSE. */
export const rawConfigArbitrary = fc.record({
  optimizer: fc.integer({ min: 0, max: OPTIMIZERS.length - 1 }),
  learningRate: fc.integer({ min: 0, max: LEARNING_RATES.length - 1 }),
  steps: fc.integer({ min: 1, max: 5 }),
  batch: fc.integer({ min: 1, max: 6 }),
  loss: fc.integer({ min: 0, max: GENERATED_LOSSES.length - 1 }),
});

/** A whole generated case. */
export const caseArbitrary = (maxSteps = 6): fc.Arbitrary<RawCase> =>
  fc.record({ recipe: recipeArbitrary(maxSteps), config: rawConfigArbitrary });

/** The case options a generated case chooses. */
export interface GeneratedOptions {
  optimizer: OptimizerName;
  optimizerOptions: OptimizerOptions;
  steps: number;
  batchSize: number;
  loss: LossName;
}

/** Raw config choices as case options. */
export function decodeConfig(c: RawConfig): GeneratedOptions {
  return {
    optimizer: OPTIMIZERS[c.optimizer],
    optimizerOptions: { learningRate: LEARNING_RATES[c.learningRate] },
    steps: c.steps,
    batchSize: c.batch,
    loss: GENERATED_LOSSES[c.loss],
  };
}
