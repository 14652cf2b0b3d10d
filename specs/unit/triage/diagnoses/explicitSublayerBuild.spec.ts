import { explicitSublayerBuild } from '../../../../harness/triage/diagnoses/explicitSublayerBuild';
import { caseWith, factsWith, thrownAt } from './caseWith';

const facts = (name: string, owners: string[]) =>
  factsWith({ reload: { subclass: { duplicates: [{ name, owners }] } } });

describe('sublayers built with sublayer.build(shape) (entry 12c): `<layer>/kernel` twice', () => {
  it('diagnoses the duplicate-name error when the name has no sublayer in it', () => {
    const t = thrownAt('subclass', 'reload', 'Duplicate weight name: m/kernel');
    expect(
      explicitSublayerBuild.matches(t.error, caseWith({ errors: [t.error], facts: facts('m/kernel', ['m']) })),
    ).toBe(true);
  });

  it.each([
    ['two sublayers of one name (`m/l0/gamma`)', 'm/l0/gamma', ['m']],
    ['two nested models (the known cause nested-duplicate-weight-names)', 'd/kernel', ['a', 'b']],
    ['another name than the first duplicate', 'm/bias', ['m']],
  ])('says nothing for %s', (_w, name, owners) => {
    const t = thrownAt('subclass', 'reload', `Duplicate weight name: ${name === 'm/bias' ? 'm/kernel' : name}`);
    expect(explicitSublayerBuild.matches(t.error, caseWith({ errors: [t.error], facts: facts(name, owners) }))).toBe(
      false,
    );
  });
});
