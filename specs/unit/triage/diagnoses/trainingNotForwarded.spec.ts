import { trainingNotForwarded } from '../../../../harness/triage/diagnoses/trainingNotForwarded';
import { caseWith, div, factsWith } from './caseWith';

const ignored = factsWith({ trainingIgnored: { subclass: true, functional: false } });

describe('`training` not forwarded (entry 3): the subclass computes the same in training as in inference', () => {
  it('diagnoses what differs at forward-training and the frozen state', () => {
    const r = caseWith({
      divergences: [
        div('forward', 'forward-training'),
        div('state', 'forward-training'),
        div('state', 'step-1'),
        div('state', 'fit'),
      ],
      facts: ignored,
    });
    for (const d of r.divergences) expect(trainingNotForwarded.matches(d, r)).toBe(true);
  });

  it('says nothing about downstream losses and weights', () => {
    const r = caseWith({ divergences: [div('loss', 'loss'), div('weights', 'step-1')], facts: ignored });
    for (const d of r.divergences) expect(trainingNotForwarded.matches(d, r)).toBe(false);
  });

  it.each([
    [
      'both sides train differently from inference (a seeded dropout, entry 14d)',
      { subclass: false, functional: false },
    ],
    ['neither has anything training-dependent', { subclass: true, functional: true }],
    ['only the functional side ignores training', { subclass: false, functional: true }],
  ])('says nothing when %s', (_w, trainingIgnored) => {
    const d = div('forward', 'forward-training');
    expect(trainingNotForwarded.matches(d, caseWith({ divergences: [d], facts: factsWith({ trainingIgnored }) }))).toBe(
      false,
    );
  });
});
