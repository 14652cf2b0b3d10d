import type { Tensor } from '@tensorflow/tfjs';
import { buildFunctional, buildSubclass, tf } from '../../../harness';
import { fromZeroStates, holdingStates, statesOf } from '../../../harness/construct/rnnStates';
import { rnnStateDivergences } from '../../../harness/checkpoints/rnnStateDivergences';
import { tensorData } from '../../../harness/runtime/tensorData';
import { fixtureSpecs, runSpec, useCpu } from '../../helpers';

beforeAll(useCpu);

const spec = () => fixtureSpecs().find((f) => f.file === 'stateful-gru-fixed-batch.json')!.spec;
const stateOf = (net: Parameters<typeof statesOf>[0]) => [...statesOf(net).values()].map((t) => [...t.dataSync()]);
const call = (net: { apply: (x: Tensor, k: object) => unknown }, x: Tensor, training = false) =>
  tf.dispose(net.apply(x, { training }) as Tensor);

describe('stateful RNNs at a fixed batch', () => {
  it('both builders declare the fixed batch, start from zero states and move them alike on every call', () => {
    const before = tf.memory().numTensors;
    const sub = buildSubclass(spec(), 7);
    const fun = buildFunctional(spec(), 7);
    expect((fun.net as unknown as { inputs: { shape: number[] }[] }).inputs[0].shape).toEqual([3, 3, 2]);
    const x = tf.randomNormal([3, 3, 2], 0, 1, 'float32', 1);
    // The subclass builds with a traced call of its own; it must not count as a move of the state.
    call(sub.net, x);
    call(fun.net, x);
    const first = stateOf(sub.net);
    expect(first).toEqual(stateOf(fun.net));
    expect(first[0].some((v) => v !== 0)).toBe(true);
    call(sub.net, x);
    call(fun.net, x);
    expect(stateOf(sub.net)).toEqual(stateOf(fun.net));
    expect(stateOf(sub.net)).not.toEqual(first);
    tf.dispose(x);
    sub.net.dispose();
    (fun.net as unknown as { dispose(): void }).dispose();
    // tfjs 4.22: an RNN's dispose() frees its weights but not its states — a user's stateful model keeps them.
    const kept = [sub, fun].flatMap((l) => [...statesOf(l.net).values()]);
    expect(kept.map((t) => t.isDisposed)).toEqual([false, false]);
    tf.dispose(kept);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a case runs at the fixed batch of its spec whatever its config says, records it, and compares the states', async () => {
    const r = await runSpec(spec(), { batchSize: 5, steps: 1, fit: false, reload: false });
    expect(r.verdict).toBe('parity');
    expect(r.config.batchSize).toBe(3);
  });

  it('a probe inside holdingStates moves no state and leaves no tensor, in inference or training mode', () => {
    const fun = buildFunctional(spec(), 7);
    const x = tf.randomNormal([3, 3, 2], 0, 1, 'float32', 2);
    call(fun.net, x);
    const held = stateOf(fun.net);
    for (const training of [false, true]) {
      const before = tf.memory().numTensors;
      holdingStates(fun.net, () => call(fun.net, x, training));
      expect(stateOf(fun.net)).toEqual(held);
      expect(tf.memory().numTensors).toBe(before);
    }
    // Without it, the same call moves the state: the check above is not vacuous.
    call(fun.net, x);
    expect(stateOf(fun.net)).not.toEqual(held);
    tf.dispose(x);
  });

  it('fromZeroStates calls the model as a fresh (or reloaded) one, then puts the moved state back', () => {
    const fun = buildFunctional(spec(), 7);
    const fresh = buildFunctional(spec(), 7);
    const x = tf.randomNormal([3, 3, 2], 0, 1, 'float32', 3);
    call(fun.net, x);
    call(fun.net, x);
    const moved = stateOf(fun.net);
    const before = tf.memory().numTensors;
    const y = fromZeroStates(fun.net, () => fun.net.apply(x) as Tensor);
    const expected = fresh.net.apply(x) as Tensor;
    expect([...y.dataSync()]).toEqual([...expected.dataSync()]);
    tf.dispose([y, expected]);
    expect(stateOf(fun.net)).toEqual(moved);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
  });

  it('compares the states as state: a difference and a state on one side only are named, no RNN no finding', () => {
    const v = (xs: number[]) => {
      const t = tf.tensor1d(xs);
      const d = tensorData(t);
      t.dispose();
      return d;
    };
    const tol = { tolerance: { mode: 'exact' } as const };
    expect(rnnStateDivergences('forward', new Map(), new Map(), tol)).toEqual([]);
    const a = new Map([['r/state0', v([1, 2])]]);
    const b = new Map([['r/state0', v([1, 3])]]);
    expect(rnnStateDivergences('step-1', a, b, tol)).toEqual([
      expect.objectContaining({ kind: 'state', checkpoint: 'step-1', key: 'r/state0' }),
    ]);
    expect(rnnStateDivergences('forward', a, new Map(), tol)).toEqual([
      expect.objectContaining({
        kind: 'state',
        key: 'r/state0',
        message: expect.stringMatching(/RNN state on the subclass side only/),
      }),
    ]);
  });
});
