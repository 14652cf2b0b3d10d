import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule } from './DiagnosisRule';
import { extraLeftAt, isAt, isDivergence, onlySubclassSurvivesDispose } from './evidence';

/** Whether the subclass's own outputs changed across its save and reload (weights it did not save came back fresh). */
export function reloadShowsFreshWeights(r: CaseResult): boolean {
  return r.divergences.some((d) => d.kind === 'forward' && d.checkpoint === 'reload' && d.key.startsWith('subclass:'));
}

/**
 * Entry 12b. Evidence: the subclass exposes some weights but not those of
 * one of its sublayers (read from the built objects), and its own outputs
 * changed across save and reload — the hidden weights came back with fresh
 * random values. Findings: the `inventory` divergences (at `build`, `init`
 * and the fresh build of `fit`), the reload's `forward`, the variables
 * each new build creates unexposed (`resources` at `reload`, `fit`) and
 * those surviving `dispose()`.
 */
export const untrackedWeightsOnReload: DiagnosisRule = {
  entry: '12b-serialization-untracked-weights',
  title: 'Serialization: untracked weights',
  fix: "expose every sublayer's weights in `trainableWeights` / `nonTrainableWeights`: weights no getter lists are never trained nor saved, and reload with fresh random values",
  matches(f, r) {
    const hidden = r.facts?.build?.subclass?.unexposedSublayerWeights ?? [];
    if (hidden.length === 0 || !reloadShowsFreshWeights(r)) return false;
    if (!isDivergence(f)) return false;
    if (f.kind === 'inventory') return true;
    if (isAt(f, 'forward', 'reload')) return f.key.startsWith('subclass:');
    if (isAt(f, 'resources', 'dispose')) return onlySubclassSurvivesDispose(r);
    if (isAt(f, 'resources', /^(reload|fit)$/)) {
      const extra = extraLeftAt(r, f.checkpoint);
      return extra !== undefined && extra.tensors === 0 && extra.variables === hidden.length;
    }
    return false;
  },
};
