import type { CaseResult } from '../../engine/CaseResult';
import type { DiagnosisRule } from './DiagnosisRule';
import { thrown } from './evidence';

/** Whether the subclass wrapped in `tf.model` claims symbolic output shapes other than those its eager call returned (a null axis matches anything). */
export function symbolicShapeDiffers(r: CaseResult): boolean {
  const eager = r.facts?.build?.subclass?.eagerOutputShapes;
  const symbolic = r.facts?.compiled?.subclass?.outputShapes;
  if (!eager || !symbolic) return false;
  if (eager.length !== symbolic.length) return true;
  return eager.some(
    (shape, i) =>
      shape.length !== symbolic[i].length || shape.some((n, k) => symbolic[i][k] !== null && symbolic[i][k] !== n),
  );
}

/**
 * Entry 11. Evidence: {@link symbolicShapeDiffers} — `computeOutputShape`
 * (what symbolic calls use) disagrees with what `call()` returns.
 * Finding: the subclass's error at `fit`.
 */
export const missingComputeOutputShape: DiagnosisRule = {
  entry: '11-missing-compute-output-shape',
  title: 'Missing `computeOutputShape`',
  fix: 'return the shape `call()` really produces: `computeOutputShape(s) { return [s[0], 3]; }`',
  matches(f, r) {
    return f.checkpoint === 'fit' && thrown(f, r)?.side === 'subclass' && symbolicShapeDiffers(r);
  },
};
