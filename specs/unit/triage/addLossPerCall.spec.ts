import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSpec } from '../../../harness';
import { validateSpec } from '../../../harness/architecture/validateSpec';
import { addLossPerCall } from '../../../harness/triage/causes/addLossPerCall';
import { ROOT, runSpec, useCpu } from '../../helpers';

beforeAll(useCpu);

const fixture = (): ModelSpec =>
  validateSpec(
    (
      JSON.parse(readFileSync(join(ROOT, 'fixtures', 'regressions', 'add-loss-per-call.json'), 'utf8')) as {
        spec: unknown;
      }
    ).spec,
    'add-loss-per-call.json',
  );

/** The fixture's penalizedScale applied twice (a `share` step): each side's loss count differs again. */
const shared = (): ModelSpec => {
  const s = fixture();
  return {
    ...s,
    name: 'shared-add-loss',
    nodes: [...s.nodes, { id: 'y2', layer: 'p', inputs: ['y'] }],
    outputs: ['y2'],
  };
};

describe('add-loss-per-call', () => {
  it('explains the fixture: the loss gap is one whole penalty (0.1 · Σ scale², a ones scale of 3), every divergence proven', async () => {
    const r = await runSpec(fixture());
    expect(r.knownCause).toBe('add-loss-per-call');
    const loss = r.divergences.find((d) => d.checkpoint === 'loss')!;
    expect(loss.cause).toBe('add-loss-per-call');
    expect(r.evolution!.loss.subclass[0] - r.evolution!.loss.functional[0]).toBeCloseTo(0.3, 6);
  });

  it('with the layer shared, is proven together with shared-regularizer (the functional model counts its losses once per application)', async () => {
    const r = await runSpec(shared());
    expect(r.knownCauses).toEqual(expect.arrayContaining(['add-loss-per-call', 'shared-regularizer']));
    expect(r.divergences.every((d) => d.cause !== undefined)).toBe(true);
  });

  it('near miss: a subclass that drops its sublayers’ losses (mutant skip-regularizer) is new', async () => {
    const r = await runSpec(fixture(), { mutant: 'skip-regularizer' });
    expect(r.verdict).toBe('divergence');
    expect(r.knownCause).toBeUndefined();
  });

  it('is not suspected without a penalizedScale', () => {
    const s = fixture();
    const plain: ModelSpec = {
      ...s,
      layers: s.layers.filter((l) => l.id !== 'p'),
      nodes: s.nodes.slice(0, 1),
      outputs: ['h'],
    };
    expect(addLossPerCall.suspect({ spec: plain, divergences: [] } as never)).toBe(false);
    expect(addLossPerCall.suspect({ spec: s, divergences: [] } as never)).toBe(true);
  });
});
