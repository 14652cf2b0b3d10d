import type { RunResult } from '../campaign/RunResult';
import type { Divergence } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';
import { outcomeOf } from '../triage/verdictPolicy';

/** A case the verdict policy fails, with the divergence it is about. */
export interface FailingCase {
  case: CaseResult;
  /** `failure`: a divergence (new, or known under `strict`); `error`: the case could not be checked. */
  outcome: 'failure' | 'error';
  /** The first divergence no known cause explains (the signature's), or the first; none for an error. */
  divergence?: Divergence;
}

/**
 * The cases a run fails, by the one verdict policy the exit code and every
 * report apply: divergences first, then the cases that could not be checked.
 */
export function failingCases(r: RunResult): FailingCase[] {
  const out: FailingCase[] = [];
  for (const c of r.cases) {
    const outcome = outcomeOf(c, r.config.strict);
    if (outcome === 'failure')
      out.push({ case: c, outcome, divergence: c.divergences.find((d) => d.cause === undefined) ?? c.divergences[0] });
  }
  for (const c of r.cases) if (outcomeOf(c, r.config.strict) === 'error') out.push({ case: c, outcome: 'error' });
  return out;
}

/** Why a case that could not be checked was not: its limitation, or its first harness error. */
export function notCheckedReason(c: CaseResult): string {
  if (c.verdict === 'backend-limitation' && c.limitation)
    return `backend ${c.limitation.backend} has no kernel ${c.limitation.kernel} (needed at ${c.limitation.checkpoint})`;
  const e = c.errors.find((x) => x.side === 'harness') ?? c.errors[0];
  return e ? `${e.checkpoint}: ${e.message.split('\n')[0]}` : c.verdict;
}
