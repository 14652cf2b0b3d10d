import fc from 'fast-check';
import type { CaseResult } from '../engine/CaseResult';
import type { CaseOptions } from '../engine/resolveConfig';
import { caseArbitrary } from '../generate/caseArbitrary';
import { coverageOf } from '../generate/coverage';
import { DEFAULT_SIZES, type SizeOptions } from '../generate/decodeRecipe';
import { seedFor } from '../runtime/seedFor';
import type { BackendName } from '../runtime/selectBackend';
import type { ModelSpec } from '../spec/types';
import { KNOWN_CAUSES } from '../triage/causes';
import { runGenerated } from './runGenerated';
import type { Finding, FuzzSummary } from './RunResult';
import { shrinkCase } from './shrinkCase';

/** What a fuzz campaign runs. */
export interface FuzzOptions {
  runs: number;
  seed: number;
  backend: BackendName;
  mutant?: string;
  sizes?: SizeOptions;
  /** Shrink the first case of every new finding (default true). */
  shrink?: boolean;
  /**
   * Shrink known findings too (default false): a known finding's minimal
   * model is already its regression fixture, and proving the cause on every
   * shrink candidate costs a rerun each.
   */
  shrinkKnown?: boolean;
  /** The user's case options, applied to every generated case on top of what it generated. */
  options?: CaseOptions;
  onCase?: (r: CaseResult) => void;
}

/** "known-cause-a + known-cause-b: summary (fixture); …" for a finding's causes. */
function describeKnown(ids: string): string {
  return ids
    .split('+')
    .map((id) => KNOWN_CAUSES.find((k) => k.id === id))
    .filter((k) => k !== undefined)
    .map((k) => `${k!.id}: ${k!.summary} (${k!.fixture})`)
    .join('; ');
}

/**
 * Generates `runs` cases from `seed` (the same seed gives the same cases),
 * runs and judges each, and groups diverging ones into findings by
 * signature and explanation. The first case of each new finding (and of
 * each known one with `shrinkKnown`) is shrunk to a minimal model that
 * keeps both; the case itself stays as it ran (its known-ness was judged on
 * it), with the minimal form beside it.
 */
export async function fuzzCampaign(o: FuzzOptions): Promise<{ cases: CaseResult[]; fuzz: FuzzSummary }> {
  const sizes = o.sizes ?? DEFAULT_SIZES;
  const raws = fc.sample(caseArbitrary(sizes.maxSteps), { seed: o.seed, numRuns: o.runs });
  const cases: CaseResult[] = [];
  const originals: ModelSpec[] = [];
  const findings = new Map<string, Finding>();
  for (const [i, raw] of raws.entries()) {
    const g = { name: `fuzz-${o.seed}-${i}`, seed: seedFor(o.seed, 'fuzz', String(i)), mutant: o.mutant, sizes, backend: o.backend, options: o.options };
    let { result, label } = await runGenerated(raw, g);
    if (result.spec) originals.push(result.spec);
    if (label) {
      const seen = findings.get(label);
      if (seen) {
        seen.count++;
        seen.cases.push(g.name);
      } else {
        const finding: Finding = {
          signature: result.signature!,
          knownCause: result.knownCause,
          count: 1,
          cases: [g.name],
          replay: result.replay!,
          minimalLayers: result.spec?.layers.length ?? 0,
          originalLayers: result.spec?.layers.length ?? 0,
          shrinkSteps: 0,
          known: result.knownCause ? describeKnown(result.knownCause) : undefined,
        };
        if (o.shrink !== false && (result.knownCause === undefined || o.shrinkKnown === true)) {
          const shrunk = await shrinkCase(raw, result, label, (candidate) => runGenerated(candidate, g), undefined, sizes.maxSteps);
          if (shrunk.raw !== raw && shrunk.result.spec) {
            const m = shrunk.result;
            result = { ...result, shrunk: { spec: m.spec!, replay: m.replay!, steps: shrunk.steps, verdict: m.verdict, divergences: m.divergences, knownCause: m.knownCause } };
            finding.replay = m.replay!;
            finding.minimalLayers = m.spec!.layers.length;
            finding.shrinkSteps = shrunk.steps;
          }
        }
        findings.set(label, finding);
      }
    }
    cases.push(result);
    o.onCase?.(result);
  }
  return { cases, fuzz: { seed: o.seed, runs: o.runs, mutant: o.mutant, findings: [...findings.values()], coverage: coverageOf(originals) } };
}
