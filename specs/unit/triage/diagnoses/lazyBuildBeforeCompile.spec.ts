import { lazyBuildBeforeCompile } from '../../../../harness/triage/diagnoses/lazyBuildBeforeCompile';
import { caseWith, cleanBuild, factsWith, NO_TRAINABLE, thrownAt } from './caseWith';

const lazy = factsWith({
  compiled: { subclass: { trainable: 0, outputShapes: [[3]] }, functional: { trainable: 4, outputShapes: [[3]] } },
});
const fit = thrownAt('subclass', 'fit', NO_TRAINABLE);
const reload = thrownAt('subclass', 'reload', 'Provided weight data has no target variable: m/hidden/kernel');

describe('lazy build before compile (entry 2): weights after an eager call, none at compile', () => {
  it('diagnoses the "0 variables" error at fit and the "no target variable" one at reload', () => {
    const r = caseWith({
      divergences: [reload.divergence, fit.divergence],
      errors: [reload.error, fit.error],
      facts: lazy,
    });
    for (const f of [...r.divergences, ...r.errors]) expect(lazyBuildBeforeCompile.matches(f, r)).toBe(true);
  });

  it('says nothing when the sublayer weights are never exposed at all (entry 1, same message)', () => {
    const facts = {
      ...lazy,
      exposed: { subclass: { trainable: 0, nonTrainable: 0 }, functional: { trainable: 4, nonTrainable: 0 } },
      build: { subclass: cleanBuild({ unexposedSublayerWeights: ['m/hidden/kernel'] }), functional: cleanBuild() },
    };
    expect(lazyBuildBeforeCompile.matches(fit.error, caseWith({ errors: [fit.error], facts }))).toBe(false);
  });

  it('says nothing when compile saw the weights, or when fit did not run (no evidence)', () => {
    expect(lazyBuildBeforeCompile.matches(reload.error, caseWith({ errors: [reload.error] }))).toBe(false);
    expect(
      lazyBuildBeforeCompile.matches(
        reload.error,
        caseWith({ errors: [reload.error], facts: { ...lazy, compiled: undefined } }),
      ),
    ).toBe(false);
  });

  it('says nothing about another reload error (entry 12a) on the same evidence', () => {
    const other = thrownAt('subclass', 'reload', 'Shape mismatch: [6,4] vs. [6,8]');
    expect(lazyBuildBeforeCompile.matches(other.error, caseWith({ errors: [other.error], facts: lazy }))).toBe(false);
  });
});
