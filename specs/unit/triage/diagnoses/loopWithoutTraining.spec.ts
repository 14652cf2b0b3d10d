import { loopWithoutTraining } from '../../../../harness/triage/diagnoses/loopWithoutTraining';
import { caseWith, div, factsWith } from './caseWith';

const bare = factsWith({
  loop: { training: { subclass: false, functional: true }, sharedOptimizer: false, penalties: {} },
});

describe('custom loop without `training: true` (entry 4): one side trained bare, the models agree', () => {
  it('diagnoses the loss at loss and the state after each step', () => {
    const r = caseWith({
      divergences: [div('loss', 'loss'), div('gradient', 'gradients'), div('state', 'step-1')],
      facts: bare,
    });
    expect(r.divergences.map((d) => loopWithoutTraining.matches(d, r))).toEqual([true, false, true]);
  });

  it('says nothing when the forward checkpoints differ (the models are not the same: entry 3)', () => {
    const r = caseWith({ divergences: [div('forward', 'forward-training'), div('loss', 'loss')], facts: bare });
    expect(loopWithoutTraining.matches(r.divergences[1], r)).toBe(false);
  });

  it('says nothing when both sides are trained alike', () => {
    const d = div('loss', 'loss');
    expect(loopWithoutTraining.matches(d, caseWith({ divergences: [d] }))).toBe(false);
  });
});
