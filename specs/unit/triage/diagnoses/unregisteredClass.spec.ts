import { unregisteredClass } from '../../../../harness/triage/diagnoses/unregisteredClass';
import { caseWith, cleanBuild, factsWith, thrownAt } from './caseWith';

const facts = (unregistered: string[]) =>
  factsWith({ build: { subclass: cleanBuild({ unregisteredClasses: unregistered }), functional: cleanBuild() } });
const unknown = thrownAt(
  'subclass',
  'reload',
  'Unknown layer: MyMlp. This may be due to one of the following reasons:',
);

describe('a class never registered (entry 12d)', () => {
  it('diagnoses "Unknown layer: X" at reload when X is a class of the subclass the serialization map did not know', () => {
    expect(
      unregisteredClass.matches(unknown.error, caseWith({ errors: [unknown.error], facts: facts(['MyMlp']) })),
    ).toBe(true);
    expect(
      unregisteredClass.matches(
        unknown.divergence,
        caseWith({ divergences: [unknown.divergence], errors: [unknown.error], facts: facts(['MyMlp']) }),
      ),
    ).toBe(true);
  });

  it('says nothing when the class was registered (the message names another class), or on another reload error', () => {
    expect(unregisteredClass.matches(unknown.error, caseWith({ errors: [unknown.error], facts: facts([]) }))).toBe(
      false,
    );
    expect(
      unregisteredClass.matches(unknown.error, caseWith({ errors: [unknown.error], facts: facts(['Other']) })),
    ).toBe(false);
    const other = thrownAt('subclass', 'reload', 'Shape mismatch: [6,4] vs. [6,8]');
    expect(unregisteredClass.matches(other.error, caseWith({ errors: [other.error], facts: facts(['MyMlp']) }))).toBe(
      false,
    );
  });
});
