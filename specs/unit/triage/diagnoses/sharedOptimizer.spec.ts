import {
  sharedOptimizerPermutedList,
  sharedOptimizerSameOrder,
} from '../../../../harness/triage/diagnoses/sharedOptimizer';
import { caseWith, div, factsWith, thrownAt } from './caseWith';

const shared = factsWith({
  loop: { training: { subclass: true, functional: true }, sharedOptimizer: true, penalties: {} },
});

describe('one optimizer for two models (entries 7a, 7b)', () => {
  it('7a: diagnoses the weights after step 1 when its loss and gradients agree', () => {
    const w = div('weights', 'step-1');
    expect(
      sharedOptimizerSameOrder.matches(w, caseWith({ divergences: [w, div('loss', 'step-2')], facts: shared })),
    ).toBe(true);
    expect(sharedOptimizerSameOrder.matches(div('loss', 'step-2'), caseWith({ divergences: [w], facts: shared }))).toBe(
      false,
    );
  });

  it('7a: says nothing when step 1 already differed before the update, or with an optimizer per model', () => {
    const w = div('weights', 'step-1');
    expect(
      sharedOptimizerSameOrder.matches(w, caseWith({ divergences: [div('loss', 'loss'), w], facts: shared })),
    ).toBe(false);
    expect(sharedOptimizerSameOrder.matches(w, caseWith({ divergences: [w] }))).toBe(false);
  });

  it('7b: diagnoses a broadcast error in the loop with a shared optimizer, and nothing else', () => {
    const t = thrownAt('functional', 'loss', 'Operands could not be broadcast together with shapes 2 and 4,4.');
    const r = caseWith({ divergences: [t.divergence], errors: [t.error], facts: shared });
    expect(sharedOptimizerPermutedList.matches(t.error, r)).toBe(true);
    expect(sharedOptimizerPermutedList.matches(t.divergence, r)).toBe(true);
    expect(
      sharedOptimizerPermutedList.matches(t.error, caseWith({ divergences: [t.divergence], errors: [t.error] })),
    ).toBe(false);
    const fit = thrownAt('functional', 'fit', 'Operands could not be broadcast together with shapes 2 and 4,4.');
    expect(sharedOptimizerPermutedList.matches(fit.error, caseWith({ errors: [fit.error], facts: shared }))).toBe(
      false,
    );
  });

  it("7b: TensorFlow's words for the same broadcast failure are the same evidence; another TensorFlow error is not", () => {
    const t = thrownAt('functional', 'loss', 'Incompatible shapes: [2] vs. [4,4]');
    expect(
      sharedOptimizerPermutedList.matches(
        t.error,
        caseWith({ divergences: [t.divergence], errors: [t.error], facts: shared }),
      ),
    ).toBe(true);
    const other = thrownAt('functional', 'loss', 'Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] 0 0');
    expect(
      sharedOptimizerPermutedList.matches(
        other.error,
        caseWith({ divergences: [other.divergence], errors: [other.error], facts: shared }),
      ),
    ).toBe(false);
  });
});
