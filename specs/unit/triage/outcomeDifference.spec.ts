import type { CaseResult, Divergence } from '../../../harness';
import { outcomeDifference } from '../../../harness/triage/outcomeDifference';

const stats = (maxAbs: number) => ({ equal: false, mismatched: 1, total: 4, maxAbs, maxRel: 1, maxUlp: 9 });
const run = (divergences: Divergence[], over: Partial<CaseResult> = {}): CaseResult =>
  ({ verdict: 'divergence', divergences, errors: [], ...over }) as CaseResult;

describe('outcomeDifference', () => {
  it('two runs that observed the same: none, whatever tfjs numbered their layers', () => {
    const a = run([{ kind: 'resources', checkpoint: 'dispose', key: '', message: "'shared/kernel_4' survives" }]);
    const b = run([{ kind: 'resources', checkpoint: 'dispose', key: '', message: "'shared/kernel_9' survives" }]);
    expect(outcomeDifference(a, b)).toBeUndefined();
  });

  it('names the first thing that differs: the verdict, a failing side, a divergence or its numbers', () => {
    const g = (maxAbs: number): Divergence => ({
      kind: 'gradient',
      checkpoint: 'gradients',
      key: 'd/bias',
      message: 'm',
      stats: stats(maxAbs),
    });
    expect(outcomeDifference(run([g(1)]), run([], { verdict: 'agreed-error' }))).toBe(
      'verdict divergence, then agreed-error',
    );
    expect(
      outcomeDifference(
        run([g(1)]),
        run([g(1)], { errors: [{ side: 'functional', checkpoint: 'fit', message: 'x' }] }),
      ),
    ).toBe('functional side failed at fit in the second run only');
    expect(outcomeDifference(run([g(1)]), run([{ ...g(1), checkpoint: 'step-2' }]))).toBe(
      "gradient at gradients 'd/bias' in the first run only",
    );
    expect(outcomeDifference(run([g(1)]), run([g(2)]))).toBe(
      "gradient at gradients 'd/bias' with other values (greatest difference 1, then 2)",
    );
  });
});
