import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCode, type CaseResult } from '../../harness';
import { ROOT } from '../helpers';

const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'parity-check-e2e-'));

/** Runs the built CLI as a user would, from the repository root. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function jsonOf(...args: string[]) {
  const file = join(tmp, `r${Math.random().toString(36).slice(2)}.json`);
  const r = cli(...args, '--json', file, '--junit', join(tmp, 'j.xml'));
  return { ...r, json: r.code === 2 ? undefined : JSON.parse(readFileSync(file, 'utf8')) };
}

describe('npx parity-check (the main job)', () => {
  it('runs every fixture spec and a fuzz campaign, names the backend, writes the result, exits 0 (known findings only)', () => {
    const r = jsonOf();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tfjs 4\.22\.0 on backend (wasm|tensorflow|cpu)/);
    const fixtures = r.json.cases.filter((c: any) => c.source === 'fixture');
    expect(fixtures.map((c: any) => [c.name, c.verdict])).toEqual([
      ['article-1-mlp', 'parity'],
      ['article-2-shared-as-written', 'agreed-error'],
      ['article-2-shared-fixed', 'divergence'], // only tfjs's recorded dispose() leak of a shared layer
      ['article-3-branches', 'parity'],
      ['cnn-batchnorm-dropout', 'parity'],
      ['sequence-two-inputs', 'parity'],
      ['stateful-gru-fixed-batch', 'parity'],
    ]);
    expect(r.json.fuzz).toMatchObject({ seed: 42, runs: 40 });
    expect(r.json.summary.cases).toBe(47);
    expect(r.json.summary.harnessError).toBe(0);
    expect(r.json.summary.divergence).toBe(r.json.summary.knownDivergence);
    expect(r.json.summary.failures).toBe(0);
    expect(r.json.tool.name).toBe('parity-check');
    // Known findings pass in JUnit too (one verdict policy), saying why.
    const junit = readFileSync(join(tmp, 'j.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="parity-check" tests="47" failures="0" errors="0"');
    expect(junit).toMatch(/known tfjs behaviour: shared-layer-dispose/);
  });
});

describe('--pair with modules written elsewhere', () => {
  const pair = (f: string) => join('fixtures', 'pairs', 'acceptance', f);
  it.each([
    'correct.mjs',
    'branches-reordered.mjs',
    'variable-length.mjs',
    'antirectifier.mjs',
    'own-weight.mjs',
    'token-classifier.mjs',
    'two-heads.mjs',
    'sublayers-through-call.mjs',
  ])('%s (a correct pair) gives parity and exit 0, having left nothing behind', (file) => {
    const r = jsonOf('--pair', pair(file));
    expect(r.code).toBe(0);
    expect(r.json.cases[0].verdict).toBe('parity');
    expect(r.json.cases[0].reclaimedTensors).toBe(0);
  });

  it.each([
    ['concat-swap.mjs', 'forward'],
    ['missing-bias.mjs', 'inventory'],
    ['no-training-flag.cjs', 'forward'],
    ['regularizer-one-side.mjs', 'loss'],
    ['unseeded-init.mjs', 'init'],
    ['untracked-weights.mjs', 'inventory'],
    ['leaky-call.mjs', 'resources'],
  ])('%s gives exit 1 and a %s divergence first', (file, kind) => {
    const r = jsonOf('--pair', pair(file));
    expect(r.code).toBe(1);
    const c = r.json.cases[0];
    expect(c.verdict).toBe('divergence');
    expect(c.divergences[0].kind).toBe(kind);
  });

  it('no-training-flag agrees at inference and differs only in training mode', () => {
    const c = jsonOf('--pair', pair('no-training-flag.cjs')).json.cases[0];
    expect(c.divergences.some((d: any) => d.checkpoint === 'forward')).toBe(false);
    expect(c.divergences[0].checkpoint).toBe('forward-training');
    expect(c.divergences.some((d: any) => d.kind === 'state')).toBe(true);
  });

  it('untracked weights: created but never exposed, 0 vs 8 trainable variables, and fit fails on the subclass only', () => {
    const c = jsonOf('--pair', pair('untracked-weights.mjs')).json.cases[0];
    expect(c.divergences[0]).toMatchObject({
      kind: 'inventory',
      checkpoint: 'build',
      message: expect.stringMatching(/^variables created but not exposed as weights: subclass 8, functional 0/),
    });
    expect(c.divergences.map((d: any) => d.message)).toContain('trainable variable count: subclass 0, functional 8');
    expect(c.errors.map((e: any) => [e.side, e.checkpoint])).toEqual([
      ['subclass', 'loss'],
      ['subclass', 'fit'],
    ]);
  });

  it('--pair repeats, and one diverging case does not stop the others', () => {
    const r = jsonOf('--pair', pair('concat-swap.mjs'), '--pair', pair('correct.mjs'));
    expect(r.code).toBe(1);
    expect(r.json.cases.map((c: any) => c.verdict)).toEqual(['divergence', 'parity']);
  });
});

describe('bad input: one line naming the file, exit 2, nothing run', () => {
  const write = (name: string, text: string) => {
    const f = join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  it.each([
    ['an unknown flag, with a suggestion', () => ['--sed', '3'], /unknown option '--sed'\n\(Did you mean --seed\?\)/],
    ['a missing spec file', () => ['--spec', 'nope.json'], /^parity-check: nope\.json: no such file$/],
    ['invalid JSON', () => ['--spec', write('bad.json', '{ nope')], /^parity-check: .*bad\.json: invalid JSON: /],
    [
      'an invalid spec',
      () => [
        '--spec',
        write(
          'inv.json',
          JSON.stringify({
            version: 1,
            name: 'x',
            inputs: [{ id: 'x', shape: [3] }],
            layers: [{ id: 'd', kind: 'dense', config: { units: 0 } }],
            nodes: [{ id: 'h', layer: 'd', inputs: ['x'] }],
            outputs: ['h'],
          }),
        ),
      ],
      /^parity-check: .*inv\.json: layer 'd' \(dense\), field 'config\.units': /,
    ],
    ['a missing pair module', () => ['--pair', 'gone.mjs'], /^parity-check: gone\.mjs: no such file$/],
    [
      'a pair without the required exports',
      () => ['--pair', write('noexp.mjs', 'export default { name: "x", inputs: [{ shape: [2] }] };')],
      /^parity-check: .*noexp\.mjs: 'functional': must be a function/,
    ],
    [
      'a pair whose builder throws',
      () => [
        '--pair',
        write(
          'throws.mjs',
          'export default { name: "x", inputs: [{ shape: [2] }], functional: ({ tf }) => { const i = tf.input({ shape: [2] }); return tf.model({ inputs: i, outputs: tf.layers.dense({ units: 1 }).apply(i) }); }, subclass: () => { throw new Error("boom"); } };',
        ),
      ],
      /^parity-check: .*throws\.mjs: subclass\(\) threw: boom$/,
    ],
    [
      'a pair that does not parse',
      () => ['--pair', write('syntax.mjs', 'export default {')],
      /^parity-check: .*syntax\.mjs: cannot load: /,
    ],
    [
      "a pair whose inputs are not its model's",
      () => [
        '--pair',
        write(
          'inputs.mjs',
          'export default { name: "x", inputs: [{ shape: [5] }], functional: ({ tf }) => { const i = tf.input({ shape: [6] }); return tf.model({ inputs: i, outputs: tf.layers.dense({ units: 1 }).apply(i) }); }, subclass: ({ tf }) => tf.layers.dense({ units: 1 }) };',
        ),
      ],
      /^parity-check: .*inputs\.mjs: 'inputs\[0\]\.shape' is \[5\] but the functional model's input 0 is \[6\]/,
    ],
    [
      'a pair with an unknown loss',
      () => [
        '--pair',
        write(
          'loss.mjs',
          'export default { name: "x", inputs: [{ shape: [2] }], loss: "mse", functional: () => null, subclass: () => null };',
        ),
      ],
      /^parity-check: .*loss\.mjs: 'loss': Invalid option/,
    ],
    [
      'an invalid learning rate',
      () => ['--learning-rate', 'fast'],
      /^parity-check: learning rate must be a positive number, got NaN$/,
    ],
    ['an unknown tolerance', () => ['--tolerance', 'loose'], /^parity-check: invalid tolerance 'loose'/],
    [
      'one backend in --backends',
      () => ['--spec', 'fixtures/specs/article-1-mlp.json', '--backends', 'cpu'],
      /^parity-check: --backends needs two or more different backends, got 'cpu'$/,
    ],
    [
      'an unknown backend in --backends',
      () => ['--spec', 'fixtures/specs/article-1-mlp.json', '--backends', 'cpu,gpu'],
      /^parity-check: unknown backend in --backends 'gpu'/,
    ],
    ['--kernels without --backends', () => ['--kernels'], /^parity-check: --kernels needs --backends/],
    ['an unknown --onednn', () => ['--onednn', 'maybe'], /argument 'maybe' is invalid\. Allowed choices are on, off/],
    [
      'an unknown optimizer',
      () => ['--optimizer', 'adamw'],
      /argument 'adamw' is invalid\. Allowed choices are sgd, momentum, adam/,
    ],
  ] as const)('%s', (_name, args, message) => {
    const r = cli(...args());
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    expect(r.out).toBe('');
  });

  it('prints the stack trace with --verbose', () => {
    const r = cli('--spec', 'nope.json', '--verbose');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\n\s+at /);
  });
});

describe('verdicts users can act on', () => {
  it('a conv model on --backend wasm is a backend limitation: exit 3, never agreement', () => {
    const r = jsonOf('--spec', 'fixtures/specs/cnn-batchnorm-dropout.json', '--backend', 'wasm', '--no-reload');
    expect(r.code).toBe(3);
    expect(r.json.cases[0]).toMatchObject({
      verdict: 'backend-limitation',
      limitation: { kernel: 'Conv2DBackpropFilter', backend: 'wasm' },
    });
    expect(r.out).toMatch(/backend wasm has no kernel Conv2DBackpropFilter \(needed at loss\): not checked past it/);
  });

  it('a correct two-headed subclass with dropout is known at fit (multi-output-fit, proven by its rerun) and exits 0', () => {
    const r = jsonOf('--pair', join('fixtures', 'pairs', 'acceptance', 'two-heads-dropout.mjs'));
    expect(r.code).toBe(0);
    expect(r.json.cases[0]).toMatchObject({ verdict: 'divergence', knownCause: 'multi-output-fit' });
    expect(
      r.json.cases[0].divergences.every((d: any) => d.checkpoint === 'fit' && d.cause === 'multi-output-fit'),
    ).toBe(true);
  });

  it("a correct pair with a shared layer is known (tfjs's dispose leak, proven on its models) and exits 0", () => {
    const file = join(tmp, 'shared.mjs');
    writeFileSync(
      file,
      `
      export default {
        name: 'shared dense', inputs: [{ shape: [4] }],
        functional: ({ tf, init }) => {
          const x = tf.input({ shape: [4] });
          const d = tf.layers.dense({ units: 4, activation: 'tanh', kernelInitializer: init('d') });
          return tf.model({ inputs: x, outputs: d.apply(d.apply(x)) });
        },
        subclass: ({ tf, init }) => {
          class Twice extends tf.layers.Layer {
            static className = 'CliSpecTwice';
            constructor(args = {}) { super(args); this.d = tf.layers.dense({ name: 'd', units: 4, activation: 'tanh', kernelInitializer: init('d') }); }
            build(s) { tf.tidy(() => { this.call(tf.zeros([1, ...s.slice(1)]), {}); }); super.build(s); }
            get trainableWeights() { return this.d.trainableWeights; }
            get nonTrainableWeights() { return this.d.nonTrainableWeights; }
            computeOutputShape(s) { return s; }
            call(x, k) { return tf.tidy(() => this.d.apply(this.d.apply(Array.isArray(x) ? x[0] : x, k), k)); }
          }
          tf.serialization.registerClass(Twice);
          return new Twice({});
        },
      };`,
    );
    const r = jsonOf('--pair', file);
    expect(r.code).toBe(0);
    expect(r.json.cases[0]).toMatchObject({ verdict: 'divergence', knownCause: 'shared-layer-dispose' });
    expect(r.json.cases[0].divergences.map((d: any) => `${d.kind}@${d.checkpoint}`)).toEqual(['resources@dispose']);
    expect(jsonOf('--pair', file, '--strict').code).toBe(1);
  });
});

describe('exit codes follow the one verdict policy', () => {
  const c = (verdict: CaseResult['verdict'], knownCause?: string) => ({ verdict, knownCause }) as CaseResult;
  it('1 for a new divergence, 3 when a case could not be checked, 0 otherwise; --strict fails known findings', () => {
    expect(exitCode([c('parity'), c('harness-error')])).toBe(3);
    expect(exitCode([c('parity'), c('backend-limitation')])).toBe(3);
    expect(exitCode([c('divergence'), c('harness-error')])).toBe(1);
    expect(exitCode([c('divergence', 'shared-layer-dispose'), c('harness-error')])).toBe(3);
    expect(exitCode([c('divergence', 'shared-layer-dispose'), c('agreed-error')])).toBe(0);
    expect(exitCode([c('divergence', 'shared-layer-dispose')], true)).toBe(1);
  });
});
