import { fuzzCampaign } from '../../../harness/campaign/fuzzCampaign';
import { useCpu } from '../../helpers';
import { HANG_GUARD_MS, RUNS, SEED } from './mutantCampaign';

beforeAll(useCpu);

describe('without a mutant', () => {
  it(
    "the mutants' runs show no divergence except recorded tfjs behaviours",
    async () => {
      const { cases } = await fuzzCampaign({ runs: RUNS, seed: SEED, backend: 'cpu', shrink: false });
      const unexplained = cases.filter(
        (c) => c.verdict === 'harness-error' || (c.verdict === 'divergence' && c.knownCause === undefined),
      );
      expect(cases).toHaveLength(RUNS);
      expect(unexplained.map((c) => `${c.name}: ${c.signature ?? c.errors[0]?.message}`)).toEqual([]);
    },
    HANG_GUARD_MS,
  );
});
