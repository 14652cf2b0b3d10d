import { untrackedSublayers } from '../../../../harness/triage/diagnoses/untrackedSublayers';
import { caseWith, cleanBuild, div, factsWith, NO_TRAINABLE, thrownAt } from './caseWith';

const hidden = factsWith({
  build: {
    subclass: cleanBuild({ unexposedSublayerWeights: ['m/hidden/kernel', 'm/hidden/bias'] }),
    functional: cleanBuild(),
  },
  exposed: { subclass: { trainable: 0, nonTrainable: 0 }, functional: { trainable: 2, nonTrainable: 0 } },
});
const unexposed = div('inventory', 'build', 'unexposed');
const loss = thrownAt('subclass', 'loss', NO_TRAINABLE);

describe('untracked sublayers (entry 1): sublayer weights created and never exposed', () => {
  it('diagnoses the build inventory, the init counts and the "0 variables" error', () => {
    const r = caseWith({
      divergences: [unexposed, div('inventory', 'init', 'count:trainable'), loss.divergence],
      errors: [loss.error],
      facts: hidden,
    });
    for (const f of [...r.divergences, ...r.errors]) expect(untrackedSublayers.matches(f, r)).toBe(true);
  });

  it('diagnoses the variables surviving dispose() only when the subclass alone leaves some', () => {
    const d = div('resources', 'dispose');
    expect(
      untrackedSublayers.matches(
        d,
        caseWith({
          divergences: [d],
          facts: {
            ...hidden,
            dispose: {
              subclass: { survivors: ['v'], multiplyApplied: [] },
              functional: { survivors: [], multiplyApplied: [] },
            },
          },
        }),
      ),
    ).toBe(true);
    expect(
      untrackedSublayers.matches(
        d,
        caseWith({
          divergences: [d],
          facts: {
            ...hidden,
            dispose: {
              subclass: { survivors: ['v'], multiplyApplied: [] },
              functional: { survivors: ['k'], multiplyApplied: ['k'] },
            },
          },
        }),
      ),
    ).toBe(false);
  });

  it('says nothing for a bare tf.variable nobody exposes (entry 16)', () => {
    const facts = factsWith({ build: { subclass: cleanBuild({ unexposedBare: ['916'] }), functional: cleanBuild() } });
    expect(untrackedSublayers.matches(unexposed, caseWith({ divergences: [unexposed], facts }))).toBe(false);
  });

  it('says nothing when the reload shows the hidden weights re-randomized (entry 12b)', () => {
    const reload = div('forward', 'reload', 'subclass:output[0]');
    expect(untrackedSublayers.matches(unexposed, caseWith({ divergences: [unexposed, reload], facts: hidden }))).toBe(
      false,
    );
  });

  it('says nothing about the same error when every weight is exposed (entry 2 gives it too)', () => {
    const fit = thrownAt('subclass', 'fit', NO_TRAINABLE);
    expect(
      untrackedSublayers.matches(fit.error, caseWith({ divergences: [fit.divergence], errors: [fit.error] })),
    ).toBe(false);
  });

  it('says nothing about another error of the subclass, nor about the functional side', () => {
    const other = thrownAt('subclass', 'loss', 'Shape mismatch: [6,4] vs. [6,8]');
    const fun = thrownAt('functional', 'loss', NO_TRAINABLE);
    expect(untrackedSublayers.matches(other.error, caseWith({ errors: [other.error], facts: hidden }))).toBe(false);
    expect(untrackedSublayers.matches(fun.error, caseWith({ errors: [fun.error], facts: hidden }))).toBe(false);
  });
});
