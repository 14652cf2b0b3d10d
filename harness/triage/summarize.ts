import type { CaseResult } from '../engine/CaseResult';
import type { Verdict } from '../engine/verdict';
import { outcomeOf } from './verdictPolicy';

/** Verdict counts of a run, and what the verdict policy makes of them. */
export interface RunSummary {
  cases: number;
  parity: number;
  divergence: number;
  /** Diverging cases whose every divergence a known tfjs behaviour was proven to explain. */
  knownDivergence: number;
  /** Diverging cases whose every divergence is of a kind the run allows (`--allow`): reported, not failing. */
  allowed: number;
  agreedError: number;
  backendLimitation: number;
  harnessError: number;
  /** Cases that did not finish within the case timeout. */
  timeout: number;
  /** Cases whose worker died under them. */
  crashed: number;
  /** Cases whose outputs or loss were non-finite on both sides alike (any verdict). */
  uninformative: number;
  /** Cases the verdict policy counts as failures (see `outcomeOf`). */
  failures: number;
}

/** Verdict counts of a run, and how many cases the verdict policy fails. */
export function summarize(cases: CaseResult[], strict = false): RunSummary {
  const n = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  return {
    cases: cases.length,
    parity: n('parity'),
    divergence: n('divergence'),
    knownDivergence: cases.filter((c) => c.verdict === 'divergence' && c.knownCause !== undefined).length,
    allowed: cases.filter((c) => outcomeOf(c, strict) === 'allowed').length,
    agreedError: n('agreed-error'),
    backendLimitation: n('backend-limitation'),
    harnessError: n('harness-error'),
    timeout: n('timeout'),
    crashed: n('crashed'),
    uninformative: cases.filter((c) => c.uninformative !== undefined).length,
    failures: cases.filter((c) => outcomeOf(c, strict) === 'failure').length,
  };
}
