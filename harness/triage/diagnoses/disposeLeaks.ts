import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule } from './DiagnosisRule';
import { callsLeak, extraLeftAt, isAt, isDivergence, onlySubclassSurvivesDispose } from './evidence';

/**
 * Whether what the subclass left beyond the functional model at a build
 * (tensors, variables) is at most one per bare variable — the variable,
 * and the tensor it was made from — and not nothing.
 */
function leftByBareVariables(r: CaseResult, checkpoint: string, bare: number): boolean {
  const extra = extraLeftAt(r, checkpoint);
  if (!extra || (extra.tensors === 0 && extra.variables === 0)) return false;
  return [0, bare].includes(extra.tensors) && [0, bare].includes(extra.variables);
}

/**
 * Entry 16. Evidence: the subclass created variables no layer holds (a
 * bare `tf.variable`, read from the objects after its first call) and
 * none of a sublayer's goes unexposed (entry 1), and its eager calls leak
 * nothing (entry 18). Findings: the `inventory` divergence at `build`
 * naming them, what each build leaves by them (`resources` at `build`,
 * `reload`, `fit`: the variable and the tensor it was made from), and the
 * variables surviving `dispose()`.
 */
export const disposeLeaks: DiagnosisRule = {
  entry: '16-dispose-leaks',
  title: 'Dispose leaks',
  fix: "make the variable a weight: `this.calls = this.addWeight('calls', [], 'float32', tf.initializers.zeros(), undefined, false)` instead of `tf.variable()`",
  matches(f, r) {
    const b = r.facts?.build?.subclass;
    const bare = b?.unexposedBare.length ?? 0;
    if (!b || bare === 0 || b.unexposedSublayerWeights.length > 0 || callsLeak(r)) return false;
    if (isAt(f, 'inventory', 'build')) return isDivergence(f) && f.key === 'unexposed';
    if (isAt(f, 'resources', 'dispose')) return onlySubclassSurvivesDispose(r);
    return isAt(f, 'resources', /^(build|reload|fit)$/) && leftByBareVariables(r, f.checkpoint, bare);
  },
};
