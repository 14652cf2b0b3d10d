import { MUTANTS, type MutantName } from '../../harness';
import { fuzzCampaign } from '../../harness/campaign/fuzzCampaign';
import { useCpu } from '../helpers';

beforeAll(useCpu);

const RUNS = 20;
/** Not a performance bound: a guard against a hung campaign (shrinking runs hundreds of cases). */
const HANG_GUARD_MS = 900_000;
const SEED = 7;

/**
 * Each mutant must be found by a fixed-seed fuzz run, with the divergence
 * kind its fault implies, and shrunk to a model no larger than the layers
 * the fault needs plus the shape repairs around them.
 */
const expected: Record<MutantName, { kind: string; maxLayers: number; why: string }> = {
  'unshared-layer': { kind: 'inventory', maxLayers: 2, why: 'one layer applied twice, and a head' },
  'untracked-weights': { kind: 'inventory', maxLayers: 3, why: 'one weighted layer, with a repair before it' },
  'no-training-flag': { kind: 'forward', maxLayers: 3, why: 'a dropout or batch norm, its input repair and a head' },
  'concat-swap': { kind: 'forward', maxLayers: 3, why: 'two branches and the concatenation' },
  'skip-regularizer': { kind: 'loss', maxLayers: 3, why: 'a regularized layer, with a repair' },
  'drop-bias': { kind: 'inventory', maxLayers: 3, why: 'a dense or conv, with a repair before it' },
};

describe.each(Object.keys(MUTANTS) as MutantName[])('mutant %s', (mutant) => {
  it(`is detected and shrunk to at most ${expected[mutant].maxLayers} layers (${expected[mutant].why})`, async () => {
    const { fuzz } = await fuzzCampaign({ runs: RUNS, seed: SEED, backend: 'cpu', mutant });
    // New findings only: a mutant's fault is never excused as a known tfjs behaviour.
    const mine = fuzz.findings.filter((f) => f.knownCause === undefined && f.signature.startsWith(`${expected[mutant].kind}|`));
    expect(mine.length).toBeGreaterThan(0);
    expect(Math.min(...mine.map((f) => f.minimalLayers))).toBeLessThanOrEqual(expected[mutant].maxLayers);
  }, HANG_GUARD_MS);
});

describe('without a mutant', () => {
  it('the same runs show no divergence except recorded tfjs behaviours', async () => {
    const { cases } = await fuzzCampaign({ runs: RUNS, seed: SEED, backend: 'cpu', shrink: false });
    const unexplained = cases.filter((c) => c.verdict === 'harness-error' || (c.verdict === 'divergence' && c.knownCause === undefined));
    expect(unexplained.map((c) => `${c.name}: ${c.signature ?? c.errors[0]?.message}`)).toEqual([]);
  }, HANG_GUARD_MS);
});
