import { callWithoutTidy } from '../../../../harness/triage/diagnoses/callWithoutTidy';
import { disposeLeaks } from '../../../../harness/triage/diagnoses/disposeLeaks';
import { caseWith, cleanBuild, div, factsWith, left } from './caseWith';

const bare = factsWith({
  build: { subclass: cleanBuild({ unexposedBare: ['916'] }), functional: cleanBuild() },
  dispose: {
    subclass: { survivors: ['916'], multiplyApplied: [] },
    functional: { survivors: [], multiplyApplied: [] },
  },
});

describe('dispose leaks (entry 16): a bare tf.variable', () => {
  it('diagnoses the build inventory, what each build leaves by it, and what survives dispose()', () => {
    const r = caseWith({
      divergences: [
        div('resources', 'build'),
        div('inventory', 'build', 'unexposed'),
        div('resources', 'reload'),
        div('resources', 'dispose'),
      ],
      facts: bare,
      resources: [left('build', [1, 0]), left('reload', [1, 1])],
    });
    for (const d of r.divergences) expect(disposeLeaks.matches(d, r)).toBe(true);
  });

  it('says nothing about a build that leaves more than the variable made of (another leak)', () => {
    const d = div('resources', 'build');
    expect(
      disposeLeaks.matches(d, caseWith({ divergences: [d], facts: bare, resources: [left('build', [3, 0])] })),
    ).toBe(false);
  });

  it('says nothing when every eager call leaks too (entry 18), or when a sublayer weight is hidden as well (entry 1)', () => {
    const d = div('inventory', 'build', 'unexposed');
    expect(
      disposeLeaks.matches(d, caseWith({ divergences: [d], facts: bare, resources: [left('forward', [3, 0])] })),
    ).toBe(false);
    const both = factsWith({
      build: {
        subclass: cleanBuild({ unexposedBare: ['916'], unexposedSublayerWeights: ['m/h/kernel'] }),
        functional: cleanBuild(),
      },
    });
    expect(disposeLeaks.matches(d, caseWith({ divergences: [d], facts: both }))).toBe(false);
  });
});

describe('call() without tf.tidy (entry 18): every eager call leaves tensors', () => {
  it('diagnoses the resources at build, forward and forward-training', () => {
    const r = caseWith({
      divergences: [div('resources', 'build'), div('resources', 'forward'), div('resources', 'forward-training')],
      resources: [left('build', [3, 0]), left('forward', [3, 0]), left('forward-training', [3, 0])],
    });
    for (const d of r.divergences) expect(callWithoutTidy.matches(d, r)).toBe(true);
  });

  it('says nothing when only building leaks (entry 16, or a build() trace returned from tf.tidy)', () => {
    const d = div('resources', 'build');
    expect(
      callWithoutTidy.matches(
        d,
        caseWith({ divergences: [d], facts: bare, resources: [left('build', [1, 0]), left('forward', [0, 0])] }),
      ),
    ).toBe(false);
  });

  it('says nothing about variables left, nor about the functional side leaking', () => {
    const d = div('resources', 'forward');
    expect(
      callWithoutTidy.matches(d, caseWith({ divergences: [d], resources: [left('forward', [0, 0], [2, 0])] })),
    ).toBe(false);
    expect(callWithoutTidy.matches(d, caseWith({ divergences: [d], resources: [left('forward', [2, 1])] }))).toBe(
      false,
    );
  });
});
