import type { DiagnosisRule } from './DiagnosisRule';
import { isAt, isDivergence, NO_TRAINABLE, onlySubclassSurvivesDispose, threw } from './evidence';
import { reloadShowsFreshWeights } from './untrackedWeightsOnReload';

/**
 * Entry 1. Evidence: the subclass created variables that are weights of
 * its own sublayers and never exposes them (read from the built objects
 * after its first call), and its reload did not show them re-randomized
 * (that is entry 12b's finding). Findings: the `inventory` divergences
 * at `build` and `init`, the "0 variables" error it then throws in the
 * loop or `fit`, and the variables surviving `dispose()`.
 */
export const untrackedSublayers: DiagnosisRule = {
  entry: '01-untracked-sublayers',
  title: 'Untracked sublayers',
  fix: "expose the sublayers' weights: `get trainableWeights() { return [this.a, this.b].flatMap((l) => l.trainableWeights); }` (and the same for `nonTrainableWeights`)",
  matches(f, r) {
    const hidden = r.facts?.build?.subclass?.unexposedSublayerWeights ?? [];
    if (hidden.length === 0 || reloadShowsFreshWeights(r)) return false;
    if (isDivergence(f) && f.kind === 'inventory') return f.checkpoint === 'build' || f.checkpoint === 'init';
    if (isAt(f, 'resources', 'dispose')) return onlySubclassSurvivesDispose(r);
    return threw(f, r, 'subclass', /^(loss|step-\d+|fit)$/, NO_TRAINABLE);
  },
};
