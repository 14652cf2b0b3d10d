import fc from 'fast-check';
import type { CaseResult } from '../engine/CaseResult';
import { caseArbitrary, type RawCase } from '../generate/caseArbitrary';

/** Most candidate cases one shrink may run. */
export const SHRINK_BUDGET = 150;

/** The smallest case found that still shows the label (signature and explanation), and how many shrink steps led there. */
export interface Shrunk {
  raw: RawCase;
  result: CaseResult;
  steps: number;
  /** Whether the original case itself showed the label when run as candidates are (false: the shrink could not start). */
  reproduced: boolean;
  /** Candidates run (the original's first run included). */
  candidates: number;
  /**
   * Candidates run until one with as few layers as the returned case was
   * found; the rest simplified its options and sizes, or confirmed that
   * nothing smaller keeps the label.
   */
  candidatesToLayers: number;
}

/** Runs one candidate: its result and its label (`signature|knownCause or new`). */
export type RunCandidate = (raw: RawCase) => Promise<{ result: CaseResult; label?: string }>;

/** Layers of a candidate's model (top level, as findings count them). */
const layersOf = (r: CaseResult) => r.spec?.layers.length ?? Infinity;

/** Runs candidates through a budget, once each: fast-check proposes some candidates more than once. */
type Evaluate = (raw: RawCase) => Promise<{ result: CaseResult; label?: string } | undefined>;

/**
 * Shrinks a diverging generated case: the property "this case does not
 * show `label`" fails on the original, and fast-check shrinks the recipe
 * and config while it keeps failing. The label is the signature and the
 * explanation together — the known cause proven on the candidate, or
 * `new` — so a new finding never shrinks into a known one (a model that
 * merely has a known cause's shape), nor a known one into a new one.
 * Known-ness stays judged on the original case.
 *
 * Whole construction steps are dropped first (a few candidates remove
 * most of a model), then fast-check shrinks what is left, then steps are
 * dropped again. A candidate fast-check proposes twice runs once, and at
 * most `budget` candidates run (a count, not a time, so the result is
 * deterministic).
 */
export async function shrinkCase(
  raw: RawCase,
  original: CaseResult,
  label: string,
  run: RunCandidate,
  budget = SHRINK_BUDGET,
  maxSteps = 6,
): Promise<Shrunk> {
  const seen = new Map<string, { result: CaseResult; label?: string }>();
  let runs = 0;
  const evaluate: Evaluate = async (candidate) => {
    const key = JSON.stringify(candidate);
    const known = seen.get(key);
    if (known) return known;
    if (runs >= budget) return undefined;
    runs++;
    const r = await run(candidate);
    seen.set(key, r);
    return r;
  };
  // Each new best, with the run it came at: when did the model reach its final size?
  const improvements: { at: number; layers: number }[] = [];
  const first = await evaluate(raw);
  if (first?.label !== label)
    return { raw, result: original, steps: 0, reproduced: false, candidates: runs, candidatesToLayers: runs };
  const noted = (b: Best) => (improvements.push({ at: b.at, layers: layersOf(b.result) }), b);
  let best = await dropSteps(
    noted({ raw, result: first.result, steps: 0, at: runs }),
    label,
    evaluate,
    () => runs,
    noted,
  );
  const from = best;
  const details = await fc.check(
    fc.asyncProperty(caseArbitrary(maxSteps), async (candidate) => {
      const r = await evaluate(candidate);
      if (r?.label !== label) return true;
      // fast-check shrinks the recipe, and a smaller recipe can decode to a larger model (a shape repair it
      // now needs): it goes on from the candidate, but the minimal model never grows.
      if (layersOf(r.result) <= layersOf(best.result))
        best = noted({ raw: candidate, result: r.result, steps: best.steps, at: runs });
      return false;
    }),
    // The example runs first and fails; only it is shrunk (no random runs are needed).
    { examples: [[from.raw]], numRuns: 1, seed: 0, endOnFailure: false },
  );
  best = await dropSteps({ ...best, steps: from.steps + details.numShrinks }, label, evaluate, () => runs, noted);
  const { at: _at, ...found } = best;
  const layers = layersOf(found.result);
  return {
    ...found,
    reproduced: true,
    candidates: runs,
    candidatesToLayers: improvements.find((i) => i.layers <= layers)?.at ?? runs,
  };
}

/**
 * Drops whole construction steps, the last first, while the label
 * holds. fast-check shrinks an array by cutting items from its front and
 * then shrinking items one by one; a trailing step that adds nothing to the
 * divergence (a branch beside it, a layer after it) can survive all of that
 * when every smaller value of an earlier step changes the kind it picks.
 * At most one run per step per pass, and a pass only repeats after a drop.
 */
type Best = Pick<Shrunk, 'raw' | 'result' | 'steps'> & { at: number };

async function dropSteps(
  shrunk: Best,
  label: string,
  evaluate: Evaluate,
  runs: () => number,
  noted: (b: Best) => Best,
): Promise<Best> {
  let best = shrunk;
  for (let dropped = true; dropped;) {
    dropped = false;
    const steps = best.raw.recipe.steps;
    // A recipe keeps at least one step (recipeArbitrary's minLength).
    for (let i = steps.length - 1; i >= 0 && steps.length > 1; i--) {
      const candidate: RawCase = {
        ...best.raw,
        recipe: { ...best.raw.recipe, steps: steps.filter((_, k) => k !== i) },
      };
      const r = await evaluate(candidate);
      if (r?.label !== label) continue;
      best = noted({ raw: candidate, result: r.result, steps: best.steps + 1, at: runs() });
      dropped = true;
      break;
    }
  }
  return best;
}
