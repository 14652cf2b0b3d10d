import type { KnownCause } from '../KnownCause';

/** The optimizers whose tfjs update formula differs from Keras 3's, and the formula keras_reference.py imitates. */
const FORMULA: Record<string, string> = { adam: 'tfjs:Adam', adadelta: 'tfjs:Adadelta' };

/**
 * Two optimizers update differently in tfjs 4.22 and Keras 3, so every
 * step after the first gradient differs while loss and gradients agree:
 *
 * - **Adam** — tfjs adds epsilon to √v̂ after bias correction
 *   (`m̂ / (√v̂ + ε)`, the Adam paper's Algorithm 1); Keras 3 folds the
 *   correction into the learning rate and adds epsilon to √v (the paper's
 *   "ε̂" form, as TensorFlow's ApplyAdam). A difference by design: both are
 *   Adam, and they part where √v is near ε (small gradients).
 * - **Adadelta** — tfjs divides by √(E[g²] + ε) of the accumulator
 *   *before* this step's gradient is added (tfjs-core
 *   optimizers/adadelta_optimizer.ts); Keras 3, TensorFlow's ApplyAdadelta
 *   and Zeiler's Algorithm 1 use the updated one. At the first step tfjs's
 *   update is the whole gradient (√ε / √ε = 1). A tfjs bug.
 *
 * Proof by counterfactual: keras_reference.py runs tfjs's own formula
 * (`tfjs:Adam`, `tfjs:Adadelta`, written with TensorFlow ops) in place of
 * the Keras optimizer, and the case runs again: the step divergences must
 * vanish, and nothing else move.
 */
export const referenceOptimizerFormula: KnownCause = {
  id: 'optimizer-formula-differs',
  fixture: 'fixtures/regressions/reference/adadelta-formula.json',
  summary:
    "tfjs's Adam adds epsilon after bias correction (Keras before, by design); tfjs's Adadelta divides by the previous accumulated gradient (Keras, TensorFlow and the paper by the updated one)",
  suspect: (r) =>
    FORMULA[r.config.optimizer] !== undefined &&
    r.divergences.some((d) => d.reference === 'keras' && d.checkpoint.startsWith('step-')),
  counterfactual: {
    evidence: "gone when the Keras reference updates with tfjs's own Adam/Adadelta formula (rerun)",
    hooks: (r) => ({
      referenceOptimizer: (optimizer) => {
        optimizer.class = FORMULA[r.config.optimizer];
      },
    }),
  },
};
