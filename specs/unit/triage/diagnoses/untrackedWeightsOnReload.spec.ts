import { untrackedWeightsOnReload } from '../../../../harness/triage/diagnoses/untrackedWeightsOnReload';
import { caseWith, cleanBuild, div, factsWith, left } from './caseWith';

const facts = factsWith({
  build: {
    subclass: cleanBuild({ unexposedSublayerWeights: ['m/hidden/kernel', 'm/hidden/bias'] }),
    functional: cleanBuild(),
  },
  exposed: { subclass: { trainable: 2, nonTrainable: 0 }, functional: { trainable: 4, nonTrainable: 0 } },
});
const reload = div('forward', 'reload', 'subclass:output[0]');
const unexposed = div('inventory', 'build', 'unexposed');

describe('untracked weights on reload (entry 12b): hidden sublayer weights, and the reload re-randomizes them', () => {
  it('diagnoses the inventory, the reload and the two variables each new build leaves', () => {
    const res = div('resources', 'reload');
    const r = caseWith({ divergences: [unexposed, reload, res], facts, resources: [left('reload', [0, 2])] });
    for (const d of r.divergences) expect(untrackedWeightsOnReload.matches(d, r)).toBe(true);
  });

  it('says nothing without the reload evidence (then it is entry 1)', () => {
    expect(untrackedWeightsOnReload.matches(unexposed, caseWith({ divergences: [unexposed], facts }))).toBe(false);
  });

  it('says nothing when the reload changed the functional side, or when nothing is hidden', () => {
    const funReload = div('forward', 'reload', 'functional:output[0]');
    expect(untrackedWeightsOnReload.matches(unexposed, caseWith({ divergences: [unexposed, funReload], facts }))).toBe(
      false,
    );
    expect(untrackedWeightsOnReload.matches(reload, caseWith({ divergences: [reload] }))).toBe(false);
  });

  it('says nothing about resources that are not the hidden weights', () => {
    const res = div('resources', 'reload');
    expect(
      untrackedWeightsOnReload.matches(
        res,
        caseWith({ divergences: [unexposed, reload, res], facts, resources: [left('reload', [3, 0])] }),
      ),
    ).toBe(false);
  });
});
