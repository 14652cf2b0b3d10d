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
    { id: 'frozen', kind: 'dense', config: { units: 2 }, },
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
      trainable: ['bn/beta', 'bn/gamma', 'rnn/bias', 'rnn/kernel', 'rnn/recurrent_kernel', 'shared/bias', 'shared/kernel'],
      nonTrainable: ['bn/moving_mean', 'bn/moving_variance', 'frozen/bias', 'frozen/kernel'],
    };
    expect(inventory(f)).toEqual(expected);
    expect(inventory(s)).toEqual(expected);
    x.dispose();
    (f.net as any).dispose();
  });

  it('start bit-identical from seeded initializers, and differ under another seed', () => {
    const x = tf.zeros([1, 5, 3]);
    const values = (side: ReturnType<typeof buildFunctional>) => new Map(side.net.weights.map((w) => [side.keys!.get(w.name), Array.from(w.read().dataSync())]));
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
});
