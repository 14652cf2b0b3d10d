import { maskPropagation } from '../../../../harness/triage/diagnoses/maskPropagation';
import { caseWith, cleanBuild, div, factsWith } from './caseWith';

const facts = (sub: string[], fun: string[]) =>
  factsWith({
    build: { subclass: cleanBuild({ unmaskedAfterMask: sub }), functional: cleanBuild({ unmaskedAfterMask: fun }) },
  });

describe('mask propagation (entry 10): the subclass called a layer on a masked output without the mask', () => {
  it('diagnoses the forward divergences', () => {
    const r = caseWith({
      divergences: [div('forward', 'forward'), div('forward', 'forward-training'), div('loss', 'loss')],
      facts: facts(['lstm'], []),
    });
    expect(r.divergences.map((d) => maskPropagation.matches(d, r))).toEqual([true, true, false]);
  });

  it('says nothing when the subclass passed every mask, or the functional side missed one too', () => {
    const d = div('forward', 'forward');
    expect(maskPropagation.matches(d, caseWith({ divergences: [d], facts: facts([], []) }))).toBe(false);
    expect(maskPropagation.matches(d, caseWith({ divergences: [d], facts: facts(['lstm'], ['lstm']) }))).toBe(false);
  });

  it('says nothing when the weights already start apart (the forward difference may come from them)', () => {
    const d = div('forward', 'forward');
    expect(
      maskPropagation.matches(d, caseWith({ divergences: [div('init', 'init'), d], facts: facts(['lstm'], []) })),
    ).toBe(false);
  });
});
