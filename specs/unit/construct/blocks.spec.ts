import { buildFunctional, buildSubclass, InvalidSpecError, tf, validateSpec } from '../../../harness';
import { runSpec, useCpu } from '../../helpers';

beforeAll(useCpu);

const inner = {
  version: 1,
  name: 'inner',
  inputs: [{ id: 'i', shape: [6] }],
  layers: [
    { id: 'd', kind: 'dense', config: { units: 6, activation: 'tanh' } },
    { id: 'n', kind: 'batchNormalization' },
  ],
  nodes: [
    { id: 'h', layer: 'd', inputs: ['i'] },
    { id: 'o', layer: 'n', inputs: ['h'] },
  ],
  outputs: ['o'],
};
// A second inner spec with other layer names: tfjs cannot save a model holding two nested models with equal weight names
// (fixtures/regressions/nested-duplicate-weight-names.json).
const inner2 = JSON.parse(JSON.stringify(inner).replace(/"d"/g, '"d2"').replace(/"n"/g, '"n2"'));
const outer = () => ({
  version: 1,
  name: 'outer',
  inputs: [{ id: 'x', shape: [6] }],
  layers: [
    { id: 'b', kind: 'block', config: { spec: inner } },
    { id: 'c', kind: 'block', config: { spec: inner2 } },
    { id: 'head', kind: 'dense', config: { units: 2 } },
  ],
  nodes: [
    { id: 'p', layer: 'b', inputs: ['x'] },
    { id: 'q', layer: 'b', inputs: ['p'] },
    { id: 'r', layer: 'c', inputs: ['q'] },
    { id: 'y', layer: 'head', inputs: ['r'] },
  ],
  outputs: ['y'],
});

describe('nested blocks', () => {
  it('key inner weights through the block on both sides, a shared block once, two blocks apart', () => {
    const spec = validateSpec(outer());
    const f = buildFunctional(spec, 1);
    const s = buildSubclass(spec, 1);
    tf.dispose(s.net.apply(tf.zeros([1, 6])) as any);
    const keys = (side: typeof f) => side.net.weights.map((w) => side.keys!.get(w.name)).sort();
    expect(keys(s)).toEqual(keys(f));
    expect(keys(f)).toEqual(expect.arrayContaining(['b/d/kernel', 'b/n/moving_mean', 'c/d2/kernel', 'head/kernel']));
    expect(keys(f).filter((k) => k!.startsWith('b/'))).toHaveLength(6);
    const value = (side: typeof f, key: string) =>
      Array.from(
        side.net.weights
          .find((w) => side.keys!.get(w.name) === key)!
          .read()
          .dataSync(),
      );
    expect(value(f, 'b/d/kernel')).not.toEqual(value(f, 'c/d2/kernel'));
  });

  it('reach parity through every checkpoint (a Layer subclass inside the subclass, a tf.model inside the model)', async () => {
    const r = await runSpec(validateSpec(outer()));
    // The only divergence: tfjs's dispose() leaks the shared block (fixtures/regressions/shared-layer-dispose.json).
    expect(r.divergences.map((d) => `${d.kind}@${d.checkpoint}`)).toEqual(['resources@dispose']);
    expect(r.knownCause).toBe('shared-layer-dispose');
    expect(r.checkpoints).toContain('reload');
    expect(r.checkpoints).toContain('fit');
  });

  it('validate the inner spec, naming the block', () => {
    const bad = outer();
    (bad.layers[0].config as any).spec = {
      ...inner,
      layers: [{ id: 'd', kind: 'dense', config: { units: 0 } }, inner.layers[1]],
    };
    expect(() => validateSpec(bad, 'o.json')).toThrow(InvalidSpecError);
    expect(() => validateSpec(bad, 'o.json')).toThrow(
      "o.json: layer 'b' (block), field 'config.spec': layer 'd' (dense), field 'config.units'",
    );
  });
});
