import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule } from './DiagnosisRule';
import { isDivergence } from './evidence';

/** Whether the subclass's training-mode call returned exactly its inference output while the functional model's did not. */
export function subclassIgnoresTraining(r: CaseResult): boolean {
  const t = r.facts?.trainingIgnored;
  return t?.subclass === true && t.functional === false;
}

/**
 * Entry 3. Evidence: {@link subclassIgnoresTraining} — called with
 * `training: true`, the subclass computed what it computes in inference
 * (no dropout, BatchNorm on its moving statistics), while its functional
 * twin changed. Findings: what differs at `forward-training`, and every
 * `state` divergence (the statistics that never move).
 */
export const trainingNotForwarded: DiagnosisRule = {
  entry: '03-training-not-forwarded',
  title: '`training` not forwarded',
  fix: 'pass `kwargs` on to every sublayer: `this.bn.apply(h, kwargs)`',
  matches(f, r) {
    if (!isDivergence(f) || !subclassIgnoresTraining(r)) return false;
    return f.checkpoint === 'forward-training' || f.kind === 'state';
  },
};
