import type { DiagnosisRule } from './DiagnosisRule';
import { divergesAt, isAt } from './evidence';

/**
 * Entry 9. Evidence: a layer of the functional model has `training: true`
 * stored on its graph node (read from the model), the inference outputs
 * differ and the training-mode outputs agree. Finding: the `forward`
 * divergence at `forward`.
 */
export const callArgsOnNode: DiagnosisRule = {
  entry: '09-call-args-on-node',
  title: 'Call-time arguments stored on a functional node',
  fix: 'a tiny custom layer whose `call` forces `training: true`, used in the graph',
  matches(f, r) {
    const stored = (r.facts?.layers?.functional ?? []).some((l) => l.trainingOnNode === true);
    return stored && isAt(f, 'forward', 'forward') && !divergesAt(r, 'forward-training', ['forward']);
  },
};
