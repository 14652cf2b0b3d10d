import type { DiagnosisRule } from './DiagnosisRule';
import { callsLeak, extraLeftAt, isAt } from './evidence';

/**
 * Entry 19. Evidence: each build of the subclass left tensors the
 * functional model's did not, and no variables — while its eager calls
 * leak nothing (entry 18) and it holds no bare variable (entry 16, whose
 * builds leave the tensor a variable was made from). What a build does
 * beyond a call is its `build()`: a trace kept by `tf.tidy` (an arrow
 * with an expression body returns the call's output, and tidy keeps what
 * its callback returns). Findings: `resources` at `build`, and at `reload`
 * and `fit`, where the layer is built again.
 */
export const buildKeepsTrace: DiagnosisRule = {
  entry: '19-build-keeps-trace',
  title: '`build()` keeps its trace',
  fix: 'trace in a block, which returns nothing: `build(s) { tf.tidy(() => { this.call(tf.zeros([1, ...s.slice(1)]), {}); }); super.build(s); }`',
  matches(f, r) {
    const b = r.facts?.build?.subclass;
    if (!b || b.unexposedBare.length > 0 || b.unexposedSublayerWeights.length > 0 || callsLeak(r)) return false;
    if (!isAt(f, 'resources', /^(build|reload|fit)$/)) return false;
    const extra = extraLeftAt(r, f.checkpoint);
    return extra !== undefined && extra.tensors > 0 && extra.variables === 0;
  },
};
