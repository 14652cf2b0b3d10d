import type { DiagnosisRule } from './DiagnosisRule';
import { isDivergence } from './evidence';

/**
 * Entry 13. Evidence: the subclass holds a layer with `trainable = false`
 * whose weights it still lists as trainable (read from the objects).
 * Findings: the `inventory` divergences (at `init`, and at `fit`'s fresh
 * build) — the trainable counts and the weights frozen on one side only.
 */
export const trainableFalse: DiagnosisRule = {
  entry: '13-trainable-false',
  title: '`trainable = false` on a custom layer',
  fix: 'filter in the getters: `get trainableWeights() { return this.trainable ? this.body.trainableWeights : []; }` (and return the rest as non-trainable), or set `trainable` on the sublayers too',
  matches(f, r) {
    const frozen = r.facts?.build?.subclass?.frozenButTrainable ?? [];
    return (
      frozen.length > 0 &&
      isDivergence(f) &&
      f.kind === 'inventory' &&
      (f.checkpoint === 'init' || f.checkpoint === 'fit')
    );
  },
};
