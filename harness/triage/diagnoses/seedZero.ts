import type { DiagnosisRule } from './DiagnosisRule';
import { isAt } from './evidence';
import { initializerSeeds } from './initializerSeeds';

/**
 * Entry 14c. Evidence: some normal initializer (heNormal, randomNormal …)
 * has `seed: 0`, which tfjs's normal generators treat as no seed, and no
 * initializer is unseeded outright (entry 14a). Finding: the initial values
 * at `init`.
 */
export const seedZero: DiagnosisRule = {
  entry: '14c-seed-zero',
  title: 'Randomness: `seed: 0`',
  fix: "seeds ≥ 1: tfjs's normal initializers treat `seed: 0` as no seed",
  matches(f, r) {
    const s = initializerSeeds(r);
    return s.seedZero && !s.unseeded && isAt(f, 'init', 'init');
  },
};
