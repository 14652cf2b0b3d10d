import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import {
  check,
  exportCase,
  exportReference,
  kerasScriptFile,
  tf,
  type CaseResult,
  type ModelSpec,
} from '../../harness';
import { checkpointRank } from '../../harness/checkpoints/checkpointOrder';
import { findKerasPython, INSTALL_HINT } from '../../harness/reference/keras/findPython';
import { ROOT } from '../helpers';

// `npm run build` first: the export command is run from dist/, as a user runs it.
const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const DIR = join(ROOT, 'fixtures', 'regressions');
/** A loaded machine runs a script in a few seconds; this only keeps a hung one from hanging the suite. */
const SCRIPT_TIMEOUT_MS = 100_000;

/**
 * Every fixture of one backend, those in backend folders (wasm/ …) included, and every one exports, nothing
 * excluded: those whose models read a layer's second output (`n:1`: a returnState RNN, a block with two outputs), stop
 * at a rejection (an agreed-error at build: the script shows both sides throwing), hold parity-check's own layer class
 * (`penalizedScale`: the script carries its source) or change a layer's `trainable` between steps (the script's loop
 * follows the spec's trainableSchedule) included. Findings between backends
 * export as a kernel script (specs/e2e/exportKernelFixtures.spec.ts, on tensorflow); findings against Keras
 * (reference/) as a tfjs script with Keras's value embedded and its Python twin (below, where Keras is).
 */
const fixtures = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .filter((f) => {
    const expected = (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { expect: Record<string, unknown> }).expect;
    return expected.backends === undefined && expected.reference === undefined;
  })
  .sort();
/**
 * Fixtures whose script shows the finding one checkpoint before the harness does: the script's `reload`
 * calls `predict` on the reloaded functional model, which checks its input shape, where the harness's
 * reload checkpoint calls `apply`, which does not — so a model input whose symbolic shape tfjs
 * overwrote (centerCrop, categoryEncoding) is refused there first, and by the harness only at `fit`.
 */
const FOUND_EARLIER: Record<string, string> = {
  'category-encoding-functional.json': 'reload',
  'center-crop-overwrites-input-shape.json': 'reload',
};
/**
 * Fixtures whose first finding's values the script cannot print digit for digit, and why; every other fixture's
 * script prints each value the harness printed there (its random draws included: the script seeds Math.random with
 * the harness's generator and labels).
 */
const OTHER_VALUES: Record<string, string> = {
  'wasm/conv3d-transpose-heap-dependent.json': "the kernel's output depends on what the wasm heap held",
};

/** Runs a script with node from the repository (so it resolves this project's tfjs), as an upstream maintainer would. */
function runScript(file: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: SCRIPT_TIMEOUT_MS, env });
  if (r.error) throw r.error; // a timeout, reported as such
  return r;
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: SCRIPT_TIMEOUT_MS });
}

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('every regression fixture has its exported script beside it', () => {
  const results = new Map<string, CaseResult>();

  it.each(fixtures)('%s: the checked-in script is what export makes now', async (f) => {
    const file = join(DIR, f);
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    const { script, result } = await exportCase({ spec: file }, { backend: entry.expect.backend ?? 'cpu' });
    results.set(f, result);
    expect(result.verdict).toBe(entry.expect.verdict);
    // Regenerate with `npm run build && node tools/exportRegressions.js`.
    expect(readFileSync(file.replace(/\.json$/, '.repro.mjs'), 'utf8')).toBe(script);
  });

  it.each(fixtures)(
    '%s: the script, run with node, still shows its finding (exit 1, or 0 for a parity fixture)',
    (f) => {
      const file = join(DIR, f);
      const entry = JSON.parse(readFileSync(file, 'utf8'));
      const r = runScript(file.replace(/\.json$/, '.repro.mjs'));
      expect(r.stderr).not.toMatch(/Error: |SyntaxError/);
      expect(r.stdout).not.toMatch(/the script left \d+ tensors alive/);
      // A behaviour both constructions share (depthwise dilation ignored) is parity here: its script exits 0.
      if (entry.expect.verdict === 'parity') {
        expect(r.status).toBe(0);
        return;
      }
      expect(r.stdout).toContain(
        `FOUND at ${FOUND_EARLIER[f] ?? entry.expect.firstCheckpoint}: the behaviour is present.`,
      );
      expect(r.status).toBe(1);
      if (entry.expect.verdict === 'agreed-error') expect(r.stdout).toContain('both sides threw the same error');
      expect(r.stdout).not.toMatch(/the script left \d+ tensors alive/);
      // A layer frozen or unfrozen between steps: the script's loop changes it before the steps the harness does.
      const spec = entry.spec as ModelSpec;
      for (const l of spec.layers)
        for (const c of l.trainableSchedule ?? [])
          if (checkpointRank(`step-${c.beforeStep}`) <= checkpointRank(entry.expect.firstCheckpoint))
            expect(r.stdout).toContain(
              `before step-${c.beforeStep}: layer '${l.id}' set trainable = ${c.trainable} on both sides`,
            );
      // The values the harness printed at the first finding, printed again by the script: the same construction (a
      // penalizedScale's class included), the same weights and data, the same calls, the same random draws.
      const result = results.get(f);
      if (!result) throw new Error(`${f}: the export test above did not run first`);
      if (f in OTHER_VALUES) return;
      // Per-node activations are the harness's own probe, which a script does not make (it compares the outputs).
      const shown = result.divergences.filter(
        (x) => x.checkpoint === entry.expect.firstCheckpoint && x.kind !== 'activation',
      );
      for (const d of shown) {
        const m = /first at (\([^)]*\)): subclass (\S+), functional (\S+)/.exec(d.message);
        if (m) expect(r.stdout).toContain(`first at ${m[1]}: subclass ${m[2]}, functional ${m[3]}`);
      }
    },
  );
});

describe('parity-check export', () => {
  const tmp = () => {
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    return mkdtempSync(join(ROOT, 'reports', 'export-'));
  };

  it('a case at parity exports a script that runs every checkpoint and exits 0', () => {
    const dir = tmp();
    try {
      const out = join(dir, 'mlp.mjs');
      const r = cli(['export', '--spec', 'fixtures/specs/article-1-mlp.json', '--backend', 'cpu', '--out', out]);
      expect(r.stderr).toContain(`wrote ${out}: case 'article-1-mlp' (parity on cpu)`);
      expect(r.status).toBe(0);
      const run = runScript(out);
      for (const cp of ['init', 'forward', 'loss', 'gradients', 'step-2', 'reload', 'fit', 'dispose'])
        expect(run.stdout).toContain(`${cp}:`);
      expect(run.stdout).toContain('No difference up to dispose: the behaviour is gone.');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a stateful RNN at a fixed batch: the script builds it at its batch, moves no state of its own, and exits 0 at parity', () => {
    const dir = tmp();
    try {
      const out = join(dir, 'stateful.mjs');
      const spec = 'fixtures/specs/stateful-gru-fixed-batch.json';
      const r = cli(['export', '--spec', spec, '--backend', 'cpu', '--out', out]);
      expect(r.stderr).toContain(`wrote ${out}: case 'stateful-gru-fixed-batch' (parity on cpu)`);
      const made = readFileSync(out, 'utf8');
      expect(made).toContain("tf.input({ batchShape: [3, 3, 2], dtype: 'float32'");
      const run = runScript(out);
      // The states are compared after every call, as the harness compares them.
      for (const cp of ['forward', 'forward-training', 'step-1', 'step-2'])
        expect(run.stdout).toContain(`${cp}:\n  RNN state r/state0: equal`);
      expect(run.stdout).toContain('No difference up to dispose: the behaviour is gone.');
      expect(run.status).toBe(0);
      // Without the reset after the subclass's build trace, its state starts one call ahead: the script shows it.
      const reset = 'for (const l of Object.values(this.sublayers)) if (l.stateful) l.resetStates();';
      expect(made).toContain(reset);
      const unreset = join(dir, 'unreset.mjs');
      writeFileSync(unreset, made.replace(reset, ''));
      const shown = runScript(unreset);
      expect(shown.stdout).toContain('FOUND at forward: the behaviour is present.');
      expect(shown.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports a generated case from its replay token, and the script shows its finding', async () => {
    const run = await check({ fuzz: { runs: 1, seed: 5, shrink: false }, backend: 'cpu', workers: 0 });
    const generated = run.cases[0];
    expect(generated.verdict).toBe('divergence');
    const dir = tmp();
    try {
      const out = join(dir, 'replayed.mjs');
      const r = cli(['export', '--replay', generated.replay!, '--backend', 'cpu', '--out', out]);
      expect(r.stderr).toContain(`case '${generated.name}' (divergence on cpu)`);
      const first = generated.divergences[0].checkpoint;
      const shown = runScript(out);
      expect(shown.stdout).toContain(`FOUND at ${first}: the behaviour is present.`);
      expect(shown.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exports a result file's case (by name or index) exactly as the spec it ran", () => {
    const dir = tmp();
    try {
      const json = join(dir, 'run.json');
      const spec = 'fixtures/regressions/shared-regularized.json';
      // A known cause does not fail the run; the result file records the case all the same.
      cli(['--spec', spec, '--backend', 'cpu', '--quiet', '--json', json]);
      expect(JSON.parse(readFileSync(json, 'utf8')).cases[0].verdict).toBe('divergence');
      const byName = cli(['export', '--result', json, '--case', 'shared-regularized']);
      const byIndex = cli(['export', '--result', json, '--case', '0']);
      expect(byName.status).toBe(0);
      expect(byName.stdout).toBe(readFileSync(join(DIR, 'shared-regularized.repro.mjs'), 'utf8'));
      expect(byIndex.stdout).toBe(byName.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [[], 'export takes exactly one of --spec, --pair, --replay, --result (given: none)'],
    [
      ['--spec', 'a.json', '--replay', 'pc2.x'],
      'export takes exactly one of --spec, --pair, --replay, --result (given: --spec, --replay)',
    ],
    [['--result', 'nope.json'], '--result and --case go together'],
    [['--result', 'nope.json', '--case', '0'], 'nope.json: no such file'],
    [['--spec', 'nope.json'], 'nope.json'],
  ])('bad input %j: one line naming what is wrong, exit 2', (args, message) => {
    const r = cli(['export', ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
  });

  it('refuses a case whose verdict is not a finding about tfjs, in one line', () => {
    const dir = tmp();
    try {
      // A mutant is a fault the harness injects into its own subclass: not something to report upstream.
      const json = join(dir, 'mutant.json');
      cli([
        '--spec',
        'fixtures/specs/article-1-mlp.json',
        '--mutant',
        'drop-bias',
        '--backend',
        'cpu',
        '--quiet',
        '--json',
        json,
      ]);
      const r = cli(['export', '--result', json, '--case', '0']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(
        `parity-check: case 'article-1-mlp': ran with mutant 'drop-bias', a fault the harness injects into its own subclass, not a tfjs behaviour; not exported`,
      );
      expect(relative(ROOT, json)).toMatch(/^reports/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parity-check export --reference keras without Python or Keras', () => {
  it('says what to install in one line, exit 2', () => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'export', '--spec', 'fixtures/regressions/reference/lstm-regularizer.json', '--reference', 'keras'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: SCRIPT_TIMEOUT_MS,
        env: { ...process.env, PARITY_CHECK_PYTHON: '/nonexistent/python' },
      },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`export --reference keras: ${INSTALL_HINT}`);
  });
});

// The reference scripts need Keras to be made (Keras's value is computed during the export) and their Python twin
// to be checked: these run where Python and Keras are, as the Keras suites do; CI sets PARITY_CHECK_TEST_KERAS=required.
const keras = findKerasPython();
if (!keras.python && process.env.PARITY_CHECK_TEST_KERAS === 'required')
  throw new Error(`PARITY_CHECK_TEST_KERAS=required, but ${keras.problem}`);
if (!keras.python) console.log(`reference export suites not run: ${keras.problem}`);
const describeWithKeras = keras.python ? describe : () => undefined;
const REFERENCE_DIR = join(DIR, 'reference');
const referenceFixtures = readdirSync(REFERENCE_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describeWithKeras('every Keras reference finding has its scripts beside it', () => {
  it.each(referenceFixtures)(
    '%s: the checked-in tfjs script and its Python twin are what export --reference keras makes now',
    async (f) => {
      const file = join(REFERENCE_DIR, f);
      const out = file.replace(/\.json$/, '.repro.mjs');
      const entry = JSON.parse(readFileSync(file, 'utf8'));
      // A fixture names the optimizer its finding needs (Adadelta's formula), as the export tool does.
      const optimizer = entry.expect.optimizer as string | undefined;
      const r = await exportReference(
        { spec: file },
        { backend: 'cpu', ...(optimizer && { optimizer }) },
        basename(out),
      );
      expect(r.result.verdict).toBe(entry.expect.verdict);
      // Regenerate with `npm run build && node tools/exportRegressions.js`.
      expect(readFileSync(out, 'utf8')).toBe(r.script);
      expect(readFileSync(kerasScriptFile(out), 'utf8')).toBe(r.python);
      // The header says whose numbers these are, how they were obtained, and under which tolerance they compare.
      expect(r.script).toContain("KERAS holds Keras 3's numbers, not tfjs's");
      expect(r.script).toContain(`rtol ${r.tolerance.rtol}, atol = rtol × ${r.tolerance.scale}`);
    },
  );

  it.each(referenceFixtures)(
    '%s: the tfjs script, run with node, still shows its finding at its checkpoint (exit 1)',
    (f) => {
      const entry = JSON.parse(readFileSync(join(REFERENCE_DIR, f), 'utf8'));
      const r = runScript(join(REFERENCE_DIR, f.replace(/\.json$/, '.repro.mjs')));
      expect(r.stderr).not.toMatch(/Error: |SyntaxError/);
      expect(r.stdout).toContain(
        `FOUND at ${entry.expect.firstCheckpoint}: tfjs differs from Keras 3 beyond the reference tolerance.`,
      );
      expect(r.stdout).not.toMatch(/tfjs left \d+ tensors alive/);
      expect(r.status).toBe(1);
    },
  );

  it.each(referenceFixtures)("%s: the Python twin computes Keras's embedded value again (exit 0)", (f) => {
    const py = join(REFERENCE_DIR, f.replace(/\.json$/, '.repro.keras.py'));
    const r = spawnSync(keras.python!.python, [py], { cwd: ROOT, encoding: 'utf8', timeout: SCRIPT_TIMEOUT_MS });
    expect(r.stdout).toContain('Keras computes the embedded value.');
    expect(r.status).toBe(0);
  });

  it("exports a reference run's case from its result file; without --reference keras it is refused in one line", () => {
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'reports', 'export-'));
    try {
      const json = join(dir, 'run.json');
      const spec = 'fixtures/regressions/reference/depthwise-dilation.json';
      cli(['--spec', spec, '--reference', 'keras', '--backend', 'cpu', '--quiet', '--json', json]);
      const out = join(dir, 'depthwise-dilation.repro.mjs');
      const r = cli(['export', '--result', json, '--case', '0', '--reference', 'keras', '--out', out]);
      expect(r.stderr).toContain(`wrote ${out} and ${kerasScriptFile(out)}: case 'depthwise-dilation' against Keras 3`);
      expect(r.status).toBe(0);
      // The case as recorded is the case the spec runs: the same scripts as the checked-in ones.
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(REFERENCE_DIR, 'depthwise-dilation.repro.mjs'), 'utf8'));
      expect(readFileSync(kerasScriptFile(out), 'utf8')).toBe(
        readFileSync(join(REFERENCE_DIR, 'depthwise-dilation.repro.keras.py'), 'utf8'),
      );
      const plain = cli(['export', '--result', json, '--case', '0']);
      expect(plain.status).toBe(2);
      expect(plain.stderr.trim()).toBe(
        "parity-check: case 'depthwise-dilation': its findings are against Keras 3 (reference: keras); export them with --reference keras",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
