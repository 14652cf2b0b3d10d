import type { DiagnosisRule } from './DiagnosisRule';
import { divergesAt, isAt } from './evidence';

/**
 * Entry 10. Evidence: the subclass's first call applied a layer to the
 * output of a mask-making layer (Masking, Embedding with `maskZero`)
 * without passing the mask, where the functional model's executor passed
 * it every time (both read from the traced calls), and the initial weights
 * agree. Findings: the `forward` divergences at `forward` and
 * `forward-training`.
 */
export const maskPropagation: DiagnosisRule = {
  entry: '10-mask-propagation',
  title: 'Mask propagation',
  fix: 'pass the mask on: `const mask = this.emb.computeMask(ids); this.lstm.apply(e, { mask })`',
  matches(f, r) {
    const sub = r.facts?.build?.subclass?.unmaskedAfterMask ?? [];
    const fun = r.facts?.build?.functional?.unmaskedAfterMask;
    if (sub.length === 0 || fun === undefined || fun.length > 0 || divergesAt(r, 'init', ['init'])) return false;
    return isAt(f, 'forward', /^forward(-training)?$/);
  },
};
