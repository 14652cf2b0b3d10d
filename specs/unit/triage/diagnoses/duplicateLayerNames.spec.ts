import { duplicateLayerNames } from '../../../../harness/triage/diagnoses/duplicateLayerNames';
import { caseWith, thrownAt } from './caseWith';

describe('duplicate layer names (entry 15): tf.model refuses the functional side', () => {
  const refused = thrownAt(
    'functional',
    'build',
    'The name "fc" is used 2 times in the model. All layer names should be unique. Layer names: ["input1","fc","fc"]',
  );

  it('diagnoses the refusal and its error divergence', () => {
    const r = caseWith({ divergences: [refused.divergence], errors: [refused.error] });
    expect(duplicateLayerNames.matches(refused.error, r)).toBe(true);
    expect(duplicateLayerNames.matches(refused.divergence, r)).toBe(true);
  });

  it('says nothing when both sides refused (agreement), or for another build error', () => {
    const both = { side: 'both' as const, checkpoint: 'build', message: refused.error.message };
    expect(duplicateLayerNames.matches(both, caseWith({ errors: [both] }))).toBe(false);
    const other = thrownAt('functional', 'build', 'Input 0 is incompatible with layer dense');
    expect(duplicateLayerNames.matches(other.error, caseWith({ errors: [other.error] }))).toBe(false);
  });
});
