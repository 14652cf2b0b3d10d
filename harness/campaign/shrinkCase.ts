import fc from 'fast-check';
import type { CaseResult } from '../engine/CaseResult';
import { caseArbitrary, type RawCase } from '../generate/caseArbitrary';

/** Most candidate cases one shrink may run. */
export const SHRINK_BUDGET = 300;

/** The smallest case found that still shows the label (signature and explanation), and how many shrink steps led there. */
export interface Shrunk {
  raw: RawCase;
  result: CaseResult;
  steps: number;
  /** Whether the original case itself showed the label when run as candidates are (false: the shrink could not start). */
  reproduced: boolean;
}

/** Runs one candidate: its result and its label (`signature|knownCause or new`). */
export type RunCandidate = (raw: RawCase) => Promise<{ result: CaseResult; label?: string }>;

/**
 * Shrinks a diverging generated case with fast-check: the property
 * "this case does not show `label`" fails on the original, and fast-check
 * shrinks the recipe and config while it keeps failing. The label is the
 * signature and the explanation together — the known cause proven on the
 * candidate, or `new` — so a new finding never shrinks into a known one
 * (a model that merely has a known cause's shape), nor a known one into a
 * new one. Known-ness stays judged on the original case.
 */
export async function shrinkCase(raw: RawCase, original: CaseResult, label: string, run: RunCandidate, budget = SHRINK_BUDGET, maxSteps = 6): Promise<Shrunk> {
  let best: Shrunk = { raw, result: original, steps: 0, reproduced: false };
  let tries = 0;
  const details = await fc.check(
    fc.asyncProperty(caseArbitrary(maxSteps), async (candidate) => {
      // A fixed budget of candidate runs (not a time limit) keeps shrinking deterministic.
      if (++tries > budget) return true;
      const { result, label: got } = await run(candidate);
      if (got !== label) return true;
      best = { raw: candidate, result, steps: best.steps, reproduced: true };
      return false;
    }),
    // The example runs first and fails; only it is shrunk (no random runs are needed).
    { examples: [[raw]], numRuns: 1, seed: 0, endOnFailure: false },
  );
  return dropSteps({ ...best, steps: details.numShrinks }, label, run);
}

/**
 * Drops whole construction steps, the last first, while the label
 * holds. fast-check shrinks an array by cutting items from its front and
 * then shrinking items one by one; a trailing step that adds nothing to the
 * divergence (a branch beside it, a layer after it) can survive all of that
 * when every smaller value of an earlier step changes the kind it picks.
 * At most one run per step per pass, and a pass only repeats after a drop.
 */
async function dropSteps(shrunk: Shrunk, label: string, run: RunCandidate): Promise<Shrunk> {
  let best = shrunk;
  for (let dropped = true; dropped; ) {
    dropped = false;
    const steps = best.raw.recipe.steps;
    // A recipe keeps at least one step (recipeArbitrary's minLength).
    for (let i = steps.length - 1; i >= 0 && steps.length > 1; i--) {
      const candidate: RawCase = { ...best.raw, recipe: { ...best.raw.recipe, steps: steps.filter((_, k) => k !== i) } };
      const { result, label: got } = await run(candidate);
      if (got !== label) continue;
      best = { raw: candidate, result, steps: best.steps + 1, reproduced: true };
      dropped = true;
      break;
    }
  }
  return best;
}
