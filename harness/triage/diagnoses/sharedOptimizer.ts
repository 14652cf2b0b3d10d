import type { DiagnosisRule } from './DiagnosisRule';
import { divergesAt, isAt, isDivergence, thrown } from './evidence';

const FIX = 'one optimizer per model, and a stable variable list per optimizer';

/**
 * Entry 7a. Evidence: one optimizer instance stepped both models (the
 * loop as the pair declares it), and step 1's loss and gradients agree.
 * Finding: the weights after `step-1` — the update alone differs.
 */
export const sharedOptimizerSameOrder: DiagnosisRule = {
  entry: '07a-shared-optimizer-same-order',
  title: 'Optimizer slots by position: one optimizer, two models',
  fix: FIX,
  matches(f, r) {
    if (r.facts?.loop?.sharedOptimizer !== true || !isAt(f, 'weights', 'step-1')) return false;
    return !divergesAt(r, 'loss', ['loss']) && !divergesAt(r, 'gradients', ['gradient']);
  },
};

/** A broadcast that failed, as tfjs's JavaScript kernels (cpu, wasm) and TensorFlow (the tensorflow backend) say it. */
const BROADCAST_FAILED = /^(Operands could not be broadcast together with shapes |Incompatible shapes: )/;

/**
 * Entry 7b. Evidence: one optimizer instance stepped both models, and
 * one side's step failed on a broadcast — the slots of the other model's
 * variable list, by position. Finding: that error.
 */
export const sharedOptimizerPermutedList: DiagnosisRule = {
  entry: '07b-shared-optimizer-permuted-list',
  title: 'Optimizer slots by position: one optimizer, two models',
  fix: FIX,
  matches(f, r) {
    if (r.facts?.loop?.sharedOptimizer !== true) return false;
    const t = thrown(f, r);
    const inLoop = f.checkpoint === 'loss' || /^step-\d+$/.test(f.checkpoint);
    return t !== undefined && inLoop && BROADCAST_FAILED.test(t.message) && (!isDivergence(f) || f.kind === 'error');
  },
};
