import fc from 'fast-check';
import type { CaseResult } from '../engine/result';
import { caseArbitrary, type RawCase } from '../generate/caseArbitrary';

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
  return dropSteps({ ...best, steps: details.numShrinks }, signature, run);
}

/**
 * Drops whole construction steps, the last first, while the signature
 * holds. fast-check shrinks an array by cutting items from its front and
 * then shrinking items one by one; a trailing step that adds nothing to the
 * divergence (a branch beside it, a layer after it) can survive all of that
 * when every smaller value of an earlier step changes the kind it picks.
 * At most one run per step per pass, and a pass only repeats after a drop.
 */
async function dropSteps(shrunk: Shrunk, signature: string, run: (raw: RawCase) => Promise<{ result: CaseResult; signature?: string }>): Promise<Shrunk> {
  let best = shrunk;
  for (let dropped = true; dropped; ) {
    dropped = false;
    const steps = best.raw.recipe.steps;
    // A recipe keeps at least one step (recipeArbitrary's minLength).
    for (let i = steps.length - 1; i >= 0 && steps.length > 1; i--) {
      const candidate: RawCase = { ...best.raw, recipe: { ...best.raw.recipe, steps: steps.filter((_, k) => k !== i) } };
      const { result, signature: sig } = await run(candidate);
      if (sig !== signature) continue;
      best = { raw: candidate, result, steps: best.steps + 1 };
      dropped = true;
      break;
    }
  }
  return best;
}
