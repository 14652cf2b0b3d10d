import type { DiagnosisRule } from './DiagnosisRule';
import { isAt } from './evidence';
import { initializerSeeds } from './initializerSeeds';

/**
 * Entry 14a. Evidence: some layer's random initializer has no seed (read
 * from the layers), and none has the seed 0 of entry 14c. Finding: the
 * initial values at `init`.
 */
export const unseededInitializers: DiagnosisRule = {
  entry: '14a-unseeded-both-sides',
  title: 'Randomness: unseeded initializers',
  fix: 'seeded initializers, or copy the weights across (`sub.setWeights(fun.getWeights())`)',
  matches(f, r) {
    const s = initializerSeeds(r);
    return s.unseeded && !s.seedZero && isAt(f, 'init', 'init');
  },
};
