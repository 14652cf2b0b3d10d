import { regularizerOnSublayer } from '../../../../harness/triage/diagnoses/regularizerOnSublayer';
import { caseWith, cleanBuild, div, factsWith } from './caseWith';

const facts = (held: number, sub: number, fun: number) =>
  factsWith({
    build: { subclass: cleanBuild({ penaltiesHeld: held }), functional: cleanBuild() },
    loop: {
      training: { subclass: true, functional: true },
      sharedOptimizer: false,
      penalties: { subclass: sub, functional: fun },
    },
  });

describe('regularizer on a sublayer (entry 5): calculateLosses() returns fewer penalties than the sublayers hold', () => {
  it('diagnoses every loss and the gradients at gradients', () => {
    const r = caseWith({
      divergences: [div('loss', 'loss'), div('gradient', 'gradients'), div('loss', 'fit'), div('weights', 'step-1')],
      facts: facts(1, 0, 1),
    });
    expect(r.divergences.map((d) => regularizerOnSublayer.matches(d, r))).toEqual([true, true, true, false]);
  });

  it.each([
    ['a shared layer the functional model counts twice (entry 6)', facts(1, 1, 2)],
    ['no penalty anywhere', facts(0, 0, 0)],
    ['a regularizer on the functional side only', facts(0, 0, 1)],
    ['the functional model returning as few', facts(2, 1, 1)],
  ])('says nothing for %s', (_w, f) => {
    const d = div('loss', 'loss');
    expect(regularizerOnSublayer.matches(d, caseWith({ divergences: [d], facts: f }))).toBe(false);
  });
});
