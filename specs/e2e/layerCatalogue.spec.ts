import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, TEST_BACKEND } from '../helpers';
import { EXPECTED } from './pairCatalogueExpected';

/**
 * The catalogue again, without the hand-written twins (issue #19): every
 * entry whose mistake lives in the custom layer has a layer module in
 * fixtures/layers/ — the entry's own layer, nothing else — and
 * `--layer` must find exactly what `--pair` finds: verdict, every
 * `kind@checkpoint` in order, each side's error, known causes and
 * diagnoses. The same layers written correctly, and layers written as
 * public code writes them, give parity; layers a trace cannot stand for are
 * refused with the op named.
 */
const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const DIR = join(ROOT, 'fixtures', 'layers');
const catalogue = readdirSync(DIR)
  .filter((f) => /^\d.*\.mjs$/.test(f))
  .sort();
const correct = [
  ...readdirSync(join(DIR, 'correct')).map((f) => `correct/${f}`),
  ...readdirSync(join(DIR, 'public')).map((f) => `public/${f}`),
]
  .filter((f) => /\/[a-z][^/]*\.mjs$/.test(f))
  .sort();

/**
 * The entries with no layer module, and why: their mistake is not in the
 * custom layer, so a twin derived from it cannot show it.
 */
const NOT_IN_THE_LAYER: Record<string, string> = {
  '04-custom-loop-without-training.mjs': 'a training script calling apply() bare',
  '07a-shared-optimizer-same-order.mjs': 'a training script sharing one optimizer',
  '07b-shared-optimizer-permuted-list.mjs': 'a training script sharing one optimizer',
  '08-slot-naming.mjs': 'names that differ between two hand-written models (parity)',
  '09-call-args-on-node.mjs': 'a functional graph losing a call argument: the hand-written twin',
  '14a-unseeded-both-sides.mjs': 'two constructions drawing different initial weights',
  '14b-shared-initializer-instance.mjs': 'one initializer shared by both hand-written sides (parity)',
  '14c-seed-zero.mjs': 'one hand-written side seeding with 0',
  '14d-seeded-dropout-one-side.mjs': 'a Dropout seeded on one hand-written side only',
};

const run = (files: string[]) => {
  const file = join(mkdtempSync(join(tmpdir(), 'parity-check-layers-')), 'layers.json');
  const args = [...files.flatMap((f) => ['--layer', join('fixtures', 'layers', f)]), '--backend', TEST_BACKEND];
  const r = spawnSync(process.execPath, [CLI, ...args, '--json', file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  // Nothing left to run after refusals: no result file, the refusals are the whole answer (stderr).
  const json = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  return { code: r.status, out: r.stdout, err: r.stderr, json };
};

let mistakes: ReturnType<typeof run>;
let good: ReturnType<typeof run>;

beforeAll(() => {
  mistakes = run(catalogue);
  good = run(correct);
});

const caseOf = (r: ReturnType<typeof run>, file: string) => r.json.cases.find((x: any) => x.file.endsWith(`/${file}`));

describe('the catalogue as layer modules (--layer, the twin derived)', () => {
  it('has a layer module for every entry whose mistake lives in the custom layer, and only those', () => {
    const pairs = readdirSync(join(ROOT, 'fixtures', 'pairs'))
      .filter((f) => /^\d.*\.(mjs|cjs)$/.test(f) && !f.endsWith('.repro.mjs'))
      .sort();
    expect([...catalogue, ...Object.keys(NOT_IN_THE_LAYER)].sort()).toEqual(pairs);
    expect(mistakes.code).toBe(1);
    expect(mistakes.json.cases).toHaveLength(catalogue.length);
    expect(mistakes.json.refused).toBeUndefined();
    expect(mistakes.json.summary.harnessError).toBe(0);
  });

  it.each(catalogue)('%s finds what its pair finds, with the same diagnosis', (file) => {
    const c = caseOf(mistakes, file);
    const e = EXPECTED[file];
    expect(c.verdict).toBe(e.verdict);
    expect([...new Set(c.divergences.map((d: any) => `${d.kind}@${d.checkpoint}`))]).toEqual(e.sigs);
    if (e.first) expect(c.divergences[0].message).toMatch(e.first);
    expect(c.errors.map((x: any) => ({ side: x.side, checkpoint: x.checkpoint }))).toEqual(
      (e.errors ?? []).map(({ side, checkpoint }) => ({ side, checkpoint })),
    );
    (e.errors ?? []).forEach((x, i) => expect(c.errors[i].message).toMatch(x.message));
    expect(c.knownCauses).toEqual(e.known);
    const d = e.diagnosis;
    const on = (x: any) => d !== undefined && (d.on === 'all' || d.on.includes(`${x.kind}@${x.checkpoint}`));
    expect(c.divergences.map((x: any) => `${x.kind}@${x.checkpoint}:${x.diagnosis?.entry ?? '-'}`)).toEqual(
      c.divergences.map((x: any) => `${x.kind}@${x.checkpoint}:${on(x) ? d!.entry : '-'}`),
    );
    expect(c.errors.map((x: any) => x.diagnosis?.entry)).toEqual(c.errors.map(() => d?.entry));
  });

  it('says for every case, in the JSON and on the console, that a derived twin checks plumbing, not arithmetic', () => {
    for (const c of [...mistakes.json.cases, ...good.json.cases]) {
      expect(c.twin).toEqual(
        expect.objectContaining({
          derived: true,
          scope: expect.stringMatching(/plugs into tfjs.*not its arithmetic.*pair module/),
        }),
      );
    }
    const lines = mistakes.out
      .split('\n')
      .filter((l) => l.includes('derived twin: ') && l.includes('not its arithmetic'));
    expect(lines).toHaveLength(catalogue.length);
  });
});

describe('layers written correctly, and as public code writes them', () => {
  it.each(correct)('%s gives parity', (file) => {
    const c = caseOf(good, file);
    expect(c.verdict).toBe('parity');
    expect(c.errors).toEqual([]);
    expect(c.reclaimedTensors).toBe(0);
    // Every twin is made of something: layers applied, ops replayed, or weights held.
    expect(c.twin.nodes + c.twin.ops + c.twin.weights).toBeGreaterThan(0);
  });

  it('the raw-op layers are rebuilt from op layers and weight layers, and the report graph names the kernels', () => {
    const dense = caseOf(good, 'public/raw-dense.mjs');
    expect(dense.twin).toMatchObject({ nodes: 0, weights: 2 });
    expect(dense.graph.nodes.map((n: any) => n.kind)).toEqual(
      expect.arrayContaining(['input', 'weight', 'BatchMatMul', 'Add', 'Relu']),
    );
    const norm = caseOf(good, 'public/layer-norm.mjs');
    expect(norm.twin).toMatchObject({ nodes: 1, weights: 2 });
    expect(good.code).toBe(0);
  });
});

describe('layers a trace cannot stand for', () => {
  let refused: ReturnType<typeof run>;
  beforeAll(() => {
    refused = run(['data-dependent.mjs', 'random-noise.mjs', 'training-only-op.mjs']);
  });

  it('are refused (exit 2), never compared, each with the op named', () => {
    expect(refused.code).toBe(2);
    expect(refused.json).toBeUndefined();
    const messages = refused.err.split('\n').filter((l) => l.includes('cannot derive'));
    expect(messages).toEqual([
      expect.stringMatching(
        /data-dependent\.mjs: cannot derive a functional twin: call\(\) reads tensor values \(dataSync\(\) on the output of Mean \(op 1\), at .*data-dependent\.mjs:\d+:\d+\)/,
      ),
      expect.stringMatching(
        /random-noise\.mjs: cannot derive a functional twin: call\(\) draws random numbers .*random-noise\.mjs:\d+:\d+/,
      ),
      expect.stringMatching(
        /training-only-op\.mjs: cannot derive a functional twin: .*op 1 \(Relu\).*with training: true op 1 \(Multiply\)/,
      ),
    ]);
    for (const m of messages) expect(m).toMatch(/check this layer with a pair module/);
  });
});
