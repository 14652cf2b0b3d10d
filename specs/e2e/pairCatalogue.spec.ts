import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueAnchor, tf } from '../../harness';
import { ROOT, TEST_BACKEND, useTestBackend } from '../helpers';

/**
 * The pair catalogue (fixtures/pairs/, issue #4): every entry's exact
 * finding on tfjs 4.22 — verdict, the first divergence, and the full list
 * of `kind@checkpoint` signatures in the order they were found — from one
 * run of the CLI over all of them, as `npx parity-check --pair …` gives it.
 */
const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const DIR = join(ROOT, 'fixtures', 'pairs');
const files = readdirSync(DIR)
  .filter((f) => /^\d.*\.(mjs|cjs)$/.test(f))
  .sort();

interface Expected {
  verdict: 'parity' | 'divergence';
  /** kind@checkpoint of every divergence, deduplicated, in order found. */
  sigs: string[];
  /** The first divergence's message, or a side's error, must match. */
  first?: RegExp;
  errors?: { side: string; checkpoint: string; message: RegExp }[];
  notes?: RegExp[];
  /** The known causes proven on the case (every divergence explained); absent: a new finding. */
  known?: string[];
  /**
   * The catalogue entry its findings are diagnosed with (issue #12 §4), and
   * which `kind@checkpoint`s carry it — every divergence of those, none of
   * the others — and every side error. Absent: nothing carries a diagnosis.
   */
  diagnosis?: { entry: string; on: string[] | 'all' };
}

const TRAINING = ['weights@step-1', 'slot@step-1', 'loss@step-2', 'gradient@step-2', 'weights@step-2', 'slot@step-2'];
const FROM_LOSS = ['loss@loss', 'gradient@gradients', ...TRAINING];
/** fit on fresh builds compares the loss history and every weight (and state, where there is any). */
const FIT = ['loss@fit', 'weights@fit'];
const GRADS =
  /^variableGrads\(\) expects at least one of the input variables to be trainable, but none of the 0 variables is trainable\.$/;

const EXPECTED: Record<string, Expected> = {
  '01-untracked-sublayers.mjs': {
    verdict: 'divergence',
    // The 4 weights exist (built in call) but are never exposed: named at build, then the counts at init.
    sigs: ['inventory@build', 'inventory@init', 'error@loss', 'error@fit', 'resources@dispose'],
    first:
      /^variables created but not exposed as weights: subclass 4, functional 0; subclass: '.*\/hidden\/kernel' \[6, 8\]/,
    errors: [
      { side: 'subclass', checkpoint: 'loss', message: GRADS },
      { side: 'subclass', checkpoint: 'fit', message: GRADS },
    ],
    diagnosis: { entry: '01-untracked-sublayers', on: 'all' },
  },
  '02-lazy-build-before-compile.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload', 'error@fit'],
    errors: [
      {
        side: 'subclass',
        checkpoint: 'reload',
        message: /^Provided weight data has no target variable: .*\/hidden\/kernel$/,
      },
      // Compiled before any eager call, the model has no trainable weights: tfjs 4.22 throws rather than training nothing.
      { side: 'subclass', checkpoint: 'fit', message: GRADS },
    ],
    diagnosis: { entry: '02-lazy-build-before-compile', on: 'all' },
  },
  '03-training-not-forwarded.mjs': {
    verdict: 'divergence',
    sigs: [
      'forward@forward-training',
      'state@forward-training',
      'loss@loss',
      'gradient@gradients',
      'weights@step-1',
      'state@step-1',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'state@step-2',
      'slot@step-2',
      ...FIT,
      'state@fit',
    ],
    diagnosis: {
      entry: '03-training-not-forwarded',
      on: ['forward@forward-training', 'state@forward-training', 'state@step-1', 'state@step-2', 'state@fit'],
    },
  },
  '04-custom-loop-without-training.mjs': {
    verdict: 'divergence',
    // The models are the same: fit agrees, weights and BatchNorm state included.
    sigs: [
      'loss@loss',
      'gradient@gradients',
      'weights@step-1',
      'state@step-1',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'state@step-2',
      'slot@step-2',
    ],
    diagnosis: { entry: '04-custom-loop-without-training', on: ['loss@loss', 'state@step-1', 'state@step-2'] },
  },
  '05-regularizer-on-sublayer.mjs': {
    verdict: 'divergence',
    sigs: [...FROM_LOSS, ...FIT],
    diagnosis: {
      entry: '05-regularizer-on-sublayer',
      on: ['loss@loss', 'gradient@gradients', 'loss@step-2', 'loss@fit'],
    },
  },
  '06-shared-layer-regularizer.mjs': {
    verdict: 'divergence',
    sigs: [...FROM_LOSS, ...FIT, 'resources@dispose'],
    known: ['shared-regularizer', 'shared-layer-dispose'],
  },
  '07a-shared-optimizer-same-order.mjs': {
    verdict: 'divergence',
    // Loss and gradients of step 1 agree: only the update differs, silently.
    sigs: ['weights@step-1', 'loss@step-2', 'gradient@step-2', 'weights@step-2'],
    first: /^0:Dense\/kernel: mismatched elements/,
    diagnosis: { entry: '07a-shared-optimizer-same-order', on: ['weights@step-1'] },
  },
  '07b-shared-optimizer-permuted-list.mjs': {
    verdict: 'divergence',
    sigs: ['error@loss'],
    // Each backend says the same broadcast failure in its own words.
    errors: [
      {
        side: 'functional',
        checkpoint: 'loss',
        message:
          TEST_BACKEND === 'tensorflow'
            ? /^Incompatible shapes: \[2\] vs\. \[4,4\]$/
            : /^Operands could not be broadcast together with shapes 2 and 4,4\.$/,
      },
    ],
    diagnosis: { entry: '07b-shared-optimizer-permuted-list', on: 'all' },
  },
  '08-slot-naming.mjs': { verdict: 'parity', sigs: [] },
  '09-call-args-on-node.mjs': {
    verdict: 'divergence',
    sigs: ['forward@forward'],
    diagnosis: { entry: '09-call-args-on-node', on: 'all' },
  },
  '10-mask-propagation.mjs': {
    verdict: 'divergence',
    sigs: ['forward@forward', 'forward@forward-training', ...FROM_LOSS, ...FIT],
    diagnosis: { entry: '10-mask-propagation', on: ['forward@forward', 'forward@forward-training'] },
  },
  '11-missing-compute-output-shape.mjs': {
    verdict: 'divergence',
    sigs: ['error@fit'],
    errors: [
      {
        side: 'subclass',
        checkpoint: 'fit',
        message: /^target expected a batch of elements where each example has shape \[6\] .* each with shape \[3\]/,
      },
    ],
    diagnosis: { entry: '11-missing-compute-output-shape', on: 'all' },
  },
  '12a-serialization-no-get-config.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload'],
    errors: [{ side: 'subclass', checkpoint: 'reload', message: /^Shape mismatch: \[6,4\] vs\. \[6,8\]$/ }],
    diagnosis: { entry: '12a-serialization-no-get-config', on: 'all' },
  },
  '12b-serialization-untracked-weights.mjs': {
    verdict: 'divergence',
    // The hidden layer's 2 weights are created again by every build (reload, fit) and never exposed.
    sigs: [
      'inventory@build',
      'inventory@init',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'slot@step-2',
      'forward@reload',
      'resources@reload',
      'loss@fit',
      'inventory@fit',
      'weights@fit',
      'resources@fit',
      'resources@dispose',
    ],
    first: /^variables created but not exposed as weights: subclass 2, functional 0/,
    diagnosis: {
      entry: '12b-serialization-untracked-weights',
      on: [
        'inventory@build',
        'inventory@init',
        'forward@reload',
        'resources@reload',
        'inventory@fit',
        'resources@fit',
        'resources@dispose',
      ],
    },
  },
  '12c-serialization-explicit-build.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload'],
    errors: [{ side: 'subclass', checkpoint: 'reload', message: /^Duplicate weight name: .*\/kernel$/ }],
    diagnosis: { entry: '12c-serialization-explicit-build', on: 'all' },
  },
  '12d-serialization-unregistered-class.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload'],
    errors: [
      {
        side: 'subclass',
        checkpoint: 'reload',
        message: /^Unknown layer: ParityUnregisteredMlp\. This may be due to one of the following reasons:$/,
      },
    ],
    diagnosis: { entry: '12d-serialization-unregistered-class', on: 'all' },
  },
  '13-trainable-false.mjs': {
    verdict: 'divergence',
    // The "frozen" kernel gets a gradient and moves at step 1 on the subclass side: compared as a weight, frozen or not.
    sigs: [
      'inventory@init',
      'gradient@gradients',
      'weights@step-1',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'slot@step-2',
      'loss@fit',
      'inventory@fit',
      'weights@fit',
    ],
    first: /^trainable variable count: subclass 4, functional 2$/,
    diagnosis: { entry: '13-trainable-false', on: ['inventory@init', 'inventory@fit'] },
  },
  '14a-unseeded-both-sides.mjs': {
    verdict: 'divergence',
    sigs: ['init@init', 'forward@forward', 'forward@forward-training', ...FROM_LOSS, ...FIT],
    first: /^0:Dense\/kernel: mismatched elements: 48 \/ 48/,
    diagnosis: { entry: '14a-unseeded-both-sides', on: ['init@init'] },
  },
  '14b-shared-initializer-instance.mjs': {
    verdict: 'parity',
    sigs: [],
    notes: [
      /^subclass side: 0:Dense\/kernel and 2:Dense\/kernel start bit-identical/,
      /^functional side: 0:Dense\/kernel and 2:Dense\/kernel start bit-identical/,
    ],
  },
  '14c-seed-zero.mjs': {
    verdict: 'divergence',
    sigs: ['init@init', 'forward@forward', 'forward@forward-training', ...FROM_LOSS, ...FIT],
    // Only the heNormal kernel (the second Dense): glorotUniform({ seed: 0 }) is seeded, heNormal({ seed: 0 }) is not.
    first: /^2:Dense\/kernel: mismatched elements: 24 \/ 24/,
    diagnosis: { entry: '14c-seed-zero', on: ['init@init'] },
  },
  '14d-seeded-dropout-one-side.mjs': {
    verdict: 'divergence',
    sigs: ['forward@forward-training', ...FROM_LOSS, ...FIT],
    diagnosis: { entry: '14d-seeded-dropout-one-side', on: ['forward@forward-training'] },
  },
  '15-duplicate-layer-names.mjs': {
    verdict: 'divergence',
    sigs: ['error@build'],
    errors: [
      {
        side: 'functional',
        checkpoint: 'build',
        message: /^The name "fc" is used 2 times in the model\. All layer names should be unique\./,
      },
    ],
    diagnosis: { entry: '15-duplicate-layer-names', on: 'all' },
  },
  '16-dispose-leaks.mjs': {
    verdict: 'divergence',
    // The counter (and the scalar it was made from) is left by every build, then survives dispose().
    sigs: ['resources@build', 'inventory@build', 'resources@reload', 'resources@fit', 'resources@dispose'],
    first:
      /^building and the first call \(variables aside\) left alive: subclass 1 tensors and 0 variables, functional 0 tensors and 0 variables$/,
    diagnosis: { entry: '16-dispose-leaks', on: 'all' },
  },
  '17-nested-model.mjs': { verdict: 'parity', sigs: [] },
  '18-call-without-tidy.mjs': {
    verdict: 'divergence',
    sigs: ['resources@build', 'resources@forward', 'resources@forward-training'],
    first:
      /^building and the first call \(variables aside\) left alive: subclass 3 tensors and 0 variables, functional 0 tensors and 0 variables$/,
    diagnosis: { entry: '18-call-without-tidy', on: 'all' },
  },
  '19-build-keeps-trace.mjs': {
    verdict: 'divergence',
    // One tensor per build of the subclass: its own, the reloaded model's, fit's fresh one.
    sigs: ['resources@build', 'resources@reload', 'resources@fit'],
    first:
      /^building and the first call \(variables aside\) left alive: subclass 1 tensors and 0 variables, functional 0 tensors and 0 variables$/,
    diagnosis: { entry: '19-build-keeps-trace', on: 'all' },
  },
};

let run: { code: number | null; out: string; json: any };

beforeAll(() => {
  const file = join(mkdtempSync(join(tmpdir(), 'parity-check-pairs-')), 'pairs.json');
  const args = [...files.flatMap((f) => ['--pair', join('fixtures', 'pairs', f)]), '--backend', TEST_BACKEND];
  const r = spawnSync(process.execPath, [CLI, ...args, '--json', file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  run = { code: r.status, out: r.stdout, json: JSON.parse(readFileSync(file, 'utf8')) };
});

describe('the pair catalogue', () => {
  it('has an expectation for every entry under fixtures/pairs, and the CLI runs them all (exit 1: they diverge)', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
    expect(run.code).toBe(1);
    expect(run.json.cases).toHaveLength(files.length);
    expect(run.json.summary.harnessError).toBe(0);
  });

  it.each(files)('%s reports its exact finding', (file) => {
    const c = run.json.cases.find((x: any) => x.file.endsWith(`/${file}`));
    const e = EXPECTED[file];
    expect(c.verdict).toBe(e.verdict);
    expect([...new Set(c.divergences.map((d: any) => `${d.kind}@${d.checkpoint}`))]).toEqual(e.sigs);
    if (e.first) expect(c.divergences[0].message).toMatch(e.first);
    expect(c.errors.map((x: any) => ({ side: x.side, checkpoint: x.checkpoint }))).toEqual(
      (e.errors ?? []).map(({ side, checkpoint }) => ({ side, checkpoint })),
    );
    (e.errors ?? []).forEach((x, i) => expect(c.errors[i].message).toMatch(x.message));
    const notes = (c.notes ?? []).filter((n: string) => !n.startsWith('reload: '));
    expect(notes).toHaveLength(e.notes?.length ?? 0);
    (e.notes ?? []).forEach((n, i) => expect(notes[i]).toMatch(n));
    // Only a proven tfjs behaviour is known; every user mistake in the catalogue is new.
    expect(c.knownCauses).toEqual(e.known);
    // A case that ran through left nothing for the harness to sweep, unless a side leaked (then it is a resources finding).
    if (c.errors.length === 0 && !c.divergences.some((d: any) => d.kind === 'resources'))
      expect(c.reclaimedTensors).toBe(0);
    // Nothing failed in the harness, including its check that the case left the tensor count unchanged.
    expect(c.errors.filter((x: any) => x.side === 'harness')).toEqual([]);
  });

  it.each(files)('%s: its findings carry exactly the diagnosis of its entry, and its first finding does', (file) => {
    const c = run.json.cases.find((x: any) => x.file.endsWith(`/${file}`));
    const e = EXPECTED[file].diagnosis;
    const on = (d: any) => e !== undefined && (e.on === 'all' || e.on.includes(`${d.kind}@${d.checkpoint}`));
    expect(c.divergences.map((d: any) => `${d.kind}@${d.checkpoint}:${d.diagnosis?.entry ?? '-'}`)).toEqual(
      c.divergences.map((d: any) => `${d.kind}@${d.checkpoint}:${on(d) ? e!.entry : '-'}`),
    );
    expect(c.errors.map((x: any) => x.diagnosis?.entry)).toEqual(c.errors.map(() => e?.entry));
    const first = c.divergences[0] ?? c.errors[0];
    if (e) expect(first.diagnosis).toEqual({ entry: e.entry, title: expect.any(String), fix: expect.any(String) });
    // Only the parity entries (8, 14b, 17) and the tfjs behaviour of entry 6 (a known cause, no mistake) have none.
    else expect(first === undefined || EXPECTED[file].known !== undefined).toBe(true);
    // A diagnosis is advice: it never turns a new finding into a known one.
    expect(c.knownCauses).toEqual(EXPECTED[file].known);
  });

  it('every diagnosis names its entry file, links to a heading of the catalogue README, and is printed under its finding', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    // The README's own table of contents links every heading: a diagnosis must link to one of those.
    const anchors = new Set([...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]));
    const seen = run.json.cases
      .flatMap((c: any) => [...c.divergences, ...c.errors])
      .map((x: any) => x.diagnosis)
      .filter(Boolean);
    const entries = [...new Set(seen.map((d: any) => d.entry))] as string[];
    expect(entries.sort()).toEqual(
      Object.values(EXPECTED)
        .flatMap((e) => (e.diagnosis ? [e.diagnosis.entry] : []))
        .sort(),
    );
    for (const entry of entries) {
      const d = seen.find((x: any) => x.entry === entry);
      expect(files).toContain(`${entry}.mjs`);
      expect(anchors.has(catalogueAnchor(entry))).toBe(true);
      expect(run.out).toContain(
        `diagnosis: ${d.title} — ${d.fix} (fixtures/pairs/README.md#${catalogueAnchor(entry)})`,
      );
    }
  });

  it('03: BatchNorm never sees training, so its moving statistics stay at their initial values', () => {
    const c = run.json.cases.find((x: any) => x.file.endsWith('/03-training-not-forwarded.mjs'));
    const state = c.divergences.filter((d: any) => d.kind === 'state' && d.checkpoint === 'step-1');
    expect(state.map((d: any) => d.key)).toEqual([
      expect.stringMatching(/moving_mean$/),
      expect.stringMatching(/moving_variance$/),
    ]);
    expect(state[0].message).toMatch(/first at \(\d+\): subclass 0, functional /); // moving mean starts at 0
    expect(state[1].message).toMatch(/first at \(\d+\): subclass 1, functional /); // moving variance starts at 1
  });

  it('03 after fit: a fresh build, never called before compile, still has every weight and statistic compared', () => {
    const c = run.json.cases.find((x: any) => x.file.endsWith('/03-training-not-forwarded.mjs'));
    const state = c.divergences.filter((d: any) => d.kind === 'state' && d.checkpoint === 'fit');
    expect(state.map((d: any) => d.key)).toEqual([
      expect.stringMatching(/moving_mean$/),
      expect.stringMatching(/moving_variance$/),
    ]);
    expect(state[0].message).toMatch(/first at \(\d+\): subclass 0, functional /);
    // Nothing at fit is left unpaired: the keys found for the first build carry over by position.
    expect(c.divergences.filter((d: any) => d.checkpoint === 'fit' && d.kind === 'inventory')).toEqual([]);
  });
});

describe('the tfjs behaviours behind two entries, checked directly', () => {
  beforeAll(useTestBackend);

  it('14d: a seeded Dropout draws the same mask on every call; an unseeded one does not', () => {
    const x = tf.ones([4, 16]);
    const masks = (layer: ReturnType<typeof tf.layers.dropout>) => {
      const [a, b] = [layer.apply(x, { training: true }), layer.apply(x, { training: true })] as InstanceType<
        typeof tf.Tensor
      >[];
      const same = tf.equal(a, b).all().dataSync()[0] === 1;
      tf.dispose([a, b]);
      return same;
    };
    expect(masks(tf.layers.dropout({ rate: 0.5, seed: 7 }))).toBe(true);
    expect(masks(tf.layers.dropout({ rate: 0.5 }))).toBe(false);
    x.dispose();
  });

  it('06 and the dispose checkpoint: LayersModel.dispose() frees a layer applied once, not one applied twice', () => {
    const leftAfter = (applications: number) => {
      const before = tf.memory().numTensors;
      const x = tf.input({ shape: [4] });
      const d = tf.layers.dense({ units: 4 });
      let h = x;
      for (let i = 0; i < applications; i++) h = d.apply(h) as typeof x;
      tf.model({ inputs: x, outputs: h }).dispose();
      const left = tf.memory().numTensors - before;
      if (left > 0) d.getWeights().forEach((w) => w.dispose());
      return left;
    };
    expect(leftAfter(1)).toBe(0);
    expect(leftAfter(2)).toBe(2); // kernel and bias survive
  });
});
