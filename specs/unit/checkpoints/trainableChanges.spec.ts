import { buildFunctional, buildSubclass, tf, type ModelSpec } from '../../../harness';
import type { SubclassHolding } from '../../../harness/architecture/types';
import { applyTrainableChanges, scheduleOf } from '../../../harness/checkpoints/trainableChanges';
import { runSpec, useCpu } from '../../helpers';

beforeAll(useCpu);

/** Two dense layers; `a` is frozen before step 2 and unfrozen before step 3. */
const spec = (holding: SubclassHolding = 'map'): ModelSpec => ({
  version: 1,
  name: 'freeze-a',
  subclassHolding: holding,
  inputs: [{ id: 'x', shape: [4] }],
  layers: [
    {
      id: 'a',
      kind: 'dense',
      config: { units: 3 },
      trainableSchedule: [
        { beforeStep: 3, trainable: true },
        { beforeStep: 2, trainable: false },
      ],
    },
    { id: 'b', kind: 'dense', config: { units: 2 } },
  ],
  nodes: [
    { id: 'h', layer: 'a', inputs: ['x'] },
    { id: 'y', layer: 'b', inputs: ['h'] },
  ],
  outputs: ['y'],
});

/** A side's trainable weights by structural key, sorted. */
const trainableKeys = (side: ReturnType<typeof buildFunctional>) =>
  side.net.trainableWeights.map((w) => side.keys!.get(w.name)).sort();

describe('trainable changes between custom-loop steps', () => {
  it('lists a spec’s changes in step order', () => {
    expect(scheduleOf(spec())).toEqual([
      { layer: 'a', beforeStep: 2, trainable: false },
      { layer: 'a', beforeStep: 3, trainable: true },
    ]);
  });

  it.each(['map', 'array', 'object'] as const)(
    'sets the layer’s trainable on both sides as user code does (subclass holding its layers in a %s)',
    (holding) => {
      const before = tf.memory().numTensors;
      const sides = { subclass: buildSubclass(spec(holding), 1), functional: buildFunctional(spec(holding), 1) };
      tf.tidy(() => {
        // The subclass builds its sublayers at its first call.
        sides.subclass.net.apply(tf.zeros([1, 4]));
      });
      const all = ['a/bias', 'a/kernel', 'b/bias', 'b/kernel'];
      const schedule = scheduleOf(spec(holding));
      for (const side of Object.values(sides)) expect(trainableKeys(side)).toEqual(all);
      expect(applyTrainableChanges(sides, schedule, 2)).toEqual([
        "before step-2: layer 'a' set trainable = false on both sides",
      ]);
      for (const side of Object.values(sides)) expect(trainableKeys(side)).toEqual(['b/bias', 'b/kernel']);
      applyTrainableChanges(sides, schedule, 3);
      for (const side of Object.values(sides)) expect(trainableKeys(side)).toEqual(all);
      expect(applyTrainableChanges(sides, schedule, 4)).toEqual([]);
      for (const side of Object.values(sides)) side.net.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('with an optimizer that keeps no slots, both sides train alike and the case says what changed', async () => {
    const r = await runSpec(spec(), { optimizer: 'sgd', steps: 3 });
    expect(r.verdict).toBe('parity');
    expect(r.notes).toEqual(
      expect.arrayContaining([
        "before step-2: layer 'a' set trainable = false on both sides",
        "before step-3: layer 'a' set trainable = true on both sides",
      ]),
    );
  });

  it('the frozen layer does not train in the step it is frozen for (sgd, against the same model unscheduled)', async () => {
    const frozen = await runSpec(spec(), { optimizer: 'sgd', steps: 3 });
    const plain = await runSpec(
      { ...spec(), layers: spec().layers.map(({ trainableSchedule: _, ...l }) => l) },
      { optimizer: 'sgd', steps: 3 },
    );
    // The loss of step k is computed before step k's update: steps 1 and 2 see the same weights in both runs,
    // step 3 sees `a` updated once (frozen run) or twice (plain run).
    const [f, p] = [frozen.evolution!.loss.subclass, plain.evolution!.loss.subclass];
    expect(f.slice(0, 2)).toEqual(p.slice(0, 2));
    expect(f[2]).not.toEqual(p[2]);
    expect(frozen.evolution!.loss.functional).toEqual(f);
  });
});
