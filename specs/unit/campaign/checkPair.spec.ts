import {
  BadModuleError,
  checkPair,
  checkSpec,
  divergenceId,
  tf,
  type CaseResult,
  type PairModule,
} from '../../../harness';
import { chain, cliJson } from '../../helpers';

const LOADING = 'fixtures/pairs/loading';

/** What a verdict is made of: the same for the same pair and options, wherever it ran. */
const verdictOf = (r: CaseResult) => ({
  verdict: r.verdict,
  signature: r.signature,
  knownCauses: r.knownCauses,
  divergences: r.divergences.map((d) => `${divergenceId(d)}|${d.cause ?? ''}`),
  errors: r.errors.map((e) => `${e.side}@${e.checkpoint}`),
  checkpoints: r.checkpoints,
});

/** The caller's state the library promises to leave as it was. */
function callerState() {
  return {
    backend: tf.getBackend(),
    random: Math.random,
    flags: { ...tf.env().getFlags() },
    apply: tf.layers.Layer.prototype.apply,
    ownTrackTensor: Object.prototype.hasOwnProperty.call(tf.engine(), 'trackTensor'),
    listeners: Object.fromEntries(
      process.eventNames().map((e) => [String(e), process.listeners(e as NodeJS.Signals).length]),
    ),
    tensors: tf.memory().numTensors,
    variables: Object.keys(tf.engine().state.registeredVariables).length,
  };
}

/** A pair whose own code throws in one factory: bad input. */
const throwing: PairModule = {
  name: 'throws',
  inputs: [{ shape: [4] }],
  functional: ({ tf: t }) => t.sequential({ layers: [t.layers.dense({ inputShape: [4], units: 2 })] }) as never,
  subclass: () => {
    throw new Error('my layer is not written yet');
  },
};

describe('checkPair and checkSpec leave the caller as it was', () => {
  let before: ReturnType<typeof callerState>;
  const mine = () => 0.25;
  const kept = tf.tensor([1, 2, 3]);

  beforeEach(async () => {
    await tf.setBackend('cpu');
    Math.random = mine;
    before = callerState();
  });
  afterAll(() => kept.dispose());

  it('after a case on another backend (auto picks wasm here): backend, Math.random, flags, hooks, listeners, tensors', async () => {
    const r = await checkPair(`${LOADING}/residual.mjs`);
    expect(r.backend).toBe('wasm');
    expect(r.verdict).toBe('parity');
    expect(callerState()).toEqual(before);
    expect(Math.random).toBe(mine);
    expect(kept.dataSync()).toEqual(new Float32Array([1, 2, 3]));
  });

  it('after a pair that throws (bad input: the error is one line naming the pair)', async () => {
    const e = await checkPair(throwing).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(BadModuleError);
    expect((e as Error).message).toBe("pair 'throws': subclass() threw: my layer is not written yet");
    expect(callerState()).toEqual(before);
  });

  it('after a spec, and with a named backend', async () => {
    const r = await checkSpec(chain('mlp', [4], [{ id: 'd', kind: 'dense', config: { units: 3 } }]), {
      backend: 'cpu',
      steps: 1,
    });
    expect(r.verdict).toBe('parity');
    expect(r.config.steps).toBe(1);
    expect(callerState()).toEqual(before);
  });
});

describe('pair modules as users write them', () => {
  it('async factories are awaited everywhere (build, pre-flight, fit, dispose, reload)', async () => {
    const r = await checkPair(`${LOADING}/async-factories.mjs`, { backend: 'cpu' });
    expect(r.verdict).toBe('parity');
    expect(r.checkpoints).toEqual(
      expect.arrayContaining(['build', 'init', 'forward', 'step-2', 'reload', 'fit', 'dispose']),
    );
  });

  it('a TypeScript pair gives the verdict of its JavaScript twin (.ts, .mts, .cts)', async () => {
    const js = verdictOf(await checkPair(`${LOADING}/residual.mjs`, { backend: 'cpu' }));
    expect(js.verdict).toBe('parity');
    for (const f of ['residual.ts', 'residual.mts', 'residual.cts'])
      expect(verdictOf(await checkPair(`${LOADING}/${f}`, { backend: 'cpu' }))).toEqual(js);
    const jsBad = verdictOf(await checkPair(`${LOADING}/residual-no-skip.mjs`, { backend: 'cpu' }));
    expect(jsBad.verdict).toBe('divergence');
    expect(verdictOf(await checkPair(`${LOADING}/residual-no-skip.ts`, { backend: 'cpu' }))).toEqual(jsBad);
  });

  it('a TypeScript syntax error is one line naming the file, the line and the column', async () => {
    await expect(checkPair(`${LOADING}/type-error.ts`)).rejects.toThrow(
      /^fixtures\/pairs\/loading\/type-error\.ts: cannot load \(TypeScript, through jiti\): .*\(line 2, column \d+\)$/,
    );
  });

  it("a module importing @tensorflow/tfjs itself works when that import is the harness's own instance (one install, one module registry)", async () => {
    const r = await checkPair(`${LOADING}/imports-tfjs.mjs`, { backend: 'cpu' });
    expect(r.verdict).toBe('parity');
  });

  it('a pair built with a second tfjs instance is refused in one line saying why and what to do', async () => {
    let other: typeof tf | undefined;
    // A second registration of every kernel warns once per kernel: not this test's subject.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      jest.isolateModules(() => {
        other = require('@tensorflow/tfjs');
      });
    } finally {
      warn.mockRestore();
    }
    expect(other!.layers.Layer).not.toBe(tf.layers.Layer);
    const own = other!;
    const pair: PairModule = {
      name: 'own-tfjs',
      inputs: [{ shape: [4] }],
      functional: () => {
        const x = own.input({ shape: [4] });
        return own.model({ inputs: x, outputs: own.layers.dense({ units: 2 }).apply(x) as never }) as never;
      },
      subclass: () => own.layers.dense({ units: 2 }) as never,
    };
    const tensors = tf.memory().numTensors;
    const e = await checkPair(pair, { backend: 'cpu' }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(BadModuleError);
    const message = (e as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(
      /^pair 'own-tfjs': functional\(\) returned a LayersModel from another copy of @tensorflow\/tfjs: the module imports its own @tensorflow\/tfjs instead of using the tf it is given, .*build with the tf the factory receives \(functional: \(\{ tf, init \}\) => …\)$/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe("checkPair is the CLI's --pair", () => {
  it.each([
    ['a new divergence', `${LOADING}/residual-no-skip.mjs`, undefined],
    [
      'a known cause, proven by a counterfactual rerun',
      'fixtures/pairs/06-shared-layer-regularizer.mjs',
      'shared-regularizer',
    ],
  ])('%s: the same verdict, signature, causes and divergences', async (_what, file, known) => {
    const lib = await checkPair(file);
    expect(lib.verdict).toBe('divergence');
    expect(lib.knownCause).toBe(known);
    const cli = cliJson('--pair', file, '--quiet');
    expect(verdictOf(lib)).toEqual(verdictOf(cli.json.cases[0]));
    expect(lib.backend).toBe(cli.json.cases[0].backend);
  });
});
