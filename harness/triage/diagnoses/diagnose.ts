import type { CaseError, Diagnosis, Divergence } from '../../compare/Divergence';
import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule, Finding } from './DiagnosisRule';
import { isDivergence } from './evidence';
import { DIAGNOSIS_RULES } from './index';

/**
 * The one diagnosis a finding carries: the entry of the single rule that
 * matches it. None when no rule matches — and none when two do, since
 * the evidence then cannot tell the mistakes apart and a guess is never
 * given. A divergence a known cause explains carries none: tfjs's
 * behaviour, proven on the case, is not the user's mistake; nor does one
 * seen on one backend only (a kernel computing otherwise, when `auto`
 * reran the case on cpu): the user's code is the same on both.
 */
export function diagnosisOf(
  f: Finding,
  r: CaseResult,
  rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES,
): Diagnosis | undefined {
  if (isDivergence(f) && (f.cause !== undefined || f.backend !== undefined)) return undefined;
  const found = rules.filter((rule) => rule.matches(f, r));
  if (found.length !== 1) return undefined;
  const { entry, title, fix } = found[0];
  return { entry, title, fix };
}

/**
 * A case with every divergence and every side error carrying its
 * diagnosis (or none), read from the case's own evidence. Advice only:
 * verdict, signature and known causes are left exactly as they were.
 */
export function diagnose(r: CaseResult, rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES): CaseResult {
  const withDiagnosis = <T extends Divergence | CaseError>(f: T): T => {
    const { diagnosis: _old, ...plain } = f;
    const d = diagnosisOf(plain as T, r, rules);
    return (d ? { ...plain, diagnosis: d } : plain) as T;
  };
  return { ...r, divergences: r.divergences.map(withDiagnosis), errors: r.errors.map(withDiagnosis) };
}
