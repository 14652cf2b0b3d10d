import { planFuzz } from '../../../harness/campaign/fuzzCampaign';
import type { ModelSpec } from '../../../harness/architecture/types';
import { FEATURES, featuresOf } from '../../../harness/generate/coverage';

/** The specs a campaign of `runs` cases from `seed` generates (what its coverage line counts). */
const campaignSpecs = (seed: number, runs: number): ModelSpec[] =>
  planFuzz({ seed, runs, backend: 'cpu' }).flatMap((j) => (j.source.kind === 'spec' ? [j.source.spec] : []));

describe('generator features', () => {
  // 1,000 cases, the campaign issue 18's done-when names: with the one-sided preprocessing kinds generated
  // too, 300 cases from seed 42 no longer draw a dilated conv3d (2 in 1,000).
  it('a campaign of 1,000 cases from seed 42 reaches every feature of real models the generator has', () => {
    const counts = featuresOf(campaignSpecs(42, 1000));
    expect(Object.keys(counts)).toEqual(Object.keys(FEATURES));
    expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
  });

  it('counts a feature only where a spec has it', () => {
    const plain: ModelSpec = {
      version: 1,
      name: 'plain',
      inputs: [{ id: 'x', shape: [4] }],
      layers: [{ id: 'd', kind: 'dense', config: { units: 2 } }],
      nodes: [{ id: 'n', layer: 'd', inputs: ['x'] }],
      outputs: ['n'],
    };
    const multiOutput: ModelSpec = {
      ...plain,
      subclassHolding: 'array',
      inputs: [{ id: 'x', shape: [3, 2] }],
      layers: [
        { id: 'r', kind: 'gru', config: { units: 2, returnState: true } },
        { id: 'k', kind: 'dropout', config: { rate: 0.5 } },
      ],
      nodes: [
        { id: 'n', layer: 'r', inputs: ['x'] },
        { id: 'm', layer: 'k', inputs: ['n:1'] },
      ],
      outputs: ['n', 'm'],
    };
    const stateful: ModelSpec = {
      ...plain,
      inputs: [{ id: 'x', shape: [3, 2], batchSize: 2 }],
      layers: [{ id: 'r', kind: 'gru', config: { units: 2, stateful: true } }],
      nodes: [{ id: 'n', layer: 'r', inputs: ['x'] }],
    };
    const retrained: ModelSpec = {
      ...plain,
      layers: [
        { id: 'd', kind: 'dense', config: { units: 2 }, trainableSchedule: [{ beforeStep: 2, trainable: false }] },
        { id: 'p', kind: 'penalizedScale', config: { rate: 0.1 } },
      ],
      nodes: [
        { id: 'n', layer: 'd', inputs: ['x'] },
        { id: 'm', layer: 'p', inputs: ['n'] },
      ],
      outputs: ['m'],
    };
    const none = Object.fromEntries(Object.keys(FEATURES).map((k) => [k, 0]));
    expect(featuresOf([plain])).toEqual(none);
    expect(featuresOf([stateful])).toEqual({ ...none, 'stateful RNN (fixed batch)': 1 });
    expect(featuresOf([retrained])).toEqual({
      ...none,
      'layer frozen/unfrozen between steps': 1,
      'addLoss in call()': 1,
    });
    expect(featuresOf([multiOutput])).toEqual({
      ...none,
      'returnState RNN': 1,
      'sublayers in an array': 1,
      'second output into dropout/noise': 1,
    });
  });
});
