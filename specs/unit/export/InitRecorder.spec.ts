import type { Tensor } from '@tensorflow/tfjs';
import { tf, type PairModule } from '../../../harness';
import type { PairContext } from '../../../harness/construct/PairModule';
import { seededInitializer } from '../../../harness/construct/seededInitializer';
import { InitRecorder } from '../../../harness/export/InitRecorder';
import { PAIR_RUNNER } from '../../../harness/export/pairRunner';
import { SCRIPT_HELPERS } from '../../../harness/export/scriptHelpers';
import { seedFor } from '../../../harness/runtime/seedFor';

/** The context the harness gives a pair's factories for a case seed (as harness/engine/buildSides.ts makes it). */
const harnessContext = (seed: number): PairContext => ({
  tf,
  init: (key, kind) => seededInitializer(tf, kind ?? 'glorotUniform', seedFor(seed, 'pair', key)),
});

/** A pair whose functional side takes its kernel from init('d') and a heNormal bias-free kernel from init('e', 'heNormal'). */
const pair: PairModule = {
  name: 'recorded',
  inputs: [{ shape: [4] }],
  functional: ({ tf, init }) => {
    const x = tf.input({ shape: [4] });
    const h = tf.layers.dense({ units: 3, kernelInitializer: init('d') }).apply(x);
    const y = tf.layers.dense({ units: 2, useBias: false, kernelInitializer: init('e', 'heNormal') }).apply(h);
    return tf.model({ inputs: x, outputs: y as ReturnType<typeof tf.input> });
  },
  subclass: ({ tf }) => tf.layers.dense({ units: 2 }),
};

/** The script's init(key[, kind]), taken from the runner's text and evaluated against this tfjs. */
function scriptContext(inits: unknown): { init: (key: string, kind?: string) => unknown } {
  const from = PAIR_RUNNER.indexOf('const Initializer =');
  const to = PAIR_RUNNER.indexOf('/** Ends the script');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the script's own text, run as the script runs it
  const make = new Function('tf', 'INITS', `${SCRIPT_HELPERS}\n${PAIR_RUNNER.slice(from, to)}\nreturn context;`) as (
    t: typeof tf,
    i: unknown,
  ) => { init: (key: string, kind?: string) => unknown };
  return make(tf, inits);
}

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  for (const v of Object.values(tf.engine().state.registeredVariables)) v.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

describe('InitRecorder', () => {
  it("records every init(key[, kind]) value the harness's seeded initializers give, by key, kind and shape", async () => {
    const recorder = new InitRecorder();
    const model = (await recorder.wrap(pair).functional(harnessContext(42))) as InstanceType<typeof tf.LayersModel>;
    model.dispose();
    const inits = recorder.inits(42);
    expect(inits.map((i) => [i.key, i.kind, i.values.shape])).toEqual([
      ['d', 'glorotUniform', [4, 3]],
      ['e', 'heNormal', [3, 2]],
    ]);
    // Exactly the harness's values: its initializer for the key, applied afresh.
    const expected = tf.tidy(() =>
      Array.from(
        seededInitializer(tf, 'heNormal', seedFor(42, 'pair', 'e'))
          .apply([3, 2])
          .dataSync(),
      ),
    );
    const decoded = new Float32Array(new Uint8Array(Buffer.from(inits[1].values.data, 'base64')).buffer);
    expect(Array.from(decoded)).toEqual(expected);
  });

  it('leaves out calls under another seed (pre-flight builds the sides with its own) and flags values that change', async () => {
    const recorder = new InitRecorder();
    ((await recorder.wrap(pair).functional(harnessContext(1))) as { dispose(): void }).dispose();
    ((await recorder.wrap(pair).functional(harnessContext(42))) as { dispose(): void }).dispose();
    expect(recorder.inits(42)).toHaveLength(2);
    expect(recorder.inits(7)).toHaveLength(0);
    expect(recorder.unstable.size).toBe(0);
    // An initializer that draws differently on each call, under one seed, cannot be embedded.
    let calls = 0;
    const drifting: PairContext = {
      tf,
      init: (key) => {
        const real = seededInitializer(tf, 'glorotUniform', seedFor(42, 'pair', key));
        real.apply = (shape: number[]) => tf.fill(shape, ++calls) as Tensor;
        return real;
      },
    };
    const wrapped = recorder.wrap(pair);
    ((await wrapped.functional(drifting)) as { dispose(): void }).dispose();
    ((await wrapped.functional(drifting)) as { dispose(): void }).dispose();
    expect(recorder.unstable.size).toBeGreaterThan(0);
  });

  it("the script's init gives the recorded values back, as an initializer tfjs-layers accepts", async () => {
    const recorder = new InitRecorder();
    ((await recorder.wrap(pair).functional(harnessContext(42))) as { dispose(): void }).dispose();
    const { init } = scriptContext(recorder.inits(42));
    const fromScript = (await pair.functional({ tf, init } as PairContext)) as InstanceType<typeof tf.LayersModel>;
    const fromHarness = (await pair.functional(harnessContext(42))) as InstanceType<typeof tf.LayersModel>;
    const values = (m: InstanceType<typeof tf.LayersModel>) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(values(fromScript)).toEqual(values(fromHarness));
    // A shape the export never saw is refused by name, not drawn afresh.
    expect(() =>
      tf.layers.dense({ units: 5, kernelInitializer: init('d') as never }).apply(tf.input({ shape: [4] })),
    ).toThrow("init('d', 'glorotUniform'): the export recorded no float32 values of shape [4,5]");
    fromScript.dispose();
    fromHarness.dispose();
  });
});
