import type { DiagnosisRule } from './DiagnosisRule';
import { callsLeak, extraLeftAt, isAt } from './evidence';

/**
 * Entry 18. Evidence: the subclass's own eager calls (`forward`,
 * `forward-training`, made as a user makes them, no tidy around) left
 * tensors the functional model's did not, and no variables. Findings:
 * those `resources` divergences, and the one at `build` (its first call)
 * when that too left tensors only.
 */
export const callWithoutTidy: DiagnosisRule = {
  entry: '18-call-without-tidy',
  title: '`call()` without `tf.tidy`',
  fix: '`call(inputs, kwargs) { return tf.tidy(() => { … }); }` — and in `build()`, trace in a block: `tf.tidy(() => { this.call(zeros, {}); })`',
  matches(f, r) {
    if (!callsLeak(r) || !isAt(f, 'resources', /^(build|forward|forward-training)$/)) return false;
    const extra = extraLeftAt(r, f.checkpoint);
    return extra !== undefined && extra.tensors > 0 && extra.variables === 0;
  },
};
