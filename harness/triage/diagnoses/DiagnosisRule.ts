import type { CaseError, Diagnosis, Divergence } from '../../compare/Divergence';
import type { CaseResult } from '../../engine/CaseResult';

/** What a diagnosis attaches to: a divergence, or an error a side (or both) raised. */
export type Finding = Divergence | CaseError;

/**
 * One pair-catalogue entry's pattern (fixtures/pairs/README.md): the
 * entry, its title and fix, and the test a finding must pass to carry
 * them. `matches` reads only the case's own evidence — its divergences,
 * errors, resources and facts, all recorded on the user's path — and
 * must say no whenever that evidence could also come from another
 * entry's mistake or from no mistake at all: a diagnosis is advice, and
 * wrong advice is worse than none. It never changes a verdict, a
 * signature or a known cause, and it is never given to a divergence a
 * known cause explains (that is tfjs's doing, proven, not the user's).
 */
export interface DiagnosisRule extends Diagnosis {
  /** Whether `finding` shows this entry's mistake, on `r`'s own evidence. */
  matches(finding: Finding, r: CaseResult): boolean;
}
