import type { ReferenceResult } from './ReferenceResult';

const e = (x: number) => (x === 0 ? '0' : x.toExponential(1));

/**
 * One line on a case's reference: what was compared and the greatest error
 * (ULP and relative), under which tolerance — or why it did not run — and
 * what it could not translate. Every report states the tolerance.
 */
export function describeReference(r: ReferenceResult): string {
  const tol = `tolerance rtol forward ${e(r.tolerance.forward.rtol)}, loss ${e(r.tolerance.loss.rtol)}, gradients ${e(r.tolerance.gradients.rtol)}, steps ${e(r.tolerance.steps.rtol)} (atol = rtol × the largest magnitude among a checkpoint's tensors of a kind; ${r.tolerance.source})`;
  const gaps =
    r.untranslated.length > 0
      ? ` · untranslated: ${r.untranslated.map((u) => `${u.layer}${u.field ? `.${u.field}` : ''} (${u.reason})`).join('; ')}`
      : '';
  if (!r.ran) return `reference keras not run: ${r.reason}${gaps}`;
  const ulp = Math.max(0, ...r.comparisons.map((c) => (Number.isFinite(c.maxUlp) ? c.maxUlp : 0)));
  const rel = Math.max(0, ...r.comparisons.map((c) => c.maxRel));
  const outside = r.comparisons.filter((c) => c.mismatched > 0).length;
  return `reference keras ${r.versions?.keras ?? ''}: ${r.comparisons.length} tensors at ${r.checkpoints.join(', ')}, ${outside} outside tolerance · greatest ${ulp} ULP, relative ${e(rel)} · ${tol}${r.notCompared ? ` · not compared: ${r.notCompared}` : ''}${gaps}`;
}
