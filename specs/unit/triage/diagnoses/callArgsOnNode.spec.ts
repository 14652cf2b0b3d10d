import type { LayerFact } from '../../../../harness/checkpoints/CaseFacts';
import { callArgsOnNode } from '../../../../harness/triage/diagnoses/callArgsOnNode';
import { caseWith, div, factsWith } from './caseWith';

const layer = (trainingOnNode: boolean): LayerFact => ({
  className: 'Dropout',
  name: 'd',
  applications: 1,
  penalties: 0,
  container: false,
  masks: false,
  trainingOnNode,
});
const facts = (stored: boolean) => factsWith({ layers: { subclass: [], functional: [layer(stored)] } });

describe('call-time arguments on a functional node (entry 9)', () => {
  it('diagnoses the inference outputs when a graph node stores training: true and training-mode outputs agree', () => {
    const d = div('forward', 'forward');
    expect(callArgsOnNode.matches(d, caseWith({ divergences: [d], facts: facts(true) }))).toBe(true);
  });

  it('says nothing without a stored training flag (mask propagation, entry 10, also differs at forward)', () => {
    const d = div('forward', 'forward');
    expect(callArgsOnNode.matches(d, caseWith({ divergences: [d], facts: facts(false) }))).toBe(false);
  });

  it('says nothing when training-mode outputs differ too', () => {
    const d = div('forward', 'forward');
    expect(
      callArgsOnNode.matches(d, caseWith({ divergences: [d, div('forward', 'forward-training')], facts: facts(true) })),
    ).toBe(false);
  });
});
