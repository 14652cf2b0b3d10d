import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule } from './DiagnosisRule';
import { isAt, isDivergence } from './evidence';

/**
 * Whether the subclass's `calculateLosses()` (called by the loop) returned
 * fewer penalties than the layers it holds carry after its first call
 * (read from the objects), and fewer than the functional model's returned.
 */
export function penaltiesLost(r: CaseResult): boolean {
  const returned = r.facts?.loop?.penalties;
  const held = r.facts?.build?.subclass?.penaltiesHeld;
  if (returned?.subclass === undefined || returned.functional === undefined || held === undefined) return false;
  return returned.subclass < held && returned.subclass < returned.functional;
}

/**
 * Entry 5. Evidence: {@link penaltiesLost}. Findings: every `loss`
 * divergence (the loop's and `fit`'s lack λ‖W‖²) and the gradients at
 * `gradients` (the regularized kernel's lacks 2λW).
 */
export const regularizerOnSublayer: DiagnosisRule = {
  entry: '05-regularizer-on-sublayer',
  title: 'Regularizer on a sublayer',
  fix: "collect the sublayers' penalties: `calculateLosses() { return [this.a, this.b].flatMap((l) => l.calculateLosses()); }`",
  matches(f, r) {
    if (!isDivergence(f) || !penaltiesLost(r)) return false;
    return f.kind === 'loss' || isAt(f, 'gradient', 'gradients');
  },
};
