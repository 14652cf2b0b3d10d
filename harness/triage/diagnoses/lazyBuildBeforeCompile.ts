import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule } from './DiagnosisRule';
import { NO_TRAINABLE, threw } from './evidence';

/**
 * Whether the subclass exposes trainable weights after an eager call but
 * had none when `compile` collected them on a fresh build that `tf.model`
 * had only called symbolically — and no weight of a sublayer goes
 * unexposed (entry 1 gives the same "0 variables" error).
 */
export function weightsOnlyAfterEagerCall(r: CaseResult): boolean {
  const eager = r.facts?.exposed?.subclass?.trainable ?? 0;
  const compiled = r.facts?.compiled?.subclass?.trainable;
  const hidden = r.facts?.build?.subclass?.unexposedSublayerWeights ?? [];
  return eager > 0 && compiled === 0 && hidden.length === 0;
}

/**
 * Entry 2. Evidence: {@link weightsOnlyAfterEagerCall}. Findings: the
 * subclass's "0 variables" error at `fit`, and its "no target variable"
 * error at `reload` (the rebuilt layer, called only symbolically, has no
 * weights to load into).
 */
export const lazyBuildBeforeCompile: DiagnosisRule = {
  entry: '02-lazy-build-before-compile',
  title: 'Lazy build before compile',
  fix: 'give the layer a `build(inputShape)` that creates the weights, e.g. `build(s) { tf.tidy(() => { this.call(tf.zeros([1, ...s.slice(1)]), {}); }); super.build(s); }`',
  matches(f, r) {
    if (!weightsOnlyAfterEagerCall(r)) return false;
    return (
      threw(f, r, 'subclass', 'fit', NO_TRAINABLE) ||
      threw(f, r, 'subclass', 'reload', /^Provided weight data has no target variable: /)
    );
  },
};
