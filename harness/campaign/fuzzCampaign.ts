import fc from 'fast-check';
import { seedFor } from '../runtime/seedFor';
import { caseArbitrary } from '../generate/caseArbitrary';
import { coverageOf } from '../generate/coverage';
import { DEFAULT_SIZES, type SizeOptions } from '../generate/decodeRecipe';
import { shrinkCase } from './shrinkCase';
import type { CaseResult, Finding, FuzzSummary } from '../engine/result';
import { runGenerated } from './runGenerated';
import type { BackendName } from '../runtime/selectBackend';

/** What a fuzz campaign runs. */
export interface FuzzOptions {
  runs: number;
  seed: number;
  backend: BackendName;
  mutant?: string;
  sizes?: SizeOptions;
  /** Shrink the first case of each new signature (default true). */
  shrink?: boolean;
  onCase?: (r: CaseResult) => void;
}

/**
 * Generates `runs` cases from `seed` (the same seed gives the same cases),
 * runs each, and shrinks the first case of every new divergence signature
 * to a minimal model. Later cases of a known signature only add to its count.
 */
export async function fuzzCampaign(o: FuzzOptions): Promise<{ cases: CaseResult[]; fuzz: FuzzSummary }> {
  const sizes = o.sizes ?? DEFAULT_SIZES;
  const raws = fc.sample(caseArbitrary(sizes.maxSteps), { seed: o.seed, numRuns: o.runs });
  const cases: CaseResult[] = [];
  const originals = [];
  const findings = new Map<string, Finding>();
  for (const [i, raw] of raws.entries()) {
    const g = { name: `fuzz-${o.seed}-${i}`, seed: seedFor(o.seed, 'fuzz', String(i)), mutant: o.mutant, sizes, backend: o.backend };
    let { result, signature } = await runGenerated(raw, g);
    if (result.spec) originals.push(result.spec);
    if (signature) {
      const known = findings.get(signature);
      if (known) {
        known.count++;
        known.cases.push(g.name);
      } else {
        if (o.shrink !== false) {
          const shrunk = await shrinkCase(raw, result, signature, (candidate) => runGenerated(candidate, g), undefined, sizes.maxSteps);
          result = { ...shrunk.result, originalSpec: result.spec, shrinkSteps: shrunk.steps };
        }
        findings.set(signature, { signature, count: 1, cases: [g.name], replay: result.replay!, minimalLayers: result.spec?.layers.length ?? 0, shrinkSteps: result.shrinkSteps ?? 0 });
      }
    }
    cases.push(result);
    o.onCase?.(result);
  }
  return { cases, fuzz: { seed: o.seed, runs: o.runs, mutant: o.mutant, findings: [...findings.values()], coverage: coverageOf(originals) } };
}
