import fc from 'fast-check';
import type { CaseResult } from '../result';
import { caseArbitrary, type RawCase } from './caseArbitrary';

/** Most candidate cases one shrink may run. */
export const SHRINK_BUDGET = 300;

/** The smallest case found that still shows the signature, and how many shrink steps led there. */
export interface Shrunk {
  raw: RawCase;
  result: CaseResult;
  steps: number;
}

/**
 * Shrinks a diverging generated case with fast-check: the property
 * "this case does not show `signature`" fails on the original, and
 * fast-check shrinks the recipe and config while it keeps failing. Holding
 * the signature (not just any divergence) keeps the shrink on one cause.
 */
export async function shrinkCase(raw: RawCase, original: CaseResult, signature: string, run: (raw: RawCase) => Promise<{ result: CaseResult; signature?: string }>, budget = SHRINK_BUDGET, maxSteps = 6): Promise<Shrunk> {
  let best: Shrunk = { raw, result: original, steps: 0 };
  let tries = 0;
  const details = await fc.check(
    fc.asyncProperty(caseArbitrary(maxSteps), async (candidate) => {
      // A fixed budget of candidate runs (not a time limit) keeps shrinking deterministic.
      if (++tries > budget) return true;
      const { result, signature: sig } = await run(candidate);
      if (sig !== signature) return true;
      best = { raw: candidate, result, steps: best.steps };
      return false;
    }),
    // The example runs first and fails; only it is shrunk (no random runs are needed).
    { examples: [[raw]], numRuns: 1, seed: 0, endOnFailure: false },
  );
  return { ...best, steps: details.numShrinks };
}
