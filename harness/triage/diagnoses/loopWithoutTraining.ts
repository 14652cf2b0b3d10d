import type { DiagnosisRule } from './DiagnosisRule';
import { divergesAt, isAt } from './evidence';

/**
 * Entry 4. Evidence: the custom loop called one side without
 * `training: true` and the other with it (the loop as the pair declares
 * it), while both forward checkpoints agree — the models are the same.
 * Findings: the loss at `loss`, and the BatchNorm `state` after each step.
 */
export const loopWithoutTraining: DiagnosisRule = {
  entry: '04-custom-loop-without-training',
  title: 'Custom loop without `training: true`',
  fix: '`model.apply(x, { training: true })` inside the loop',
  matches(f, r) {
    const t = r.facts?.loop?.training;
    if (!t || t.subclass === t.functional) return false;
    if (['forward', 'forward-training'].some((cp) => divergesAt(r, cp, ['forward', 'activation', 'state'])))
      return false;
    return isAt(f, 'loss', 'loss') || isAt(f, 'state', /^step-\d+$/);
  },
};
