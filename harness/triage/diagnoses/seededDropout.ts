import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule } from './DiagnosisRule';
import { divergesAt, isAt } from './evidence';

/** The seeds of a side's dropout layers, sorted ('-' for an unseeded one). */
function dropoutSeeds(r: CaseResult, side: 'subclass' | 'functional'): string {
  return (r.facts?.layers?.[side] ?? [])
    .filter((l) => ['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'AlphaDropout'].includes(l.className))
    .map((l) => (l.dropoutSeed === undefined ? '-' : String(l.dropoutSeed)))
    .sort()
    .join(',');
}

/**
 * Entry 14d. Evidence: the two sides' dropout layers are seeded
 * differently (read from the layers; a seeded Dropout draws the same mask
 * on every call), inference agrees and the training-mode outputs differ.
 * Finding: the `forward` divergence at `forward-training`.
 */
export const seededDropout: DiagnosisRule = {
  entry: '14d-seeded-dropout-one-side',
  title: 'Randomness: a seeded Dropout',
  fix: 'seed a Dropout only to make one call reproducible, never to train: seeded, it draws the same mask on every call',
  matches(f, r) {
    const [s, fn] = [dropoutSeeds(r, 'subclass'), dropoutSeeds(r, 'functional')];
    const seeded = /\d/.test(s + fn);
    return seeded && s !== fn && isAt(f, 'forward', 'forward-training') && !divergesAt(r, 'forward', ['forward']);
  },
};
