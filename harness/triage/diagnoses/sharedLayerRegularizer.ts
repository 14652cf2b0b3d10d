import type { DiagnosisRule } from './DiagnosisRule';
import { isDivergence } from './evidence';

/**
 * Entry 6 — a tfjs behaviour, not a mistake: the known cause
 * `shared-regularizer`, proven on the case by its counterfactual rerun,
 * is the whole evidence. Findings: the `loss` divergences that proof
 * explains.
 */
export const sharedLayerRegularizer: DiagnosisRule = {
  entry: '06-shared-layer-regularizer',
  title: "Shared layer's regularizer",
  fix: 'none on your side short of computing the penalty yourself: the functional model penalizes a shared layer once per application',
  onKnownCause: true,
  matches(f) {
    return isDivergence(f) && f.kind === 'loss' && (f.cause?.split('+') ?? []).includes('shared-regularizer');
  },
};
