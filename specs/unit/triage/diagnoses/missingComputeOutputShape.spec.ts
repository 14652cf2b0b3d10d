import {
  missingComputeOutputShape,
  symbolicShapeDiffers,
} from '../../../../harness/triage/diagnoses/missingComputeOutputShape';
import { caseWith, cleanBuild, factsWith, thrownAt } from './caseWith';

const facts = (eager: number[][], symbolic: (number | null)[][]) =>
  factsWith({
    build: { subclass: cleanBuild({ eagerOutputShapes: eager }), functional: cleanBuild() },
    compiled: { subclass: { trainable: 4, outputShapes: symbolic }, functional: { trainable: 4, outputShapes: eager } },
  });
const fit = thrownAt(
  'subclass',
  'fit',
  'target expected a batch of elements where each example has shape [6] (i.e.,tensor shape [*,6]) but the target received an input with 4 examples, each with shape [3]',
);

describe('missing computeOutputShape (entry 11): symbolic shapes other than the eager ones', () => {
  it('diagnoses the subclass error at fit', () => {
    expect(
      missingComputeOutputShape.matches(fit.error, caseWith({ errors: [fit.error], facts: facts([[3]], [[6]]) })),
    ).toBe(true);
  });

  it('says nothing when the shapes agree (a null axis matches any size), or about another checkpoint', () => {
    expect(symbolicShapeDiffers(caseWith({ facts: facts([[5, 3]], [[null, 3]]) }))).toBe(false);
    expect(
      missingComputeOutputShape.matches(fit.error, caseWith({ errors: [fit.error], facts: facts([[3]], [[3]]) })),
    ).toBe(false);
    const reload = thrownAt('subclass', 'reload', 'x');
    expect(
      missingComputeOutputShape.matches(reload.error, caseWith({ errors: [reload.error], facts: facts([[3]], [[6]]) })),
    ).toBe(false);
  });
});
