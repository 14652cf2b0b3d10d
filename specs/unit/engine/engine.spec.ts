import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MUTANTS, OPTIMIZERS, selectBackend, tf, validateSpec, type MutantName } from '../../../harness';
import { fixtureSpecs, itOnCpuRun, kinds, ROOT, runSpec, TEST_BACKEND, useTestBackend } from '../../helpers';
import { outcomeOf, specFixtures } from '../../regressionOutcome';

beforeAll(useTestBackend);

const spec = (name: string) => fixtureSpecs().find((f) => f.file === `${name}.json`)!.spec;

describe('fixture specs (the article examples and friends)', () => {
  const expected: Record<string, string> = {
    'article-1-mlp': 'parity',
    'article-2-shared-as-written': 'agreed-error',
    // Parity through training, reload and fit; then tfjs's dispose() leaks the shared layer (a recorded finding).
    'article-2-shared-fixed': 'divergence',
    'article-3-branches': 'parity',
    'cnn-batchnorm-dropout': 'parity',
    'sequence-two-inputs': 'parity',
    // Its state moves on every user call, alike on both sides; the harness's own calls move none.
    'stateful-gru-fixed-batch': 'parity',
  };
  it.each(fixtureSpecs().map((f) => [f.spec.name, f.spec] as const))(
    '%s has its expected verdict, through every checkpoint',
    async (name, s) => {
      const r = await runSpec(s);
      expect(r.verdict).toBe(expected[name]);
      if (r.verdict !== 'agreed-error')
        expect(r.checkpoints).toEqual([
          'build',
          'init',
          'forward',
          'forward-training',
          'loss',
          'gradients',
          'step-1',
          'step-2',
          'reload',
          'fit',
          'dispose',
        ]);
      if (r.verdict === 'divergence') {
        expect(r.divergences.map((d) => `${d.kind}@${d.checkpoint}`)).toEqual(['resources@dispose']);
        expect(r.knownCause).toBe('shared-layer-dispose');
      }
    },
  );

  it('article example 2 as written: both APIs reject the second application, as predicted', async () => {
    const r = await runSpec(spec('article-2-shared-as-written'));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ side: 'both', checkpoint: 'build' });
    expect(r.errors[0].message).toMatch(/expected axis -1 of input shape to have value 10/);
    expect(r.predictedRejection).toMatch(/node 'h2'/);
  });

  it('article example 2 corrected: one shared kernel on both sides (2 variables, not 4)', async () => {
    const r = await runSpec(spec('article-2-shared-fixed'));
    // Agreement everywhere but dispose(), where the functional model leaks the shared kernel and bias (tfjs 4.22).
    expect(r.divergences).toEqual([
      expect.objectContaining({
        kind: 'resources',
        checkpoint: 'dispose',
        message: expect.stringMatching(/^variables surviving dispose\(\): subclass 0, functional 2; functional: /),
      }),
    ]);
    const unshared = await runSpec(spec('article-2-shared-fixed'), { mutant: 'unshared-layer' });
    expect(unshared.divergences[0]).toMatchObject({
      kind: 'inventory',
      checkpoint: 'init',
      message: 'trainable variable count: subclass 4, functional 2',
    });
  });
});

describe('mutants are detected with the expected divergence kind', () => {
  const expectedKinds: Record<MutantName, { spec: string; first: string }> = {
    'unshared-layer': { spec: 'article-2-shared-fixed', first: 'inventory' },
    'untracked-weights': { spec: 'article-3-branches', first: 'inventory' },
    'no-training-flag': { spec: 'cnn-batchnorm-dropout', first: 'forward' },
    'concat-swap': { spec: 'article-3-branches', first: 'forward' },
    'skip-regularizer': { spec: 'sequence-two-inputs', first: 'loss' },
    'drop-bias': { spec: 'article-1-mlp', first: 'inventory' },
  };
  it.each(Object.keys(MUTANTS) as MutantName[])('%s', async (mutant) => {
    const { spec: name, first } = expectedKinds[mutant];
    const r = await runSpec(spec(name), { mutant });
    expect(r.verdict).toBe('divergence');
    expect(r.divergences[0].kind).toBe(first);
    // Without the mutant: parity, or only the recorded dispose leak of a shared layer.
    const base = await runSpec(spec(name));
    expect(base.verdict === 'parity' || base.knownCause === 'shared-layer-dispose').toBe(true);
    // …and the mutant's case is never excused as that known cause.
    expect(r.knownCause).toBeUndefined();
  });

  it('no-training-flag names the first divergent node and the BatchNorm state', async () => {
    const r = await runSpec(spec('cnn-batchnorm-dropout'), { mutant: 'no-training-flag' });
    const act = r.divergences.find((d) => d.kind === 'activation' && d.checkpoint === 'forward-training');
    expect(act?.key).toBe('n');
    expect(r.divergences.some((d) => d.kind === 'state' && d.key === 'bn/moving_mean')).toBe(true);
    expect(r.divergences.some((d) => d.checkpoint === 'forward')).toBe(false);
  });
});

describe('optimizers', () => {
  const slotSuffixes: Record<string, string[]> = {
    sgd: [],
    momentum: ['momentum'],
    adam: ['m', 'v'],
    adamax: ['m', 'v'],
    rmsprop: ['momentum', 'rms'],
    adagrad: ['accumulator'],
    adadelta: ['accum_grad', 'accum_var'],
  };
  it.each(OPTIMIZERS.map((o) => [o]))(
    '%s: parity, with its slots compared under structural keys',
    async (optimizer) => {
      const r = await runSpec(spec('article-3-branches'), { optimizer, steps: 2, fit: false });
      expect(r.verdict).toBe('parity');
      // Prove the slots are really compared: drop-bias removes one slot set on the subclass side.
      const m = await runSpec(spec('article-3-branches'), { optimizer, steps: 1, fit: false, mutant: 'drop-bias' });
      const slotKeys = m.divergences
        .filter((d) => d.kind === 'slot')
        .map((d) => d.key)
        .sort();
      expect(slotKeys).toEqual(slotSuffixes[optimizer].map((s) => `trunk/bias#${s}`).sort());
    },
  );
});

describe('resources', () => {
  it('every case leaves tf.memory().numTensors where it found it, even when tfjs throws', async () => {
    const before = tf.memory().numTensors;
    const stateful = new Set(
      fixtureSpecs()
        .filter((f) => f.spec.inputs[0].batchSize !== undefined)
        .map((f) => f.spec.name),
    );
    const cases = [
      ...fixtureSpecs().map((f) => () => runSpec(f.spec)),
      () => runSpec(spec('article-3-branches'), { mutant: 'untracked-weights' }),
      () => runSpec(spec('cnn-batchnorm-dropout'), { optimizer: 'rmsprop', loss: 'categoricalCrossentropy' }),
    ];
    for (const run of cases) {
      const n = tf.memory().numTensors;
      const r = await run();
      expect(tf.memory().numTensors).toBe(n);
      // A case that ran through needed no safety net: the harness disposed everything itself — but for the states of a
      // stateful RNN, which tfjs's dispose() keeps (rnnStates.spec.ts shows it): only the case's ledger frees those.
      if (r.errors.length === 0 && !stateful.has(r.name)) expect(r.reclaimedTensors).toBe(0);
      if (stateful.has(r.name)) expect(r.reclaimedTensors).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  itOnCpuRun(
    'the wasm backend lacks conv gradients: a backend limitation, never agreement; the tensor count is unchanged',
    async () => {
      await selectBackend('wasm');
      try {
        const n = tf.memory().numTensors;
        const r = await runSpec(spec('cnn-batchnorm-dropout'));
        expect(r.verdict).toBe('backend-limitation');
        expect(r.limitation).toMatchObject({ kernel: 'Conv2DBackpropFilter', backend: 'wasm', checkpoint: 'loss' });
        expect(r.errors.some((e) => e.side === 'both')).toBe(false);
        // What ran before the missing kernel was compared on wasm.
        expect(r.checkpoints).toEqual(expect.arrayContaining(['build', 'init', 'forward', 'forward-training']));
        expect(r.reclaimedTensors).toBeGreaterThan(0);
        expect(tf.memory().numTensors).toBe(n);
      } finally {
        await selectBackend(TEST_BACKEND);
      }
    },
  );

  it('is reproducible: the same seed gives the same findings', async () => {
    const a = await runSpec(spec('cnn-batchnorm-dropout'), { mutant: 'no-training-flag' });
    const b = await runSpec(spec('cnn-batchnorm-dropout'), { mutant: 'no-training-flag' });
    expect(b.divergences).toEqual(a.divergences);
  });
});

describe('regressions found in tfjs', () => {
  const dir = join(ROOT, 'fixtures', 'regressions');
  const files: string[] = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it.each(files)('%s replays with its recorded finding', async (file) => {
    const entry = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const r = await runSpec(validateSpec(entry.spec, file));
    // On this backend, the outcome measured and recorded for it (the README's "shows on").
    expect(outcomeOf(r)).toEqual(entry.expect.perBackend[TEST_BACKEND]);
    // The fixture's own expectation is cpu's (the backend it was found on). On another backend the recorded
    // outcome above is the check: a kernel the backend lacks, or its own wording of the same error.
    if (TEST_BACKEND !== 'cpu') return;
    expect(r.verdict).toBe(entry.expect.verdict);
    expect(kinds(r)).toEqual([...entry.expect.kinds].sort());
    if (entry.expect.verdict === 'parity') {
      // A tfjs behaviour both constructions share (proven by its own test): nothing differs, nothing failed.
      expect(r.divergences).toEqual([]);
      expect(r.errors).toEqual([]);
    } else if (entry.expect.verdict === 'divergence') {
      expect(r.divergences[0].checkpoint).toBe(entry.expect.firstCheckpoint);
      // The documented cause is proven on its own fixture (a counterfactual rerun or an exact check), for every divergence.
      expect(r.knownCause).toBe(entry.expect.cause);
      expect(r.divergences.every((d) => d.cause !== undefined)).toBe(true);
    } else {
      // A tfjs failure both APIs share: it happens at the recorded checkpoint, with the recorded message.
      expect(r.errors[0]).toMatchObject({ side: 'both', checkpoint: entry.expect.firstCheckpoint });
      expect(r.errors[0].message).toContain(entry.expect.error);
    }
  });
});

describe("other backends' regressions, on this backend", () => {
  // A finding of wasm or of tensorflow across backends, replayed as one case on this backend alone:
  // what it records for this backend (each shows only where its own suite replays it).
  it.each(['wasm', 'tensorflow'].flatMap(specFixtures).map((f) => [f.file, f.entry] as const))(
    '%s has its recorded outcome on this backend',
    async (file, entry) => {
      const before = tf.memory().numTensors;
      const r = await runSpec(validateSpec(entry.spec, file));
      expect(outcomeOf(r)).toEqual(entry.expect.perBackend?.[TEST_BACKEND]);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
