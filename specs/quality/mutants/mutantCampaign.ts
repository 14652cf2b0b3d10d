import type { MutantName } from '../../../harness';
import { fuzzCampaign } from '../../../harness/campaign/fuzzCampaign';
import { useCpu } from '../../helpers';

/** Cases a mutant's campaign runs: the same seed and count for every mutant. */
export const RUNS = 20;
export const SEED = 7;
/** Not a performance bound: a guard against a hung campaign (shrinking runs hundreds of cases). */
export const HANG_GUARD_MS = 900_000;

/**
 * One mutant's test (one file each, so jest spreads them over its
 * workers): a fixed-seed fuzz run must find the mutant's fault as a new
 * finding of the divergence kind the fault implies — never excused as a
 * known tfjs behaviour — and shrink it to a model no larger than the layers
 * the fault needs plus the shape repairs around them. `runs`: more cases for
 * a mutant whose layer the first RUNS cases do not reach where it can show.
 */
export function describeMutant(
  mutant: MutantName,
  kind: string,
  maxLayers: number,
  why: string,
  runs: number = RUNS,
): void {
  beforeAll(useCpu);
  describe(`mutant ${mutant}`, () => {
    it(
      `is detected and shrunk to at most ${maxLayers} layers (${why})`,
      async () => {
        const { fuzz } = await fuzzCampaign({ runs, seed: SEED, backend: 'cpu', mutant });
        const mine = fuzz.findings.filter((f) => f.knownCause === undefined && f.signature.startsWith(`${kind}|`));
        expect(mine.length).toBeGreaterThan(0);
        expect(Math.min(...mine.map((f) => f.minimalLayers))).toBeLessThanOrEqual(maxLayers);
      },
      HANG_GUARD_MS,
    );
  });
}
