import { fuzzCampaign } from '../../../harness/campaign/fuzzCampaign';
import { useCpu } from '../../helpers';
import { HANG_GUARD_MS, RUNS, SEED } from './mutantCampaign';

beforeAll(useCpu);

/**
 * Findings of these runs that are real and still unexplained — new, reported as new, listed here by their
 * signature so that any other unexplained one fails. None. Two cases named fuzz-7-11 were listed here and were our
 * faults: a nested block returning a returnState LSTM's outputs (the multi-output-executor rerun handed the executor
 * the tensors it then disposed; now proven, fixtures/regressions/multi-output-executor-returnstate-lstm.json), and,
 * since the generator draws randomWidth, a randomWidth ahead of a three-output block, whose proving rerun ran past
 * the build failure into divergences the original never observed and counted them as moves; they are now judged on
 * that rerun by the other causes (multi-output-executor, constraint-applied-at-load, multi-output-fit prove them).
 */
const OPEN: string[] = [];

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
