import { noGetConfig } from '../../../../harness/triage/diagnoses/noGetConfig';
import { caseWith, cleanBuild, factsWith, thrownAt } from './caseWith';

const facts = (own: boolean) =>
  factsWith({ build: { subclass: cleanBuild({ ownGetConfig: own }), functional: cleanBuild() } });
const mismatch = thrownAt('subclass', 'reload', 'Shape mismatch: [6,4] vs. [6,8]');

describe('serialization without getConfig (entry 12a)', () => {
  it('diagnoses a shape mismatch on reload of a class that inherits getConfig', () => {
    expect(noGetConfig.matches(mismatch.error, caseWith({ errors: [mismatch.error], facts: facts(false) }))).toBe(true);
  });

  it('says nothing for a class with its own getConfig, nor for "no target variable" (entry 2)', () => {
    expect(noGetConfig.matches(mismatch.error, caseWith({ errors: [mismatch.error], facts: facts(true) }))).toBe(false);
    const other = thrownAt('subclass', 'reload', 'Provided weight data has no target variable: m/hidden/kernel');
    expect(noGetConfig.matches(other.error, caseWith({ errors: [other.error], facts: facts(false) }))).toBe(false);
  });
});
