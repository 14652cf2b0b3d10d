import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCase, tf, type CaseResult } from '../../harness';
import { checkpointRank } from '../../harness/checkpoints/checkpointOrder';
import { ROOT } from '../helpers';

// `npm run build` first: the export command is run from dist/, as a user runs it.
const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
/** A loaded machine runs a script in a few seconds; this only keeps a hung one from hanging the suite. */
const SCRIPT_TIMEOUT_MS = 100_000;

/**
 * Every pair module of the catalogue (fixtures/pairs/NN-*.mjs) and of the tfjs findings no catalogue layer
 * expresses (fixtures/pairs/findings/), by the path a user types; the scripts beside them are not pairs. Every one
 * exports, nothing excluded — those whose first finding is what building leaves alive (18, 19: `resources` at
 * `build`, which the script counts) included.
 */
const pairs = [
  ...readdirSync(join(ROOT, 'fixtures', 'pairs')).filter((f) => /^\d.*\.(mjs|cjs)$/.test(f)),
  ...readdirSync(join(ROOT, 'fixtures', 'pairs', 'findings')).map((f) => `findings/${f}`),
]
  .filter((f) => !f.endsWith('.repro.mjs'))
  .sort()
  .map((f) => join('fixtures', 'pairs', f));

const script = (f: string) => f.replace(/\.mjs$/, '.repro.mjs');

/** The checkpoint of a case's first finding (a divergence, or a side's error), as the export targets it. */
function firstCheckpoint(r: CaseResult): string {
  const all = [...r.divergences.map((d) => d.checkpoint), ...r.errors.map((e) => e.checkpoint)];
  return all.sort((a, b) => checkpointRank(a) - checkpointRank(b))[0];
}

/** Runs a script with node from the repository (so it resolves this project's tfjs), as an upstream maintainer would. */
function runScript(file: string) {
  const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: SCRIPT_TIMEOUT_MS });
  if (r.error) throw r.error;
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

describe('every exported pair has its script beside it, and it still shows its finding', () => {
  const results = new Map<string, CaseResult>();

  it.each(pairs)('%s: the checked-in script is what export --pair makes now', async (f) => {
    const { script: made, result } = await exportCase({ pair: f }, { backend: 'cpu' });
    results.set(f, result);
    // Regenerate with `npm run build && node tools/exportRegressions.js`.
    expect(readFileSync(join(ROOT, script(f)), 'utf8')).toBe(made);
    // The user's code is in the script, and it imports nothing but tfjs.
    expect(made.match(/^import .*$/gm)).toEqual(["import * as tf from '@tensorflow/tfjs';"]);
    expect(made).toContain(`// ${f.split('/').pop()}`);
  });

  it.each(pairs)(
    '%s: run with node, it stops at the first finding with the values the harness printed (exit 1; 0 at parity)',
    (f) => {
      const result = results.get(f);
      if (!result) throw new Error(`${f}: the export test above did not run first`);
      const r = runScript(script(f));
      expect(r.stderr).not.toMatch(/Error: |SyntaxError/);
      expect(r.stdout).not.toMatch(/the script left \d+ tensors alive/);
      if (result.verdict === 'parity') {
        expect(r.stdout).toContain('No difference up to dispose: the behaviour is gone.');
        expect(r.status).toBe(0);
        return;
      }
      const first = firstCheckpoint(result);
      expect(r.stdout).toContain(`FOUND at ${first}: the behaviour is present.`);
      expect(r.status).toBe(1);
      if (result.verdict === 'agreed-error') expect(r.stdout).toContain('both sides threw the same error');
      // Every value difference the harness found there, printed by the script with the same two values: the same
      // initial weights (init's recorded values), the same pairing, the same random stream.
      for (const d of result.divergences.filter((x) => x.checkpoint === first)) {
        const m = /first at (\([^)]*\)): subclass (\S+), functional (\S+)/.exec(d.message);
        if (m) expect(r.stdout).toContain(`first at ${m[1]}: subclass ${m[2]}, functional ${m[3]}`);
        // What building left alive: the same two counts.
        const left = /left alive: subclass (\d+) tensors and \d+ variables, functional (\d+) tensors/.exec(d.message);
        if (d.kind === 'resources' && left)
          expect(r.stdout).toContain(`left alive: subclass ${left[1]} tensors, functional ${left[2]} tensors`);
      }
    },
  );
});

describe('what building leaves alive', () => {
  it('19-build-keeps-trace: the script counts the trace build() keeps (exit 1), and with the fix in its copy of the module, none (exit 0)', () => {
    const made = readFileSync(join(ROOT, script('fixtures/pairs/19-build-keeps-trace.mjs')), 'utf8');
    const mistake = 'tf.tidy(() => this.call(tf.zeros([1, ...inputShape.slice(1)]), {}));';
    expect(made).toContain(mistake);
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'reports', 'export-pair-'));
    try {
      const fixed = join(dir, 'fixed.mjs');
      // The catalogue's fix: a block body, so tf.tidy returns nothing and frees the trace.
      writeFileSync(
        fixed,
        made.replace(mistake, 'tf.tidy(() => { this.call(tf.zeros([1, ...inputShape.slice(1)]), {}); });'),
      );
      const r = runScript(fixed);
      expect(r.stdout).toContain('left alive (variables aside): subclass 0 tensors, functional 0 tensors');
      expect(r.stdout).toContain('No difference up to build: the behaviour is gone.');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parity-check export --pair', () => {
  const tmp = () => {
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    return mkdtempSync(join(ROOT, 'reports', 'export-pair-'));
  };

  it('writes the script of a pair module, which shows its finding with plain tfjs', () => {
    const dir = tmp();
    try {
      const out = join(dir, 'addloss.mjs');
      const r = cli([
        'export',
        '--pair',
        'fixtures/pairs/findings/addloss-per-call.mjs',
        '--backend',
        'cpu',
        '--out',
        out,
      ]);
      expect(r.stderr).toContain(`wrote ${out}: case 'addLoss in call() (losses accumulate)' (divergence on cpu)`);
      expect(r.status).toBe(0);
      const run = runScript(out);
      expect(run.stdout).toContain('FOUND at loss: the behaviour is present.');
      expect(run.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes --seed: another seed exports other initial values, and the script still shows the finding', () => {
    const dir = tmp();
    try {
      const out = join(dir, 'seeded.mjs');
      const r = cli([
        'export',
        '--pair',
        'fixtures/pairs/05-regularizer-on-sublayer.mjs',
        '--backend',
        'cpu',
        '--seed',
        '7',
        '--out',
        out,
      ]);
      expect(r.status).toBe(0);
      const made = readFileSync(out, 'utf8');
      expect(made).toContain('const SEED = 7;');
      expect(made).not.toBe(readFileSync(join(ROOT, 'fixtures/pairs/05-regularizer-on-sublayer.repro.mjs'), 'utf8'));
      const run = runScript(out);
      expect(run.stdout).toContain('FOUND at loss: the behaviour is present.');
      expect(run.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--pair', 'fixtures/pairs/nope.mjs'], 'fixtures/pairs/nope.mjs: no such file'],
    [['--pair', 'fixtures/layers/05-regularizer-on-sublayer.mjs'], 'a layer module'],
  ])('bad input %j: one line naming what is wrong, exit 2', (args, message) => {
    const r = cli(['export', ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
  });
});
