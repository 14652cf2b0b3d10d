import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  check,
  checkCase,
  divergenceId,
  exitCode,
  junitReport,
  KNOWN_CAUSES,
  MUTANTS,
  resolveCaseConfig,
  runCase,
  selectBackend,
  tf,
  validateSpec,
  type CaseHooks,
  type CaseResult,
  type MutantName,
  type ModelSpec,
  type PairModule,
} from '../../harness';
import { shrinkCase } from '../../harness/campaign/shrinkCase';
import { explainCase } from '../../harness/triage/explainCase';
import type { RawCase } from '../../harness/generate/caseArbitrary';
import { cliJson, itOnCpuRun, ROOT, runPair, runSpec, TEST_BACKEND, useTestBackend } from '../helpers';

/**
 * The oracle's rules (../shared/DESIGN.md), each with tests that fail when
 * the rule is broken. Cases run on TEST_BACKEND (cpu, and tensorflow in its
 * jest project) unless a rule is about a backend.
 */

beforeAll(useTestBackend);

/** Every regression fixture recording a cause, recursively: [path from the root, cause, spec, backend]. */
function causeFixtures(dir = join(ROOT, 'fixtures', 'regressions')): {
  path: string;
  cause: string;
  spec: ModelSpec;
  backend?: string;
  reference?: 'keras';
  /** The test backend lacks a kernel the case needs (its recorded outcome there): engine.spec asserts that. */
  unreachable: boolean;
}[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return causeFixtures(path);
    if (!f.endsWith('.json')) return [];
    const e = JSON.parse(readFileSync(path, 'utf8'));
    // Causes between backends (tensorflow/) are a kernel's, proven across two backends: crossBackendTensorflow.spec.ts.
    return e.expect.cause && e.expect.backends === undefined
      ? [
          {
            path: relative(ROOT, path),
            cause: e.expect.cause as string,
            spec: validateSpec(e.spec, f),
            backend: e.expect.backend as string | undefined,
            reference: e.expect.reference as 'keras' | undefined,
            unreachable:
              (e.expect.perBackend?.[TEST_BACKEND] as { verdict?: string } | undefined)?.verdict ===
              'backend-limitation',
          },
        ]
      : [];
  });
}
const fixtures = causeFixtures();
const fixture = (name: string) => fixtures.find((f) => f.path.endsWith(`/${name}.json`))!.spec;
/** What a result found, compared across runs: identities and statistics, never messages (they carry tfjs's counters). */
const findings = (r: CaseResult) => JSON.stringify(r.divergences.map((d) => [divergenceId(d), d.stats]));

/** A pair whose subclass forgets nothing but the BatchNorm momentum: statistics drift apart in every training path. */
function momentumPair(m: number): PairModule {
  return {
    name: `batchnorm momentum ${m}`,
    inputs: [{ shape: [5] }],
    functional: ({ tf: t, init }) => {
      const x = t.input({ shape: [5] });
      const h = t.layers
        .batchNormalization({ momentum: 0.9 })
        .apply(t.layers.dense({ units: 4, kernelInitializer: init('d') }).apply(x));
      return t.model({ inputs: x, outputs: h as any });
    },
    subclass: ({ tf: t, init }) => {
      class Norm extends t.layers.Layer {
        static className = `OracleNorm${Math.round(m * 10)}`;
        d = t.layers.dense({ name: 'd', units: 4, kernelInitializer: init('d') });
        bn = t.layers.batchNormalization({ name: 'bn', momentum: m });
        override build(s: any) {
          t.tidy(() => {
            this.call(t.zeros([1, ...s.slice(1)]), {});
          });
          super.build(s);
        }
        override get trainableWeights() {
          return [this.d, this.bn].flatMap((l) => l.trainableWeights);
        }
        override get nonTrainableWeights() {
          return [this.d, this.bn].flatMap((l) => l.nonTrainableWeights);
        }
        override computeOutputShape(s: any) {
          return [s[0], 4];
        }
        override call(x: any, k: any) {
          return t.tidy(() => this.bn.apply(this.d.apply(Array.isArray(x) ? x[0] : x, k), k) as any);
        }
      }
      t.serialization.registerClass(Norm);
      return new Norm({});
    },
  };
}

describe('rule 1: nothing is excused unless it is proven on the case', () => {
  it('every known cause has a fixture that it proves, divergence by divergence', () => {
    // A fixture may record a joint proof ('a+b': gone only when both are neutralised): it proves each of them.
    expect(new Set(fixtures.flatMap((f) => f.cause.split('+')))).toEqual(new Set(KNOWN_CAUSES.map((k) => k.id)));
  });

  it.each(
    fixtures
      .filter((f) => f.backend === undefined && f.reference === undefined && !f.unreachable)
      .map((f) => [f.path, f] as const),
  )('%s: proven, every divergence explained', async (_path, f) => {
    const r = await runSpec(f.spec);
    expect(r.knownCause).toBe(f.cause);
    expect(r.divergences.length).toBeGreaterThan(0);
    for (const d of r.divergences) expect(d).toMatchObject({ cause: expect.any(String), evidence: expect.any(String) });
  });

  // Near misses: the same model with a real subclass fault on top. Whenever the fault changes
  // anything, the case must be new — a known cause never excuses what it did not cause.
  const nearMisses = fixtures
    .filter((f) => f.backend === undefined && f.reference === undefined && !f.unreachable)
    .flatMap((f) => (Object.keys(MUTANTS) as MutantName[]).map((m) => [f.path, m, f] as const));
  it.each(nearMisses)('%s with mutant %s: new whenever the mutant changes anything', async (_path, mutant, f) => {
    const base = await runSpec(f.spec);
    const r = await runSpec(f.spec, { mutant });
    // A case that ends where one side throws at build shows nothing of a subclass fault, but the proof's
    // rerun (the cause neutralised) runs on and meets it: the proof then fails — new, the safe side — and
    // the fault is real. Only there may an unchanged case lose its cause.
    const stoppedAtBuild = base.errors.some((e) => e.checkpoint === 'build' && e.side !== 'both');
    if (findings(r) === findings(base) && stoppedAtBuild) expect([base.knownCause, undefined]).toContain(r.knownCause);
    else if (findings(r) === findings(base)) expect(r.knownCause).toBe(base.knownCause);
    else expect(r.knownCause).toBeUndefined();
  });

  itOnCpuRun(
    'on wasm, a conv3dTranspose model with a real subclass fault is new: the kernel counterfactual explains nothing of it',
    async () => {
      await selectBackend('wasm');
      try {
        const spec = validateSpec({
          version: 1,
          name: 'wasm-near-miss',
          inputs: [{ id: 'x', shape: [4] }],
          layers: [
            { id: 'r', kind: 'reshape', config: { targetShape: [2, 2, 1, 1] } },
            { id: 't', kind: 'conv3dTranspose', config: { filters: 2, kernelSize: 2, useBias: false } },
            { id: 'f', kind: 'flatten' },
            { id: 'd', kind: 'dense', config: { units: 2 } },
          ],
          nodes: [
            { id: 'n0', layer: 'r', inputs: ['x'] },
            { id: 'n1', layer: 't', inputs: ['n0'] },
            { id: 'n2', layer: 'f', inputs: ['n1'] },
            { id: 'n3', layer: 'd', inputs: ['n2'] },
          ],
          outputs: ['n3'],
        });
        const r = await checkCase(
          { kind: 'spec', name: spec.name, spec },
          resolveCaseConfig({ mutant: 'drop-bias', fit: false, reload: false }),
          'wasm',
        );
        expect(r.backend).toBe('wasm');
        expect(r.divergences.find((d) => d.kind === 'inventory')?.cause).toBeUndefined();
        expect(r.knownCause).toBeUndefined();
      } finally {
        await selectBackend(TEST_BACKEND);
      }
    },
  );

  it('a subclass that drops its regularization losses on the shared-regularized model is new: its loss gap is twice what the tfjs cause predicts', async () => {
    const spec = fixture('shared-regularized');
    const known = await runSpec(spec);
    const mutant = await runSpec(spec, { mutant: 'skip-regularizer' });
    const gap = (r: CaseResult) =>
      r.divergences.find((d) => d.kind === 'loss' && d.checkpoint === 'loss')!.stats!.maxAbs;
    expect(known.knownCause).toBe('shared-regularizer');
    expect(mutant.knownCause).toBeUndefined();
    expect(mutant.signature).toBe('loss|dense|loss');
    // Penalty counted twice by tfjs vs not at all: twice the gap of counted twice vs once.
    expect(gap(mutant) / gap(known)).toBeCloseTo(2, 1);
  });

  it('the CLI agrees: exit 0 with the cause confirmed, exit 1 with the mutant, with or without --runs', async () => {
    for (const runs of [undefined, 1]) {
      const ok = await check({
        specFiles: ['fixtures/regressions/shared-regularized.json'],
        fuzz: runs ? { runs } : undefined,
        backend: TEST_BACKEND,
      });
      expect(ok.cases[0].knownCause).toBe('shared-regularizer');
      const bad = await check({
        specFiles: ['fixtures/regressions/shared-regularized.json'],
        mutant: 'skip-regularizer',
        fuzz: runs ? { runs } : undefined,
        backend: TEST_BACKEND,
      });
      expect(bad.cases[0].knownCause).toBeUndefined();
      expect(exitCode(ok.cases.slice(0, 1))).toBe(0);
      expect(exitCode(bad.cases.slice(0, 1))).toBe(1);
    }
  });

  it('a proof that moves anything else proves nothing: a counterfactual with a new divergence explains none', async () => {
    const spec = fixture('shared-regularized');
    const original = await runCase({ kind: 'spec', name: 'x', spec }, resolveCaseConfig({}));
    // A rerun that removes the loss divergences but adds one of its own.
    const rerun = async (): Promise<CaseResult> => ({
      ...original,
      divergences: [{ kind: 'forward', checkpoint: 'forward', key: 'y', message: 'moved' }],
    });
    const judged = await explainCase(
      original,
      rerun,
      KNOWN_CAUSES.filter((k) => k.id === 'shared-regularizer'),
    );
    expect(judged.divergences.filter((d) => d.cause === 'shared-regularizer')).toEqual([]);
    expect(judged.knownCause).toBeUndefined();
  });
});

describe('rule 2: the harness never creates or hides a finding', () => {
  it('fit compares every weight and statistic of sides never called before compile (a BatchNorm drifting apart shows as state@fit)', async () => {
    const r = await runPair(momentumPair(0.5));
    expect(r.divergences.filter((d) => d.checkpoint === 'fit').map((d) => `${d.kind}@${d.key}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^state@.*moving_mean$/),
        expect.stringMatching(/^state@.*moving_variance$/),
      ]),
    );
    const same = await runPair(momentumPair(0.9));
    expect(same.divergences.map((d) => d.message)).toEqual([]);
    expect(same.verdict).toBe('parity');
    expect(same.checkpoints).toContain('fit');
  });

  it('a subclass returning fewer outputs than the functional model is a divergence at forward', async () => {
    const pair: PairModule = {
      name: 'one output short',
      inputs: [{ shape: [3] }],
      functional: ({ tf: t, init }) => {
        const x = t.input({ shape: [3] });
        return t.model({
          inputs: x,
          outputs: [
            t.layers.dense({ units: 2, kernelInitializer: init('a') }).apply(x) as any,
            t.layers.dense({ units: 2, kernelInitializer: init('b') }).apply(x) as any,
          ],
        });
      },
      subclass: ({ tf: t, init }) => {
        class Short extends t.layers.Layer {
          static className = 'OracleShort';
          a = t.layers.dense({ units: 2, kernelInitializer: init('a') });
          b = t.layers.dense({ units: 2, kernelInitializer: init('b') });
          override get trainableWeights() {
            return [this.a, this.b].flatMap((l) => l.trainableWeights);
          }
          override computeOutputShape(s: any) {
            return [s[0], 2];
          }
          override call(x: any) {
            return t.tidy(() => {
              this.b.apply(Array.isArray(x) ? x[0] : x);
              return this.a.apply(Array.isArray(x) ? x[0] : x) as any;
            });
          }
        }
        return new Short({});
      },
    };
    const r = await runPair(pair, { fit: false, reload: false });
    expect(r.divergences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'forward',
          checkpoint: 'forward',
          key: 'output[1]',
          message: expect.stringMatching(/output on the functional side only/),
        }),
      ]),
    );
  });

  it('outputs non-finite on both sides alike are marked uninformative, not passed silently', async () => {
    const nan: PairModule = {
      name: 'nan both sides',
      inputs: [{ shape: [3] }],
      functional: ({ tf: t, init }) => {
        const x = t.input({ shape: [3] });
        return t.model({
          inputs: x,
          outputs: t.layers
            .dense({ units: 2, kernelInitializer: init('a'), biasInitializer: t.initializers.constant({ value: NaN }) })
            .apply(x) as any,
        });
      },
      subclass: ({ tf: t, init }) => {
        class NaNs extends t.layers.Layer {
          static className = 'OracleNaNs';
          a = t.layers.dense({
            units: 2,
            kernelInitializer: init('a'),
            biasInitializer: t.initializers.constant({ value: NaN }),
          });
          override get trainableWeights() {
            return this.a.trainableWeights;
          }
          override computeOutputShape(s: any) {
            return [s[0], 2];
          }
          override call(x: any) {
            return t.tidy(() => this.a.apply(Array.isArray(x) ? x[0] : x) as any);
          }
        }
        return new NaNs({});
      },
    };
    const r = await runPair(nan, { fit: false, reload: false });
    expect(r.uninformative).toMatch(/^outputs at forward: output\[0\]: 8 of 8 elements non-finite on both sides$/);
  });
});

describe('rule 3: agreement is agreement', () => {
  const spec = fixture('shared-layer-dispose');
  const throwing = (message: (side: string) => string): CaseHooks => ({
    afterConstruct(side) {
      throw new Error(message(side.name));
    },
  });

  it('a rejection at build that shape inference did not predict is a harness error, not an agreed error', async () => {
    const r = await runCase(
      { kind: 'spec', name: 'x', spec },
      resolveCaseConfig({}),
      throwing(() => 'no such layer setting'),
    );
    expect(r.verdict).toBe('harness-error');
    expect(r.errors.find((e) => e.side === 'harness')?.message).toMatch(
      /^both sides rejected the spec at build, but shape inference predicted no rejection/,
    );
  });

  it('both sides throwing for different reasons is a divergence', async () => {
    const r = await runCase(
      { kind: 'spec', name: 'x', spec },
      resolveCaseConfig({}),
      throwing((side) => (side === 'subclass' ? 'out of memory' : 'shape mismatch')),
    );
    expect(r.verdict).toBe('divergence');
    expect(r.divergences[0]).toMatchObject({
      kind: 'error',
      checkpoint: 'build',
      message: expect.stringMatching(/for different reasons/),
    });
  });

  it('a predicted rejection, the same on both sides, is an agreed error (the shapes in the messages aside)', async () => {
    const r = await runSpec(
      validateSpec(
        JSON.parse(readFileSync(join(ROOT, 'fixtures', 'specs', 'article-2-shared-as-written.json'), 'utf8')),
      ),
    );
    expect(r.verdict).toBe('agreed-error');
  });

  itOnCpuRun(
    'a kernel the backend lacks is a backend limitation (never agreement, never exit 0); auto reruns on cpu and keeps what wasm saw',
    async () => {
      await selectBackend('wasm');
      try {
        const cnn = validateSpec(
          JSON.parse(readFileSync(join(ROOT, 'fixtures', 'specs', 'cnn-batchnorm-dropout.json'), 'utf8')),
        );
        const named = await checkCase(
          { kind: 'spec', name: 'cnn', spec: cnn },
          resolveCaseConfig({ reload: false }),
          'wasm',
        );
        expect(named.verdict).toBe('backend-limitation');
        expect(exitCode([named])).toBe(3);
        expect(
          junitReport({
            tool: { name: 'parity-check', version: '0' },
            tfjs: { version: '', backend: 'wasm', skippedBackends: [] },
            config: { ...named.config, backend: 'wasm', strict: false },
            summary: {} as never,
            cases: [named],
            startedAt: '',
            durationMs: 0,
          }),
        ).toMatch(/<error message="backend wasm has no kernel Conv2DBackpropFilter \(needed at loss\)"/);
        const auto = await checkCase(
          { kind: 'spec', name: 'cnn', spec: cnn },
          resolveCaseConfig({ reload: false }),
          'auto',
        );
        expect(auto.verdict).toBe('parity');
        expect(auto.backend).toBe('cpu');
        expect(auto.backendNote).toMatch(
          /^wasm has no kernel Conv2DBackpropFilter \(needed at loss\); this case ran again on cpu.*build, init, forward, forward-training.* ran on wasm first: cpu agrees with it there$/,
        );
      } finally {
        await selectBackend(TEST_BACKEND);
      }
    },
  );
});

describe('rule 4: alignment never depends on execution order', () => {
  it('a correct pair that builds and runs its right branch first is parity: its BatchNorms pair by their place in the graph', () => {
    const r = cliJson('--pair', 'fixtures/pairs/acceptance/branches-reordered.mjs');
    expect(r.code).toBe(0);
    expect(r.json.cases[0].verdict).toBe('parity');
  });
});

describe('rule 5: what ran is what is reported', () => {
  it('fuzz cases take --no-fit, --no-reload and --tolerance, and record the config they ran', async () => {
    const r = await check({
      fuzz: { runs: 3, seed: 5, shrink: false },
      fit: false,
      reload: false,
      tolerance: 'ulp:2',
      backend: TEST_BACKEND,
    });
    for (const c of r.cases) {
      expect(c.config).toMatchObject({ fit: false, reload: false, tolerance: 'ulp:2' });
      expect(c.checkpoints).not.toContain('fit');
      expect(c.checkpoints).not.toContain('reload');
    }
  });

  it("a pair's declared loss and optimizer are honoured, a flag overrides them and says so, an invalid one is bad input", async () => {
    const pair = momentumPair(0.9);
    const mine = {
      ...pair,
      name: 'declared',
      loss: 'meanAbsoluteError',
      optimizer: 'sgd',
      optimizerOptions: { learningRate: 0.1 },
    } as PairModule;
    const r = await check({ pairs: [mine], backend: TEST_BACKEND, reload: false });
    expect(r.cases[0].config).toMatchObject({
      loss: 'meanAbsoluteError',
      optimizer: 'sgd',
      optimizerOptions: { learningRate: 0.1 },
    });
    const o = await check({ pairs: [mine], backend: TEST_BACKEND, reload: false, loss: 'huberLoss' });
    expect(o.cases[0].config.loss).toBe('huberLoss');
    expect(o.cases[0].notes).toContain(
      "--loss huberLoss overrides the loss 'meanAbsoluteError' the pair module declares",
    );
    await expect(
      check({ pairs: [{ ...pair, loss: 'meanSquareError' } as unknown as PairModule], backend: TEST_BACKEND }),
    ).rejects.toThrow(/'loss': Invalid option/);
    // A mutant faults the harness's own subclass builder; a pair runs as written, and its case says so.
    const m = await check({ pairs: [mine], backend: TEST_BACKEND, reload: false, fit: false, mutant: 'drop-bias' });
    expect(m.cases[0].config.mutant).toBeUndefined();
    expect(m.cases[0].notes).toContain(
      "--mutant drop-bias changes the harness's own subclass builder, not a pair module's: not applied",
    );
  });

  it('the verdict policy is one: a known case passes in the exit code and in JUnit, fails both under --strict', async () => {
    const r = await check({ specFiles: ['fixtures/regressions/shared-layer-dispose.json'], backend: TEST_BACKEND });
    expect(r.summary).toMatchObject({ divergence: 1, knownDivergence: 1, failures: 0 });
    expect(exitCode(r.cases)).toBe(0);
    expect(junitReport(r)).toMatch(/failures="0" errors="0"/);
    const strict = await check({
      specFiles: ['fixtures/regressions/shared-layer-dispose.json'],
      backend: TEST_BACKEND,
      strict: true,
    });
    expect(strict.summary.failures).toBe(1);
    expect(exitCode(strict.cases, true)).toBe(1);
    expect(junitReport(strict)).toMatch(/failures="1" errors="0"/);
  });
});

describe('rule 6: shrinking keeps the cause', () => {
  const config = { optimizer: 0, learningRate: 0, steps: 1, batch: 1, loss: 0 };
  const raw: RawCase = { recipe: { head: [], steps: [[9, 9], [7, 3], [5]] }, config };
  // Every candidate shows the same signature; only the full recipe is unexplained — smaller ones look like a known cause.
  const labelOf = (r: RawCase, full: string, smaller: string) => (r.recipe.steps.length === 3 ? full : smaller);

  it('a new finding never shrinks into a known one', async () => {
    const run = async (r: RawCase) => ({
      result: {} as CaseResult,
      label: labelOf(r, 'loss|dense|loss|new', 'loss|dense|loss|shared-regularizer'),
    });
    const shrunk = await shrinkCase(raw, {} as CaseResult, 'loss|dense|loss|new', run);
    expect(shrunk.raw.recipe.steps).toHaveLength(3);
  });

  it('nor a known one into a new one', async () => {
    const run = async (r: RawCase) => ({
      result: {} as CaseResult,
      label: labelOf(r, 'loss|dense|loss|shared-regularizer', 'loss|dense|loss|new'),
    });
    const shrunk = await shrinkCase(raw, {} as CaseResult, 'loss|dense|loss|shared-regularizer', run);
    expect(shrunk.raw.recipe.steps).toHaveLength(3);
  });
});

describe('rule 7: resources are observations', () => {
  it('a subclass leaking its intermediate tensors on every call is a resources divergence; the correct one left nothing', () => {
    const r = cliJson(
      '--pair',
      'fixtures/pairs/acceptance/leaky-call.mjs',
      '--pair',
      'fixtures/pairs/acceptance/correct.mjs',
    );
    const [leaky, correct] = r.json.cases;
    expect(leaky.divergences.find((d: any) => d.checkpoint === 'forward')).toMatchObject({
      kind: 'resources',
      message: expect.stringMatching(
        /^one inference call left alive: subclass 4 tensors and 0 variables, functional 0 tensors and 0 variables$/,
      ),
    });
    // The ledger freed what the side left — and says how much.
    expect(leaky.reclaimedTensors).toBeGreaterThan(0);
    expect(correct.verdict).toBe('parity');
    expect(correct.reclaimedTensors).toBe(0);
    expect(
      correct.resources.every(
        (x: any) =>
          x.subclass.tensors === 0 &&
          x.functional.tensors === 0 &&
          x.subclass.variables === 0 &&
          x.functional.variables === 0,
      ),
    ).toBe(true);
  });

  it('a subclass that registers a variable on every call is a resources divergence naming the variables', async () => {
    const pair: PairModule = {
      ...momentumPair(0.9),
      name: 'a variable per call',
      subclass: ({ tf: t, init }) => {
        class Counting extends t.layers.Layer {
          static className = 'OracleCounting';
          d = t.layers.dense({ name: 'd', units: 4, kernelInitializer: init('d') });
          bn = t.layers.batchNormalization({ name: 'bn', momentum: 0.9 });
          override get trainableWeights() {
            return [this.d, this.bn].flatMap((l) => l.trainableWeights);
          }
          override get nonTrainableWeights() {
            return [this.d, this.bn].flatMap((l) => l.nonTrainableWeights);
          }
          override computeOutputShape(s: any) {
            return [s[0], 4];
          }
          override call(x: any, k: any) {
            t.variable(t.scalar(0)); // THE MISTAKE: a fresh variable each call, registered for good
            return t.tidy(() => this.bn.apply(this.d.apply(Array.isArray(x) ? x[0] : x, k), k) as any);
          }
        }
        return new Counting({});
      },
    };
    const r = await runPair(pair, { fit: false, reload: false });
    expect(r.divergences.find((d) => d.checkpoint === 'forward')).toMatchObject({
      kind: 'resources',
      message: expect.stringMatching(
        /^one inference call left alive: subclass 1 tensors and 1 variables, functional 0 tensors and 0 variables$/,
      ),
    });
  });

  it('every in-process case leaves the tensor count where it found it', async () => {
    const n = tf.memory().numTensors;
    await runPair(momentumPair(0.5));
    await runSpec(fixture('shared-regularized'));
    expect(tf.memory().numTensors).toBe(n);
  });
});
