import type { CaseResult } from '../engine/CaseResult';

/** How a case counts, the same in every report and in the exit code. */
export type Outcome = 'pass' | 'known' | 'allowed' | 'failure' | 'error';

/**
 * The one verdict policy. A divergence fails, unless triage proved every
 * divergence of the case comes from a known tfjs behaviour (then it is
 * `known`, a pass — and a failure under `strict`), or every divergence is of
 * a kind the case's config allows (`allowed`, a pass, also under `strict`). A harness error, a
 * kernel the backend lacks, a timeout or a crashed worker is an `error`:
 * the case was not checked, which is never a pass. Parity and an agreed
 * error pass.
 */
export function outcomeOf(c: CaseResult, strict: boolean): Outcome {
  if (c.verdict === 'divergence') {
    if (c.knownCause !== undefined && !strict) return 'known';
    // The team's own choice of what does not fail (--allow): it holds under --strict too.
    return c.allowed !== undefined ? 'allowed' : 'failure';
  }
  if (
    c.verdict === 'harness-error' ||
    c.verdict === 'backend-limitation' ||
    c.verdict === 'timeout' ||
    c.verdict === 'crashed'
  )
    return 'error';
  return 'pass';
}

/** 1 if any case fails, else 3 if any case could not be checked, else 0 (2 is bad input, before any run). */
export function exitCode(cases: CaseResult[], strict = false): 0 | 1 | 3 {
  const outcomes = cases.map((c) => outcomeOf(c, strict));
  if (outcomes.includes('failure')) return 1;
  if (outcomes.includes('error')) return 3;
  return 0;
}
