import { trainableFalse } from '../../../../harness/triage/diagnoses/trainableFalse';
import { caseWith, cleanBuild, div, factsWith } from './caseWith';

describe('trainable = false on a custom layer (entry 13)', () => {
  const frozen = factsWith({
    build: { subclass: cleanBuild({ frozenButTrainable: ['body'] }), functional: cleanBuild() },
  });

  it('diagnoses the inventory at init and at fit', () => {
    const r = caseWith({
      divergences: [
        div('inventory', 'init', 'count:trainable'),
        div('inventory', 'fit', 'count:trainable'),
        div('gradient', 'gradients'),
      ],
      facts: frozen,
    });
    expect(r.divergences.map((d) => trainableFalse.matches(d, r))).toEqual([true, true, false]);
  });

  it('says nothing when no frozen layer is still listed as trainable (an inventory difference of another kind)', () => {
    const d = div('inventory', 'init', 'count:trainable');
    expect(trainableFalse.matches(d, caseWith({ divergences: [d] }))).toBe(false);
  });
});
