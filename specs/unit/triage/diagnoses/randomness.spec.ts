import type { LayerFact } from '../../../../harness/checkpoints/CaseFacts';
import { seededDropout } from '../../../../harness/triage/diagnoses/seededDropout';
import { seedZero } from '../../../../harness/triage/diagnoses/seedZero';
import { unseededInitializers } from '../../../../harness/triage/diagnoses/unseededInitializers';
import { caseWith, div, factsWith } from './caseWith';

const dense = (inits: NonNullable<LayerFact['initializers']>): LayerFact => ({
  className: 'Dense',
  name: 'd',
  applications: 1,
  penalties: 0,
  container: false,
  masks: false,
  initializers: inits,
});
const glorot = (seed: number | null) => ({
  field: 'kernelInitializer',
  className: 'VarianceScaling',
  distribution: 'uniform',
  seed,
});
const heNormal = (seed: number | null) => ({
  field: 'kernelInitializer',
  className: 'VarianceScaling',
  distribution: 'normal',
  seed,
});
const withInits = (...inits: NonNullable<LayerFact['initializers']>) =>
  factsWith({ layers: { subclass: [dense(inits)], functional: [dense(inits)] } });
const init = div('init', 'init', '0:Dense/kernel');

describe('randomness (entries 14a, 14c, 14d)', () => {
  it('14a: diagnoses the initial values when an initializer has no seed', () => {
    expect(unseededInitializers.matches(init, caseWith({ divergences: [init], facts: withInits(glorot(null)) }))).toBe(
      true,
    );
    expect(seedZero.matches(init, caseWith({ divergences: [init], facts: withInits(glorot(null)) }))).toBe(false);
  });

  it('14c: diagnoses them when a normal initializer has seed 0 (a uniform one with seed 0 is seeded)', () => {
    expect(seedZero.matches(init, caseWith({ divergences: [init], facts: withInits(glorot(0), heNormal(0)) }))).toBe(
      true,
    );
    expect(seedZero.matches(init, caseWith({ divergences: [init], facts: withInits(glorot(0)) }))).toBe(false);
    expect(
      unseededInitializers.matches(init, caseWith({ divergences: [init], facts: withInits(glorot(0), heNormal(0)) })),
    ).toBe(false);
  });

  it('14a and 14c: say nothing when every initializer is seeded, or when both mistakes are there (cannot tell which)', () => {
    for (const rule of [unseededInitializers, seedZero]) {
      expect(rule.matches(init, caseWith({ divergences: [init], facts: withInits(glorot(7), heNormal(3)) }))).toBe(
        false,
      );
      expect(rule.matches(init, caseWith({ divergences: [init], facts: withInits(glorot(null), heNormal(0)) }))).toBe(
        false,
      );
    }
  });

  const dropout = (seed?: number): LayerFact => ({
    className: 'Dropout',
    name: 'x',
    applications: 1,
    penalties: 0,
    container: false,
    masks: false,
    dropoutSeed: seed,
  });
  const drops = (sub?: number, fun?: number) =>
    factsWith({ layers: { subclass: [dropout(sub)], functional: [dropout(fun)] } });
  const training = div('forward', 'forward-training');

  it('14d: diagnoses the training-mode outputs when the sides seed their dropout differently', () => {
    expect(seededDropout.matches(training, caseWith({ divergences: [training], facts: drops(undefined, 5) }))).toBe(
      true,
    );
  });

  it('14d: says nothing for dropouts seeded alike or unseeded on both sides, or when inference differs too', () => {
    expect(seededDropout.matches(training, caseWith({ divergences: [training], facts: drops(5, 5) }))).toBe(false);
    expect(seededDropout.matches(training, caseWith({ divergences: [training], facts: drops() }))).toBe(false);
    expect(
      seededDropout.matches(
        training,
        caseWith({ divergences: [div('forward', 'forward'), training], facts: drops(undefined, 5) }),
      ),
    ).toBe(false);
  });
});
