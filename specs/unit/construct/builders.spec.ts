import { buildFunctional, buildSubclass, tf, validateSpec, type ModelSpec } from '../../../harness';
import { useCpu } from '../../helpers';

beforeAll(useCpu);

const spec: ModelSpec = validateSpec({
  version: 1,
  name: 'inventory',
  inputs: [{ id: 'x', shape: [5, 3] }],
  layers: [
    { id: 'rnn', kind: 'lstm', config: { units: 4, returnSequences: true } },
    { id: 'bn', kind: 'batchNormalization' },
    { id: 'shared', kind: 'dense', config: { units: 4 } },
    { id: 'frozen', kind: 'dense', config: { units: 2 } },
    { id: 'pool', kind: 'globalAveragePooling1d' },
  ],
  nodes: [
    { id: 'r', layer: 'rnn', inputs: ['x'] },
    { id: 'b', layer: 'bn', inputs: ['r'] },
    { id: 's1', layer: 'shared', inputs: ['b'] },
    { id: 's2', layer: 'shared', inputs: ['s1'] },
    { id: 'p', layer: 'pool', inputs: ['s2'] },
    { id: 'y', layer: 'frozen', inputs: ['p'] },
  ],
  outputs: ['y'],
});
spec.layers[3].trainable = false;

function inventory(side: ReturnType<typeof buildFunctional>) {
  const key = (w: { name: string }) => side.keys!.get(w.name);
  return {
    trainable: side.net.trainableWeights.map(key).sort(),
    nonTrainable: side.net.nonTrainableWeights.map(key).sort(),
  };
}

describe('both builders', () => {
  it('expose the same structural keys, trainable and not, with a shared layer counted once', () => {
    const x = tf.zeros([2, 5, 3]);
    const f = buildFunctional(spec, 7);
    const s = buildSubclass(spec, 7);
    tf.dispose(s.net.apply(x) as any);
    const expected = {
      trainable: [
        'bn/beta',
        'bn/gamma',
        'rnn/bias',
        'rnn/kernel',
        'rnn/recurrent_kernel',
        'shared/bias',
        'shared/kernel',
      ],
      nonTrainable: ['bn/moving_mean', 'bn/moving_variance', 'frozen/bias', 'frozen/kernel'],
    };
    expect(inventory(f)).toEqual(expected);
    expect(inventory(s)).toEqual(expected);
    x.dispose();
    (f.net as any).dispose();
  });

  it('start bit-identical from seeded initializers, and differ under another seed', () => {
    const x = tf.zeros([1, 5, 3]);
    const values = (side: ReturnType<typeof buildFunctional>) =>
      new Map(side.net.weights.map((w) => [side.keys!.get(w.name), Array.from(w.read().dataSync())]));
    const f = buildFunctional(spec, 11);
    const s = buildSubclass(spec, 11);
    const t = buildSubclass(spec, 12);
    tf.dispose([s.net.apply(x) as any, t.net.apply(x) as any]);
    expect(values(s)).toEqual(values(f));
    expect(values(t).get('rnn/kernel')).not.toEqual(values(f).get('rnn/kernel'));
    x.dispose();
  });

  it('names subclass weights uniquely (sublayers build in their own scope)', () => {
    const s = buildSubclass(spec, 3);
    tf.dispose(s.net.apply(tf.zeros([1, 5, 3])) as any);
    const names = s.net.weights.map((w) => w.originalName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain(`${s.net.name}/rnn/kernel`);
  });

  it('round-trips the subclass through tfjs serialization', () => {
    const s = buildSubclass(spec, 3);
    const config = s.net.getConfig();
    const cls = tf.serialization.SerializationMap.getMap().classNameMap['ParityCheckSpecSubclass'];
    expect(cls).toBeDefined();
    const copy = (cls[1] as any)(cls[0], config);
    expect(copy.spec).toEqual(spec);
    expect(typeof config.specHex).toBe('string');
    expect(copy.caseSeed).toBe(3);
  });

  it('names weights alike whether the subclass is first applied eagerly or symbolically', () => {
    const eager = buildSubclass(spec, 3);
    tf.dispose(eager.net.apply(tf.zeros([2, 5, 3])) as any);
    const symbolic = buildSubclass(spec, 3);
    symbolic.net.apply(tf.input({ shape: [5, 3] }));
    const below = (side: ReturnType<typeof buildSubclass>) =>
      side.net.weights.map((w) => w.originalName.slice(side.net.name.length)).sort();
    expect(below(symbolic)).toEqual(below(eager));
    expect([...symbolic.keys!.values()].sort()).toEqual([...eager.keys!.values()].sort());
  });
});

describe('the subclass builder', () => {
  // timeDistributed's input spec pins its whole first input shape, batch included.
  const td: ModelSpec = validateSpec({
    version: 1,
    name: 'td',
    inputs: [{ id: 'x', shape: [3, 2] }],
    layers: [{ id: 't', kind: 'timeDistributed', config: { units: 2 } }],
    nodes: [{ id: 'y', layer: 't', inputs: ['x'] }],
    outputs: ['y'],
  });

  it('builds its sublayers at the batch size of its first eager call', () => {
    const s = buildSubclass(td, 1);
    const y = s.net.apply(tf.ones([4, 3, 2])) as any;
    expect(y.shape).toEqual([4, 3, 2]);
    // The pinned batch is tfjs's own behaviour: another batch size is refused, as it would be for any eager timeDistributed.
    expect(() => s.net.apply(tf.ones([2, 3, 2]))).toThrow(/expected shape=4,3,2/);
    tf.dispose(y);
  });

  it('leaves the batch open when first applied symbolically (tf.model, loadLayersModel)', () => {
    const s = buildSubclass(td, 1);
    const x = tf.input({ shape: [3, 2] });
    const model = tf.model({ inputs: x, outputs: s.net.apply(x) as ReturnType<typeof tf.input> });
    for (const batch of [1, 5]) {
      const y = model.predict(tf.ones([batch, 3, 2])) as any;
      expect(y.shape).toEqual([batch, 3, 2]);
      tf.dispose(y);
    }
    model.dispose();
  });

  it("passes an incoming mask into a nested block's inner graph, as a nested tf.model does", () => {
    const shape = [4, 2];
    const inner = {
      version: 1,
      name: 'in',
      inputs: [{ id: 'y', shape }],
      layers: [{ id: 'b_r', kind: 'simpleRNN', config: { units: 2 } }],
      nodes: [{ id: 'k', layer: 'b_r', inputs: ['y'] }],
      outputs: ['k'],
    };
    const masked = validateSpec({
      version: 1,
      name: 'mask-into-block',
      inputs: [{ id: 'x', shape }],
      layers: [
        { id: 'm', kind: 'masking' },
        { id: 'b', kind: 'block', config: { spec: inner } },
      ],
      nodes: [
        { id: 'n1', layer: 'm', inputs: ['x'] },
        { id: 'n2', layer: 'b', inputs: ['n1'] },
      ],
      outputs: ['n2'],
    });
    // The last two steps are all zeros, so the mask hides them from the RNN: its output changes when the mask arrives.
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [0, 0],
        [0, 0],
      ],
    ]);
    const out = (spec: ModelSpec, build: typeof buildSubclass) => {
      const y = build(spec, 5).net.apply(x) as any;
      const v = Array.from(y.dataSync() as Float32Array);
      tf.dispose(y);
      return v;
    };
    const unmasked = validateSpec({
      ...masked,
      layers: [{ id: 'm', kind: 'activation', config: { activation: 'linear' } }, masked.layers[1]],
    });
    expect(out(masked, buildSubclass)).toEqual(out(masked, buildFunctional));
    expect(out(masked, buildSubclass)).not.toEqual(out(unmasked, buildSubclass));
    x.dispose();
  });
});
