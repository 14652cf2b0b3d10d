import type { CaseResult, Divergence } from '../../../harness';
import { nestedDuplicateWeightNames } from '../../../harness/triage/causes/nestedDuplicateWeightNames';
import { sharedLayerDispose } from '../../../harness/triage/causes/sharedLayerDispose';

const leak: Divergence = {
  kind: 'resources',
  checkpoint: 'dispose',
  key: '',
  message: 'variables surviving dispose(): subclass 0, functional 2',
};
const withFacts = (facts: CaseResult['facts'], over: Partial<CaseResult> = {}) =>
  ({ verdict: 'divergence', divergences: [leak], errors: [], facts, ...over }) as unknown as CaseResult;

describe('shared-layer-dispose: the survivors are exactly the weights of layers applied more than once', () => {
  const dispose = (sub: string[], fun: string[], shared: string[]) => ({
    dispose: {
      subclass: { survivors: sub, multiplyApplied: [] },
      functional: { survivors: fun, multiplyApplied: shared },
    },
  });

  it('proves the leak when they are', () => {
    expect(sharedLayerDispose.check!(withFacts(dispose([], ['k', 'b'], ['b', 'k'])))).toEqual([
      { divergence: leak, evidence: expect.stringMatching(/exactly the weights of its layers applied more than once/) },
    ]);
  });

  it.each([
    ['a functional survivor that belongs to no shared layer', dispose([], ['k', 'b', 'x'], ['k', 'b'])],
    ['a shared weight that was freed after all', dispose([], ['k'], ['k', 'b'])],
    ['a subclass that leaks too', dispose(['v'], ['k', 'b'], ['k', 'b'])],
    ['nothing shared', dispose([], ['k'], [])],
  ])('proves nothing with %s', (_what, facts) => {
    expect(sharedLayerDispose.check!(withFacts(facts))).toEqual([]);
  });
});

describe('nested-duplicate-weight-names: the exact name loading refuses, shared by two nested models', () => {
  const error: Divergence = {
    kind: 'error',
    checkpoint: 'reload',
    key: '',
    message: 'functional side threw at reload',
  };
  const facts = (name: string, owners: string[]) => ({
    layers: {
      functional: owners.map((o) => ({
        className: 'Functional',
        name: o,
        applications: 1,
        penalties: 0,
        container: true,
        masks: false,
      })),
    },
    reload: { functional: { duplicates: [{ name, owners }] } },
  });
  const failing = (message: string): Partial<CaseResult> => ({
    divergences: [error],
    errors: [{ side: 'functional', checkpoint: 'reload', message }],
  });

  it('proves it when the message names the first duplicate of two nested models', () => {
    expect(
      nestedDuplicateWeightNames.check!(
        withFacts(facts('d/kernel', ['b', 'c']), failing('Duplicate weight name: d/kernel')),
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['another name than the model shares', facts('d/kernel', ['b', 'c']), 'Duplicate weight name: e/kernel'],
    ['one owner only', facts('d/kernel', ['b']), 'Duplicate weight name: d/kernel'],
  ])('proves nothing for %s', (_what, f, message) => {
    expect(nestedDuplicateWeightNames.check!(withFacts(f, failing(message)))).toEqual([]);
  });

  it('proves nothing when the subclass failed to reload as well', () => {
    const r = withFacts(facts('d/kernel', ['b', 'c']), {
      divergences: [error],
      errors: [
        { side: 'functional', checkpoint: 'reload', message: 'Duplicate weight name: d/kernel' },
        { side: 'subclass', checkpoint: 'reload', message: 'Duplicate weight name: d/kernel' },
      ],
    } as never);
    expect(nestedDuplicateWeightNames.check!(r)).toEqual([]);
  });
});
