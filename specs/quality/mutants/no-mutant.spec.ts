import { fuzzCampaign } from '../../../harness/campaign/fuzzCampaign';
import { useCpu } from '../../helpers';
import { HANG_GUARD_MS, RUNS, SEED } from './mutantCampaign';

beforeAll(useCpu);

/**
 * Findings of these runs that are real and still unexplained — new, reported as new, listed here by their
 * signature so that any other unexplained one fails. fuzz-7-11: a nested block returning a returnState GRU's
 * output and state, the GRU with dropout, in a training-mode call: the functional executor runs the block once
 * per output (multi-output-executor), but that cause's proof (the counterfactual) does not make the case agree,
 * so it is not excused; README "What parity-check found" lists it as open.
 */
const OPEN = ['fuzz-7-11: forward|block|forward-training'];

describe('without a mutant', () => {
  it(
    "the mutants' runs show no divergence except recorded tfjs behaviours",
    async () => {
      const { cases } = await fuzzCampaign({ runs: RUNS, seed: SEED, backend: 'cpu', shrink: false });
      const unexplained = cases.filter(
        (c) => c.verdict === 'harness-error' || (c.verdict === 'divergence' && c.knownCause === undefined),
      );
      expect(cases).toHaveLength(RUNS);
      expect(unexplained.map((c) => `${c.name}: ${c.signature ?? c.errors[0]?.message}`)).toEqual(OPEN);
    },
    HANG_GUARD_MS,
  );
});
